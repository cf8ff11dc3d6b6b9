package org.mailtrail.live;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How a {@link ProxySession} ends: once, whichever of its two threads (or the proxy's stop) ends it first.
 *
 * <p>When the proxy ends a session with a {@code 421} of its own, it closes both connections as a mail server
 * would. The client's close lingers, as {@code serve}'s does ({@link Lingerer}): the output is shut down after the
 * 421, so a FIN follows it, and what the client still sends is read and dropped until it closes its side or
 * {@link #LINGER_MILLIS} have passed — closing a socket with unread input makes the kernel answer with a reset, which
 * can take the 421 with it. And the upstream, unless it is the cause of the end, gets a {@code QUIT} of the proxy's
 * own (RFC 5321 §4.1.1.10: the client ends a session with QUIT) when the client's stream stands between commands;
 * its reply is recorded on the upstream connection and never forwarded. Before, the upstream saw its connection
 * closed in the middle of the session ("closed without QUIT" in {@code serve}'s transcript).
 */
final class ProxyEnding {
    /** How long the client's close lingers at most (as {@link Lingerer#LINGER_MILLIS}). */
    static final long LINGER_MILLIS = Lingerer.LINGER_MILLIS;
    /** How long the upstream's answer to the proxy's QUIT is waited for at most. */
    static final long QUIT_MILLIS = 1_000;

    private final ProxySession s;
    private final AtomicBoolean over = new AtomicBoolean();
    /** Counted down once the proxy's final reply ({@link #ownFinal}) was written, so that the other thread's end
     * does not close the client's connection under it (the client would see the connection end without the 421). */
    private final CountDownLatch finalWritten = new CountDownLatch(1);
    private boolean finalBegun; // guarded by finalWritten, set with the win of over in ownFinal
    /** The proxy ended the session with its own reply after serving it: the client's close lingers. */
    private volatile boolean lingers;
    /** The upstream is not the cause of the end: it may be sent a QUIT of the proxy's own. */
    private volatile boolean quitUpstream;
    /** The proxy sent the upstream its own QUIT: the upstream side reads on for the reply. */
    private volatile boolean quitSent;
    /** The upstream connection is closed (or was never open). */
    private volatile boolean upstreamClosed;
    /** Closes the client's connection when its lingering close has taken long enough. */
    private volatile Deadlines.Watch backstop;
    /** Octets the client sent after the final reply that the session's reader had read already (dropped). */
    private long droppedBefore;
    volatile boolean clientClosedFirst;
    volatile boolean upstreamClosedFirst;

    ProxyEnding(ProxySession s) {
        this.s = s;
    }

    boolean isOver() {
        return over.get();
    }

    /** On the session's thread: {@code n} octets read from the client after the session ended, dropped. */
    void dropped(int n) {
        droppedBefore += n;
    }

    /**
     * True while the upstream connection is to stay open after the end (for the proxy's QUIT and its answer): the
     * upstream side reads on until {@link #end} closes it.
     */
    boolean upstreamWanted() {
        return quitUpstream && !upstreamClosed;
    }

    /**
     * Ends the session with the proxy's own reply {@code code text} to the client (recorded as said by the proxy);
     * only the first end counts. {@code lingering}: the client's close lingers (a session served, not one turned
     * away); {@code politely}: the upstream is not at fault and gets a QUIT at the end (see the class comment).
     * Closes the upstream at once unless it is to get the QUIT, and the client's connection unless it lingers (then
     * {@link #end} closes it).
     */
    void ownFinal(int code, String text, String reason, boolean lingering, boolean politely) {
        ownFinal(code, text, reason, lingering, politely, s.idleNanos);
    }

    /**
     * {@link #ownFinal(int, String, String, boolean, boolean)} giving the reply at most {@code writeNanos} to be
     * written (a stop: a client that reads nothing must not hold it). A reply not written ends the session without
     * lingering and without the QUIT: the client is not reading, and the upstream may be stuck behind it.
     */
    void ownFinal(int code, String text, String reason, boolean lingering, boolean politely, long writeNanos) {
        synchronized (finalWritten) { // a loser returns only after the winner has said that it writes
            if (!over.compareAndSet(false, true)) {
                return;
            }
            finalBegun = true;
            quitUpstream = politely;
        }
        try {
            s.log.closeReason(reason);
            boolean written = s.ownReply(code, code == 421 ? ProxyReplies.named(text, s.client) : text,
                    writeNanos);
            s.replies.close();
            quitUpstream = politely && written;
            if (!(written && lingering && !s.clientTls && startLingering())) {
                SmtpReceiver.closeQuietly(s.client); // ends the reader's read
            }
            if (!quitUpstream) {
                closeUpstream();
            }
        } finally {
            finalWritten.countDown(); // only now: the session's end then sees whether the close lingers
        }
    }

    /** The client's output shut down after the 421, and the deadline of its lingering close armed. */
    private boolean startLingering() {
        try {
            s.client.shutdownOutput();
        } catch (IOException e) {
            return false;
        }
        Deadlines.Watch w = Deadlines.SENDS.open(s.client);
        w.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LINGER_MILLIS)); // then closed under the reader
        backstop = w;
        lingers = true;
        return true;
    }

    /** A connection broke: recorded, both closed. */
    void lost(String why) {
        if (over.compareAndSet(false, true)) {
            s.log.error("smtp.session.closed", "RFC 5321 §3.8", why);
            s.log.closeReason("connection lost: " + why);
            s.replies.close();
            closeSockets();
        }
    }

    /** The client closed its side: the upstream gets the end of input, its last replies are still read. */
    void clientEnded() {
        clientClosedFirst = !isOver();
        s.log.closeReason(s.quitForwarded ? "QUIT" : "client closed the connection"); // "QUIT" as serve says it
        Socket u = s.upstream;
        if (u != null && !u.isClosed() && !quitUpstream) {
            try {
                u.shutdownOutput();
            } catch (IOException e) {
                // closed anyway
            }
        }
        if (!isOver()) {
            s.joinUpstream(Math.min(5_000, Math.max(50, s.config.idleTimeout().toMillis())));
        }
    }

    /** The upstream closed its side ({@code expected}: after 221 or 421, or after the client left). */
    void upstreamEnded(boolean expected) {
        if (over.get()) {
            upstreamClosedFirst = expected && quitSent; // its answer to the proxy's QUIT, then its close
            return;
        }
        upstreamClosedFirst = !clientClosedFirst;
        if (expected) {
            if (over.compareAndSet(false, true)) {
                s.log.closeReason(s.quitForwarded ? "QUIT" : clientClosedFirst ? "client closed the connection"
                        : "the upstream closed the connection"); // after the client's QUIT: a session that ended well
                s.replies.close();
                closeSockets();
            }
            return;
        }
        ownFinal(421, "4.4.2 the upstream closed the connection unexpectedly; closing",
                "the upstream closed the connection in the middle of the session", true, false);
    }

    private void closeSockets() {
        SmtpReceiver.closeQuietly(s.client);
        closeUpstream();
    }

    private void closeUpstream() {
        upstreamClosed = true;
        Socket u = s.upstream;
        if (u != null) {
            SmtpReceiver.closeQuietly(u);
        }
    }

    /**
     * On the session's thread, at its end: the proxy's QUIT to the upstream (if it is due and the client's stream
     * stands between commands: {@code betweenCommands}), the client's lingering close, then everything closed and
     * recorded, and the session reported; once.
     */
    void end(boolean betweenCommands) {
        boolean writing;
        synchronized (finalWritten) {
            over.set(true);
            writing = finalBegun;
        }
        if (writing) { // the other thread may still be writing the final reply: it has its own write deadline
            try {
                finalWritten.await(s.idleNanos + 1_000_000_000L, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        s.replies.close();
        long quitUntil = 0;
        if (quitUpstream && betweenCommands && sendQuit()) {
            quitUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(QUIT_MILLIS);
        }
        if (lingers) {
            drainClient();
        }
        closeSocketsAfterQuit(quitUntil);
        s.joinUpstream(2_000);
        s.log.notForwardedSummary();
        Deadlines.Watch w = backstop;
        if (w != null) {
            w.close();
        }
        if (s.upstream != null) {
            s.log.upstreamClosed(!upstreamClosedFirst);
        }
        s.log.clientClosed(clientClosedFirst);
        if (s.log.closeReason().isEmpty()) {
            s.log.closeReason("closed");
        }
    }

    /** Writes the proxy's own QUIT to the upstream; false when it cannot (the upstream is gone). */
    private boolean sendQuit() {
        Socket u = s.upstream;
        ProxyWire w = s.toUpstream;
        if (u == null || u.isClosed() || w == null || upstreamClosedFirst) {
            return false;
        }
        s.replies.expect(ProxyReplies.Kind.PROXY_QUIT, "QUIT", "");
        quitSent = true;
        s.log.proxyQuit(s.log.recorder().now()); // before it is written: its answer is recorded after it
        try {
            w.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException x) {
            quitSent = false;
            s.log.upstreamError("smtp.session.closed", "RFC 5321 §3.8", "the proxy's QUIT could not be written: "
                    + ReceiverTls.message(x));
            return false;
        }
        return true;
    }

    /** Reads and drops what the client still sends, until it closes its side or the deadline closes the socket. */
    private void drainClient() {
        InputStream in = s.clientIn;
        if (in == null) {
            return;
        }
        byte[] buf = new byte[16 * 1024];
        long dropped = droppedBefore;
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                dropped += n;
            }
        } catch (IOException e) {
            // the deadline closed the socket (or a reset): the end is the proxy's
        }
        if (dropped > 0) {
            s.log.clientError("smtp.session.closed", "RFC 5321 §3.8", dropped + " octets from the client not"
                    + " forwarded: the session was over (read and dropped, so that its close is not a reset)");
        }
    }

    /** Waits (up to {@code quitUntil}) for the upstream side to read the answer to the QUIT, then closes both. */
    private void closeSocketsAfterQuit(long quitUntil) {
        if (quitUntil != 0) {
            s.joinUpstream(Math.max(1, TimeUnit.NANOSECONDS.toMillis(quitUntil - System.nanoTime())));
        }
        closeSockets();
    }
}
