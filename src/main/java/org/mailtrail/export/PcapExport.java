package org.mailtrail.export;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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

    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    /** Largest TLS plaintext fragment (RFC 8446 §5.1). */
    static final int TLS_MAX_FRAGMENT = 16_384;
    /** Inner content type byte plus a 16-byte AEAD tag (RFC 8446 §5.2). */
    static final int TLS_OVERHEAD = 17;
    /** Window-scale shift announced in SYN and SYN-ACK (RFC 7323 §2). */
    static final int WSCALE = 7;
    /** Window field after the handshake; with the scale that is 1 MiB. */
    static final int WINDOW = 8192;

    /** SYN options (RFC 9293 §3.7.1, RFC 7323, RFC 2018): MSS, NOP, window scale, NOP, NOP, SACK permitted. */
    static byte[] synOptions(int mss) {
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
    record Frame(long micros, int order, byte[] bytes) {
    }

    /** One end of a conversation: address, port and the MAC address of its host. */
    record Endpoint(String text, byte[] ip, int port, String host, byte[] mac) {
    }

    /** An ACK one side owes the other for data that arrives at {@code due}. */
    record PendingAck(boolean fromClient, long due, long ack) {
    }

    /** Turns events into frames. */
    static final class Writer {
        private final SessionInfo info;
        private final boolean decrypted;
        private final long startMicros;
        private final List<Frame> frames = new ArrayList<>();
        private final Map<String, PcapFlow> flows = new HashMap<>();
        private final List<PcapFlow> allFlows = new ArrayList<>();
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
            for (PcapFlow f : allFlows) {
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
            frame(e.timeMicros(), ip(src, dst, PROTO_UDP, PcapPackets.udp(src, dst, payload)));
        }

        // ---- TCP ------------------------------------------------------------------------------------

        private void syn(TimelineEvent e) {
            Endpoint client = endpoint(e, true);
            Endpoint server = endpoint(e, false);
            PcapFlow f = new PcapFlow(this, flowKey(e), client, server, e.destination());
            flows.put(f.key, f);
            allFlows.add(f);
            f.emit(true, e.timeMicros(), SYN, new byte[0], synOptions(f.mss), 64240);
        }

        private void synAck(TimelineEvent e) {
            PcapFlow f = flow(e, false);
            f.emit(false, e.timeMicros(), SYN | ACK, new byte[0], synOptions(f.mss), 65160);
        }

        private void handshakeAck(TimelineEvent e) {
            PcapFlow f = flow(e, true);
            f.emit(true, e.timeMicros(), ACK, new byte[0], null, WINDOW);
        }

        private void failed(TimelineEvent e) {
            if (!"refused".equalsIgnoreCase(e.detail(Details.REASON))) {
                return; // a timeout: the SYN stays unanswered
            }
            // details run from the server to the client; RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>
            PcapFlow f = flow(e, false);
            boolean fromClient = f.isClient(e, true);
            f.setNext(fromClient, 0);
            f.emit(fromClient, e.timeMicros(), RST | ACK, new byte[0], null, 0);
            f.closed = true;
        }

        private void close(TimelineEvent e) {
            PcapFlow f = flow(e, true);
            boolean closer = f.isClient(e, true);
            long lat = e.endMicros() - e.timeMicros();
            f.emit(closer, e.timeMicros(), FIN | ACK, new byte[0], null, WINDOW);
            f.emit(!closer, e.endMicros(), FIN | ACK, new byte[0], null, WINDOW);
            f.emit(closer, e.endMicros() + lat, ACK, new byte[0], null, WINDOW);
            f.closed = true;
        }

        private void data(TimelineEvent e) {
            boolean fromClientKind = e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.MAILBOX_COMMAND;
            PcapFlow f = flow(e, fromClientKind);
            boolean fromClient = f.isClient(e, fromClientKind);
            byte[] plain = joinLines(e.lines());
            byte[] bytes = f.tls && !decrypted ? PcapTls.applicationData(plain, f.random(fromClient)) : plain;
            f.send(fromClient, e.timeMicros(), e.endMicros(), bytes);
        }

        private void tls(TimelineEvent e) {
            PcapFlow f = flow(e, true);
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
            f.send(client, t0, half, PcapTls.clientHello(f.random(client), f.sni, sessionId));
            f.send(!client, half, end, PcapTls.serverFlight(f.random(!client), sessionId));
            f.send(client, end, end + (half - t0), PcapTls.clientFinished(f.random(client)));
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

        /**
         * The flow of an event; when the timeline has no SYN for it (a pasted transcript begins with the greeting) one
         * is made up, with a handshake at the event's time so that Wireshark sees the connection open.
         */
        private PcapFlow flow(TimelineEvent e, boolean srcIsClient) {
            PcapFlow f = flows.get(flowKey(e));
            if (f == null) {
                Endpoint client = endpoint(e, srcIsClient);
                Endpoint server = endpoint(e, !srcIsClient);
                f = new PcapFlow(this, flowKey(e), client, server, srcIsClient ? e.destination() : e.source());
                flows.put(f.key, f);
                allFlows.add(f);
                f.emit(true, e.timeMicros(), SYN, new byte[0], synOptions(f.mss), 64240);
                f.emit(false, e.timeMicros(), SYN | ACK, new byte[0], synOptions(f.mss), 65160);
                f.emit(true, e.timeMicros(), ACK, new byte[0], null, WINDOW);
            }
            return f;
        }

        // ---- frames ---------------------------------------------------------------------------------

        void frame(long micros, byte[] bytes) {
            frames.add(new Frame(micros, frames.size(), bytes));
        }

        /** An Ethernet II frame with an IPv4 or IPv6 packet around a transport segment. */
        byte[] ip(Endpoint src, Endpoint dst, int proto, PcapPackets.Segment seg) {
            byte[] packet;
            int etherType;
            if (src.ip().length == 4 && dst.ip().length == 4) {
                int id = ipIds.merge(src.text(), 1, Integer::sum) + (PcapPackets.hash32("ipid|" + src.text()) & 0x7fff);
                packet = PcapPackets.ipv4(src.ip(), dst.ip(), proto, id & 0xffff, seg.finish(src.ip(), dst.ip(), proto));
                etherType = 0x0800;
            } else {
                byte[] s = v6(src);
                byte[] d = v6(dst);
                packet = PcapPackets.ipv6(s, d, proto, seg.finish(s, d, proto));
                etherType = 0x86dd;
            }
            return PcapPackets.ethernet(dst.mac(), src.mac(), etherType, packet);
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
                    byte[] ip = PcapPackets.parseAddress(a);
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
            byte[] ip = PcapPackets.parseAddress(addr);
            if (ip == null && info != null) {
                SessionInfo.HostInfo h = info.hosts().get(name);
                if (h != null) {
                    for (String a : h.addresses()) {
                        ip = PcapPackets.parseAddress(a);
                        if (ip != null) {
                            addr = a;
                            break;
                        }
                    }
                }
            }
            if (ip == null) {
                // RFC 2544 benchmarking space, so a made-up address cannot be mistaken for a real one
                int h = PcapPackets.hash32("addr|" + name);
                ip = new byte[] {(byte) 198, (byte) (18 + (h & 1)), (byte) (h >>> 8), (byte) (h >>> 16)};
                addr = (ip[0] & 0xff) + "." + (ip[1] & 0xff) + "." + (ip[2] & 0xff) + "." + (ip[3] & 0xff);
            }
            int port;
            try {
                port = Integer.parseInt(e.detail(source ? Details.SRC_PORT : Details.DST_PORT).trim()) & 0xffff;
            } catch (NumberFormatException ex) {
                port = 0;
            }
            if (port == 0) {
                // not said (a pasted transcript names the server's port only): port 0 is no TCP port, so a made-up
                // one from the dynamic range (RFC 6335 §6), the same for the same host
                port = 49152 + (PcapPackets.hash32("port|" + name) & 0x3fff);
            }
            String host = hostFor(addr, name);
            return new Endpoint(addr, ip, port, host, PcapPackets.mac(host));
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
            PcapPackets.be32(out, 0xa1b2c3d4);
            PcapPackets.be16(out, 2);
            PcapPackets.be16(out, 4);
            PcapPackets.be32(out, 0); // thiszone
            PcapPackets.be32(out, 0); // sigfigs
            PcapPackets.be32(out, SNAPLEN);
            PcapPackets.be32(out, LINKTYPE_ETHERNET);
            for (Frame f : sorted) {
                long t = startMicros + f.micros();
                PcapPackets.be32(out, (int) Math.floorDiv(t, 1_000_000L));
                PcapPackets.be32(out, (int) Math.floorMod(t, 1_000_000L));
                PcapPackets.be32(out, f.bytes().length);
                PcapPackets.be32(out, f.bytes().length);
                out.writeBytes(f.bytes());
            }
            return out.toByteArray();
        }
    }

}
