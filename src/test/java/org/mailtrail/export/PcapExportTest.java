package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The PCAP export: the file format and every checksum in Java, then what tshark makes of it. */
class PcapExportTest {
    private static final String[] SCENARIOS = {"direct", "relay", "backup-mx", "greylisting", "implicit-mx",
        "multi-domain", "null-mx", "nxdomain", "relay-denied", "unknown-user", "historic-relay"};

    @TempDir
    Path tmp;

    // ---- scenarios ---------------------------------------------------------------------------------

    private static SimulationResult run(String scenario, Retrieval retrieval) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), d.route(),
                retrieval == null ? d.retrieval() : retrieval, w.seed());
    }

    private static SimulationResult run(String scenario) throws Exception {
        return run(scenario, null);
    }

    private static List<TimelineEvent> events(SimulationResult r) {
        return r.journeys().get(0).timeline().events();
    }

    private static boolean isData(TimelineEvent e) {
        return e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.SMTP_REPLY
                || e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY;
    }

    /** Connections on which TLS was negotiated. */
    private static Set<String> tlsConns(List<TimelineEvent> events) {
        Set<String> out = new HashSet<>();
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.TLS_NEGOTIATED) {
                out.add(e.detail("conn"));
            }
        }
        return out;
    }

    /**
     * The data events that should appear as plain text: in the teaching view everything except STARTTLS and
     * its reply on connections that then negotiated TLS; by default everything before TLS_NEGOTIATED.
     */
    private static List<TimelineEvent> visible(List<TimelineEvent> events, boolean decrypted) {
        Set<String> tls = tlsConns(events);
        Set<String> encrypted = new HashSet<>();
        Set<String> skipNextReply = new HashSet<>();
        List<TimelineEvent> out = new ArrayList<>();
        for (TimelineEvent e : events) {
            String conn = e.detail("conn");
            if (e.kind() == EventKind.TLS_NEGOTIATED) {
                encrypted.add(conn);
            }
            if (!isData(e)) {
                continue;
            }
            if (decrypted) {
                if (tls.contains(conn) && !encrypted.contains(conn) && asksForTls(e)) {
                    skipNextReply.add(conn);
                    continue;
                }
                if ((e.kind() == EventKind.SMTP_REPLY || e.kind() == EventKind.MAILBOX_REPLY)
                        && skipNextReply.remove(conn)) {
                    continue;
                }
                out.add(e);
            } else if (!encrypted.contains(conn)) {
                out.add(e);
            }
        }
        return out;
    }

    /** SMTP STARTTLS (RFC 3207), POP3 STLS (RFC 2595 §4) or IMAP "tag STARTTLS" (RFC 3501 §6.2.1). */
    private static boolean asksForTls(TimelineEvent e) {
        if (e.kind() == EventKind.SMTP_COMMAND) {
            return "STARTTLS".equals(e.detail("verb"));
        }
        if (e.kind() != EventKind.MAILBOX_COMMAND || e.lines().isEmpty()) {
            return false;
        }
        String[] words = e.lines().get(0).trim().split(" ");
        return words[words.length - 1].equals("STLS") || (words.length == 2 && words[1].equals("STARTTLS"));
    }

    private static byte[] wireBytes(TimelineEvent e) {
        StringBuilder sb = new StringBuilder();
        for (String l : e.lines()) {
            sb.append(l).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- a small pcap reader and checker -------------------------------------------------------------

    /** One decoded frame. */
    private record Packet(long micros, int ipVersion, String src, String dst, int proto, int srcPort, int dstPort,
                          long seq, long ack, int flags, byte[] payload, boolean ipChecksumOk, boolean l4ChecksumOk,
                          int frameLength) {
        String from() {
            return src + "/" + srcPort;
        }

        String to() {
            return dst + "/" + dstPort;
        }
    }

    private record Capture(int magic, int major, int minor, int snaplen, int linktype, List<Packet> packets) {
    }

    /** RFC 1071, written again here so that the test does not trust the code under test. */
    private static int onesComplementSum(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
            if (p.length % 2 == 1 && p != parts[parts.length - 1]) {
                throw new IllegalArgumentException("odd part in the middle");
            }
        }
        byte[] b = all.toByteArray();
        int sum = 0;
        for (int i = 0; i < b.length; i += 2) {
            int hi = b[i] & 0xff;
            int lo = i + 1 < b.length ? b[i + 1] & 0xff : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xffff) + (sum >>> 16);
        }
        return sum & 0xffff;
    }

    private static String addr(byte[] b) {
        if (b.length == 4) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            sb.append(i == 0 ? "" : ":").append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
        }
        return sb.toString();
    }

    private static Capture parse(byte[] file) {
        ByteBuffer bb = ByteBuffer.wrap(file);
        int magic = bb.getInt(0);
        if (magic == 0xd4c3b2a1) {
            bb.order(ByteOrder.LITTLE_ENDIAN);
            magic = bb.getInt(0);
        }
        bb.position(4);
        int major = bb.getShort() & 0xffff;
        int minor = bb.getShort() & 0xffff;
        bb.getInt();
        bb.getInt();
        int snaplen = bb.getInt();
        int linktype = bb.getInt();
        List<Packet> packets = new ArrayList<>();
        while (bb.remaining() > 0) {
            long sec = bb.getInt() & 0xffffffffL;
            long usec = bb.getInt() & 0xffffffffL;
            int incl = bb.getInt();
            int orig = bb.getInt();
            assertThat(incl).isEqualTo(orig);
            assertThat(usec).isLessThan(1_000_000L);
            byte[] frame = new byte[incl];
            bb.get(frame);
            packets.add(decode(sec * 1_000_000L + usec, frame));
        }
        return new Capture(magic, major, minor, snaplen, linktype, packets);
    }

    private static Packet decode(long micros, byte[] f) {
        assertThat(f.length).isGreaterThanOrEqualTo(60);
        assertThat(f[0] & 0x03).as("destination MAC locally administered unicast").isEqualTo(0x02);
        assertThat(f[6] & 0x03).as("source MAC locally administered unicast").isEqualTo(0x02);
        ByteBuffer b = ByteBuffer.wrap(f);
        int etherType = b.getShort(12) & 0xffff;
        int ipVersion;
        byte[] src;
        byte[] dst;
        int proto;
        byte[] l4;
        boolean ipOk;
        byte[] pseudo;
        if (etherType == 0x0800) {
            ipVersion = 4;
            int ihl = (f[14] & 0x0f) * 4;
            assertThat(f[14] >> 4).isEqualTo(4);
            int total = b.getShort(16) & 0xffff;
            assertThat(14 + total).isLessThanOrEqualTo(f.length);
            ipOk = onesComplementSum(Arrays.copyOfRange(f, 14, 14 + ihl)) == 0xffff;
            proto = f[23] & 0xff;
            src = Arrays.copyOfRange(f, 26, 30);
            dst = Arrays.copyOfRange(f, 30, 34);
            l4 = Arrays.copyOfRange(f, 14 + ihl, 14 + total);
            pseudo = ByteBuffer.allocate(12).put(src).put(dst).put((byte) 0).put((byte) proto)
                    .putShort((short) l4.length).array();
        } else {
            assertThat(etherType).isEqualTo(0x86dd);
            ipVersion = 6;
            ipOk = true; // IPv6 has no header checksum (RFC 8200)
            assertThat(f[14] >> 4 & 0x0f).isEqualTo(6);
            int payloadLength = b.getShort(18) & 0xffff;
            proto = f[20] & 0xff;
            src = Arrays.copyOfRange(f, 22, 38);
            dst = Arrays.copyOfRange(f, 38, 54);
            l4 = Arrays.copyOfRange(f, 54, 54 + payloadLength);
            pseudo = ByteBuffer.allocate(40).put(src).put(dst).putInt(l4.length).put(new byte[3]).put((byte) proto)
                    .array();
        }
        boolean l4Ok = onesComplementSum(pseudo, l4) == 0xffff;
        ByteBuffer t = ByteBuffer.wrap(l4);
        int srcPort = t.getShort(0) & 0xffff;
        int dstPort = t.getShort(2) & 0xffff;
        if (proto == 17) {
            assertThat(t.getShort(4) & 0xffff).isEqualTo(l4.length);
            assertThat(t.getShort(6)).as("UDP checksum present").isNotZero();
            return new Packet(micros, ipVersion, addr(src), addr(dst), proto, srcPort, dstPort, 0, 0, 0,
                    Arrays.copyOfRange(l4, 8, l4.length), ipOk, l4Ok, f.length);
        }
        assertThat(proto).isEqualTo(6);
        int off = (l4[12] >> 4 & 0x0f) * 4;
        return new Packet(micros, ipVersion, addr(src), addr(dst), proto, srcPort, dstPort,
                t.getInt(4) & 0xffffffffL, t.getInt(8) & 0xffffffffL, l4[13] & 0xff,
                Arrays.copyOfRange(l4, off, l4.length), ipOk, l4Ok, f.length);
    }

    private static final int FIN = 1;
    private static final int SYN = 2;
    private static final int RST = 4;
    private static final int ACK = 16;

    /** TCP sequence and acknowledgment numbers continue per direction (RFC 9293 §3.4). */
    private static void assertTcpContinuity(List<Packet> packets) {
        Map<String, Long> next = new HashMap<>();
        Map<String, Long> lastAck = new HashMap<>();
        for (Packet p : packets) {
            if (p.proto() != 6) {
                continue;
            }
            String dir = p.from() + ">" + p.to();
            String back = p.to() + ">" + p.from();
            if ((p.flags() & RST) != 0 && !next.containsKey(dir)) {
                // RST answering a SYN: SEQ=0, ACK=SEG.SEQ+1 (RFC 9293 §3.10.7.1)
                assertThat(p.seq()).isZero();
                assertThat(p.ack()).isEqualTo(next.get(back));
                continue;
            }
            if (next.containsKey(dir)) {
                assertThat(p.seq()).as("seq of %s", dir).isEqualTo(next.get(dir));
            } else {
                assertThat(p.flags() & SYN).as("first segment of %s is a SYN", dir).isEqualTo(SYN);
            }
            long advance = p.payload().length + ((p.flags() & SYN) != 0 ? 1 : 0) + ((p.flags() & FIN) != 0 ? 1 : 0);
            next.put(dir, (p.seq() + advance) & 0xffffffffL);
            if ((p.flags() & ACK) != 0) {
                assertThat(next).as("ACK of %s acknowledges something that was sent", dir).containsKey(back);
                long sentBack = next.get(back);
                long ack = p.ack();
                assertThat((sentBack - ack) & 0xffffffffL).as("ack of %s not beyond what was sent", dir)
                        .isLessThan(1L << 30);
                Long prev = lastAck.get(dir);
                if (prev != null) {
                    assertThat((ack - prev) & 0xffffffffL).as("ack of %s never goes back", dir).isLessThan(1L << 30);
                }
                lastAck.put(dir, ack);
            }
        }
        // every byte and FIN sent on a connection that both sides closed was acknowledged at the end
        for (Map.Entry<String, Long> e : lastAck.entrySet()) {
            String[] ends = e.getKey().split(">");
            Long sentBack = next.get(ends[1] + ">" + ends[0]);
            assertThat(e.getValue()).as("final ack of %s", e.getKey()).isEqualTo(sentBack);
        }
    }

    /** The bytes one side sent on one connection, in order. */
    private static byte[] stream(List<Packet> packets, String from, String to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Packet p : packets) {
            if (p.proto() == 6 && p.from().equals(from) && p.to().equals(to)) {
                out.writeBytes(p.payload());
            }
        }
        return out.toByteArray();
    }

    private static String endpoint(TimelineEvent e, String side) {
        return e.detail(side + "Addr") + "/" + e.detail(side + "Port");
    }

    // ---- pure Java ----------------------------------------------------------------------------------

    @Test
    void aTranscriptThatDoesNotSayTheClientsPortGetsAnEphemeralOneNotPortZero() throws Exception {
        String swaks = "=== Trying 127.0.0.1:2626...\n=== Connected to 127.0.0.1.\n<-  220 mailtrail.test ESMTP\n"
                + " -> EHLO vm\n<-  250 mailtrail.test\n -> QUIT\n<-  221 2.0.0 Bye\n";
        SimulationResult r = org.mailtrail.capture.TranscriptImport.read(new java.io.StringReader(swaks), "s.txt");
        Capture c = parse(PcapExport.render(r, 0, false));
        assertThat(c.packets()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.srcPort()).isNotZero();
            assertThat(p.dstPort()).isNotZero();
        });
        // the server's port as the transcript says; the client's made up, from the range for such ports (RFC 6335)
        assertThat(c.packets()).extracting(p -> Math.max(p.srcPort(), p.dstPort())).allMatch(port -> port >= 49152);
        assertThat(c.packets()).extracting(p -> Math.min(p.srcPort(), p.dstPort())).containsOnly(2626);
        // the transcript has no SYN: the connection is opened by a made-up handshake, from the client to port 2626
        assertThat(c.packets()).extracting(Packet::flags).startsWith(SYN, SYN | ACK, ACK);
        assertThat(c.packets().get(0).dstPort()).isEqualTo(2626);
        assertThat(c.packets().get(1).srcPort()).isEqualTo(2626);
    }

    @Test
    void globalHeaderRecordsAndTimestampsFollowTheTimeline() throws Exception {
        SimulationResult r = run("direct");
        Capture c = parse(PcapExport.render(r, 0, false));
        assertThat(c.magic()).isEqualTo(0xa1b2c3d4);
        assertThat(c.major()).isEqualTo(2);
        assertThat(c.minor()).isEqualTo(4);
        assertThat(c.linktype()).isEqualTo(1);
        assertThat(c.snaplen()).isGreaterThanOrEqualTo(65535);
        for (Packet p : c.packets()) {
            assertThat(p.frameLength()).isLessThanOrEqualTo(c.snaplen());
        }

        List<TimelineEvent> ev = events(r);
        long dns = ev.stream().filter(e -> (e.kind() == EventKind.DNS_QUERY || e.kind() == EventKind.DNS_ANSWER)
                && !e.detail("wire").isEmpty()).count();
        assertThat(c.packets().stream().filter(p -> p.proto() == 17).count()).isEqualTo(dns).isEqualTo(10);
        assertThat(c.packets().stream().filter(p -> p.flags() == SYN).count())
                .isEqualTo(r.journeys().get(0).timeline().count(EventKind.TCP_SYN));
        assertThat(c.packets().stream().filter(p -> p.flags() == (SYN | ACK)).count())
                .isEqualTo(r.journeys().get(0).timeline().count(EventKind.TCP_SYN_ACK));
        assertThat(c.packets().stream().filter(p -> (p.flags() & FIN) != 0).count())
                .isEqualTo(2 * r.journeys().get(0).timeline().count(EventKind.TCP_CLOSE));

        long start = r.info().start().getEpochSecond() * 1_000_000L;
        assertThat(c.packets().get(0).micros()).isEqualTo(start + ev.get(0).timeMicros());
        for (int i = 1; i < c.packets().size(); i++) {
            assertThat(c.packets().get(i).micros()).isGreaterThanOrEqualTo(c.packets().get(i - 1).micros());
        }
        // the DNS query for the MX goes out when the timeline says
        TimelineEvent q = ev.stream().filter(e -> e.kind() == EventKind.DNS_QUERY).findFirst().orElseThrow();
        Packet first = c.packets().stream().filter(p -> p.proto() == 17).findFirst().orElseThrow();
        assertThat(first.micros()).isEqualTo(start + q.timeMicros());
        assertThat(first.payload()).isEqualTo(Base64.getDecoder().decode(q.detail("wire")));
        assertThat(first.srcPort() + "/" + first.dstPort()).isEqualTo(q.detail("srcPort") + "/53");
    }

    @Test
    void everyChecksumVerifiesAndTcpNumbersContinueInEveryScenario() throws Exception {
        for (String s : SCENARIOS) {
            SimulationResult r = run(s);
            for (boolean decrypted : new boolean[] {false, true}) {
                Capture c = parse(PcapExport.render(r, 0, decrypted));
                assertThat(c.packets()).as(s).isNotEmpty();
                for (Packet p : c.packets()) {
                    assertThat(p.ipChecksumOk()).as("%s IPv4 header checksum", s).isTrue();
                    assertThat(p.l4ChecksumOk()).as("%s %s checksum", s, p.proto() == 6 ? "TCP" : "UDP").isTrue();
                    if (p.proto() == 6) {
                        assertThat(p.payload().length).isLessThanOrEqualTo(p.ipVersion() == 4 ? 1460 : 1440);
                    }
                }
                assertTcpContinuity(c.packets());
            }
        }
    }

    @Test
    void theVerifierCatchesACorruptedByte() throws Exception {
        byte[] file = PcapExport.render(run("direct"), 0, true);
        List<Packet> packets = parse(file).packets();
        int offset = 24;
        int index = 0;
        while (packets.get(index).payload().length < 20) {
            offset += 16 + packets.get(index).frameLength();
            index++;
        }
        // the last byte of a frame long enough to have no padding is the last payload byte
        file[offset + 16 + packets.get(index).frameLength() - 1] ^= 0x20;
        assertThat(parse(file).packets().get(index).l4ChecksumOk()).isFalse();
        file[offset + 16 + 14 + 8] ^= 0x01; // the IPv4 TTL
        assertThat(parse(file).packets().get(index).ipChecksumOk()).isFalse();
    }

    @Test
    void theTeachingViewCarriesEveryLineExceptStartTlsAndItsReply() throws Exception {
        for (String s : SCENARIOS) {
            SimulationResult r = run(s);
            List<TimelineEvent> ev = events(r);
            Capture c = parse(PcapExport.render(r, 0, true));
            Map<String, ByteArrayOutputStream> expected = new LinkedHashMap<>();
            for (TimelineEvent e : visible(ev, true)) {
                expected.computeIfAbsent(endpoint(e, "src") + ">" + endpoint(e, "dst"),
                        k -> new ByteArrayOutputStream()).writeBytes(wireBytes(e));
            }
            assertThat(expected).as(s).isNotEmpty();
            for (Map.Entry<String, ByteArrayOutputStream> x : expected.entrySet()) {
                String[] ends = x.getKey().split(">");
                assertThat(new String(stream(c.packets(), ends[0], ends[1]), StandardCharsets.UTF_8))
                        .as("%s %s", s, x.getKey()).isEqualTo(x.getValue().toString(StandardCharsets.UTF_8));
            }
            if (!tlsConns(ev).isEmpty()) {
                assertThat(c.packets()).as(s).noneMatch(p -> new String(p.payload(), StandardCharsets.ISO_8859_1)
                        .startsWith("STARTTLS\r\n"));
            }
        }
    }

    @Test
    void byDefaultTheConnectionIsTlsAfterStartTls() throws Exception {
        SimulationResult r = run("direct");
        List<TimelineEvent> ev = events(r);
        Capture c = parse(PcapExport.render(r, 0, false));
        TimelineEvent tls = ev.stream().filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).findFirst().orElseThrow();
        String client = endpoint(tls, "src");
        String server = endpoint(tls, "dst");
        for (boolean fromClient : new boolean[] {true, false}) {
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            int after = 0;
            for (TimelineEvent e : ev) {
                if (isData(e) && e.detail("conn").equals(tls.detail("conn"))
                        && endpoint(e, "src").equals(fromClient ? client : server)) {
                    if (e.index() < tls.index()) {
                        plain.writeBytes(wireBytes(e));
                    } else {
                        after++;
                    }
                }
            }
            byte[] bytes = fromClient ? stream(c.packets(), client, server) : stream(c.packets(), server, client);
            byte[] prefix = plain.toByteArray();
            assertThat(Arrays.copyOf(bytes, prefix.length)).isEqualTo(prefix);
            // the rest tiles exactly into TLS records: handshake (22), change_cipher_spec (20), application data (23)
            ByteBuffer b = ByteBuffer.wrap(bytes, prefix.length, bytes.length - prefix.length);
            List<Integer> types = new ArrayList<>();
            while (b.remaining() > 0) {
                assertThat(b.remaining()).isGreaterThanOrEqualTo(5);
                int type = b.get() & 0xff;
                int version = b.getShort() & 0xffff;
                int length = b.getShort() & 0xffff;
                assertThat(type).isIn(20, 22, 23);
                assertThat(version).isIn(0x0301, 0x0303);
                assertThat(length).isBetween(1, 16384 + 256);
                assertThat(b.remaining()).isGreaterThanOrEqualTo(length);
                b.position(b.position() + length);
                types.add(type);
            }
            assertThat(types.get(0)).as("the first TLS record is a handshake").isEqualTo(22);
            // after the handshake flight, one application-data record per command or reply
            int handshakeRecords = fromClient ? 3 : 6; // CH | CCS, Finished ; SH, CCS, 4 x encrypted handshake
            assertThat(types).hasSize(handshakeRecords + after);
            assertThat(types.subList(handshakeRecords, types.size())).containsOnly(23);
            assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain("MAIL FROM:");
        }
    }

    @Test
    void renderingIsDeterministicAndChecksTheJourneyIndex() throws Exception {
        SimulationResult r = run("relay");
        assertThat(PcapExport.render(r, 0, false)).isEqualTo(PcapExport.render(r, 0, false));
        assertThat(PcapExport.render(r.journeys().get(0), r.info(), true)).isEqualTo(PcapExport.render(r, 0, true));
        assertThatThrownBy(() -> PcapExport.render(r, r.journeys().size(), false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void compareModeRendersEachJourney() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(),
                d.body()), Route.BOTH, d.retrieval(), w.seed());
        assertThat(r.journeys()).hasSize(2);
        Capture direct = parse(PcapExport.render(r, 0, true));
        Capture relay = parse(PcapExport.render(r, 1, true));
        assertThat(relay.packets().size()).isGreaterThan(direct.packets().size());
    }

    // ---- a hand-made IPv6 timeline ------------------------------------------------------------------

    private static final String C6 = "2001:db8::25";
    private static final String S6 = "2001:db8:100::10";

    private static Map<String, String> tcp(boolean fromClient) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("proto", "tcp");
        d.put("conn", "c1");
        d.put("srcAddr", fromClient ? C6 : S6);
        d.put("srcPort", fromClient ? "41000" : "25");
        d.put("dstAddr", fromClient ? S6 : C6);
        d.put("dstPort", fromClient ? "25" : "41000");
        return d;
    }

    private static Journey ipv6Journey(int bodyLines) throws Exception {
        Timeline t = new Timeline();
        org.xbill.DNS.Message q = org.xbill.DNS.Message.newQuery(org.xbill.DNS.Record.newRecord(
                org.xbill.DNS.Name.fromString("example.net."), org.xbill.DNS.Type.MX, org.xbill.DNS.DClass.IN));
        Map<String, String> dq = new LinkedHashMap<>();
        dq.put("proto", "udp");
        dq.put("srcAddr", C6);
        dq.put("srcPort", "30001");
        dq.put("dstAddr", "2001:db8::53");
        dq.put("dstPort", "53");
        dq.put("wire", Base64.getEncoder().encodeToString(q.toWire()));
        String c = "mail.example.org";
        String s = "mx1.example.net";
        t.add(0, 1000, EventKind.DNS_QUERY, c, "resolver", "q", List.of(), "dns.query.mx", "", dq);
        t.add(1000, 1000, EventKind.MX_DECISION, c, c, "mx", List.of(), "mx", "", Map.of());
        t.add(2000, 3000, EventKind.TCP_SYN, c, s, "syn", List.of(), "tcp.syn", "", tcp(true));
        t.add(3000, 4000, EventKind.TCP_SYN_ACK, s, c, "synack", List.of(), "tcp.synack", "", tcp(false));
        t.add(4000, 5000, EventKind.TCP_ACK, c, s, "ack", List.of(), "tcp.ack", "", tcp(true));
        Map<String, String> greeting = tcp(false);
        greeting.put("code", "220");
        t.add(4000, 5000, EventKind.SMTP_REPLY, s, c, "S: 220", List.of("220 mx1.example.net ESMTP"), "r", "",
                greeting);
        Map<String, String> helo = tcp(true);
        helo.put("verb", "HELO");
        t.add(5000, 6000, EventKind.SMTP_COMMAND, c, s, "C: HELO", List.of("HELO mail.example.org"), "c", "", helo);
        Map<String, String> ok = tcp(false);
        ok.put("code", "250");
        t.add(6000, 7000, EventKind.SMTP_REPLY, s, c, "S: 250", List.of("250 mx1.example.net"), "r", "", ok);
        Map<String, String> mail = tcp(true);
        mail.put("verb", "MAIL");
        t.add(7000, 8000, EventKind.SMTP_COMMAND, c, s, "C: MAIL", List.of("MAIL FROM:<a@example.org>"), "c", "",
                mail);
        t.add(8000, 9000, EventKind.SMTP_REPLY, s, c, "S: 250", List.of("250 2.1.0 Ok"), "r", "", ok);
        Map<String, String> rcpt = tcp(true);
        rcpt.put("verb", "RCPT");
        t.add(9000, 10000, EventKind.SMTP_COMMAND, c, s, "C: RCPT", List.of("RCPT TO:<b@example.net>"), "c", "",
                rcpt);
        t.add(10000, 11000, EventKind.SMTP_REPLY, s, c, "S: 250", List.of("250 2.1.5 Ok"), "r", "", ok);
        Map<String, String> data = tcp(true);
        data.put("verb", "DATA");
        t.add(11000, 12000, EventKind.SMTP_COMMAND, c, s, "C: DATA", List.of("DATA"), "c", "", data);
        Map<String, String> go = tcp(false);
        go.put("code", "354");
        t.add(12000, 13000, EventKind.SMTP_REPLY, s, c, "S: 354", List.of("354 go ahead"), "r", "", go);
        List<String> body = new ArrayList<>(List.of("Subject: big", ""));
        for (int i = 0; i < bodyLines; i++) {
            body.add(String.format(Locale.ROOT, "line %05d of a message that is longer than one segment", i));
        }
        body.add(".");
        t.add(13000, 14000, EventKind.SMTP_COMMAND, c, s, "C: <data>", body, "c", "", tcp(true));
        t.add(14000, 15000, EventKind.SMTP_REPLY, s, c, "S: 250", List.of("250 2.0.0 Ok: queued"), "r", "", ok);
        Map<String, String> quit = tcp(true);
        quit.put("verb", "QUIT");
        t.add(15000, 16000, EventKind.SMTP_COMMAND, c, s, "C: QUIT", List.of("QUIT"), "c", "", quit);
        Map<String, String> bye = tcp(false);
        bye.put("code", "221");
        t.add(16000, 17000, EventKind.SMTP_REPLY, s, c, "S: 221", List.of("221 Bye"), "r", "", bye);
        t.add(17000, 18000, EventKind.TCP_CLOSE, c, s, "close", List.of(), "tcp.close", "", tcp(true));
        return new Journey(Route.DIRECT, t, Map.of(), List.of());
    }

    private static SessionInfo info6() {
        return new SessionInfo("simulation", "ipv6", "IPv6", "test", Instant.parse("2026-01-05T09:00:00Z"),
                "resolver", Map.of());
    }

    @Test
    void ipv6PacketsCarryRightChecksumsAndLongDataIsSegmented() throws Exception {
        Journey j = ipv6Journey(200);
        Capture c = parse(PcapExport.render(j, info6(), false));
        assertThat(c.packets()).allMatch(p -> p.ipVersion() == 6);
        assertThat(c.packets()).allMatch(Packet::l4ChecksumOk);
        assertThat(c.packets().stream().filter(p -> p.proto() == 17).count()).isEqualTo(1);
        assertTcpContinuity(c.packets());
        List<Packet> full = c.packets().stream().filter(p -> p.payload().length == 1440).toList();
        assertThat(full).hasSizeGreaterThanOrEqualTo(5);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (TimelineEvent e : j.timeline().events()) {
            if (e.kind() == EventKind.SMTP_COMMAND) {
                expected.writeBytes(wireBytes(e));
            }
        }
        // the verifier writes IPv6 addresses uncompressed
        assertThat(stream(c.packets(), "2001:db8:0:0:0:0:0:25/41000", "2001:db8:100:0:0:0:0:10/25"))
                .isEqualTo(expected.toByteArray());
    }

    // ---- tshark -------------------------------------------------------------------------------------

    private static String tshark() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            File f = new File(dir, "tshark");
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        File f = new File("/usr/bin/tshark");
        return f.canExecute() ? f.getPath() : null;
    }

    private static String requireTshark() {
        String t = tshark();
        Assumptions.assumeTrue(t != null, "tshark is not installed");
        return t;
    }

    /** Runs tshark on a file with the given arguments; returns its output lines. */
    private List<String> tshark(byte[] pcap, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile(tmp, "capture", ".pcap");
        Files.write(file, pcap);
        List<String> cmd = new ArrayList<>(List.of(requireTshark(), "-n", "-r", file.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "tshark", ".out");
        Path err = Files.createTempFile(tmp, "tshark", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("tshark took more than 30 s: " + cmd);
        }
        assertThat(p.exitValue()).as("tshark %s: %s", cmd, Files.readString(err)).isZero();
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(out)) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }

    /** Frames flagged malformed, with an error (a bad checksum is one), or with TCP analysis flags. */
    private List<String> problems(byte[] pcap) throws Exception {
        return tshark(pcap, "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o",
                "udp.check_checksum:TRUE", "-Y", "_ws.malformed || _ws.expert.severity >= error || tcp.analysis.flags"
                        + " || ip.checksum.status == 0 || tcp.checksum.status == 0 || udp.checksum.status == 0");
    }

    /** Command words as tshark reports them (4.0 reports STARTTLS as STAR): compared on four letters. */
    private static String word(String s) {
        String w = s.trim().split(" ", 2)[0].toUpperCase(Locale.ROOT);
        return w.length() > 4 ? w.substring(0, 4) : w;
    }

    /** What tshark should list, in order: {@code C VERB param} and {@code S code}. */
    private static List<String> expectedSmtp(List<TimelineEvent> visible) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : visible) {
            if (e.kind() == EventKind.SMTP_COMMAND && !e.detail("verb").isEmpty()) {
                String line = e.lines().get(0);
                String verb = e.detail("verb");
                String param = line.length() > verb.length() ? line.substring(verb.length()).trim() : "";
                out.add("C " + word(verb) + (verb.length() == 4 ? " " + param : ""));
            } else if (e.kind() == EventKind.SMTP_REPLY) {
                out.add("S " + e.detail("code"));
            }
        }
        return out;
    }

    private List<String> smtpSeen(byte[] pcap) throws Exception {
        List<String> out = new ArrayList<>();
        for (String l : tshark(pcap, "-Y", "smtp.req.command || smtp.response.code", "-T", "fields",
                "-E", "separator=|", "-E", "occurrence=f", "-e", "smtp.req.command", "-e", "smtp.req.parameter",
                "-e", "smtp.response.code")) {
            String[] f = l.split("\\|", -1);
            if (!f[0].isEmpty()) {
                // tshark 4.0 splits STARTTLS into "STAR" and "TLS"; newer versions do not
                boolean startTls = word(f[0]).equals("STAR");
                out.add("C " + word(f[0]) + (f[0].length() == 4 && !startTls ? " " + f[1].trim() : ""));
            } else {
                out.add("S " + f[2]);
            }
        }
        return out;
    }

    @Test
    void tsharkFindsTheMxAnswer() throws Exception {
        requireTshark();
        List<String> mx = tshark(PcapExport.render(run("direct"), 0, false), "-Y", "dns.mx.mail_exchange",
                "-T", "fields", "-e", "dns.mx.mail_exchange");
        assertThat(String.join(",", mx)).contains("mx1.example.net").contains("mx2.example.net");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "relay", "backup-mx", "greylisting", "implicit-mx", "multi-domain", "null-mx",
        "nxdomain", "relay-denied", "unknown-user"})
    void tsharkDissectsEveryScenarioCleanlyInBothModes(String scenario) throws Exception {
        requireTshark();
        SimulationResult r = run(scenario);
        List<TimelineEvent> ev = events(r);
        for (boolean decrypted : new boolean[] {false, true}) {
            byte[] pcap = PcapExport.render(r, 0, decrypted);
            assertThat(problems(pcap)).as("%s decrypted=%s", scenario, decrypted).isEmpty();
            List<String> expected = expectedSmtp(visible(ev, decrypted));
            assertThat(expected).isNotEmpty();
            assertThat(smtpSeen(pcap)).as("%s decrypted=%s", scenario, decrypted).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void implicitMxShowsTheWholeSessionWithTheLegacyServerInClear() throws Exception {
        requireTshark();
        byte[] pcap = PcapExport.render(run("implicit-mx"), 0, false);
        List<String> commands = tshark(pcap, "-Y", "smtp.req.command && tcp.dstport == 25", "-T", "fields",
                "-e", "smtp.req.command");
        assertThat(commands).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "QUIT");
        List<String> codes = tshark(pcap, "-Y", "smtp.response.code && tcp.srcport == 25", "-T", "fields",
                "-E", "occurrence=f", "-e", "smtp.response.code");
        assertThat(codes).containsExactly("220", "250", "250", "250", "354", "250", "221");
        assertThat(tshark(pcap, "-Y", "imf.subject", "-T", "fields", "-e", "imf.subject")).hasSize(1);
    }

    @Test
    void tsharkSeesATls13HandshakeAndEncryptedRecordsByDefault() throws Exception {
        requireTshark();
        SimulationResult r = run("direct");
        byte[] pcap = PcapExport.render(r, 0, false);
        List<String> hs = tshark(pcap, "-Y", "tls.handshake.type", "-T", "fields", "-e", "tls.handshake.type",
                "-e", "tls.handshake.extensions_server_name", "-e", "tls.handshake.extensions.supported_version");
        // submission, transfer and the last leg (IMAP STARTTLS before LOGIN): one handshake each
        assertThat(hs).hasSize(6);
        assertThat(hs.get(0)).startsWith("1\tmail.example.org\t");
        assertThat(hs.get(1)).startsWith("2\t");
        assertThat(hs.get(2)).startsWith("1\tmx1.example.net\t");
        assertThat(hs.get(4)).startsWith("1\timap.example.net\t");
        long appData = tshark(pcap, "-Y", "tls.record.opaque_type == 23 || tls.record.content_type == 23").size();
        assertThat(appData).isGreaterThan(10);
        assertThat(tshark(pcap, "-Y", "smtp.req.command == \"MAIL\"")).isEmpty();
        assertThat(tshark(PcapExport.render(r, 0, true), "-Y", "tls")).isEmpty();
    }

    @Test
    void tsharkReadsTheIpv6Timeline() throws Exception {
        requireTshark();
        byte[] pcap = PcapExport.render(ipv6Journey(200), info6(), false);
        assertThat(problems(pcap)).isEmpty();
        assertThat(smtpSeen(pcap)).containsExactly("S 220", "C HELO mail.example.org", "S 250",
                "C MAIL FROM:<a@example.org>", "S 250", "C RCPT TO:<b@example.net>", "S 250", "C DATA ", "S 354",
                "S 250", "C QUIT ", "S 221");
        assertThat(tshark(pcap, "-Y", "ipv6 && dns.qry.name == \"example.net\"")).hasSize(1);
        assertThat(tshark(pcap, "-Y", "imf.subject == \"big\"")).hasSize(1);
    }

    @Test
    void tsharkShowsPop3Retrieval() throws Exception {
        requireTshark();
        SimulationResult r = run("direct", Retrieval.POP3);
        byte[] onTheWire = PcapExport.render(r, 0, false);
        assertThat(problems(onTheWire)).isEmpty();
        // on the wire the password is never in clear: STLS (RFC 2595) comes first
        assertThat(tshark(onTheWire, "-Y", "pop.request.command", "-T", "fields", "-e", "pop.request.command"))
                .containsExactly("CAPA", "STLS");
        byte[] decrypted = PcapExport.render(r, 0, true);
        assertThat(problems(decrypted)).isEmpty();
        assertThat(tshark(decrypted, "-Y", "pop.request.command", "-T", "fields", "-e", "pop.request.command"))
                .containsExactly("CAPA", "USER", "PASS", "STAT", "RETR", "QUIT");
    }

    @Test
    void tsharkShowsImapRetrieval() throws Exception {
        requireTshark();
        SimulationResult r = run("direct", Retrieval.IMAP);
        List<String> onTheWire = tshark(PcapExport.render(r, 0, false), "-Y", "imap.request.command", "-T",
                "fields", "-e", "imap.request.command");
        assertThat(onTheWire).extracting(s -> s.toUpperCase(Locale.ROOT)).containsExactly("STARTTLS");
        List<String> decrypted = tshark(PcapExport.render(r, 0, true), "-Y", "imap.request.command", "-T",
                "fields", "-e", "imap.request.command");
        assertThat(decrypted).extracting(s -> s.toUpperCase(Locale.ROOT))
                .containsExactly("CAPABILITY", "LOGIN", "SELECT", "FETCH", "LOGOUT");
    }
}
