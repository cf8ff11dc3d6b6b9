package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The MX policy's cases that the world file alone does not produce (issue 16, second round): one address family
 * failing, a relay that is the implicit MX, irregular null MX records, ties of several sizes, CNAME chains at the
 * hop limit inside one answer, and an alias seen only by the AAAA lookup.
 */
class MxPolicyNotesTest {

    /** The test world, except that queries matching {@code timesOut} (name, type) time out. */
    private static Resolver worldTimingOut(BiPredicate<String, Integer> timesOut) {
        ZoneResolver world = new ZoneResolver(TestWorld.world());
        return (StubResolver) q -> {
            Record question = q.getQuestion();
            if (timesOut.test(question.getName().toString(), question.getType())) {
                throw new SocketTimeoutException("simulated");
            }
            return world.send(q);
        };
    }

    private static MxResolution resolve(Resolver resolver, String domain, Set<String> self) {
        return new MxPolicy(resolver, new SplittableRandom(7)).resolve(domain, self);
    }

    private static void noBlankNotes(MxResolution r) {
        assertThat(r.notes()).isNotEmpty().allSatisfy(n -> assertThat(n).isNotBlank());
        assertThat(new HashSet<>(r.notes())).hasSameSizeAs(r.notes());
    }

    private static Message answer(Message query, Record... records) {
        Message r = new Message(query.getHeader().getID());
        r.getHeader().setFlag(Flags.QR);
        r.addRecord(query.getQuestion(), Section.QUESTION);
        for (Record rec : records) {
            r.addRecord(rec, Section.ANSWER);
        }
        return r;
    }

    private static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A resolver answering every A query with a chain c0 → … → c{hops} (in one answer) and the A record. */
    private static Resolver chainInOneAnswer(int hops) {
        return (StubResolver) q -> {
            List<Record> records = new ArrayList<>();
            for (int i = 0; i < hops; i++) {
                records.add(new CNAMERecord(name("c" + i + ".chain.test."), DClass.IN, 60,
                        name("c" + (i + 1) + ".chain.test.")));
            }
            records.add(new ARecord(name("c" + hops + ".chain.test."), DClass.IN, 60,
                    InetAddress.getByName("192.0.2.7")));
            return answer(q, records.toArray(new Record[0]));
        };
    }

    @Test
    void statusWordsAreDistinctAndATemporaryFailureShowsItsDetail() {
        Name n = name("x.test.");
        List<String> words = new ArrayList<>();
        for (MxLookups.Status s : MxLookups.Status.values()) {
            words.add(MxNotes.status(new MxLookups.Lookup(n, List.of(), List.of(), s, "detail-" + s)));
        }
        assertThat(words).allSatisfy(w -> assertThat(w).isNotBlank()).doesNotHaveDuplicates();
        assertThat(words.get(MxLookups.Status.TEMPFAIL.ordinal())).isEqualTo("detail-TEMPFAIL");
        assertThat(words.get(MxLookups.Status.FOUND.ordinal())).isNotEqualTo("detail-FOUND");
    }

