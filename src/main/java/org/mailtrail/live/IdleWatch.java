package org.mailtrail.live;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ReceiverSession}'s side of the {@link SmtpReceiver}'s watchdog: when a plain-text read began waiting and
 * when a write or TLS handshake began, so that the watchdog can end an idle read ({@code 421 4.4.2}, RFC 5321
 * §4.5.3.2.7) and cut off a connection whose write is stuck (a client that does not read).
 *
 * <p>Plain reads block without a socket timeout (a timed read costs a poll and a second read per command in the
 * JDK); the watchdog shuts the input down instead, and the read that sees its end asks {@link #endWait()} whether
 * it was the idle timeout. Marking a wait or a write is one volatile write: no allocation per command.
 */
final class IdleWatch {
    private static final long EXPIRED = Long.MIN_VALUE;

    private final Socket socket;
    /** When the write or TLS handshake now going on began ({@link System#nanoTime}), 0 when none. */
    private volatile long ioSince;
    /**
     * When the plain-text read now waiting began ({@link System#nanoTime}), 0 when no read waits, {@link #EXPIRED}
     * once the watchdog has ended it for the idle timeout.
     */
    private final AtomicLong readSince = new AtomicLong();
    /** While the session is on an event loop: asks its loop to end the expired read there (see {@link #expireRead}). */
    private volatile Runnable onLoop;
    /** The server stops ({@link #stop}). */
    private volatile boolean stopped;

    IdleWatch(Socket socket) {
        this.socket = socket;
    }

    /**
     * From now on the session waits for the client: the idle timeout runs. Only from "not waiting": an expiry that
     * has happened stays visible to the read that follows.
     */
    void waiting() {
        long t = System.nanoTime();
        readSince.compareAndSet(0, t == 0 || t == EXPIRED ? 1 : t);
    }

    /** The wait is over; true if the watchdog ended it for the idle timeout (the input is shut down then). */
    boolean endWait() {
        return readSince.getAndSet(0) == EXPIRED;
    }

    /**
     * The session is served on an event loop ({@code expire} asks the loop to end its read) or, null, on a thread of
     * its own (the watchdog shuts the input down to end a blocking read).
     */
    void onLoop(Runnable expire) {
        onLoop = expire;
        if (expire == null && stopped) {
            shutInput(); // the server stopped while the session left its loop: ended as on a thread
        }
    }

    /**
     * The server stops: the session's read is ended, so that it answers {@code 421 4.3.2}. On an event loop the loop
     * is asked to end it there, the input left open so that its close can linger (a client still sending gets the
     * end of the stream, not a reset); on a thread the input is shut down, now or when the session leaves its loop.
     */
    void stop() {
        stopped = true;
        Runnable expire = onLoop;
        if (expire != null) {
            expire.run();
        } else {
            shutInput();
        }
    }

    /** A write or TLS handshake begins: the watchdog cuts the connection off if it is stuck for too long. */
    void ioStarted() {
        ioSince = System.nanoTime();
    }

    /** The write or handshake is over. */
    void ioDone() {
        ioSince = 0;
    }

    /** True if a write or TLS handshake has been stuck for longer than {@code limitNanos}. */
    boolean stalled(long nowNanos, long limitNanos) {
        long since = ioSince;
        return since != 0 && nowNanos - since > limitNanos;
    }

    /** When the plain-text read now waiting began ({@link System#nanoTime}), or 0 when none waits (or it expired). */
    long waitingSince() {
        long since = readSince.get();
        return since == EXPIRED ? 0 : since;
    }

    /**
     * Ends the plain-text read that has waited since {@code since} (if it still waits). On an event loop the loop is
     * asked to end it: the session answers {@code 421 4.4.2} there and its close lingers, the input left open so that
     * what the client sends meanwhile is read and dropped, not answered with a reset. On a thread the input is shut
     * down, the read sees its end and the session answers {@code 421 4.4.2} (the output stays open for it); if the
     * input cannot be shut down alone the connection is closed: the read fails and still reports the timeout. False
     * if that read was over already.
     */
    boolean expireRead(long since) {
        if (since == 0 || since == EXPIRED || !readSince.compareAndSet(since, EXPIRED)) {
            return false;
        }
        Runnable expire = onLoop;
        if (expire != null) {
            expire.run();
            return true;
        }
        shutInput();
        return true;
    }

    /** Ends a blocking read: the input shut down, or the connection closed if that cannot be done alone. */
    private void shutInput() {
        try {
            socket.shutdownInput();
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException ex) {
                // closing anyway
            }
        }
    }
}
