package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Closes the connections that the server ends while the client may still be sending (a {@code 421} after too many
 * errors or commands, a bare line end, a timeout, a fault of ours) the way a web server's "lingering close" does: the
 * output is shut down first, so a FIN follows the last reply, and what the client still sends is read and dropped
 * until it closes its side or {@link #LINGER_MILLIS} have passed. Closing a socket with unread input makes the kernel
 * answer with a reset, and a reset can take with it the replies the client has not read yet: a client that had
 * pipelined thousands of messages in one write lost the {@code 250}s of messages the server had stored.
 *
 * <p>One daemon thread with a selector of its own, started when first needed; at most {@link #MAX} connections linger
 * at once (more are closed at once, as before). {@link #close()} closes whatever still lingers.
 */
final class Lingerer implements AutoCloseable {
    /** How long a connection lingers at most. */
    static final long LINGER_MILLIS = 2_000;
    /** The most connections that linger at once. */
    static final int MAX = 256;

    private final int max;
    private final long lingerNanos;
    private final ConcurrentLinkedQueue<SocketChannel> incoming = new ConcurrentLinkedQueue<>();
    private final AtomicInteger lingering = new AtomicInteger();
    private final ByteBuffer sink = ByteBuffer.allocateDirect(16 * 1024);
    private Selector selector; // guarded by this until the thread runs
    private Thread thread;
    private volatile boolean closed;

    /** At most {@link #MAX} connections, each for at most {@link #LINGER_MILLIS}. */
    Lingerer() {
        this(MAX, LINGER_MILLIS);
    }

    /** At most {@code max} connections at once, each for at most {@code lingerMillis}. */
    Lingerer(int max, long lingerMillis) {
        this.max = max;
        this.lingerNanos = TimeUnit.MILLISECONDS.toNanos(lingerMillis);
    }

    /**
     * Ends {@code ch}: its output shut down now (after the replies already written), its input drained until the
     * client closes or the time is up, then closed; closed at once when that cannot be done. Never blocks.
     */
    void close(SocketChannel ch) {
        if (lingering.incrementAndGet() > max || !started()) {
            released();
            SmtpReceiver.closeQuietly(ch);
            return;
        }
        try {
            ch.shutdownOutput();
        } catch (IOException | RuntimeException e) {
            end(ch);
            return;
        }
        incoming.add(ch);
        selector.wakeup();
        if (closed) {
            drop(); // close() may have run between started() and add(): nothing is left behind
        }
    }

    /** Connections lingering now. */
    int lingering() {
        return lingering.get();
    }

    private synchronized boolean started() {
        if (closed) {
            return false;
        }
        if (thread == null) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                return false;
            }
            thread = new Thread(this::run, "mailtrail-smtp-linger");
            thread.setDaemon(true);
            thread.start();
        }
        return true;
    }

    private void run() {
        try {
            while (!closed) {
                long now = System.nanoTime();
                for (SocketChannel ch; (ch = incoming.poll()) != null; ) {
                    try {
                        ch.configureBlocking(false);
                        ch.register(selector, SelectionKey.OP_READ, now + lingerNanos);
                    } catch (IOException | RuntimeException e) {
                        end(ch);
                    }
                }
                selector.select(100);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey k = it.next();
                    it.remove();
                    drain(k);
                }
                now = System.nanoTime();
                for (SelectionKey k : selector.keys()) {
                    if (k.isValid() && now - (Long) k.attachment() >= 0) {
                        end(k);
                    }
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            // the selector failed: whatever lingers is closed below
        } finally {
            drop();
        }
    }

    /** Reads and drops what the client sent; ends the connection at its end of input or an error. */
    private void drain(SelectionKey k) {
        SocketChannel ch = (SocketChannel) k.channel();
        try {
            for (int i = 0; i < 64; i++) { // a megabyte at most, then the others get their turn
                sink.clear();
                int n = ch.read(sink);
                if (n < 0) {
                    end(k);
                    return;
                }
                if (n == 0) {
                    return;
                }
            }
        } catch (IOException | CancelledKeyException e) {
            end(k);
        }
    }

    private void end(SelectionKey k) {
        k.cancel();
        end((SocketChannel) k.channel());
    }

    private void end(SocketChannel ch) {
        SmtpReceiver.closeQuietly(ch);
        released();
    }

    private void released() {
        if (lingering.decrementAndGet() == 0) {
            synchronized (lingering) {
                lingering.notifyAll();
            }
        }
    }

    /**
     * Waits until no connection lingers any more, or until {@code deadlineNanos} ({@link System#nanoTime()}); true
     * if none does. A stop waits here before {@link #close}, so that the clients told {@code 421 4.3.2} and still
     * sending get an orderly end rather than a reset.
     */
    boolean awaitNone(long deadlineNanos) throws InterruptedException {
        synchronized (lingering) {
            while (lingering.get() > 0) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lingering, left);
            }
            return true;
        }
    }

    /** Closes what lingers, and everything that comes to linger from now on. */
    private void drop() {
        Selector s;
        synchronized (this) {
            s = selector;
        }
        if (s != null) {
            try {
                for (SelectionKey k : s.keys()) {
                    if (k.isValid()) { // a key cancelled before stays in the set until the next select
                        end(k);
                    }
                }
            } catch (ClosedSelectorException e) {
                // closed already: its channels with it
            }
        }
        for (SocketChannel ch; (ch = incoming.poll()) != null; ) {
            end(ch);
        }
    }

    /** Stops lingering: every connection still lingering is closed now. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        if (t == null) {
            return;
        }
        selector.wakeup();
        try {
            t.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drop();
        try {
            selector.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}
