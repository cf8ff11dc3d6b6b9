package org.mailtrail.live;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One side's output of a proxied session: writes are whole (a line, a reply, a chunk as read), serialised, flushed
 * at once and bounded by a deadline ({@link Deadlines}: a peer that reads nothing cannot hold a thread for ever).
 * The stream is swapped for the TLS one after STARTTLS while the lock is held, so nothing in clear text slips in
 * between (RFC 3207 §4.2).
 */
final class ProxyWire implements AutoCloseable {
    private final Deadlines.Watch watch;
    private final long timeoutNanos;
    /** Held for each write, and by STARTTLS from its 220 to the end of the handshake ({@link #lock}). */
    private final ReentrantLock lock = new ReentrantLock();
    private OutputStream out;

    ProxyWire(Socket socket, long timeoutNanos) throws IOException {
        this.out = socket.getOutputStream();
        this.watch = Deadlines.SENDS.open(socket);
        this.timeoutNanos = timeoutNanos;
    }

    /** Writes and flushes {@code len} bytes; an IOException when the peer is gone or took too long. */
    void write(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            writeLocked(b, off, len, timeoutNanos);
        } finally {
            lock.unlock();
        }
    }

    void write(byte[] b) throws IOException {
        write(b, 0, b.length);
    }

    /**
     * Writes {@code b} (a final reply) only if the wire comes free within {@code nanos}, and then within that time;
     * false if it did not come free: a write of the other side is stuck, the peer reads nothing (a stop is not to
     * wait for it as long as an ordinary write may).
     */
    boolean writeWithin(byte[] b, long nanos) throws IOException, InterruptedException {
        if (!lock.tryLock(nanos, TimeUnit.NANOSECONDS)) {
            return false;
        }
        try {
            writeLocked(b, 0, b.length, Math.min(nanos, timeoutNanos));
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked(byte[] b, int off, int len, long nanos) throws IOException {
        if (len == 0) {
            return;
        }
        watch.arm(System.nanoTime() + nanos);
        try {
            out.write(b, off, len);
            out.flush();
        } finally {
            if (!watch.disarm()) {
                throw new IOException("the peer took nothing for too long (write deadline)");
            }
        }
    }

    /** Takes the wire for a sequence of writes and a handshake (STARTTLS); {@link #unlock} after. */
    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
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
    void swap(OutputStream tls) {
        lock.lock();
        try {
            this.out = tls;
        } finally {
            lock.unlock();
        }
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
