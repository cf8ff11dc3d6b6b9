package org.mailtrail.export;

import static org.mailtrail.export.PcapExport.*;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.TimelineEvent;

/**
 * One TCP connection: the next sequence number of each side (kept as a growing long, written modulo
 * 2^32), the ACKs each side still owes, and whether TLS is on.
 */
final class PcapFlow {
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

    PcapFlow(Writer w, String key, Endpoint client, Endpoint server, String serverName) {
        this.w = w;
        this.key = key;
        this.client = client;
        this.server = server;
        this.sni = serverName;
        this.mss = client.ip().length == 4 && server.ip().length == 4 ? MSS : MSS_V6;
        String id = key + "|" + client.text() + ":" + client.port() + "|" + server.text() + ":" + server.port();
        this.cIsn = PcapPackets.hash32("isn|c|" + id) & 0xffffffffL;
        this.sIsn = PcapPackets.hash32("isn|s|" + id) & 0xffffffffL;
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
        return new Random(((long) PcapPackets.hash32("tls|" + key + "|" + fromClient) << 32) ^ randomCounter++);
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
        PcapPackets.Segment seg = PcapPackets.tcp(src.port(), dst.port(), seq, ack, flags, window, options, payload);
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
