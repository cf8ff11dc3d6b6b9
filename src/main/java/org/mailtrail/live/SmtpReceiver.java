package org.mailtrail.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real receiving SMTP server for a lab: it listens on a TCP port (loopback unless told otherwise), speaks SMTP
 * with the same {@link org.mailtrail.smtp.SmtpServer} state machine as the simulation, accepts mail only for its
 * domains (everything else is refused as relaying, {@code 550 5.7.1}), stores every accepted message once in a
 * Maildir and every session's transcript as JSON and text, and tells listeners about each session.
 *
 * <p>Theory of operation: without a store, plain-text sessions are served on {@link EventLoop}s (non-blocking I/O,
 * one selector thread per core, at most four, which also accept the connections), and move to a thread of their own
 * for a TLS handshake or a client that does not read; with a store one accept thread hands each connection to a
 * thread of its own with blocking I/O (forcing each message to disk before its 250 would hold a loop). Threads come from a pool of at most
 * {@link ReceiverConfig#maxConnections()}. A connection beyond the limit is answered
 * {@code 421 4.7.0 … Too many connections} by a small separate pool and closed (still recorded). A watchdog,
 * running every quarter of the idle timeout (at least every 100 ms, at most every second), ends a read that has
 * waited longer than the idle timeout ({@code 421 4.4.2} then; plain reads carry no socket timeout, which in the
 * JDK would cost a poll and a second read for every command) and closes a connection whose write or TLS handshake
 * has been stuck for as long (a client that does not read), so no connection holds a thread for ever. All threads are
 * daemons named {@code mailtrail-smtp-…}.
 *
 * <p>Listeners run on the thread serving the session, an event loop or the session's own (the GUI must hand over to
 * its FX thread, and no listener may block); a listener that throws is
 * ignored. Session ids ({@code yyyyMMddTHHmmssZ-<random>-<n>}) are unique per receiver and, through the random
 * part chosen at start, across restarts on the same store.
 */
public final class SmtpReceiver implements AutoCloseable {
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final long SHUTDOWN_GRACE_MILLIS = 2_000;
    private static final int REJECT_QUEUE = 64;

    private final ReceiverConfig config;
    private final MaildirStore store;
    private final ServerSocketChannel listener;
    /** Event loops for plain-text sessions when nothing is stored; null when every session has a thread. */
    private final EventLoop[] loops;
    private final InetSocketAddress address;
    private final String instanceTag;
    private final AtomicLong counter = new AtomicLong();
    private final Semaphore slots;
    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor rejecter;
    private final ScheduledExecutorService watchdog;
    private final Thread acceptThread;
    private final Set<ReceiverSession> active = ConcurrentHashMap.newKeySet();
    private final List<Consumer<ReceivedSession>> startedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<ReceivedSession>> finishedListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<String>> problemListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sessionsFinished = new AtomicLong();
    private final AtomicLong messagesStored = new AtomicLong();
    private volatile boolean closed;
    private volatile IdClock idClock;

