package org.mailtrail.capture;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.engine.SimulationResult;

/**
 * Opens a capture (pcap or pcapng) as a session: packets are read one at a time and only mail and DNS connections
 * keep state, so a large capture of mostly other traffic is read in bounded memory. Each TCP connection that speaks
 * SMTP, POP3 or IMAP (recognised by its first bytes on any port, {@link Recognise}) becomes a conversation on the
 * timeline with its real times; DNS messages become queries and answers; everything else is counted in a note.
 */
public final class CaptureImport {
    /** TCP connections tracked at once; beyond it, finished and ignored ones are forgotten first. */
    static final int MAX_FLOWS = 20_000;

    private final String file;
    private final CaptureEvents events = new CaptureEvents();
    private final PacketDecoder decoder = new PacketDecoder();
    private final DnsSteps dns = new DnsSteps(events);
    private final Map<String, TcpFlow> flows = new HashMap<>();
    private long t0 = -1;
    private long last;
    private int connections;
    private long otherPackets;
    private long otherTcp;
    private long otherUdp;
    private long untracked;
    private String resolver = "";

    private CaptureImport(String file) {
        this.file = file;
    }

    /** Reads a whole capture; damaged input is refused or noted, never thrown as anything else. */
    public static SimulationResult read(InputStream in, String file) throws IOException, CaptureFormatException {
        CaptureReader r = CaptureReader.open(in, file);
        CaptureImport c = new CaptureImport(file);
        CaptureReader.Packet p;
        while ((p = r.next()) != null) {
            c.packet(p);
        }
        return c.finish(r);
    }

    private void packet(CaptureReader.Packet p) {
        long abs = p.timeMicros() < 0 ? (t0 < 0 ? 0 : t0 + last) : p.timeMicros();
        if (t0 < 0) {
            t0 = abs;
        }
        long t = Math.max(0, abs - t0);
        last = Math.max(last, t);
        Segment s = decoder.decode(p);
        if (s == null) {
            return;
        }
        if (!s.tcp()) {
            if ((DnsSteps.isDnsPort(s.srcPort()) || DnsSteps.isDnsPort(s.dstPort()))
                    && dns.message(s.payload(), "udp", s.srcAddr(), s.srcPort(), s.dstAddr(), s.dstPort(), t)) {
                if (resolver.isEmpty() && DnsSteps.isDnsPort(s.dstPort())) {
                    resolver = "[" + s.dstAddr() + "]";
                }
                return;
            }
            otherUdp++;
            otherPackets++;
            return;
        }
        tcp(s, t);
    }

    private void tcp(Segment s, long t) {
        String k = TcpFlow.key(s.srcAddr(), s.srcPort(), s.dstAddr(), s.dstPort());
        TcpFlow f = flows.get(k);
        if (f == null) {
            f = flows.get(TcpFlow.key(s.dstAddr(), s.dstPort(), s.srcAddr(), s.srcPort()));
        }
        if (f == null || (f.closed && s.has(Segment.SYN) && !s.has(Segment.ACK))) {
            if (f != null) {
                flows.remove(k);
            }
            if (flows.size() >= MAX_FLOWS && !makeRoom()) {
                untracked++;
                otherPackets++;
                return;
            }
            f = new TcpFlow(s.srcAddr(), s.srcPort(), s.dstAddr(), s.dstPort());
            TcpFlow flow = f;
            f.fromA = new TcpDirection(sink(flow, true));
            f.fromB = new TcpDirection(sink(flow, false));
            flows.put(k, f);
        }
        f.lastTime = t;
        if (f.closed) {
            return; // the last ACK or a retransmitted FIN of a connection already told
        }
        if (f.ignored) {
            otherPackets++;
            return;
        }
        boolean a = f.fromA(s);
        if (s.has(Segment.SYN)) {
            if (!s.has(Segment.ACK)) {
                f.clientIsA = a;
                f.synTime = f.synTime < 0 ? t : f.synTime;
            } else {
                f.synAckTime = f.synAckTime < 0 ? t : f.synAckTime;
                if (f.clientIsA == null) {
                    f.clientIsA = !a;
                }
            }
            if (a ? f.fromA != null : f.fromB != null) {
                (a ? f.fromA : f.fromB).syn(s.seq());
            }
        } else if (f.ackTime < 0 && f.synAckTime >= 0 && s.has(Segment.ACK)) {
            f.ackTime = t;
        }
        TcpDirection in = a ? f.fromA : f.fromB;
        if (in == null) {
            return;
        }
        in.segment(s.seq(), s.payload(), t);
        if (f.ignored || f.closed) {
            otherPackets++;
            return;
        }
        if (s.has(Segment.RST) || s.has(Segment.FIN)) {
            boolean first = !f.finA && !f.finB;
            if (a) {
                f.finA = true;
            } else {
                f.finB = true;
            }
            TcpDirection dir = a ? f.fromA : f.fromB;
            if (dir != null) {
                dir.finish(t);
            }
            if (f.steps != null && first) {
                f.steps.close(t, t, Boolean.TRUE.equals(f.clientIsA) == a);
            }
            if (s.has(Segment.RST) || (f.finA && f.finB)) {
                end(f, t);
            }
        }
    }

