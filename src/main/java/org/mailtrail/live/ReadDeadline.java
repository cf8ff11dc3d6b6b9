package org.mailtrail.live;

import java.time.Duration;

/**
 * A {@link ReceiverSession}'s deadlines for what the client sends (RFC 5321 §4.5.3.2): the command line it is sending
 * must be complete within the command timeout, and the data of a message (from the 354 to the final dot) within the
 * data timeout, each counted from when the server began to wait for the line (the end of the line before it) or from
 * the 354, and not reset by each byte, so that a client that trickles one byte at a time cannot hold a connection slot
 * for ever; and the idle timeout between reads. While the server is under stress ({@link Limits#stress()}) each that
 * is longer than the stress timeout is shortened to it, as Postfix does.
 *
 * <p>The unit (line or block) is moved on by the session's own thread; the watchdog reads it to end a read that waits
 * past a deadline, and records which one in {@link #expiry}.
 */
final class ReadDeadline {
    /** Which limit ran out. */
    enum Kind { IDLE, COMMAND, DATA }

    /**
     * The limits in force now, in nanoseconds.
     *
     * @param open      connections open when the limits were taken; {@code max} the most allowed
     * @param shortened the limits the stress made shorter than configured, one bit per {@link Kind} (by ordinal)
     */
    record Limits(long idle, long command, long data, boolean stress, Duration stressTimeout, int open, int max,
                  int shortened) {
        /** {@code config}'s limits for {@code open} connections: shortened under stress. */
        static Limits of(ReceiverConfig config, int open) {
            ReceiverGuards g = config.guards();
            boolean stress = ReceiverGuards.stressed(open, config.maxConnections());
            long s = stress ? g.stressTimeout().toNanos() : Long.MAX_VALUE;
            long[] set = {config.idleTimeout().toNanos(), g.commandTimeout().toNanos(), g.dataTimeout().toNanos()};
            int shortened = 0;
            for (Kind k : Kind.values()) {
                if (set[k.ordinal()] > s) {
                    set[k.ordinal()] = s;
                    shortened |= 1 << k.ordinal();
                }
            }
            return new Limits(set[0], set[1], set[2], stress, g.stressTimeout(), open, config.maxConnections(),
                    shortened);
        }

        /** True if the stress made the limit of {@code kind} shorter than configured. */
        boolean shortened(Kind kind) {
            return (shortened & (1 << kind.ordinal())) != 0;
        }
    }

    /**
     * A limit that ran out: which, how long it was, and whether the stress had shortened it; {@code partial}: part of
     * the line or data had come (an idle timeout in the middle of a command line).
     */
    record Expiry(Kind kind, Duration limit, Limits limits, boolean partial) {
        Expiry(Kind kind, Duration limit, Limits limits) {
            this(kind, limit, limits, false);
        }

        /** The close reason in the session's record. */
        String reason() {
            String r = kind == Kind.IDLE ? "idle timeout" : kind == Kind.COMMAND ? "command timeout" : "data timeout";
            return limits.shortened(kind) ? r + " (server under stress)" : r;
        }

        /** What the transcript says about the stress mode when it shortened this limit, or "". */
        String stressNote() {
            return !limits.shortened(kind) ? "" : "; the server is under stress (" + limits.open() + " of "
                    + limits.max() + " connections open, more than " + ReceiverGuards.STRESS_PERCENT
                    + " %), so this limit is shortened to " + MessageText.seconds(limits.stressTimeout());
        }
    }

    /** When the current line or block began ({@link System#nanoTime}). */
    private volatile long since = System.nanoTime();
    private volatile boolean inData;
    /** Some of the current line or block has come (a client sending it slowly, not an idle one). */
    private volatile boolean partial;
    /** Set by whoever ended the session for a limit (the watchdog, or the session at its next read). */
    private volatile Expiry expiry;

    /** From now on a new command line (or the data block, {@code data}) is awaited. */
    void begin(boolean data, long nowNanos) {
        inData = data;
        since = nowNanos;
        partial = false;
    }

    /**
     * Bytes came from the client; {@code dataBefore}/{@code dataAfter}: whether the server was in DATA before and
     * after them, {@code bytes} what came. A completed command line, or entering or leaving the data, starts a new
     * unit now.
     */
    void received(boolean dataAfter, byte[] bytes, long nowNanos) {
        if (dataAfter != inData) {
            begin(dataAfter, nowNanos);
        } else if (dataAfter) {
            partial = true;
        } else {
            int n = bytes.length;
            for (int i = n - 1; i >= 0; i--) {
                if (bytes[i] == '\n') {
                    since = nowNanos; // a line was completed: the next one is awaited from now
                    partial = i < n - 1; // and part of it came in the same read
                    return;
                }
            }
            partial |= n > 0;
        }
    }

    /** The unit's deadline that has passed at {@code nowNanos}, or null. */
    Expiry overdue(long nowNanos, Limits l) {
        long limit = inData ? l.data() : l.command();
        if (nowNanos - since > limit) {
            return new Expiry(inData ? Kind.DATA : Kind.COMMAND, Duration.ofNanos(limit), l);
        }
        return null;
    }

    /**
     * The limit that has passed for a read waiting since {@code waitingSince}, or null. A client of which nothing of
     * the current line or block has come is idle: when the idle timeout has passed too, that is the one that ran out
     * (under stress both are the stress timeout, and a silent client was told its command was too slow).
     */
    Expiry overdue(long nowNanos, long waitingSince, Limits l) {
        boolean idle = nowNanos - waitingSince > l.idle();
        Expiry e = idle && !partial ? null : overdue(nowNanos, l);
        if (e == null && idle) {
            e = new Expiry(Kind.IDLE, Duration.ofNanos(l.idle()), l, partial);
        }
        return e;
    }

    /** For a read with a socket timeout (over TLS): milliseconds until the unit's deadline or the idle timeout. */
    int readTimeoutMillis(long nowNanos, Limits l) {
        long unit = (inData ? l.data() : l.command()) - (nowNanos - since);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(unit, l.idle()) / 1_000_000L));
    }

    /** A read with a socket timeout timed out: the limit that ran out. */
    Expiry timedOutAt(long nowNanos, Limits l) {
        Expiry late = overdue(nowNanos, l);
        return late != null ? late : expiryOr(l);
    }

    /** For the watchdog: ends the plain-text read that {@code watch} sees waiting if a limit has run out for it. */
    void expireRead(IdleWatch watch, long nowNanos, Limits l) {
        long waiting = watch.waitingSince();
        Expiry e = waiting == 0 ? null : overdue(nowNanos, waiting, l);
        if (e != null) {
            expiry = e;
            if (!watch.expireRead(waiting)) {
                expiry = null; // the read was over already
            }
        }
    }

    /** The limit that ended the session; when none was recorded, the idle timeout of {@code l}. */
    Expiry expiryOr(Limits l) {
        Expiry e = expiry;
        return e != null ? e : new Expiry(Kind.IDLE, Duration.ofNanos(l.idle()), l);
    }
}
