package org.mailtrail.capture;

import java.util.Map;
import java.util.TreeMap;

/**
 * One direction of a TCP connection put back in order (RFC 9293 §3.10.7.4): bytes are handed on once every byte
 * before them has been seen; a retransmission or an overlap gives only what is new; segments that arrive early wait
 * (at most {@link #MAX_PENDING} bytes). What never arrives is a gap: its size is reported, nothing is made up.
 */
final class TcpDirection {
    /** Bytes kept waiting for a missing segment before the hole is declared a gap. */
    static final int MAX_PENDING = 256 * 1024;

    /** Receives the bytes in order, or the size of a gap. */
    interface Sink {
        void data(byte[] bytes, long timeMicros);

        void gap(long missing, long timeMicros);
    }

    private final Sink sink;
    private boolean started;
    private long base; // the sequence number of relative offset 0
    private long next; // the relative offset of the next byte expected
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private long pendingBytes;

    TcpDirection(Sink sink) {
        this.sink = sink;
    }

    /** A SYN: the data starts after its sequence number. */
    void syn(long seq) {
        if (!started) {
            started = true;
            base = (seq + 1) & 0xFFFFFFFFL;
            next = 0;
        }
    }

    /** A segment's data. */
    void segment(long seq, byte[] data, long timeMicros) {
        if (data.length == 0) {
            return;
        }
        if (!started) { // the capture began inside the connection
            started = true;
            base = seq;
        }
        long rel = relative(seq);
        if (rel + data.length <= next) {
            return; // a retransmission of what was handed on
        }
        if (rel <= next) {
            int skip = (int) (next - rel);
            deliver(data, skip, timeMicros);
            drain(timeMicros);
            return;
        }
        byte[] old = pending.get(rel);
        if (old == null || old.length < data.length) {
            pending.put(rel, data);
            pendingBytes += data.length - (old == null ? 0 : old.length);
        }
        while (pendingBytes > MAX_PENDING) {
            skipToPending(timeMicros);
        }
    }

    /** The relative offset of a sequence number, unwrapped around the one expected next (RFC 9293 §3.4). */
    private long relative(long seq) {
        long expected = (base + next) & 0xFFFFFFFFL;
        int diff = (int) ((seq - expected) & 0xFFFFFFFFL); // signed distance modulo 2^32
        return next + diff;
    }

    private void deliver(byte[] data, int skip, long t) {
        if (skip == 0) {
            sink.data(data, t);
        } else {
            sink.data(java.util.Arrays.copyOfRange(data, skip, data.length), t);
        }
        next += data.length - skip;
    }

    private void drain(long t) {
        while (!pending.isEmpty()) {
            Map.Entry<Long, byte[]> e = pending.firstEntry();
            long rel = e.getKey();
            byte[] d = e.getValue();
            if (rel > next) {
                return;
            }
            pending.pollFirstEntry();
            pendingBytes -= d.length;
            if (rel + d.length > next) {
                deliver(d, (int) (next - rel), t);
            }
        }
    }

    /** Declares the hole before the first waiting segment a gap and goes on from there. */
    private void skipToPending(long t) {
        long rel = pending.firstKey();
        sink.gap(rel - next, t);
        next = rel;
        drain(t);
    }

    /** The end of the connection (FIN, RST or the end of the capture): what still waits follows its gaps. */
    void finish(long t) {
        while (!pending.isEmpty()) {
            skipToPending(t);
        }
    }
}
