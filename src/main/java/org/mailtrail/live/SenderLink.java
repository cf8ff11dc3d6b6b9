package org.mailtrail.live;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/**
 * One connection of a {@link LiveSender}: its socket (plain, then TLS after the handshake) and the {@link Deadlines}
 * watch that bounds every connect, read, write and handshake on it (RFC 5321 §4.5.3.2). A deadline closes the plain
 * socket, which ends the blocked operation; the exception it gives is then a {@link SocketTimeoutException}.
 *
 * <p>The plain socket is a blocking {@link SocketChannel} used through its socket adaptor, not a {@link Socket} of
 * its own: the channel learns its local address once when it connects (a {@code Socket} asks the kernel again each
 * time it is asked, two {@code getsockname} calls), and closes without first asking for {@code SO_LINGER} and
 * shutting its output down (the kernel sends the same FIN on close; only when bytes the server sent out of turn are
 * still unread does the kernel reset the connection, where a {@code Socket} sent a FIN before that reset). Like any
 * channel it is closed if the thread using it is interrupted. A channel is never sent through a SOCKS proxy.
 */
final class SenderLink implements AutoCloseable {
    /** The size of the pieces a data block is written in; each piece has the whole block timeout. */
    static final int CHUNK = 64 * 1024;

    /** The plain connection, in blocking mode. */
    private final SocketChannel channel;
    /** The socket in use: the plain one, then the TLS one on top of it. Closed by {@link #cancel()} from any thread. */
    private volatile Socket socket;
    private final Deadlines.Watch watch;

    private SenderLink(SocketChannel channel) {
        this.channel = channel;
        this.socket = channel.socket();
        this.watch = Deadlines.SENDS.open(socket);
    }

    /**
     * A new, unconnected link for a connection to {@code to}; mail goes straight to the host, never through a SOCKS
     * proxy. The socket is of the address's own family (an IPv4 socket for an IPv4 address, not a dual-stack one).
     */
    static SenderLink open(InetAddress to) throws IOException {
        return new SenderLink(SocketChannel.open(to instanceof Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET));
    }

    /** The socket in use. */
    Socket socket() {
        return socket;
    }

    /** The deadline of the current operation (for the TLS handshake). */
    Deadlines.Watch watch() {
        return watch;
    }

    /** From now on the session speaks over {@code tls}, layered on the plain socket. */
    void upgrade(Socket tls) {
        socket = tls;
    }

    /**
     * A blocking connect ended by the deadline if need be (a connect with a timeout costs the JDK a switch to
     * non-blocking mode and back, and a poll). On failure the link is closed; a deadline gives a
     * {@link SocketTimeoutException}.
     */
    void connect(InetSocketAddress to, Duration timeout) throws IOException {
        watch.arm(System.nanoTime() + timeout.toNanos());
        try {
            channel.connect(to); // the channel's own connect: the adaptor's would switch to non-blocking and poll
            if (!watch.disarm()) {
                throw new SocketTimeoutException("connect timed out"); // the deadline closed it just as it connected
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } catch (IOException caught) {
            watch.disarm();
            IOException e = watch.fired() ? new SocketTimeoutException("connect timed out") : caught;
            close();
            throw e;
        }
    }

    /**
     * Reads what is there, waiting until {@code deadlineNanos} at most for the whole reply: the deadline closes the
     * socket if the read is still blocked then (over TLS one read collects a whole record, each byte of which may
     * trickle in, so a timeout per read would not bound it).
     */
    int read(InputStream in, byte[] buf, long deadlineNanos) throws IOException {
        if (deadlineNanos - System.nanoTime() <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        watch.arm(deadlineNanos);
        try {
            int n = in.read(buf);
            if (n < 0 && watch.fired()) {
                throw new SocketTimeoutException("deadline passed"); // the deadline closed it, not the server
            }
            return n;
        } catch (IOException e) {
            throw watch.fired() ? new SocketTimeoutException("deadline passed") : e;
        } finally {
            watch.disarm();
        }
    }

    /**
     * Writes with a deadline per piece of at most {@link #CHUNK} bytes (RFC 5321 §4.5.3.2.5: the timeout applies to
     * each send of a chunk): a server that stops reading cannot hold the client for ever, and a big message on a
     * slow line is not cut off as long as it moves.
     */
    void write(OutputStream out, byte[] bytes, Duration timeout) throws IOException {
        int off = 0;
        do {
            int len = Math.min(CHUNK, bytes.length - off);
            watch.arm(System.nanoTime() + timeout.toNanos());
            try {
                out.write(bytes, off, len);
                out.flush();
            } catch (IOException e) {
                throw watch.fired() ? new SocketTimeoutException("could not write within " + timeout.toSeconds() + " s")
                        : e;
            } finally {
                watch.disarm();
            }
            off += len;
        } while (off < bytes.length);
    }

    /** Closes the socket in use, which ends any wait on it (the user's Stop). */
    void cancel() {
        closeQuietly(socket);
    }

    /** Done with the connection: the watch is closed and so is the socket. */
    @Override
    public void close() {
        watch.close();
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
