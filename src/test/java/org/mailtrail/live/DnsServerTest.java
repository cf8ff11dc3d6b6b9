package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.dns.WorldZones;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** The lab DNS server on loopback, asked by dnsjava's own SimpleResolver over UDP and TCP. */
@Timeout(30)
class DnsServerTest {
    private DnsServer server;
    private SimpleResolver resolver;

    @BeforeEach
    void start() throws Exception {
        StringBuilder zone = new StringBuilder("$TTL 300\n$ORIGIN example.net.\n"
                + "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n  IN NS ns1\n  IN MX 10 mx1\n  IN MX 20 mx2\n"
                + "ns1 IN A 198.51.100.53\nmx1 IN A 198.51.100.10\nmx2 IN A 198.51.100.20\n");
        for (int i = 0; i < 60; i++) {
            zone.append("big IN TXT \"record number ").append(i).append(" with some text to make the answer long\"\n");
        }
        server = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                WorldZones.parse(zone.toString(), "lab.zone"));
        resolver = new SimpleResolver(server.address());
        resolver.setTimeout(Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Message ask(String name, int type) throws Exception {
        return resolver.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void answersMxAuthoritativelyOverUdp() throws Exception {
        Message r = ask("example.net.", Type.MX);
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        List<String> mx = r.getSection(Section.ANSWER).stream().map(x -> ((MXRecord) x).getTarget().toString())
                .collect(Collectors.toList());
        assertThat(mx).containsExactlyInAnyOrder("mx1.example.net.", "mx2.example.net.");
    }

    @Test
    void answersOverTcpToo() throws Exception {
        resolver.setTCP(true);
        Message r = ask("mx2.example.net.", Type.A);
        assertThat(r.getSection(Section.ANSWER)).extracting(Record::rdataToString).containsExactly("198.51.100.20");
    }

    @Test
    void nxdomainInsideTheZoneAndRefusedOutsideIt() throws Exception {
        assertThat(ask("nobody.example.net.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(ask("www.example.com.", Type.A).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void longUdpAnswerIsTruncatedAndTheResolverRetriesOverTcp() throws Exception {
        resolver.setIgnoreTruncation(true);
        Message udpOnly = ask("big.example.net.", Type.TXT);
        assertThat(udpOnly.getHeader().getFlag(Flags.TC)).isTrue();
        resolver.setIgnoreTruncation(false);
        Message full = ask("big.example.net.", Type.TXT);
        assertThat(full.getSection(Section.ANSWER)).hasSize(60);
    }

    @Test
    void zoneTransfersAreRefusedOverTcp() throws Exception {
        for (int type : new int[] {Type.AXFR, Type.IXFR}) {
            Message q = Message.newQuery(Record.newRecord(Name.fromString("example.net."), type, DClass.IN));
            byte[] wire = q.toWire();
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(server.address(), 5_000);
                s.setSoTimeout(5_000);
                java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
                java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
                byte[] answer = new byte[in.readUnsignedShort()];
                in.readFully(answer);
                Message r = new Message(answer);
                assertThat(r.getRcode()).as(Type.string(type)).isEqualTo(Rcode.REFUSED);
                assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
                assertThat(r.getSection(Section.ANSWER)).isEmpty();
            }
        }
    }

    @Test
    void garbageGetsFormerrAndTheServerKeepsAnswering() throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            s.setSoTimeout(5000);
            byte[] junk = {0x12, 0x34, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 99, 'x'};
            s.send(new DatagramPacket(junk, junk.length, server.address()));
            DatagramPacket p = new DatagramPacket(new byte[512], 512);
            s.receive(p);
            Message r = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            assertThat(r.getHeader().getID()).isEqualTo(0x1234);
            assertThat(r.getRcode()).isEqualTo(Rcode.FORMERR);
        }
        assertThat(ask("example.net.", Type.MX).getRcode()).isEqualTo(Rcode.NOERROR);
    }

    @Test
    void aQueryWithTwoQuestionsGetsFormerr() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("example.net."), Type.MX, DClass.IN));
        q.addRecord(Record.newRecord(Name.fromString("mx1.example.net."), Type.A, DClass.IN), org.xbill.DNS.Section.QUESTION);
        assertThat(q.getHeader().getCount(org.xbill.DNS.Section.QUESTION)).isEqualTo(2);
        assertThat(resolver.send(q).getRcode()).isEqualTo(Rcode.FORMERR);
    }
}