    private SmtpReceiver(ReceiverConfig config, MaildirStore store, ServerSocketChannel listener, boolean eventLoops)
            throws IOException {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.address = new InetSocketAddress(listener.socket().getInetAddress(), listener.socket().getLocalPort());
        this.instanceTag = String.format(Locale.ROOT, "%06x", ThreadLocalRandom.current().nextInt(1 << 24));
        this.slots = new Semaphore(config.maxConnections());
        this.workers = new ThreadPoolExecutor(config.maxConnections(), config.maxConnections(), 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("mailtrail-smtp-session-"));
        this.workers.allowCoreThreadTimeOut(true);
        this.rejecter = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(REJECT_QUEUE),
                threads("mailtrail-smtp-reject-"));
        this.rejecter.allowCoreThreadTimeOut(true);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(threads("mailtrail-smtp-watchdog-"));
        if (eventLoops) {
            // the loops accept too (each listens for new connections): a connection is greeted by the thread that
            // accepted it, without a hand-over from an accept thread
            acceptThread = null;
            listener.configureBlocking(false);
            int n = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
            loops = new EventLoop[n];
            try {
                for (int i = 0; i < n; i++) {
                    loops[i] = new EventLoop(this, "mailtrail-smtp-loop-" + (i + 1), listener);
                }
            } catch (IOException e) {
                for (EventLoop l : loops) {
                    if (l != null) {
                        l.closeSelector(); // the listener stays registered with it otherwise, and its port bound
                    }
                }
                throw e;
            }
        } else {
            acceptThread = threads("mailtrail-smtp-accept-").newThread(this::acceptLoop);
            loops = null;
        }
    }

    /**
     * Opens the store (creating its folders), binds the listen address and starts serving.
     *
     * @throws IOException with a message naming the address or folder at fault: the port is in use, the address is
     *                     not local, the store cannot be written, …
     */
    public static SmtpReceiver start(ReceiverConfig config) throws IOException {
        return start(config, null, null);
    }

    /**
     * {@link #start(ReceiverConfig)} with listeners that are in place before the first connection is accepted, so
     * that no session can be missed (see {@link #onSessionStarted} and {@link #onSession}); either may be null.
     */
    public static SmtpReceiver start(ReceiverConfig config, Consumer<ReceivedSession> started,
                                     Consumer<ReceivedSession> finished) throws IOException {
        return start(config, started, finished, config != null && config.storeDir() == null);
    }

    /**
     * {@link #start(ReceiverConfig, Consumer, Consumer)} choosing the I/O model: {@code eventLoops} serves plain-text
     * sessions on event loops even when messages are stored (each write to disk then holds the loop: for tests of
     * the loops with a store to look at), false gives every session a thread.
     */
    static SmtpReceiver start(ReceiverConfig config, Consumer<ReceivedSession> started,
                              Consumer<ReceivedSession> finished, boolean eventLoops) throws IOException {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        MaildirStore store = config.storeDir() == null ? null : MaildirStore.open(config.storeDir());
        ServerSocketChannel socket = ServerSocketChannel.open();
        try {
            socket.socket().setReuseAddress(true);
            socket.bind(config.listen(), 128);
        } catch (IOException e) {
            socket.close();
            InetSocketAddress l = config.listen();
            throw new IOException("cannot listen on " + hostPort(l) + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        SmtpReceiver r;
        try {
            r = new SmtpReceiver(config, store, socket, eventLoops);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
        if (started != null) {
            r.onSessionStarted(started);
        }
        if (finished != null) {
            r.onSession(finished);
        }
        long period = Math.max(100, Math.min(1_000, config.idleTimeout().toMillis() / 4));
        r.watchdog.scheduleWithFixedDelay(r::checkStalled, period, period, TimeUnit.MILLISECONDS);
        // accepting starts last, when every listener is in place: no session can be missed
        if (r.acceptThread != null) {
            r.acceptThread.start();
        } else {
            for (EventLoop l : r.loops) {
                l.start();
            }
        }
        return r;
    }

    /** The address and port the server listens on (the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    /** The settings it runs with. */
    public ReceiverConfig config() {
        return config;
    }

    /** Calls {@code listener} with the final snapshot of every session that ends from now on. */
    public void onSession(Consumer<ReceivedSession> listener) {
        finishedListeners.add(listener);
    }

    /**
     * Calls {@code listener} with a first snapshot of every session that starts from now on (not yet finished).
     * Connections turned away with 421 (too many connections) are only reported when they end.
     */
    public void onSessionStarted(Consumer<ReceivedSession> listener) {
        startedListeners.add(listener);
    }

    /** Calls {@code listener} with a message whenever a message or a transcript cannot be written to the store. */
    public void onStoreProblem(Consumer<String> listener) {
        problemListeners.add(listener);
    }

    /** Connections being served now (turned-away ones not counted). */
    public int activeSessions() {
        return active.size();
    }

    /** Sessions that have ended so far, turned-away ones included. */
    public long sessionsFinished() {
        return sessionsFinished.get();
    }

    /** Messages accepted so far (each answered 250 after its data and stored once). */
    public long messagesStored() {
        return messagesStored.get();
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops: no new connections; each open session is answered {@code 421 4.3.2} at its next read, recorded and
     * closed; after a grace period of two seconds whatever is left is cut off. Idempotent. Not to be called from a
     * listener (it waits for the sessions, the listener's own among them).
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (ReceiverSession s : active) {
            s.shutdown();
        }
        if (loops != null) {
            for (EventLoop l : loops) {
                l.stop();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_GRACE_MILLIS);
        try {
            boolean loopsDone = true;
            if (loops != null) {
                for (EventLoop l : loops) { // the loops end their sessions first: some may still move to a thread
                    loopsDone &= l.join(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                }
            }
            workers.shutdown();
            rejecter.shutdown();
            workers.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            rejecter.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (!workers.isTerminated() || !loopsDone) {
                for (ReceiverSession s : active) {
                    s.abort();
                }
                if (loops != null) {
                    for (EventLoop l : loops) {
                        l.force();
                    }
                    for (EventLoop l : loops) {
                        l.join(SHUTDOWN_GRACE_MILLIS / 2);
                    }
                }
                workers.awaitTermination(SHUTDOWN_GRACE_MILLIS / 2, TimeUnit.MILLISECONDS);
            }
            if (acceptThread != null) {
                acceptThread.join(SHUTDOWN_GRACE_MILLIS / 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            workers.shutdownNow();
            rejecter.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                pause(); // e.g. out of file descriptors: try again shortly
                continue;
            }
            if (closed) {
                closeQuietly(s);
                return;
            }
            dispatch(s);
        }
    }

    private void dispatch(SocketChannel s) {
        ReceiverSession session = admit(s);
        if (session == null) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    session.run();
                } finally {
                    connectionClosed(session);
                }
            });
        } catch (RejectedExecutionException e) {
            connectionClosed(session);
            closeQuietly(s);
        }
    }

    /**
     * A new connection: its session if it has a slot, to be served by the caller; null if it was turned away
     * ({@code 421}, on the small reject pool) or is gone already.
     */
    ReceiverSession admit(SocketChannel s) {
        if (closed) {
            closeQuietly(s);
            return null;
        }
        ReceiverSession session;
        try {
            session = new ReceiverSession(this, store, s, nextId());
        } catch (RuntimeException e) {
            closeQuietly(s); // the socket closed before we could look at it
            return null;
        }
        if (!slots.tryAcquire()) {
            try {
                rejecter.execute(session::reject);
            } catch (RejectedExecutionException e) {
                closeQuietly(s); // a flood: not even a 421 for this one
            }
            return null;
        }
        active.add(session);
        return session;
    }

    private void checkStalled() {
        long now = System.nanoTime();
        long limit = config.idleTimeout().toNanos();
        for (ReceiverSession s : active) {
            if (s.stalled(now, limit)) {
                s.abort();
            } else {
                s.expireIdleRead(now, limit);
            }
        }
    }

    private String nextId() {
        long n = counter.incrementAndGet();
        long second = Instant.now().getEpochSecond();
        IdClock c = idClock;
        if (c == null || c.second != second) { // the time part changes once a second: formatted once a second
            c = new IdClock(second, ID_TIME.format(Instant.ofEpochSecond(second)));
            idClock = c;
        }
        String number = Long.toString(n);
        StringBuilder b = new StringBuilder(c.text.length() + instanceTag.length() + 10).append(c.text).append('-')
                .append(instanceTag).append('-');
        for (int i = number.length(); i < 6; i++) {
            b.append('0');
        }
        return b.append(number).toString();
    }

    private record IdClock(long second, String text) {
    }

    // ---- called by sessions ----

    /** Moves a session from its event loop to a thread of its own; false when the server is shutting down. */
    boolean runOnThread(ReceiverSession s) {
        try {
            workers.execute(s::continueOnThread);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /**
     * The session's connection is closed: its slot is free for the next client, while the session goes on to write
     * its transcript (a new connection waits for a free thread then, rather than being turned away). Idempotent.
     */
    void connectionClosed(ReceiverSession s) {
        if (active.remove(s)) {
            slots.release();
        }
    }

    /** True when someone listens for sessions starting (a first snapshot is only built for them). */
    boolean wantsStarted() {
        return !startedListeners.isEmpty();
    }

    void started(ReceivedSession s) {
        for (Consumer<ReceivedSession> l : startedListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                // a listener's fault must not end the session
            }
        }
    }

    void finished(ReceivedSession s) {
        sessionsFinished.incrementAndGet();
        for (Consumer<ReceivedSession> l : finishedListeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                // a listener's fault must not stop the server
            }
        }
    }

    void messageStored() {
        messagesStored.incrementAndGet();
    }

    void storeProblem(String message) {
        for (Consumer<String> l : problemListeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                // ignored, as for the other listeners
            }
        }
    }

    // ---- helpers ----

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
