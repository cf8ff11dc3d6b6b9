package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answers of the simulated resolver that the world of the other tests never asks for (issue 16, second round):
 * a message without question, another class than IN, DNAME substitution (RFC 6672), a DNAME result that is too long
 * (YXDOMAIN), a delegation to a zone the world does not hold, and the fluent fault setters.
 */
class ZoneResolverPathsTest {

    private static final String DNAME_ZONE = "$TTL 300\n$ORIGIN dname.test.\n"
            + "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n@ NS ns1\nns1 A 192.0.2.53\n"
            + "old DNAME new.dname.test.\n"
            + "www.new A 192.0.2.80\n"
            // a long target: a long enough name below "far" becomes longer than 255 octets after substitution
            + "far DNAME " + "a".repeat(60) + "." + "b".repeat(60) + "." + "c".repeat(60) + ".dname.test.\n"
            // a delegation to a child zone that the world does not contain
            + "child NS ns.elsewhere.example.\n";

    private static Message query(String name, int type) throws Exception {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static ZoneResolver dnameResolver() throws Exception {
        return new ZoneResolver(WorldZones.parse(DNAME_ZONE, "dname.zone"));
    }

    private static List<String> answers(Message m) {
        return m.getSection(Section.ANSWER).stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .collect(Collectors.toList());
    }

    @Test
    void aMessageWithoutQuestionIsAFormatError() throws Exception {
        Message empty = new Message(321);

        Message r = new ZoneResolver(TestWorld.world()).send(empty);

        assertThat(r).isNotNull();
        assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(r.getHeader().getID()).isEqualTo(321);
        assertThat(r.getSection(Section.QUESTION)).isEmpty();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
    }

    @Test
    void anotherClassThanInIsRefused() throws Exception {
        Message chaos = Message.newQuery(Record.newRecord(Name.fromString("www.example.net."), Type.A, DClass.CH));

        Message r = new ZoneResolver(TestWorld.world()).send(chaos);

        assertThat(r).isNotNull();
        assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getQuestion()).isEqualTo(chaos.getQuestion());
    }

    @Test
    void aDnameIsFollowedWithTheSynthesizedCname() throws Exception {
        Message r = dnameResolver().send(query("www.old.dname.test.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(r)).containsExactly(
                "old.dname.test. DNAME new.dname.test.",
                "www.old.dname.test. CNAME www.new.dname.test.",
                "www.new.dname.test. A 192.0.2.80");
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
    }

    @Test
    void aDnameSubstitutionLongerThan255OctetsIsYxdomain() throws Exception {
        String longName = "d".repeat(60) + "." + "e".repeat(60) + ".far.dname.test.";

        Message r = dnameResolver().send(query(longName, Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.YXDOMAIN);
        // the DNAME that could not be applied is shown, no CNAME is made up
        assertThat(answers(r)).hasSize(1);
        assertThat(r.getSection(Section.ANSWER).get(0).getType()).isEqualTo(Type.DNAME);
    }

    @Test
    void aDelegationToAZoneTheWorldLacksIsServfail() throws Exception {
        Message r = dnameResolver().send(query("host.child.dname.test.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void theFaultSettersReturnTheResolverItself() throws Exception {
        ZoneResolver resolver = new ZoneResolver(TestWorld.world());

        assertThat(resolver.failing("example.org", Rcode.REFUSED)).isSameAs(resolver);
        assertThat(resolver.timingOut("example.net")).isSameAs(resolver);
        assertThat(resolver.world()).isNotNull();
        assertThat(resolver.world().zoneFor(Name.fromString("mx1.example.net."))).isPresent();

        assertThat(resolver.send(query("host.example.org.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
        assertThatThrownBy(() -> resolver.send(query("mx1.example.net.", Type.A)))
                .isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void sendAsyncWithAnExecutorAnswersLikeSendWithoutUsingIt() throws Exception {
        ZoneResolver resolver = new ZoneResolver(TestWorld.world());
        AtomicInteger executed = new AtomicInteger();

        Message r = resolver.sendAsync(query("www.example.net.", Type.A), task -> {
            executed.incrementAndGet();
            task.run();
        }).toCompletableFuture().join();

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(answers(r)).containsExactly("www.example.net. A 192.0.2.80");
        assertThat(executed).hasValue(0);

        resolver.timingOut("www.example.net");
        assertThatThrownBy(() -> resolver.sendAsync(query("www.example.net.", Type.A), Runnable::run)
                .toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
    }
}
