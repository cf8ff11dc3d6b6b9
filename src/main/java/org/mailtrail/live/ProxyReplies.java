package org.mailtrail.live;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import org.mailtrail.smtp.Reply;

/**
 * The replies a proxied session waits for, in order (RFC 5321 §4.3: one reply for every command line, the greeting
 * first; RFC 2920: pipelined commands are answered in the order sent). The client side adds what it forwards, the
 * upstream side takes the head when a reply is complete; the client side may wait (with a deadline) for the reply to
 * DATA, AUTH or STARTTLS before it reads on, as a conforming client does anyway. After the upstream's {@code 220} to
 * STARTTLS the upstream side parks until the client side has done the TLS handshakes and hands it the new stream.
 */
final class ProxyReplies {
    /**
     * A {@code 421} of the proxy's own names the proxy first, as RFC 5321 §4.2 writes it ("421 &lt;domain&gt; Service not
     * available"): the address literal of the address the client connected to ({@code 421 4.4.2 [127.0.0.1] idle for
     * too long …}), after the enhanced status code. The proxy has no name of its own: the greeting is the upstream's.
     */
    static String named(String text, java.net.Socket client) {
        String name = ReceivedLine.addressLiteral(new java.net.InetSocketAddress(client.getLocalAddress(),
                client.getLocalPort()));
        int sp = text.indexOf(' ');
        return sp > 0 && text.substring(0, sp).matches("[245]\\.\\d{1,3}\\.\\d{1,3}")
                ? text.substring(0, sp + 1) + name + text.substring(sp) : name + " " + text;
    }

    /** What a reply answers ({@code PROXY_QUIT}: the QUIT the proxy sends the upstream itself, {@link ProxyEnding}). */
    enum Kind { GREETING, COMMAND, AUTH_RESPONSE, DATA_END, STARTTLS, PROXY_QUIT }

    /** One reply waited for; {@link #reply} is set when it came. */
    static final class Expected {
        final Kind kind;
        final String verb;
        final String argument;
        final long sentNanos;
        volatile Reply reply;
        volatile List<String> raw;

        Expected(Kind kind, String verb, String argument) {
            this.kind = kind;
            this.verb = verb;
            this.argument = argument;
            this.sentNanos = System.nanoTime();
        }
    }

    private final ArrayDeque<Expected> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean parked;
    private boolean resumed;
    private InputStream resumeWith;

    /** A command was forwarded: its reply is expected after all earlier ones. */
    synchronized Expected expect(Kind kind, String verb, String argument) {
        Expected e = new Expected(kind, verb, argument);
        queue.add(e);
        return e;
    }

    /** The oldest reply not yet come, or null. */
    synchronized Expected head() {
        return queue.peek();
    }

    /** A reply came: it answers the oldest expected one (returned), or nothing (null: unsolicited). */
    synchronized Expected answered(Reply reply, List<String> raw) {
        Expected e = queue.poll();
        if (e != null) {
            e.reply = reply;
            e.raw = raw;
        }
        notifyAll();
        return e;
    }

    /** Waits until {@code e} is answered; its reply, or null when the deadline passed or the session closed. */
    synchronized Reply await(Expected e, long deadlineNanos) throws InterruptedException {
        while (e.reply == null && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return e.reply;
    }

    /** Waits until every expected reply came; false when the deadline passed or the session closed. */
    synchronized boolean awaitAll(long deadlineNanos) throws InterruptedException {
        while (!queue.isEmpty() && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return queue.isEmpty();
    }

    /** When the oldest reply still owed was asked for (System.nanoTime), or -1 if none is owed. */
    synchronized long owedSince() {
        Expected e = queue.peek();
        return e == null ? -1 : e.sentNanos;
    }

    /** The session ends: every wait returns. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /**
     * The upstream side, after the reply to STARTTLS: waits until the client side {@link #resume}s it; the stream to
     * read from then (TLS), or null to read on as before (or when the session is over or the deadline passed).
     */
    synchronized InputStream park(long deadlineNanos) throws InterruptedException {
        parked = true;
        notifyAll();
        while (!resumed && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        parked = false;
        resumed = false;
        InputStream in = resumeWith;
        resumeWith = null;
        return in;
    }

    /** Waits until the upstream side is parked (it read the 220 and nothing after it); false on deadline or close. */
    synchronized boolean awaitParked(long deadlineNanos) throws InterruptedException {
        while (!parked && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return parked;
    }

    /** Lets the parked upstream side go on reading {@code in}. */
    synchronized void resume(InputStream in) {
        resumeWith = in;
        resumed = true;
        notifyAll();
    }
}