    private TcpDirection.Sink sink(TcpFlow f, boolean fromA) {
        return new TcpDirection.Sink() {
            @Override
            public void data(byte[] bytes, long t) {
                if (f.conversation == null && !f.ignored) {
                    // the first bytes of one side, up to a line end: a greeting may come in several segments
                    byte[] head = f.head(fromA, bytes);
                    if (!complete(head)) {
                        return;
                    }
                    f.clearHeads();
                    recognise(f, fromA, head, t);
                    bytes = head;
                }
                if (f.conversation != null) {
                    f.conversation.data(fromA == Boolean.TRUE.equals(f.clientIsA), bytes, t);
                }
            }

            @Override
            public void gap(long missing, long t) {
                if (f.conversation != null) {
                    f.conversation.gap(fromA == Boolean.TRUE.equals(f.clientIsA), missing, t);
                }
            }
        };
    }

    /** True when the first bytes of a side say enough: a line end, a TLS record header, or {@link TcpFlow#HEAD}. */
    static boolean complete(byte[] head) {
        if (head.length >= TcpFlow.HEAD || (head.length >= 3 && head[0] == 0x16)) {
            return true;
        }
        for (byte b : head) {
            if (b == '\n') {
                return true;
            }
        }
        return false;
    }

    /** Decides what a connection is from the first bytes it carries. */
    private void recognise(TcpFlow f, boolean fromA, byte[] first, long t) {
        int portFrom = fromA ? f.portA : f.portB;
        int portTo = fromA ? f.portB : f.portA;
        Boolean senderIsClient = f.clientIsA == null ? null : f.clientIsA == fromA;
        Recognise.Kind kind = Recognise.of(first, senderIsClient, portFrom, portTo);
        if (kind == null) {
            f.ignore();
            otherTcp++;
            return;
        }
        if (f.clientIsA == null) {
            f.clientIsA = kind.fromClient() == fromA;
        }
        boolean ca = f.clientIsA;
        String cAddr = ca ? f.addrA : f.addrB;
        int cPort = ca ? f.portA : f.portB;
        String sAddr = ca ? f.addrB : f.addrA;
        int sPort = ca ? f.portB : f.portA;
        if (kind.protocol().equals("dns")) {
            f.conversation = dns.new TcpDns(cAddr, cPort, sAddr, sPort);
            return;
        }
        String server = "[" + sAddr + "]";
        String client = cAddr.equals(sAddr) ? "client [" + cAddr + "]" : "[" + cAddr + "]";
        String id = "c" + (++connections);
        String mailbox = kind.protocol().equals("smtp") ? null : kind.protocol();
        f.steps = new ConnectionSteps(events, id, client, cAddr, cPort, server, sAddr, sPort, mailbox);
        events.host(client, "mua", cAddr);
        events.host(server, Recognise.role(kind.protocol(), sPort), sAddr);
        if (f.synTime >= 0) {
            f.steps.syn(f.synTime, f.synTime);
        }
        if (f.synAckTime >= 0) {
            f.steps.synAck(f.synAckTime, f.synAckTime);
        }
        if (f.ackTime >= 0 || f.synAckTime >= 0) {
            long at = f.ackTime >= 0 ? f.ackTime : f.synAckTime;
            f.steps.ack(at, at, null);
        }
        if (kind.encrypted()) {
            f.conversation = new EncryptedConversation(f.steps, events, t);
        } else if (mailbox == null) {
            f.conversation = new SmtpConversation(f.steps, events);
        } else {
            f.conversation = new MailboxConversation(f.steps, events, mailbox);
        }
    }

