package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class MxPolicyTest {

    private ZoneResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = new ZoneResolver(TestWorld.world());
    }

    private MxResolution resolve(String domain) {
        return new MxPolicy(resolver, new SplittableRandom(42)).resolve(domain);
    }

    private static MxResolution.Targets targets(MxResolution r) {
        assertThat(r).isInstanceOf(MxResolution.Targets.class);
        return (MxResolution.Targets) r;
    }

    private static MxResolution.Failure failure(MxResolution r) {
        assertThat(r).isInstanceOf(MxResolution.Failure.class);
        return (MxResolution.Failure) r;
    }

    private static List<String> hosts(MxResolution r) {
        return targets(r).targets().stream().map(MxTarget::host).collect(Collectors.toList());
    }

    private static List<String> questions(MxResolution r) {
        return r.exchanges().stream().map(DnsExchange::questionText).collect(Collectors.toList());
    }

    @Test
    void sortsByPreferenceAndCollectsAThenAaaa() {
        MxResolution r = resolve("example.net");

        MxResolution.Targets t = targets(r);
        assertThat(t.domain()).isEqualTo("example.net");
        assertThat(t.canonicalDomain()).isEqualTo("example.net");
        assertThat(t.targets()).containsExactly(
                new MxTarget("mx1.example.net", 10, List.of("192.0.2.10", "192.0.2.11", "2001:db8::10"), false, false),
                new MxTarget("mx2.example.net", 20, List.of("192.0.2.20"), false, false));
        assertThat(questions(r)).containsExactly("example.net. IN MX",
                "mx1.example.net. IN A", "mx1.example.net. IN AAAA",
                "mx2.example.net. IN A", "mx2.example.net. IN AAAA");
        DnsExchange mx = r.exchanges().get(0);
        assertThat(mx.response().getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(mx.response().getSection(Section.ANSWER)).hasSize(2);
        assertThat(mx.response().getHeader().getID()).isEqualTo(mx.query().getHeader().getID());
        assertThat(mx.answerSummary()).isEqualTo("MX 20 mx2.example.net., MX 10 mx1.example.net.");
        assertThat(r.exchanges().get(4).answerSummary()).isEqualTo("NODATA");
        assertThat(r.exchanges().get(4).response().getSection(Section.AUTHORITY).get(0).getType())
                .isEqualTo(Type.SOA);
        assertThat(r.notes()).anyMatch(n -> n.contains("10 mx1.example.net, 20 mx2.example.net"));
    }

    @Test
    void equalPreferencesAreShuffledDeterministicallyPerSeed() {
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 40; seed++) {
            List<String> first = hosts(new MxPolicy(resolver, new SplittableRandom(seed)).resolve("ties.test"));
            List<String> again = hosts(new MxPolicy(resolver, new SplittableRandom(seed)).resolve("ties.test"));
            assertThat(again).isEqualTo(first);
            assertThat(first.get(2)).isEqualTo("c.ties.test"); // preference 20 always last
            orders.add(first.subList(0, 2));
        }
        assertThat(orders).containsExactlyInAnyOrder(List.of("a.ties.test", "b.ties.test"),
                List.of("b.ties.test", "a.ties.test"));
        assertThat(resolve("ties.test").notes())
                .anyMatch(n -> n.contains("share preference 10") && n.contains("randomised"));
    }

    @Test
    void sameSeedGivesByteIdenticalExchanges() {
        MxResolution one = new MxPolicy(resolver, new Random(7)).resolve("ties.test");
        MxResolution two = new MxPolicy(new ZoneResolver(TestWorld.world()), new Random(7)).resolve("ties.test");

        List<String> a = one.exchanges().stream().map(e -> DnsText.digStyle(e.query()) + DnsText.digStyle(e.response()))
                .collect(Collectors.toList());
        List<String> b = two.exchanges().stream().map(e -> DnsText.digStyle(e.query()) + DnsText.digStyle(e.response()))
                .collect(Collectors.toList());
        assertThat(a).isEqualTo(b);
        assertThat(one.exchanges().stream().map(e -> e.query().getHeader().getID()).distinct().count())
                .isGreaterThan(1);
    }

    @Test
    void implicitMxWhenThereAreNoMxRecords() {
        MxResolution r = resolve("implicit.test");

        assertThat(targets(r).targets()).containsExactly(
                new MxTarget("implicit.test", 0, List.of("203.0.113.5", "2001:db8:5::5"), true, false));
        assertThat(questions(r)).containsExactly("implicit.test. IN MX", "implicit.test. IN A",
                "implicit.test. IN AAAA");
        assertThat(r.exchanges().get(0).answerSummary()).isEqualTo("NODATA");
        assertThat(r.notes()).anyMatch(n -> n.contains("implicit MX"));
    }

    @Test
    void noMxAndNoAddressIsPermanent() {
        MxResolution.Failure f = failure(resolve("noaddr.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).contains("no MX and no address records");
        assertThat(f.exchanges()).hasSize(3);
    }

    @Test
    void noImplicitMxWhenMxRecordsExistButNoTargetResolves() {
        MxResolution.Failure f = failure(resolve("unresolvable.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).contains("implicit MX is not used");
        // the domain's own A record (203.0.113.9) was never asked for
        assertThat(questions(f)).containsExactly("unresolvable.test. IN MX",
                "missing.unresolvable.test. IN A", "missing.unresolvable.test. IN AAAA",
                "nodata.unresolvable.test. IN A", "nodata.unresolvable.test. IN AAAA");
        assertThat(f.exchanges().get(1).rcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(f.exchanges().get(3).rcode()).isEqualTo(Rcode.NOERROR);
        assertThat(f.exchanges().get(3).response().getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void unresolvableTargetsWithATemporaryFailureAreTemporary() {
        resolver.failing("mx.tempfail.test", Rcode.SERVFAIL);

        MxResolution.Failure f = failure(resolve("tempfail.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.exchanges().get(1).rcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(f.exchanges().get(1).answerSummary()).isEqualTo("SERVFAIL");
    }

    @Test
    void nullMxMeansNoMail() {
        MxResolution r = resolve("nullmx.test");

        assertThat(r).isInstanceOf(MxResolution.NullMx.class);
        assertThat(r.domain()).isEqualTo("nullmx.test");
        // no address lookups: the domain's A record is irrelevant
        assertThat(questions(r)).containsExactly("nullmx.test. IN MX");
        assertThat(r.exchanges().get(0).answerSummary()).isEqualTo("MX 0 .");
        assertThat(r.notes()).anyMatch(n -> n.contains("RFC 7505") && n.contains("556 5.1.10"));
    }

    @Test
    void nullMxAmongRealMxRecordsIsIgnoredWithANote() {
        MxResolution r = resolve("nullmix.test");

        assertThat(hosts(r)).containsExactly("mx.nullmix.test");
        assertThat(r.notes()).anyMatch(n -> n.contains("RFC 7505") && n.contains("ignored"));
    }

    @Test
    void cnameAtTheDomainIsFollowed() {
        MxResolution r = resolve("alias.cname.test");

        MxResolution.Targets t = targets(r);
        assertThat(t.canonicalDomain()).isEqualTo("example.net");
        assertThat(hosts(r)).containsExactly("mx1.example.net", "mx2.example.net");
        DnsExchange first = r.exchanges().get(0);
        assertThat(first.questionText()).isEqualTo("alias.cname.test. IN MX");
        assertThat(first.response().getSection(Section.ANSWER).get(0).getType()).isEqualTo(Type.CNAME);
        assertThat(first.answerSummary()).startsWith("CNAME example.net., MX ");
        assertThat(r.notes()).anyMatch(n -> n.contains("alias (CNAME) for example.net."));
    }

    @Test
    void cnameToADomainWithoutMxUsesTheCanonicalNameForImplicitMx() {
        MxResolution r = resolve("alias-nomx.cname.test");

        assertThat(targets(r).canonicalDomain()).isEqualTo("implicit.test");
        assertThat(targets(r).targets()).singleElement().satisfies(t -> {
            assertThat(t.host()).isEqualTo("implicit.test");
            assertThat(t.implicit()).isTrue();
        });
        // the resolver already answered NODATA for the target (SOA in authority): no extra MX query
        assertThat(questions(r)).containsExactly("alias-nomx.cname.test. IN MX", "implicit.test. IN A",
                "implicit.test. IN AAAA");
    }

    @Test
    void cnameLoopIsTemporary() {
        MxResolution.Failure f = failure(resolve("loop1.cname.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.exchanges().get(0).rcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void cnameToMissingNameIsPermanent() {
        MxResolution.Failure f = failure(resolve("dangling.cname.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).startsWith("NXDOMAIN").contains("gone.cname.test.");
    }

    @Test
    void mxTargetThatIsACnameGetsAWarningButIsUsed() {
        MxResolution r = resolve("mxalias.test");

        assertThat(targets(r).targets()).containsExactly(new MxTarget("mail.mxalias.test", 10,
                List.of("203.0.113.25", "2001:db8:25::1"), false, true));
        DnsExchange a = r.exchanges().get(1);
        assertThat(a.questionText()).isEqualTo("mail.mxalias.test. IN A");
        assertThat(a.answerSummary()).isEqualTo("CNAME real.mxalias.test., A 203.0.113.25");
        assertThat(r.notes()).anyMatch(n -> n.contains("RFC 2181 §10.3"));
    }

    @Test
    void mxTargetWithoutAddressIsSkippedAndTheNextUsed() {
        MxResolution r = resolve("skip.test");

        assertThat(targets(r).targets()).containsExactly(
                new MxTarget("live.skip.test", 20, List.of("203.0.113.30"), false, false));
        assertThat(questions(r)).contains("dead.skip.test. IN A", "dead.skip.test. IN AAAA");
        assertThat(r.notes()).anyMatch(n -> n.contains("dead.skip.test") && n.contains("skipped"));
    }

    @Test
    void nxdomainIsPermanent() {
        MxResolution.Failure f = failure(resolve("nosuch.example.net"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).startsWith("NXDOMAIN");
        assertThat(f.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.response().getRcode()).isEqualTo(Rcode.NXDOMAIN);
            assertThat(e.response().getSection(Section.AUTHORITY).get(0).getType()).isEqualTo(Type.SOA);
            assertThat(e.answerSummary()).isEqualTo("NXDOMAIN");
        });
    }

    @Test
    void servfailIsTemporary() {
        resolver.failing("example.net", Rcode.SERVFAIL);

        MxResolution.Failure f = failure(resolve("example.net"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.reason()).contains("SERVFAIL");
        assertThat(f.exchanges()).singleElement().satisfies(e -> assertThat(e.rcode()).isEqualTo(Rcode.SERVFAIL));
    }

    @Test
    void refusedIsTemporary() {
        resolver.failing("example.net", Rcode.REFUSED);

        assertThat(failure(resolve("example.net")).kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
    }

    @Test
    void timeoutIsTemporary() {
        resolver.timingOut("example.net");

        MxResolution.Failure f = failure(resolve("example.net"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.reason()).contains("timeout");
        DnsExchange e = f.exchanges().get(0);
        assertThat(e.response()).isNull();
        assertThat(e.error()).isEqualTo(DnsExchange.TIMEOUT);
        assertThat(e.rcode()).isEqualTo(-1);
        assertThat(e.answerSummary()).isEqualTo("timeout");
        assertThat(e.query().getQuestion().getType()).isEqualTo(Type.MX);
    }

    @Test
    void relayDropsItselfAndEveryWorsePreference() {
        MxResolution r = new MxPolicy(resolver, new SplittableRandom(1))
                .resolve("example.org", Set.of("RELAY.example.org."));

        assertThat(hosts(r)).containsExactly("mx1.example.org");
        // dropped targets are not even looked up
        assertThat(questions(r)).containsExactly("example.org. IN MX", "mx1.example.org. IN A",
                "mx1.example.org. IN AAAA");
        assertThat(r.notes()).anyMatch(n -> n.contains("drops itself") && n.contains("preference 20"));
    }

    @Test
    void relayThatIsTheOnlyMxFails() {
        MxResolution.Failure f = failure(new MxPolicy(resolver, new SplittableRandom(1))
                .resolve("solo.example.org", Set.of("relay.example.org")));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(f.reason()).startsWith(MxPolicy.SELF_BEST_MX);
        assertThat(f.exchanges()).hasSize(1);
    }

    @Test
    void unrelatedSelfNamesChangeNothing() {
        MxResolution r = new MxPolicy(resolver, new SplittableRandom(1))
                .resolve("example.net", Set.of("relay.example.org"));

        assertThat(hosts(r)).containsExactly("mx1.example.net", "mx2.example.net");
    }

    @Test
    void queryIdsComeFromTheInjectedGenerator() {
        MxResolution r = new MxPolicy(resolver, new SplittableRandom(99)).resolve("implicit.test");
        SplittableRandom expected = new SplittableRandom(99);

        for (DnsExchange e : r.exchanges()) {
            Message q = e.query();
            assertThat(q.getHeader().getID()).isEqualTo(expected.nextInt(65536));
            assertThat(e.response().getHeader().getID()).isEqualTo(q.getHeader().getID());
        }
    }

    /** A resolver that stops at the first CNAME, like a non-recursive server: the policy must ask on. */
    private static Resolver stoppingAtCnames(ZoneResolver inner) {
        return (StubResolver) query -> {
            Message full = inner.send(query);
            List<org.xbill.DNS.Record> answers = full.getSection(Section.ANSWER);
            if (answers.isEmpty() || answers.get(0).getType() != Type.CNAME) {
                return full;
            }
            Message cut = new Message(full.getHeader().getID());
            cut.getHeader().setFlag(Flags.QR);
            cut.addRecord(full.getQuestion(), Section.QUESTION);
            cut.addRecord(answers.get(0), Section.ANSWER);
            return cut;
        };
    }

    @Test
    void cnameLeftUnresolvedByTheResolverIsAskedForAgain() {
        MxResolution r = new MxPolicy(stoppingAtCnames(resolver), new SplittableRandom(3)).resolve("alias.cname.test");

        assertThat(targets(r).canonicalDomain()).isEqualTo("example.net");
        assertThat(questions(r).subList(0, 2)).containsExactly("alias.cname.test. IN MX", "example.net. IN MX");
        assertThat(r.exchanges().get(0).answerSummary()).isEqualTo("CNAME example.net.");
    }

    @Test
    void cnameLoopSeenByThePolicyItselfIsTemporary() {
        MxResolution.Failure f = failure(
                new MxPolicy(stoppingAtCnames(resolver), new SplittableRandom(3)).resolve("loop1.cname.test"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.reason()).contains("CNAME loop");
        assertThat(questions(f)).containsExactly("loop1.cname.test. IN MX", "loop2.cname.test. IN MX");
    }

    @Test
    void anyIoErrorIsTemporary() {
        Resolver refusing = (StubResolver) query -> {
            throw new IOException("connection refused");
        };

        MxResolution.Failure f = failure(new MxPolicy(refusing, new SplittableRandom(3)).resolve("example.org"));

        assertThat(f.kind()).isEqualTo(MxResolution.FailureKind.TEMPORARY);
        assertThat(f.reason()).contains("connection refused");
        assertThat(f.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.failed()).isTrue();
            assertThat(e.answerSummary()).isEqualTo("connection refused");
        });
    }

    @Test
    void anAddressLiteralIsDeliveredToWithoutAnyDnsLookup() {
        MxResolution v4 = resolve("[192.0.2.99]");
        assertThat(targets(v4).targets()).containsExactly(new MxTarget("[192.0.2.99]", 0, List.of("192.0.2.99"), false, false));
        assertThat(v4.exchanges()).as("RFC 5321 5.1: no MX query for a literal").isEmpty();
        assertThat(v4.notes()).anyMatch(n -> n.contains("address literal"));
        MxResolution v6 = resolve("[IPv6:2001:db8::25]");
        assertThat(targets(v6).targets().get(0).addresses()).containsExactly("2001:db8::25");
        assertThat(v6.exchanges()).isEmpty();
        assertThat(failure(resolve("[300.0.2.1]")).kind()).isEqualTo(MxResolution.FailureKind.PERMANENT);
        assertThat(failure(resolve("[192.0.2.1")).reason()).contains("not a valid address literal");
    }
}
