package org.mailtrail.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ZoneResolverTest {

    private ZoneResolver resolver;

    @BeforeEach
    void setUp() {
        resolver = new ZoneResolver(TestWorld.world());
    }

    private static Message query(String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        q.getHeader().setID(4711);
        return q;
    }

    private static List<String> section(Message m, int section) {
        return m.getSection(section).stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .collect(Collectors.toList());
    }

    @Test
    void answersNoErrorWithTheRrsetInZoneFileOrder() throws Exception {
        Message q = query("mx1.example.net.", Type.A);

        Message r = resolver.send(q);

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RA)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
        assertThat(section(r, Section.ANSWER)).containsExactly("mx1.example.net. A 192.0.2.10",
                "mx1.example.net. A 192.0.2.11");
        assertThat(r.getSection(Section.AUTHORITY)).isEmpty();
        // asking again gives the same order (no round-robin rotation)
        assertThat(section(resolver.send(query("mx1.example.net.", Type.A)), Section.ANSWER))
                .containsExactly("mx1.example.net. A 192.0.2.10", "mx1.example.net. A 192.0.2.11");
        assertThat(resolver.queriesAnswered()).isEqualTo(2);
    }

    @Test
    void nxdomainCarriesTheZoneSoaInAuthority() throws Exception {
        Message r = resolver.send(query("nosuch.example.net.", Type.MX));

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getSection(Section.AUTHORITY)).hasSize(1);
        assertThat(r.getSection(Section.AUTHORITY).get(0).getType()).isEqualTo(Type.SOA);
        assertThat(r.getSection(Section.AUTHORITY).get(0).getName()).isEqualTo(Name.fromString("example.net."));
    }

    @Test
    void nameInNoZoneIsNxdomainWithoutSoa() throws Exception {
        Message r = resolver.send(query("mail.example.com.", Type.MX));

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getSection(Section.AUTHORITY)).isEmpty();
        assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
    }

    @Test
    void nodataIsNoErrorWithEmptyAnswerAndSoa() throws Exception {
        Message r = resolver.send(query("www.example.net.", Type.MX));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(section(r, Section.AUTHORITY)).singleElement().asString().startsWith("example.net. SOA ");
    }

    @Test
    void followsCnameInsideTheZone() throws Exception {
        Message r = resolver.send(query("mailalias.example.net.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(section(r, Section.ANSWER)).containsExactly(
                "mailalias.example.net. CNAME mx1.example.net.",
                "mx1.example.net. A 192.0.2.10",
                "mx1.example.net. A 192.0.2.11");
    }

    @Test
    void followsCnameAcrossZones() throws Exception {
        Message r = resolver.send(query("ext.example.net.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(2);
        assertThat(r.getSection(Section.ANSWER).get(0)).isInstanceOf(CNAMERecord.class);
        assertThat(((ARecord) r.getSection(Section.ANSWER).get(1)).getAddress().getHostAddress())
                .isEqualTo("198.51.100.1");
    }

    @Test
    void cnameToMissingNameIsNxdomainWithTheChain() throws Exception {
        Message r = resolver.send(query("dangling.cname.test.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(section(r, Section.ANSWER)).containsExactly("dangling.cname.test. CNAME gone.cname.test.");
        assertThat(r.getSection(Section.AUTHORITY).get(0).getType()).isEqualTo(Type.SOA);
    }

    @Test
    void cnameQueryReturnsTheCnameItself() throws Exception {
        Message r = resolver.send(query("mailalias.example.net.", Type.CNAME));

        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(section(r, Section.ANSWER)).containsExactly("mailalias.example.net. CNAME mx1.example.net.");
    }

    @Test
    void cnameLoopIsServfail() throws Exception {
        Message r = resolver.send(query("loop1.example.net.", Type.A));

        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void servfailFaultAppliesToTheNameAndBelow() throws Exception {
        resolver.failing("example.org", Rcode.SERVFAIL);

        Message r = resolver.send(query("host.example.org.", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.SERVFAIL);
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getHeader().getID()).isEqualTo(4711);
        // other zones still answer
        assertThat(resolver.send(query("www.example.net.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
        // a CNAME into the broken zone fails too
        assertThat(resolver.send(query("ext.example.net.", Type.A)).getRcode()).isEqualTo(Rcode.SERVFAIL);
    }

    @Test
    void refusedFault() throws Exception {
        resolver.setFault(Name.fromString("www.example.net."), ZoneResolver.Fault.REFUSED);

        assertThat(resolver.send(query("www.example.net.", Type.A)).getRcode()).isEqualTo(Rcode.REFUSED);
        resolver.clearFault(Name.fromString("www.example.net."));
        assertThat(resolver.send(query("www.example.net.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void timeoutFaultThrowsFromSendAndFailsSendAsync() throws Exception {
        resolver.setFault(Name.fromString("example.net."), ZoneResolver.Fault.TIMEOUT);

        assertThatThrownBy(() -> resolver.send(query("mx1.example.net.", Type.A)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThatThrownBy(() -> resolver.sendAsync(query("mx1.example.net.", Type.A)).toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(SocketTimeoutException.class);
        assertThat(resolver.queriesAnswered()).isEqualTo(2);
    }

    @Test
    void sendAsyncCompletesWithTheAnswer() throws Exception {
        Message r = resolver.sendAsync(query("www.example.net.", Type.A)).toCompletableFuture().join();

        assertThat(section(r, Section.ANSWER)).containsExactly("www.example.net. A 192.0.2.80");
    }

    @Test
    void noOpSettersDoNotBreakAnything() throws Exception {
        resolver.setPort(5353);
        resolver.setTCP(true);
        resolver.setIgnoreTruncation(true);
        resolver.setEDNS(0);
        resolver.setTSIGKey(null);
        resolver.setTimeout(java.time.Duration.ofSeconds(2));

        assertThat(resolver.getTimeout()).isEqualTo(java.time.Duration.ofSeconds(2));
        assertThat(resolver.send(query("www.example.net.", Type.A)).getRcode()).isEqualTo(Rcode.NOERROR);
    }
}