    private void end(TcpFlow f, long t) {
        if (f.closed) {
            return;
        }
        f.closed = true;
        for (TcpDirection d : new TcpDirection[] {f.fromA, f.fromB}) {
            if (d != null) {
                d.finish(t);
            }
        }
        if (f.conversation != null) {
            f.conversation.finish(t);
        }
        f.fromA = null;
        f.fromB = null;
        f.conversation = null;
    }

    /** Forgets closed and ignored connections (their late packets count as other traffic); true if room was made. */
    private boolean makeRoom() {
        for (Iterator<TcpFlow> it = flows.values().iterator(); it.hasNext(); ) {
            TcpFlow f = it.next();
            if (f.closed || f.ignored || f.conversation == null) {
                if (f.conversation == null && !f.ignored && !f.closed) {
                    otherTcp++;
                }
                it.remove();
            }
        }
        return flows.size() < MAX_FLOWS;
    }

    /** The wall-clock time of the first packet (clamped to the years 1970 to 9999). */
    static Instant start(long micros) {
        long m = Math.min(Math.max(0, micros), 253_402_300_799_000_000L);
        return Instant.ofEpochSecond(m / 1_000_000, m % 1_000_000 * 1000);
    }

    private SimulationResult finish(CaptureReader r) throws CaptureFormatException {
        if (r.packets() == 0) {
            // nothing to show is no session: said, with why (a file cut short says where)
            throw new CaptureFormatException(file, "", "no packet could be read"
                    + (r.notes().isEmpty() ? " (the capture holds none)" : ": " + r.notes().get(0).replace(file + ": ", "")
                            .replace("; the 0 packets before it are read", "")));
        }
        for (TcpFlow f : new ArrayList<>(flows.values())) {
            if (!f.ignored) {
                end(f, last);
            }
        }
        List<String> notes = new ArrayList<>(r.notes());
        long ignored = otherPackets + decoder.others() + decoder.damaged() + decoder.fragments();
        if (ignored > 0) {
            notes.add(ignored + " packets of other traffic ignored (" + otherTcp + " TCP connections that are not"
                    + " mail, " + otherUdp + " UDP datagrams that are not DNS, " + decoder.others()
                    + " packets of other protocols, " + decoder.fragments() + " IP fragments skipped, "
                    + decoder.damaged() + " damaged or cut-off packets"
                    + (untracked > 0 ? ", " + untracked + " packets beyond the connection limit" : "") + ")");
        }
        if (dns.messages() > DnsSteps.MAX_MESSAGES) {
            notes.add((dns.messages() - DnsSteps.MAX_MESSAGES) + " more DNS messages counted, not shown (only the first "
                    + DnsSteps.MAX_MESSAGES + " are)");
        }
        if (events.droppedMessages() > 0) {
            notes.add(events.droppedMessages() + " messages not kept for the EML export (over "
                    + CaptureEvents.MAX_KEPT_MESSAGES / (1024 * 1024) + " MiB of messages)");
        }
        if (dns.damaged() > 0) {
            notes.add(dns.damaged() + " DNS messages could not be parsed");
        }
        for (String n : notes) {
            events.sessionNote(n, last);
        }
        String name = file.substring(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
        String title = "Capture " + name + ": " + connections + " mail connection" + (connections == 1 ? "" : "s")
                + ", " + dns.messages() + " DNS message" + (dns.messages() == 1 ? "" : "s") + ", " + r.packets()
                + " packets";
        return events.result("capture", name, title, file, start(t0), resolver);
    }
}