    @Test
    void aTieNoteCountsTheTiedRecords() {
        List<String> firstWords = new ArrayList<>();
        for (int size = 2; size <= 5; size++) {
            List<MXRecord> tied = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                tied.add(new MXRecord(name("d.test."), DClass.IN, 60, 10, name("mx" + i + ".d.test.")));
            }
            List<String> notes = new ArrayList<>();
            assertThat(MxOrder.order(tied, new SplittableRandom(size), notes)).hasSize(size);
            assertThat(notes).hasSize(1);
            firstWords.add(notes.get(0).substring(0, notes.get(0).indexOf(' ')));
        }
        assertThat(firstWords).containsExactly("Two", "Three", "Four", "5");
    }

    @Test
    void anImplicitMxWithOneFamilyTimingOutUsesTheOtherAndSaysWhich() {
        Resolver r = worldTimingOut((n, t) -> n.equals("implicit.test.") && t == Type.AAAA);

        MxResolution res = resolve(r, "implicit.test", Set.of());

        assertThat(res).isInstanceOf(MxResolution.Targets.class);
        assertThat(((MxResolution.Targets) res).targets()).containsExactly(
                new MxTarget("implicit.test", 0, List.of("203.0.113.5"), true, false));
        noBlankNotes(res);
        assertThat(res.notes()).anyMatch(s -> s.contains("A found") && s.contains("AAAA timeout"));
    }

    @Test
    void anImplicitMxWhoseLookupsBothTimeOutIsTemporary() {
        Resolver r = worldTimingOut((n, t) -> n.equals("implicit.test.") && t != Type.MX);

        MxResolution res = resolve(r, "implicit.test", Set.of());

        assertThat(res).isInstanceOf(MxResolution.Failure.class);
        MxResolution.Failure f = (MxResolution.Failure) res;
        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.reason()).contains("timeout");
        noBlankNotes(res);
    }

    @Test
    void aRelayThatIsItsDomainsImplicitMxFailsPermanentlyWithANote() {
        MxResolution res = resolve(new ZoneResolver(TestWorld.world()), "implicit.test", Set.of("IMPLICIT.test."));

        assertThat(res).isInstanceOf(MxResolution.Failure.class);
        MxResolution.Failure f = (MxResolution.Failure) res;
        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).startsWith(MxPolicy.SELF_BEST_MX);
        noBlankNotes(res);
        // looking up, implicit MX, "this relay is the implicit MX", the failure
        assertThat(res.notes()).hasSize(4);
    }

    @Test
    void anMxTargetWithOneFamilyTimingOutIsUsedWithANote() {
        Resolver r = worldTimingOut((n, t) -> n.equals("mx2.example.net.") && t == Type.AAAA);

        MxResolution res = resolve(r, "example.net", Set.of());

        assertThat(res).isInstanceOf(MxResolution.Targets.class);
        assertThat(((MxResolution.Targets) res).targets()).extracting(MxTarget::host)
                .containsExactly("mx1.example.net", "mx2.example.net");
        noBlankNotes(res);
        assertThat(res.notes()).anyMatch(s -> s.contains("mx2.example.net") && s.contains("AAAA timeout"));
    }

    @Test
    void aSkippedTargetIsSkippedForNowOnlyWhenALookupFailedTemporarily() {
        MxResolution permanent = resolve(new ZoneResolver(TestWorld.world()), "skip.test", Set.of());
        Resolver r = worldTimingOut((n, t) -> n.equals("dead.skip.test.") && t == Type.A);
        MxResolution temporary = resolve(r, "skip.test", Set.of());

        String permanentNote = permanent.notes().stream().filter(s -> s.contains("dead.skip.test") && s.contains("AAAA")).findFirst()
                .orElseThrow();
        String temporaryNote = temporary.notes().stream().filter(s -> s.contains("dead.skip.test") && s.contains("AAAA")).findFirst()
                .orElseThrow();
        assertThat(permanentNote).contains("A NODATA").doesNotContain("for now");
        assertThat(temporaryNote).contains("A timeout").contains("for now");
    }

    @Test
    void anIrregularNullMxGetsAnExtraNote() throws Exception {
        String zone = "$TTL 300\n$ORIGIN nulls.test.\n@ SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\n"
                + "ns1 A 192.0.2.53\nregular MX 0 .\npref MX 10 .\ntwo MX 0 .\ntwo MX 5 .\n";
        ZoneResolver resolver = new ZoneResolver(WorldZones.parse(zone, "nulls.zone"));

        MxResolution regular = resolve(resolver, "regular.nulls.test", Set.of());
        MxResolution pref = resolve(resolver, "pref.nulls.test", Set.of());
        MxResolution two = resolve(resolver, "two.nulls.test", Set.of());

        assertThat(List.of(regular, pref, two)).allSatisfy(r -> {
            assertThat(r).isInstanceOf(MxResolution.NullMx.class);
            noBlankNotes(r);
        });
        assertThat(pref.notes()).hasSize(regular.notes().size() + 1);
        assertThat(two.notes()).hasSize(regular.notes().size() + 1);
        String irregular = pref.notes().get(pref.notes().size() - 1);
        assertThat(regular.notes()).doesNotContain(irregular);
        assertThat(two.notes()).contains(irregular);
    }

    @Test
    void aDomainThatIsNoDomainNameFailsPermanentlyWithoutAQuery() {
        MxResolution res = resolve(new ZoneResolver(TestWorld.world()), "exa..mple.net", Set.of());

        assertThat(res).isInstanceOf(MxResolution.Failure.class);
        MxResolution.Failure f = (MxResolution.Failure) res;
        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).contains("exa..mple.net").contains("not a valid domain name");
        assertThat(res.exchanges()).isEmpty();
    }

    @Test
    void aCnameChainOfExactlyTheLimitInOneAnswerIsFollowed() {
        int max = MxPolicy.MAX_CNAME_HOPS;
        MxLookups lookups = new MxLookups(chainInOneAnswer(max), new SplittableRandom(1));

        MxLookups.Lookup l = lookups.lookup(name("c0.chain.test."), Type.A);

        assertThat(l.status()).isEqualTo(MxLookups.Status.FOUND);
        assertThat(l.aliases()).hasSize(max);
        assertThat(l.canonical()).isEqualTo(name("c" + max + ".chain.test."));
        assertThat(l.records()).hasSize(1);
    }

    @Test
    void aCnameChainOneLongerThanTheLimitInOneAnswerIsTemporary() {
        int max = MxPolicy.MAX_CNAME_HOPS;
        MxLookups lookups = new MxLookups(chainInOneAnswer(max + 1), new SplittableRandom(1));

        MxLookups.Lookup l = lookups.lookup(name("c0.chain.test."), Type.A);

        assertThat(l).isNotNull();
        assertThat(l.status()).isEqualTo(MxLookups.Status.TEMPFAIL);
        assertThat(l.records()).isEmpty();
        assertThat(l.detail()).contains(String.valueOf(max));
        assertThat(lookups.exchanges()).hasSize(1);
    }

    @Test
    void anAliasSeenOnlyByTheAaaaLookupIsTheHostsAlias() {
        Resolver r = (StubResolver) q -> {
            if (q.getQuestion().getType() == Type.AAAA) {
                return answer(q, new CNAMERecord(name("mx.v6.test."), DClass.IN, 60, name("real.v6.test.")),
                        new AAAARecord(name("real.v6.test."), DClass.IN, 60, InetAddress.getByName("2001:db8::7")));
            }
            return answer(q); // A: NODATA
        };
        MxLookups lookups = new MxLookups(r, new SplittableRandom(1));

        MxLookups.HostAddresses h = lookups.addresses(name("mx.v6.test."));

        assertThat(h.addresses()).containsExactly("2001:db8::7");
        assertThat(h.a().aliases()).isEmpty();
        assertThat(h.aliases()).extracting(c -> c.getTarget().toString()).containsExactly("real.v6.test.");
    }
}
