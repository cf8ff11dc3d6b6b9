package org.mailtrail.live;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One side's output of a proxied session: writes are whole (a line, a reply, a chunk as read), serialised, flushed
 * at once and bounded by a deadline ({@link Deadlines}: a peer that reads nothing cannot hold a thread for ever).
 * The stream is swapped for the TLS one after STARTTLS while the lock is held, so nothing in clear text slips in
 * between (RFC 3207 §4.2).
 */
final class ProxyWire implements AutoCloseable {
    private final Deadlines.Watch watch;
    private final long timeoutNanos;
    private OutputStream out;

    ProxyWire(Socket socket, long timeoutNanos) throws IOException {
        this.out = socket.getOutputStream();
        this.watch = Deadlines.SENDS.open(socket);
        this.timeoutNanos = timeoutNanos;
    }

    /** Writes and flushes {@code len} bytes; an IOException when the peer is gone or took too long. */
    synchronized void write(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        watch.arm(System.nanoTime() + timeoutNanos);
        try {
            out.write(b, off, len);
            out.flush();
        } finally {
            if (!watch.disarm()) {
                throw new IOException("the peer took nothing for too long (write deadline)");
            }
        }
    }

    synchronized void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /** Runs {@code handshake} under the deadline (the caller holds this wire's lock: nothing is written meanwhile). */
    <T> T timed(IoCall<T> handshake) throws IOException {
        watch.arm(System.nanoTime() + timeoutNanos);
        try {
            return handshake.call();
        } finally {
            if (!watch.disarm()) {
                throw new IOException("no complete TLS handshake in time");
            }
        }
    }

    /** Writes go to {@code tls} from now on. */
    synchronized void swap(OutputStream tls) {
        this.out = tls;
    }

    @Override
    public void close() {
        watch.close();
    }

    /** Blocking I/O that may throw. */
    interface IoCall<T> {
        T call() throws IOException;
    }
}
