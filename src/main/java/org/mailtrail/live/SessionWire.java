package org.mailtrail.live;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLSocket;
import org.mailtrail.smtp.Reply;

/**
 * The byte streams of a {@link ReceiverSession}: on an {@link EventLoop} the replies collect in a {@link LoopOutput};
 * on a thread of its own the session reads and writes the socket with blocking I/O, and after STARTTLS the TLS
 * socket layered on it. Every write and flush is marked for the watchdog ({@link IdleWatch}), so that a client that
 * does not read cannot hold the session for ever. Used by the session's own thread only.
 */
final class SessionWire {
    private final Socket raw;
    private final SocketChannel channel;
    private final IdleWatch watch;
    private InputStream in;
    private OutputStream out;
    /** The output while the session is on an event loop; null on a thread of its own. */
    private LoopOutput loopOut;
    /** The TLS socket once TLS is on. */
    private SSLSocket tls;

    SessionWire(Socket raw, SocketChannel channel, IdleWatch watch) {
        this.raw = raw;
        this.channel = channel;
        this.watch = watch;
    }

    /** Blocking streams on the socket, for a session on a thread. */
    void blocking() throws IOException {
        in = raw.getInputStream();
        out = new BufferedOutputStream(raw.getOutputStream(), 8192);
    }

    /** Output collected for the event loop (the loop does the reading). */
    void onLoop() {
        loopOut = new LoopOutput(channel);
        out = loopOut;
    }

    /** A small output for a last reply to a connection that is turned away: its write gives up after a second. */
    void forRefusal() throws IOException {
        raw.setSoTimeout(1000);
        out = new BufferedOutputStream(raw.getOutputStream(), 256);
    }

    /** True while the session is on an event loop. */
    boolean isOnLoop() {
        return loopOut != null;
    }

    /** True if the loop has output the socket did not take: the session must go on with blocking I/O. */
    boolean hasPendingOutput() {
        return loopOut != null && loopOut.pending() > 0;
    }

    /** Leaves the loop: blocking streams from now on, and what the socket did not take on the loop is sent now. */
    void leaveLoop() throws IOException {
        byte[] rest = loopOut.take();
        loopOut = null;
        try {
            blocking();
            if (rest.length > 0) {
                watch.ioStarted();
                out.write(rest);
                out.flush();
            }
        } finally {
            watch.ioDone();
        }
    }

    /** From now on the session speaks over TLS (RFC 3207 §4.2). */
    void tls(SSLSocket ssl) throws IOException {
        tls = ssl;
        in = ssl.getInputStream();
        out = new BufferedOutputStream(ssl.getOutputStream(), 8192);
    }

    /** Over TLS: the next read gives up after {@code millis} (plain reads are ended by the watchdog instead). */
    void readTimeout(int millis) throws IOException {
        if (tls != null) {
            tls.setSoTimeout(millis);
        }
    }

    /** A blocking read (on a thread). */
    int read(byte[] buf) throws IOException {
        return in.read(buf);
    }

    /** Writes bytes, flushed at once if {@code now} (otherwise at the next {@link #flush()}). */
    void write(byte[] bytes, boolean now) throws IOException {
        watch.ioStarted();
        try {
            out.write(bytes);
            if (now) {
                out.flush();
            }
        } finally {
            watch.ioDone();
        }
    }

    /** Sends what was written (on the loop: what the socket takes now). */
    void flush() throws IOException {
        watch.ioStarted();
        try {
            out.flush();
        } finally {
            watch.ioDone();
        }
    }

    /** A last reply before the server closes, written and flushed; false if there is no output or the client is gone. */
    boolean sendLast(Reply r) {
        if (out == null) {
            return false;
        }
        try {
            write(r.toBytes(), true);
            return true;
        } catch (IOException e) {
            return false; // the client is gone already; the close that follows says so
        }
    }
}
