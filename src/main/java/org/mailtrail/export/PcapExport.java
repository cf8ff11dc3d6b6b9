package org.mailtrail.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Renders one journey as a capture file that Wireshark and tshark open like a real one.
 *
 * <p>The file is in the classic libpcap format (magic {@code 0xa1b2c3d4}, version 2.4, microsecond
 * timestamps, {@code LINKTYPE_ETHERNET}; see the libpcap file format, draft-ietf-opsawg-pcap). Every
 * network event of the timeline becomes synthesized Ethernet II frames carrying IPv4 (RFC 791) or IPv6
 * (RFC 8200) packets with UDP (RFC 768) or TCP (RFC 9293, formerly RFC 793) inside; the IPv4 header
 * checksum and the UDP and TCP checksums over their pseudo-headers are the Internet checksum of RFC 1071.
 * Timeline-only events (MX decision, {@code Received:} added, message accepted, queued, …) produce no packets.
 *
 * <ul>
 *   <li>{@code DNS_QUERY}/{@code DNS_ANSWER}: one UDP datagram carrying the DNS message of
 *       {@code details.wire}; a timed-out answer has no packet.</li>
 *   <li>{@code TCP_SYN}, {@code TCP_SYN_ACK}, {@code TCP_ACK}: the three-way handshake with MSS, SACK-permitted
 *       and window-scale options; initial sequence numbers come from a hash of the connection, so the same
 *       timeline always gives the same file.</li>
 *   <li>{@code TCP_FAILED}: refused gives the server's RST/ACK; a timeout leaves the lone SYN (no
 *       retransmissions are synthesized).</li>
 *   <li>SMTP, POP3 and IMAP commands and replies: the lines joined with CRLF plus a final CRLF, cut into
 *       segments of at most 1460 bytes (1440 over IPv6; PSH on the last), then a pure ACK from the other side when the bytes
 *       arrive (the event's end) unless that side has already acknowledged them with a segment of its own.</li>
 *   <li>{@code TCP_CLOSE}: FIN/ACK, FIN/ACK, ACK.</li>
 * </ul>
 *
 * <p>TLS: by default, after a {@code TLS_NEGOTIATED} event the connection looks as it would on the wire:
 * the event becomes a TLS 1.3 handshake (RFC 8446: a ClientHello with fixed values, a ServerHello, change
 * cipher spec records and opaque application-data records standing for the encrypted handshake messages),
 * and every later command or reply becomes application-data records (type 23, version 0x0303) of
 * deterministic pseudo-random bytes, as long as the plaintext plus the inner content type and a 16-byte
 * AEAD tag. With {@code decrypted = true} the inner SMTP is written as plain text instead so that students
 * can read it in Wireshark. <strong>That mode is a teaching view, not a faithful capture</strong>: no TLS
 * bytes are written, and because Wireshark's SMTP dissector hands a connection over to TLS after the 220
 * reply to {@code STARTTLS}, the {@code STARTTLS} command and its reply are left out of that view (the
 * byte stream stays consistent; only those two lines are missing).
 */
public final class PcapExport {
    /** Largest TCP payload per segment over IPv4 (Ethernet MTU 1500 minus IPv4 and TCP headers). */
    static final int MSS = 1460;
    /** The same over IPv6, whose header is 20 bytes longer. */
    static final int MSS_V6 = 1440;
    /** The snapshot length written in the global header. */
    static final int SNAPLEN = 262_144;
    /** {@code LINKTYPE_ETHERNET}. */
    static final int LINKTYPE_ETHERNET = 1;

    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;

    private static final int PROTO_TCP = 6;
    private static final int PROTO_UDP = 17;
    /** Largest TLS plaintext fragment (RFC 8446 §5.1). */
    private static final int TLS_MAX_FRAGMENT = 16_384;
    /** Inner content type byte plus a 16-byte AEAD tag (RFC 8446 §5.2). */
    private static final int TLS_OVERHEAD = 17;
    /** Window-scale shift announced in SYN and SYN-ACK (RFC 7323 §2). */
    private static final int WSCALE = 7;
    /** Window field after the handshake; with the scale that is 1 MiB. */
    private static final int WINDOW = 8192;

    /** SYN options (RFC 9293 §3.7.1, RFC 7323, RFC 2018): MSS, NOP, window scale, NOP, NOP, SACK permitted. */
    private static byte[] synOptions(int mss) {
        return new byte[] {2, 4, (byte) (mss >> 8), (byte) mss, 1, 3, 3, WSCALE, 1, 1, 4, 2};
    }

    private PcapExport() {
    }

    /**
     * Renders journey {@code journeyIndex} of a session.
     *
     * @param r            the session
     * @param journeyIndex which journey (0 for the first)
     * @param decrypted    write SMTP after STARTTLS as plain text (a teaching view) instead of TLS records
     * @return the bytes of a libpcap file
     */
    public static byte[] render(SimulationResult r, int journeyIndex, boolean decrypted) {
        Objects.requireNonNull(r, "r");
        if (journeyIndex < 0 || journeyIndex >= r.journeys().size()) {
            throw new IllegalArgumentException("no journey " + journeyIndex + " in a session with "
                    + r.journeys().size());
        }
        return render(r.journeys().get(journeyIndex), r.info(), decrypted);
    }

    /**
     * Renders one journey.
     *
     * @param journey   the journey whose timeline is written
     * @param info      the session: its start time anchors the timestamps, its hosts name the MAC addresses
     * @param decrypted write SMTP after STARTTLS as plain text (a teaching view) instead of TLS records
     * @return the bytes of a libpcap file
     */
    public static byte[] render(Journey journey, SessionInfo info, boolean decrypted) {
        Objects.requireNonNull(journey, "journey");
        return new Writer(info, decrypted).run(journey.timeline().events());
    }

    // ------------------------------------------------------------------------------------------------

    /** One frame before it is written: when, in which order it was made, and its bytes. */
    private record Frame(long micros, int order, byte[] bytes) {
    }

    /** One end of a conversation: address, port and the MAC address of its host. */
    private record Endpoint(String text, byte[] ip, int port, String host, byte[] mac) {
    }

    /** An ACK one side owes the other for data that arrives at {@code due}. */
    private record PendingAck(boolean fromClient, long due, long ack) {
    }

    /** Turns events into frames. */
    private static final class Writer {
        private final SessionInfo info;
        private final boolean decrypted;
        private final long startMicros;
        private final List<Frame> frames = new ArrayList<>();
        private final Map<String, Flow> flows = new HashMap<>();
        private final List<Flow> allFlows = new ArrayList<>();
        private final Map<String, Integer> ipIds = new HashMap<>();

        Writer(SessionInfo info, boolean decrypted) {
            this.info = info;
            this.decrypted = decrypted;
            Instant start = info == null || info.start() == null ? Instant.EPOCH : info.start();
            this.startMicros = Math.addExact(Math.multiplyExact(start.getEpochSecond(), 1_000_000L),
                    start.getNano() / 1000);
        }

        byte[] run(List<TimelineEvent> events) {
            Set<Integer> skip = decrypted ? startTlsPairs(events) : Set.of();
            for (TimelineEvent e : events) {
                if (skip.contains(e.index())) {
                    continue;
                }
                switch (e.kind()) {
                    case DNS_QUERY:
                    case DNS_ANSWER:
                        dns(e);
                        break;
                    case TCP_SYN:
                        syn(e);
                        break;
                    case TCP_SYN_ACK:
                        synAck(e);
                        break;
                    case TCP_ACK:
                        handshakeAck(e);
                        break;
                    case TCP_FAILED:
                        failed(e);
                        break;
                    case TCP_CLOSE:
                        close(e);
                        break;
                    case TLS_NEGOTIATED:
                        tls(e);
                        break;
                    case SMTP_COMMAND:
                    case SMTP_REPLY:
                    case MAILBOX_COMMAND:
                    case MAILBOX_REPLY:
                        data(e);
                        break;
                    default:
                        break;
                }
            }
            for (Flow f : allFlows) {
                f.flushAll();
            }
            List<Frame> sorted = new ArrayList<>(frames);
            sorted.sort(Comparator.comparingLong(Frame::micros).thenComparingInt(Frame::order));
            return pcap(sorted);
        }

        /**
         * The STARTTLS command and its reply on every connection where TLS was then negotiated: the
         * teaching view leaves them out so that Wireshark keeps dissecting the plain text as SMTP.
         */
        private static Set<Integer> startTlsPairs(List<TimelineEvent> events) {
            Set<Integer> out = new HashSet<>();
            for (TimelineEvent t : events) {
                if (t.kind() != EventKind.TLS_NEGOTIATED || t.detail(Details.CONN).isEmpty()) {
                    continue;
                }
                String conn = t.detail(Details.CONN);
                int command = -1;
                for (int i = t.index() - 1; i >= 0 && command < 0; i--) {
                    TimelineEvent e = events.get(i);
                    if (conn.equals(e.detail(Details.CONN)) && isStartTls(e)) {
                        command = i;
                    }
                }
                if (command < 0) {
                    continue;
                }
                out.add(events.get(command).index());
                EventKind replyKind = events.get(command).kind() == EventKind.SMTP_COMMAND
                        ? EventKind.SMTP_REPLY : EventKind.MAILBOX_REPLY;
                for (int i = command + 1; i < t.index(); i++) {
                    TimelineEvent e = events.get(i);
                    if (e.kind() == replyKind && conn.equals(e.detail(Details.CONN))) {
                        out.add(e.index());
                        break;
                    }
                }
            }
            return out;
        }

        private static boolean isStartTls(TimelineEvent e) {
            if (e.kind() == EventKind.SMTP_COMMAND) {
                return "STARTTLS".equalsIgnoreCase(e.detail(Details.VERB))
                        || (!e.lines().isEmpty() && e.lines().get(0).trim().equalsIgnoreCase("STARTTLS"));
            }
            if (e.kind() == EventKind.MAILBOX_COMMAND && !e.lines().isEmpty()) {
                String l = e.lines().get(0).trim().toUpperCase(Locale.ROOT);
                return l.equals("STLS") || l.endsWith(" STARTTLS");
            }
            return false;
        }

        // ---- UDP ------------------------------------------------------------------------------------

        private void dns(TimelineEvent e) {
            String wire = e.detail(Details.WIRE);
            if (wire.isEmpty() || "TIMEOUT".equalsIgnoreCase(e.detail(Details.RCODE))) {
                return;
            }
            byte[] payload = Base64.getDecoder().decode(wire);
            Endpoint src = endpoint(e, true);
            Endpoint dst = endpoint(e, false);
            frame(e.timeMicros(), ip(src, dst, PROTO_UDP, Packets.udp(src, dst, payload)));
        }

        // ---- TCP ------------------------------------------------------------------------------------

        private void syn(TimelineEvent e) {
            Endpoint client = endpoint(e, true);
            Endpoint server = endpoint(e, false);
            Flow f = new Flow(this, flowKey(e), client, server, e.destination());
            flows.put(f.key, f);
            allFlows.add(f);
            f.emit(true, e.timeMicros(), SYN, new byte[0], synOptions(f.mss), 64240);
        }

        private void synAck(TimelineEvent e) {
            Flow f = flow(e, false);
            f.emit(false, e.timeMicros(), SYN | ACK, new byte[0], synOptions(f.mss), 65160);
        }

        private void handshakeAck(TimelineEvent e) {
            Flow f = flow(e, true);
            f.emit(true, e.timeMicros(), ACK, new byte[0], null, WINDOW);
        }

        private void failed(TimelineEvent e) {
            if (!"refused".equalsIgnoreCase(e.detail(Details.REASON))) {
                return; // a timeout: the SYN stays unanswered
            }
            // details run from the server to the client; RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            Flow f = flow(e, false);
            boolean fromClient = f.isClient(e, true);
            f.setNext(fromClient, 0);
            f.emit(fromClient, e.timeMicros(), RST | ACK, new byte[0], null, 0);
            f.closed = true;
        }

        private void close(TimelineEvent e) {
            Flow f = flow(e, true);
            boolean closer = f.isClient(e, true);
            long lat = e.endMicros() - e.timeMicros();
            f.emit(closer, e.timeMicros(), FIN | ACK, new byte[0], null, WINDOW);
            f.emit(!closer, e.endMicros(), FIN | ACK, new byte[0], null, WINDOW);
            f.emit(closer, e.endMicros() + lat, ACK, new byte[0], null, WINDOW);
            f.closed = true;
        }

        private void data(TimelineEvent e) {
            boolean fromClientKind = e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.MAILBOX_COMMAND;
            Flow f = flow(e, fromClientKind);
            boolean fromClient = f.isClient(e, fromClientKind);
            byte[] plain = joinLines(e.lines());
            byte[] bytes = f.tls && !decrypted ? Tls.applicationData(plain, f.random(fromClient)) : plain;
            f.send(fromClient, e.timeMicros(), e.endMicros(), bytes);
        }

        private void tls(TimelineEvent e) {
            Flow f = flow(e, true);
            f.tls = true;
            if (decrypted) {
                return;
            }
            long t0 = e.timeMicros();
            long end = e.endMicros();
            long half = t0 + (end - t0) / 2;
            boolean client = f.isClient(e, true);
            byte[] sessionId = new byte[32];
            f.random(client).nextBytes(sessionId);
            f.send(client, t0, half, Tls.clientHello(f.random(client), f.sni, sessionId));
            f.send(!client, half, end, Tls.serverFlight(f.random(!client), sessionId));
            f.send(client, end, end + (half - t0), Tls.clientFinished(f.random(client)));
        }

        private static byte[] joinLines(List<String> lines) {
            StringBuilder sb = new StringBuilder();
            for (String l : lines) {
                sb.append(l).append("\r\n");
            }
            if (lines.isEmpty()) {
                sb.append("\r\n");
            }
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private String flowKey(TimelineEvent e) {
            String conn = e.detail(Details.CONN);
            if (!conn.isEmpty()) {
                return conn;
            }
            String a = e.detail(Details.SRC_ADDR) + "/" + e.detail(Details.SRC_PORT);
            String b = e.detail(Details.DST_ADDR) + "/" + e.detail(Details.DST_PORT);
            return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        }

        /** The flow of an event; one is made up (without handshake packets) when the timeline has no SYN for it. */
        private Flow flow(TimelineEvent e, boolean srcIsClient) {
            Flow f = flows.get(flowKey(e));
            if (f == null) {
                Endpoint client = endpoint(e, srcIsClient);
                Endpoint server = endpoint(e, !srcIsClient);
                f = new Flow(this, flowKey(e), client, server, srcIsClient ? e.destination() : e.source());
                f.cNext = f.cIsn + 1;
                f.sNext = f.sIsn + 1;
                flows.put(f.key, f);
                allFlows.add(f);
            }
            return f;
        }

        // ---- frames ---------------------------------------------------------------------------------

        void frame(long micros, byte[] bytes) {
            frames.add(new Frame(micros, frames.size(), bytes));
        }

        /** An Ethernet II frame with an IPv4 or IPv6 packet around a transport segment. */
        byte[] ip(Endpoint src, Endpoint dst, int proto, Packets.Segment seg) {
            byte[] packet;
            int etherType;
            if (src.ip().length == 4 && dst.ip().length == 4) {
                int id = ipIds.merge(src.text(), 1, Integer::sum) + (Packets.hash32("ipid|" + src.text()) & 0x7fff);
                packet = Packets.ipv4(src.ip(), dst.ip(), proto, id & 0xffff, seg.finish(src.ip(), dst.ip(), proto));
                etherType = 0x0800;
            } else {
                byte[] s = v6(src);
                byte[] d = v6(dst);
                packet = Packets.ipv6(s, d, proto, seg.finish(s, d, proto));
                etherType = 0x86dd;
            }
            return Packets.ethernet(dst.mac(), src.mac(), etherType, packet);
        }

        /**
         * The IPv6 address of an endpoint. A simulated IPv4-only client talking to an IPv6 address gets its
         * host's IPv6 address from the session, else its IPv4 address under the well-known NAT64 prefix
         * 64:ff9b::/96 (RFC 6052 §2.1).
         */
        private byte[] v6(Endpoint ep) {
            if (ep.ip().length == 16) {
                return ep.ip();
            }
            SessionInfo.HostInfo h = info == null ? null : info.hosts().get(ep.host());
            if (h != null) {
                for (String a : h.addresses()) {
                    byte[] ip = Packets.parseAddress(a);
                    if (ip != null && ip.length == 16) {
                        return ip;
                    }
                }
            }
            byte[] b = new byte[16];
            b[1] = 0x64;
            b[2] = (byte) 0xff;
            b[3] = (byte) 0x9b;
            System.arraycopy(ep.ip(), 0, b, 12, 4);
            return b;
        }

        private Endpoint endpoint(TimelineEvent e, boolean source) {
            String addr = e.detail(source ? Details.SRC_ADDR : Details.DST_ADDR).trim();
            String name = source ? e.source() : e.destination();
            byte[] ip = Packets.parseAddress(addr);
            if (ip == null && info != null) {
                SessionInfo.HostInfo h = info.hosts().get(name);
                if (h != null) {
                    for (String a : h.addresses()) {
                        ip = Packets.parseAddress(a);
                        if (ip != null) {
                            addr = a;
                            break;
                        }
                    }
                }
            }
            if (ip == null) {
                // RFC 2544 benchmarking space, so a made-up address cannot be mistaken for a real one
                int h = Packets.hash32("addr|" + name);
                ip = new byte[] {(byte) 198, (byte) (18 + (h & 1)), (byte) (h >>> 8), (byte) (h >>> 16)};
                addr = (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
            }
            int port;
            try {
                port = Integer.parseInt(e.detail(source ? Details.SRC_PORT : Details.DST_PORT).trim()) & 0xffff;
            } catch (NumberFormatException ex) {
                port = 0;
            }
            String host = hostFor(addr, name);
            return new Endpoint(addr, ip, port, host, Packets.mac(host));
        }

        /** The host that owns an address according to the session, else the event's name for it. */
        private String hostFor(String addr, String name) {
            if (info != null) {
                for (SessionInfo.HostInfo h : info.hosts().values()) {
                    if (h.addresses().contains(addr)) {
                        return h.name();
                    }
                }
            }
            return name.isEmpty() ? addr : name;
        }

        private byte[] pcap(List<Frame> sorted) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 + sorted.size() * 128);
            Packets.be32(out, 0xa1b2c3d4);
            Packets.be16(out, 2);
            Packets.be16(out, 4);
            Packets.be32(out, 0); // thiszone
            Packets.be32(out, 0); // sigfigs
            Packets.be32(out, SNAPLEN);
            Packets.be32(out, LINKTYPE_ETHERNET);
            for (Frame f : sorted) {
                long t = startMicros + f.micros();
                Packets.be32(out, (int) Math.floorDiv(t, 1_000_000L));
                Packets.be32(out, (int) Math.floorMod(t, 1_000_000L));
                Packets.be32(out, f.bytes().length);
                Packets.be32(out, f.bytes().length);
                out.writeBytes(f.bytes());
            }
            return out.toByteArray();
        }
    }

    /**
     * One TCP connection: the next sequence number of each side (kept as a growing long, written modulo
     * 2^32), the ACKs each side still owes, and whether TLS is on.
     */
    private static final class Flow {
        final Writer w;
        final String key;
        final Endpoint client;
        final Endpoint server;
        final String sni;
        final long cIsn;
        final int mss;
        final long sIsn;
        long cNext;
        long sNext;
        boolean tls;
        boolean closed;
        long lastMicros = Long.MIN_VALUE;
        int randomCounter;
        final Deque<PendingAck> pending = new ArrayDeque<>();

        Flow(Writer w, String key, Endpoint client, Endpoint server, String serverName) {
            this.w = w;
            this.key = key;
            this.client = client;
            this.server = server;
            this.sni = serverName;
            this.mss = client.ip().length == 4 && server.ip().length == 4 ? MSS : MSS_V6;
            String id = key + "|" + client.text() + ":" + client.port() + "|" + server.text() + ":" + server.port();
            this.cIsn = Packets.hash32("isn|c|" + id) & 0xffffffffL;
            this.sIsn = Packets.hash32("isn|s|" + id) & 0xffffffffL;
            this.cNext = cIsn;
            this.sNext = sIsn;
        }

        /** Whether the event's source (or destination) endpoint is this flow's client. */
        boolean isClient(TimelineEvent e, boolean fallback) {
            String a = e.detail(Details.SRC_ADDR).trim();
            String p = e.detail(Details.SRC_PORT).trim();
            if (a.equals(client.text()) && p.equals(Integer.toString(client.port()))) {
                return true;
            }
            if (a.equals(server.text()) && p.equals(Integer.toString(server.port()))) {
                return false;
            }
            return fallback;
        }

        void setNext(boolean fromClient, long value) {
            if (fromClient) {
                cNext = value;
            } else {
                sNext = value;
            }
        }

        /** Deterministic bytes for TLS records: from the connection, the side and a counter. */
        Random random(boolean fromClient) {
            return new Random(((long) Packets.hash32("tls|" + key + "|" + fromClient) << 32) ^ randomCounter++);
        }

        /** Data from one side: segments of at most MSS bytes, then a pure ACK owed by the other side at arrival. */
        void send(boolean fromClient, long micros, long arrival, byte[] bytes) {
            for (int off = 0; off < bytes.length; off += mss) {
                int n = Math.min(mss, bytes.length - off);
                byte[] chunk = new byte[n];
                System.arraycopy(bytes, off, chunk, 0, n);
                boolean last = off + n >= bytes.length;
                emit(fromClient, micros, ACK | (last ? PSH : 0), chunk, null, WINDOW);
            }
            pending.addLast(new PendingAck(!fromClient, Math.max(arrival, micros), fromClient ? cNext : sNext));
        }

        /** Writes one segment after the ACKs that fell due before it; advances the sender's sequence number. */
        void emit(boolean fromClient, long micros, int flags, byte[] payload, byte[] options, int window) {
            long t = Math.max(micros, lastMicros);
            flushDue(t);
            long ack = (flags & ACK) != 0 ? (fromClient ? sNext : cNext) : 0;
            if ((flags & ACK) != 0) {
                // this segment acknowledges what a pending pure ACK of the same side would have
                pending.removeIf(p -> p.fromClient() == fromClient && p.ack() <= ack);
            }
            raw(fromClient, t, flags, payload, options, window, ack);
        }

        private void raw(boolean fromClient, long t, int flags, byte[] payload, byte[] options, int window, long ack) {
            Endpoint src = fromClient ? client : server;
            Endpoint dst = fromClient ? server : client;
            long seq = fromClient ? cNext : sNext;
            Packets.Segment seg = Packets.tcp(src.port(), dst.port(), seq, ack, flags, window, options, payload);
            w.frame(t, w.ip(src, dst, PROTO_TCP, seg));
            long advance = payload.length + ((flags & SYN) != 0 ? 1 : 0) + ((flags & FIN) != 0 ? 1 : 0);
            setNext(fromClient, seq + advance);
            lastMicros = t;
        }

        private void flushDue(long t) {
            for (PendingAck p = earliestDue(t); p != null; p = earliestDue(t)) {
                boolean side = p.fromClient();
                long ack = p.ack();
                for (PendingAck q : pending) {
                    if (q.fromClient() == side && q.due() == p.due()) {
                        ack = Math.max(ack, q.ack()); // ACKs due at the same moment go out as one
                    }
                }
                long covered = ack;
                pending.removeIf(q -> q.fromClient() == side && q.ack() <= covered);
                raw(side, Math.max(p.due(), lastMicros), ACK, new byte[0], null, WINDOW, covered);
            }
        }

        private PendingAck earliestDue(long t) {
            PendingAck best = null;
            for (PendingAck p : pending) {
                if (p.due() <= t && (best == null || p.due() < best.due())) {
                    best = p;
                }
            }
            return best;
        }

        void flushAll() {
            flushDue(Long.MAX_VALUE);
        }
    }

    /** Synthesized TLS 1.3 records (RFC 8446) with fixed or pseudo-random contents. */
    private static final class Tls {
        private Tls() {
        }

        static byte[] record(int type, int version, byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
            out.write(type);
            Packets.be16(out, version);
            Packets.be16(out, body.length);
            out.writeBytes(body);
            return out.toByteArray();
        }

        private static byte[] bytes(Random r, int n) {
            byte[] b = new byte[n];
            r.nextBytes(b);
            return b;
        }

        /** Application-data records standing for the plaintext: same length plus content type and tag. */
        static byte[] applicationData(byte[] plain, Random r) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length + 64);
            int off = 0;
            do {
                int n = Math.min(TLS_MAX_FRAGMENT, plain.length - off);
                out.writeBytes(record(23, 0x0303, bytes(r, n + TLS_OVERHEAD)));
                off += n;
            } while (off < plain.length);
            return out.toByteArray();
        }

        private static byte[] handshake(int type, byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 4);
            out.write(type);
            out.write(body.length >>> 16);
            Packets.be16(out, body.length & 0xffff);
            out.writeBytes(body);
            return out.toByteArray();
        }

        private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
            Packets.be16(out, type);
            Packets.be16(out, data.length);
            out.writeBytes(data);
        }

        private static byte[] keyShare(Random r, boolean list) {
            ByteArrayOutputStream ks = new ByteArrayOutputStream();
            if (list) {
                Packets.be16(ks, 36);
            }
            Packets.be16(ks, 0x001d); // x25519
            Packets.be16(ks, 32);
            ks.writeBytes(bytes(r, 32));
            return ks.toByteArray();
        }

        /** A ClientHello offering TLS 1.3 with the server name (RFC 6066 §3) when it is a DNS name. */
        static byte[] clientHello(Random r, String serverName, byte[] sessionId) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Packets.be16(b, 0x0303); // legacy_version
            b.writeBytes(bytes(r, 32)); // random
            b.write(32);
            b.writeBytes(sessionId); // legacy_session_id (RFC 8446 §4.1.2: compatibility mode)
            Packets.be16(b, 6);
            Packets.be16(b, 0x1302); // TLS_AES_256_GCM_SHA384
            Packets.be16(b, 0x1303); // TLS_CHACHA20_POLY1305_SHA256
            Packets.be16(b, 0x1301); // TLS_AES_128_GCM_SHA256
            b.write(1);
            b.write(0); // null compression
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            if (serverName != null && serverName.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,250}[A-Za-z0-9])?")
                    && Packets.parseAddress(serverName) == null) {
                byte[] name = serverName.getBytes(StandardCharsets.US_ASCII);
                ByteArrayOutputStream sn = new ByteArrayOutputStream();
                Packets.be16(sn, name.length + 3);
                sn.write(0); // host_name
                Packets.be16(sn, name.length);
                sn.writeBytes(name);
                extension(ext, 0, sn.toByteArray());
            }
            extension(ext, 10, new byte[] {0, 2, 0, 0x1d}); // supported_groups: x25519
            extension(ext, 13, new byte[] {0, 4, 4, 3, 8, 4}); // signature_algorithms
            extension(ext, 43, new byte[] {2, 3, 4}); // supported_versions: TLS 1.3
            extension(ext, 51, keyShare(r, true));
            Packets.be16(b, ext.size());
            b.writeBytes(ext.toByteArray());
            return record(22, 0x0301, handshake(1, b.toByteArray()));
        }

        /** ServerHello, change_cipher_spec, and the encrypted rest of the server's flight as opaque data. */
        static byte[] serverFlight(Random r, byte[] sessionId) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Packets.be16(b, 0x0303);
            b.writeBytes(bytes(r, 32));
            b.write(32);
            b.writeBytes(sessionId); // legacy_session_id_echo
            Packets.be16(b, 0x1302);
            b.write(0);
            ByteArrayOutputStream ext = new ByteArrayOutputStream();
            extension(ext, 43, new byte[] {3, 4});
            extension(ext, 51, keyShare(r, false));
            Packets.be16(b, ext.size());
            b.writeBytes(ext.toByteArray());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(record(22, 0x0303, handshake(2, b.toByteArray())));
            out.writeBytes(record(20, 0x0303, new byte[] {1}));
            // EncryptedExtensions, Certificate, CertificateVerify, Finished: opaque to an observer
            int certificate = 900 + r.nextInt(400);
            out.writeBytes(record(23, 0x0303, bytes(r, 6 + TLS_OVERHEAD)));
            out.writeBytes(record(23, 0x0303, bytes(r, certificate + TLS_OVERHEAD)));
            out.writeBytes(record(23, 0x0303, bytes(r, 264 + TLS_OVERHEAD)));
            out.writeBytes(record(23, 0x0303, bytes(r, 52 + TLS_OVERHEAD)));
            return out.toByteArray();
        }

        /** The client's change_cipher_spec and its encrypted Finished. */
        static byte[] clientFinished(Random r) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(record(20, 0x0303, new byte[] {1}));
            out.writeBytes(record(23, 0x0303, bytes(r, 52 + TLS_OVERHEAD)));
            return out.toByteArray();
        }
    }

    /** Byte-level building blocks: headers, the Internet checksum, addresses, MAC addresses. */
    private static final class Packets {
        private Packets() {
        }

        /** A transport segment whose checksum is filled in once the IP addresses are known. */
        static final class Segment {
            private final byte[] bytes;
            private final int checksumOffset;
            private final boolean udp;

            Segment(byte[] bytes, int checksumOffset, boolean udp) {
                this.bytes = bytes;
                this.checksumOffset = checksumOffset;
                this.udp = udp;
            }

            /** The segment with its checksum over the pseudo-header (RFC 9293 §3.1, RFC 768, RFC 8200 §8.1). */
            byte[] finish(byte[] src, byte[] dst, int proto) {
                byte[] out = bytes.clone();
                int sum = checksum(pseudoHeader(src, dst, proto, out.length), out);
                if (udp && sum == 0) {
                    sum = 0xffff; // RFC 768: a computed zero is sent as all ones
                }
                out[checksumOffset] = (byte) (sum >>> 8);
                out[checksumOffset + 1] = (byte) sum;
                return out;
            }
        }

        static Segment udp(Endpoint src, Endpoint dst, byte[] payload) {
            byte[] b = new byte[8 + payload.length];
            put16(b, 0, src.port());
            put16(b, 2, dst.port());
            put16(b, 4, b.length);
            System.arraycopy(payload, 0, b, 8, payload.length);
            return new Segment(b, 6, true);
        }

        static Segment tcp(int srcPort, int dstPort, long seq, long ack, int flags, int window, byte[] options,
                           byte[] payload) {
            int optLen = options == null ? 0 : options.length;
            int header = 20 + optLen;
            byte[] b = new byte[header + payload.length];
            put16(b, 0, srcPort);
            put16(b, 2, dstPort);
            put32(b, 4, (int) seq);
            put32(b, 8, (int) ack);
            b[12] = (byte) ((header / 4) << 4);
            b[13] = (byte) flags;
            put16(b, 14, window);
            if (optLen > 0) {
                System.arraycopy(options, 0, b, 20, optLen);
            }
            System.arraycopy(payload, 0, b, header, payload.length);
            return new Segment(b, 16, false);
        }

        /** An IPv4 header (RFC 791) with DF set, TTL 64 and its header checksum, then the payload. */
        static byte[] ipv4(byte[] src, byte[] dst, int proto, int id, byte[] payload) {
            byte[] b = new byte[20 + payload.length];
            b[0] = 0x45;
            put16(b, 2, b.length);
            put16(b, 4, id);
            put16(b, 6, 0x4000);
            b[8] = 64;
            b[9] = (byte) proto;
            System.arraycopy(src, 0, b, 12, 4);
            System.arraycopy(dst, 0, b, 16, 4);
            put16(b, 10, checksum(new byte[0], java.util.Arrays.copyOf(b, 20)));
            System.arraycopy(payload, 0, b, 20, payload.length);
            return b;
        }

        /** An IPv6 header (RFC 8200 §3) with hop limit 64, then the payload. */
        static byte[] ipv6(byte[] src, byte[] dst, int proto, byte[] payload) {
            byte[] b = new byte[40 + payload.length];
            b[0] = 0x60;
            put16(b, 4, payload.length);
            b[6] = (byte) proto;
            b[7] = 64;
            System.arraycopy(src, 0, b, 8, 16);
            System.arraycopy(dst, 0, b, 24, 16);
            System.arraycopy(payload, 0, b, 40, payload.length);
            return b;
        }

        /** An Ethernet II frame, padded to the 60-byte minimum (the FCS is not captured). */
        static byte[] ethernet(byte[] dstMac, byte[] srcMac, int etherType, byte[] payload) {
            byte[] b = new byte[Math.max(60, 14 + payload.length)];
            System.arraycopy(dstMac, 0, b, 0, 6);
            System.arraycopy(srcMac, 0, b, 6, 6);
            put16(b, 12, etherType);
            System.arraycopy(payload, 0, b, 14, payload.length);
            return b;
        }

        static byte[] pseudoHeader(byte[] src, byte[] dst, int proto, int length) {
            if (src.length == 4) {
                byte[] p = new byte[12];
                System.arraycopy(src, 0, p, 0, 4);
                System.arraycopy(dst, 0, p, 4, 4);
                p[9] = (byte) proto;
                put16(p, 10, length);
                return p;
            }
            byte[] p = new byte[40];
            System.arraycopy(src, 0, p, 0, 16);
            System.arraycopy(dst, 0, p, 16, 16);
            put32(p, 32, length);
            p[39] = (byte) proto;
            return p;
        }

        /** The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words. */
        static int checksum(byte[] prefix, byte[] data) {
            long sum = sum(prefix) + sum(data);
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
            return (int) (~sum & 0xffff);
        }

        private static long sum(byte[] b) {
            long sum = 0;
            for (int i = 0; i + 1 < b.length; i += 2) {
                sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
            }
            if ((b.length & 1) != 0) {
                sum += (b[b.length - 1] & 0xff) << 8;
            }
            return sum;
        }

        /** A locally administered unicast MAC address derived from a host name. */
        static byte[] mac(String host) {
            byte[] h = sha256("mac|" + host);
            return new byte[] {0x02, h[0], h[1], h[2], h[3], h[4]};
        }

        static int hash32(String s) {
            byte[] h = sha256(s);
            return ((h[0] & 0xff) << 24) | ((h[1] & 0xff) << 16) | ((h[2] & 0xff) << 8) | (h[3] & 0xff);
        }

        private static byte[] sha256(String s) {
            try {
                return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing", e);
            }
        }

        /** Parses an IPv4 or IPv6 literal without any name lookup; null when it is not one. */
        static byte[] parseAddress(String s) {
            if (s == null || s.isEmpty()) {
                return null;
            }
            String t = s.trim();
            if (t.startsWith("[") && t.endsWith("]")) {
                t = t.substring(1, t.length() - 1);
            }
            int zone = t.indexOf('%');
            if (zone >= 0) {
                t = t.substring(0, zone);
            }
            return t.indexOf(':') >= 0 ? parseV6(t) : parseV4(t);
        }

        private static byte[] parseV4(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) {
                return null;
            }
            byte[] b = new byte[4];
            for (int i = 0; i < 4; i++) {
                if (!parts[i].matches("[0-9]{1,3}")) {
                    return null;
                }
                int v = Integer.parseInt(parts[i]);
                if (v > 255) {
                    return null;
                }
                b[i] = (byte) v;
            }
            return b;
        }

        private static byte[] parseV6(String s) {
            int dbl = s.indexOf("::");
            if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) {
                return null;
            }
            List<Integer> head = new ArrayList<>();
            List<Integer> tail = new ArrayList<>();
            if (dbl >= 0) {
                if (!groups(s.substring(0, dbl), head) || !groups(s.substring(dbl + 2), tail)) {
                    return null;
                }
            } else if (!groups(s, head)) {
                return null;
            }
            int n = head.size() + tail.size();
            if (n > 8 || (dbl < 0 && n != 8) || (dbl >= 0 && n == 8)) {
                return null;
            }
            byte[] b = new byte[16];
            for (int i = 0; i < head.size(); i++) {
                put16(b, 2 * i, head.get(i));
            }
            for (int i = 0; i < tail.size(); i++) {
                put16(b, 16 - 2 * (tail.size() - i), tail.get(i));
            }
            return b;
        }

        /** Hex groups separated by colons, the last may be a dotted IPv4 address; false when malformed. */
        private static boolean groups(String s, List<Integer> out) {
            if (s.isEmpty()) {
                return true;
            }
            String[] parts = s.split(":", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i];
                if (i == parts.length - 1 && p.indexOf('.') >= 0) {
                    byte[] v4 = parseV4(p);
                    if (v4 == null) {
                        return false;
                    }
                    out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                    out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                } else if (p.matches("[0-9A-Fa-f]{1,4}")) {
                    out.add(Integer.parseInt(p, 16));
                } else {
                    return false;
                }
            }
            return true;
        }

        static void put16(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 8);
            b[off + 1] = (byte) v;
        }

        static void put32(byte[] b, int off, int v) {
            b[off] = (byte) (v >>> 24);
            b[off + 1] = (byte) (v >>> 16);
            b[off + 2] = (byte) (v >>> 8);
            b[off + 3] = (byte) v;
        }

        static void be16(ByteArrayOutputStream out, int v) {
            out.write(v >>> 8);
            out.write(v);
        }

        static void be32(ByteArrayOutputStream out, int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
        }
    }
}
