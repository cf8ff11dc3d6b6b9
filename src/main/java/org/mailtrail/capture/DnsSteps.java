package org.mailtrail.capture;

import java.util.Base64;
import java.util.List;
import org.mailtrail.dns.DnsExchange;
import org.mailtrail.dns.DnsText;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.RfcReferences;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * DNS messages found in a capture (UDP, or TCP with its 2-octet length, RFC 1035 §4.2), parsed by dnsjava's
 * {@link Message} and written as the simulation writes its own queries and answers (same kinds, keys and details);
 * the A and AAAA answers name the hosts of the capture.
 */
final class DnsSteps {
    /** Ports on which UDP is read as DNS: 53, and the ports local test servers use. */
    static boolean isDnsPort(int port) {
        return port == 53 || port == 5353 || port == 5053 || port == 8053 || port == 1053;
    }

    /** DNS messages put on the timeline at most; the rest are counted. */
    static final int MAX_MESSAGES = 20_000;
    private final CaptureEvents events;
    private long messages;
    private long damaged;

    DnsSteps(CaptureEvents events) {
        this.events = events;
    }

    /** One DNS message from src to dst; false when the bytes are no DNS message. */
    boolean message(byte[] wire, String proto, String srcAddr, int srcPort, String dstAddr, int dstPort, long t) {
        Message m;
        try {
            m = new Message(wire);
        } catch (java.io.IOException | RuntimeException e) { // dnsjava throws WireParseException, some bad input more
            damaged++;
            return false;
        }
        Record q = m.getQuestion();
        if (q == null) {
            damaged++;
            return false;
        }
        messages++;
        if (messages > MAX_MESSAGES) {
            return true; // counted; a capture full of DNS keeps a bounded timeline
        }
        String qname = q.getName().toString();
        int qtype = q.getType();
        boolean query = !m.getHeader().getFlag(Flags.QR);
        boolean same = srcAddr.equals(dstAddr); // on loopback the resolver's client and server share an address
        String src = (same && query ? "client [" : "[") + srcAddr + "]";
        String dst = (same && !query ? "client [" : "[") + dstAddr + "]";
        Details.Builder d = Details.builder().put(Details.PROTO, proto).put(Details.SRC_ADDR, srcAddr)
                .put(Details.SRC_PORT, Integer.toString(srcPort)).put(Details.DST_ADDR, dstAddr)
                .put(Details.DST_PORT, Integer.toString(dstPort)).put(Details.QNAME, qname)
                .put(Details.QTYPE, DnsText.typeName(qtype));
        List<String> lines = List.of(DnsText.digStyle(m).split("\n"));
        if (query) {
            DnsExchange x = new DnsExchange(qname, qtype, m, null, null);
            d.put(Details.WIRE, Base64.getEncoder().encodeToString(wire));
            events.host(src, "mua", srcAddr);
            events.host(dst, "dns", dstAddr);
            events.add(t, t, EventKind.DNS_QUERY, src, dst, "DNS query " + x.questionText(), lines, x.queryKey(),
                    RfcReferences.of(x.queryKey(), "RFC 1035 §4.1"), d.build());
            return true;
        }
        DnsExchange x = new DnsExchange(qname, qtype, null, m, null);
        d.put(Details.RCODE, Rcode.string(m.getRcode())).put(Details.WIRE, Base64.getEncoder().encodeToString(wire));
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                events.learn(a.getAddress().getHostAddress(), r.getName().toString());
            } else if (r instanceof AAAARecord a) {
                events.learn(PacketDecoder.ipv6Text(a.getAddress().getAddress(), 0), r.getName().toString());
            }
        }
        events.host(src, "dns", srcAddr);
        events.add(t, t, EventKind.DNS_ANSWER, src, dst, "DNS answer " + x.questionText() + ": " + x.answerSummary(),
                lines, x.answerKey(), RfcReferences.of(x.answerKey(), "RFC 1035 §4.1"), d.build());
        return true;
    }

    long messages() {
        return messages;
    }

    long damaged() {
        return damaged;
    }

    /** A DNS-over-TCP connection: messages with their 2-octet length (RFC 1035 §4.2.2, RFC 7766). */
    final class TcpDns implements Conversation {
        private final String clientAddr;
        private final int clientPort;
        private final String serverAddr;
        private final int serverPort;
        private final java.io.ByteArrayOutputStream[] buf = {new java.io.ByteArrayOutputStream(),
                new java.io.ByteArrayOutputStream()};

        TcpDns(String clientAddr, int clientPort, String serverAddr, int serverPort) {
            this.clientAddr = clientAddr;
            this.clientPort = clientPort;
            this.serverAddr = serverAddr;
            this.serverPort = serverPort;
        }

        @Override
        public void data(boolean fromClient, byte[] bytes, long t) {
            java.io.ByteArrayOutputStream b = buf[fromClient ? 0 : 1];
            b.write(bytes, 0, bytes.length);
            byte[] all = b.toByteArray();
            int o = 0;
            while (all.length - o >= 2) {
                int len = ((all[o] & 0xFF) << 8) | (all[o + 1] & 0xFF);
                if (all.length - o - 2 < len) {
                    break;
                }
                byte[] msg = java.util.Arrays.copyOfRange(all, o + 2, o + 2 + len);
                if (fromClient) {
                    message(msg, "tcp", clientAddr, clientPort, serverAddr, serverPort, t);
                } else {
                    message(msg, "tcp", serverAddr, serverPort, clientAddr, clientPort, t);
                }
                o += 2 + len;
            }
            b.reset();
            b.write(all, o, all.length - o); // at most one message of 64 KiB waits
        }

        @Override
        public void gap(boolean fromClient, long missing, long t) {
            buf[fromClient ? 0 : 1].reset(); // the framing is lost: the rest of this direction cannot be read
        }

        @Override
        public void finish(long t) {
        }
    }
}
