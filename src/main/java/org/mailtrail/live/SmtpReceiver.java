package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A real receiving SMTP server for a lab: it listens on a TCP port (loopback unless told otherwise), speaks SMTP
 * with the same {@link org.mailtrail.smtp.SmtpServer} state machine as the simulation, accepts mail only for its
 * domains (everything else is refused as relaying with {@code 554 5.7.1}, the simulation's reply), stores every
 * accepted message once in a Maildir and every session's transcript as JSON and text, and tells listeners about
 * each session.
 *
 * <p>Theory of operation: plain-text sessions are served on {@link EventLoop}s (non-blocking I/O, one selector thread
 * per core, at most four, which also accept the connections), and move to a thread of their own for a TLS handshake
 * or a client that does not read. With a store, the loop writes a message and its journal record and parks the
 * session until the journal's sync thread has forced it to disk ({@link SyncBatches}); then the loop sends the 250.
 * With TLS on connect one accept thread hands each connection to a thread of its own ({@link ReceiverPools}). A
 * connection beyond {@link ReceiverConfig#maxConnections()} or the limit per client address waits a moment for a slot,
 * then is answered {@code 421 4.7.0} ({@link Admission}). A watchdog, running every quarter of the shortest timeout
 * (every 100 ms to every second), ends a read past the idle timeout or the deadline of its command line or data block
 * ({@code 421 4.4.2}, {@link ReadDeadline}; shortened while more than 80 % of the slots are taken), closes a
 * connection whose write or TLS handshake has been stuck as long, and turns away the connections that waited too long.
 *
 * <p>Listeners ({@link ReceiverListeners}) run on the thread serving the session (with a store, a finished session is
 * reported by the {@link ArchiveWriter} once its transcript is written); the GUI must hand over to its FX thread, and
 * no listener may block. Session ids ({@link SessionIds}) are unique per receiver and across restarts on a store.
 */
public final class SmtpReceiver implements AutoCloseable {
    private static final long SHUTDOWN_GRACE_MILLIS = 2_000;
    /** How long {@link #close} waits for the transcripts still queued (a full queue takes well under a second). */
    private static final long ARCHIVE_DRAIN_MILLIS = 30_000;

    private final ReceiverConfig config;
    private final MaildirStore store;
    private final ServerSocketChannel listener;
    /** Event loops for plain-text sessions; null when every session has a thread (TLS on connect). */
    private final EventLoop[] loops;
    private final InetSocketAddress address;
    private final SessionIds ids = new SessionIds();
    private final Doorkeeper door;
    private final Admission admission;
    private final TranscriptPruner pruner;
    /** Writes the transcripts of sessions off their threads; null without a store. */
    private final ArchiveWriter archive;
    /** The timeouts in force, shortened while the server is under stress; renewed as connections come and go. */
    private volatile ReadDeadline.Limits limits;
    private final ReceiverPools pools;
    private final Thread acceptThread;
    private final Set<ReceiverSession> active = ConcurrentHashMap.newKeySet();
    private final ReceiverListeners listeners = new ReceiverListeners();
    private final AtomicLong sessionsFinished = new AtomicLong();
    private final AtomicLong messagesStored = new AtomicLong();
    private volatile boolean closed;

    private SmtpReceiver(ReceiverConfig config, MaildirStore store, ServerSocketChannel listener, int loopCount)
            throws IOException {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.address = new InetSocketAddress(listener.socket().getInetAddress(), listener.socket().getLocalPort());
        this.door = new Doorkeeper(config);
        this.pruner = new TranscriptPruner(store, config.retention());
        this.archive = store == null ? null : new ArchiveWriter(ArchiveWriter.CAPACITY);
        if (store != null) {
            store.onProblem(this::storeProblem);
            store.gatherSyncs(active::size); // a busy server syncs once for several messages
        }
        this.limits = ReadDeadline.Limits.of(config, 0);
        this.pools = new ReceiverPools(config.maxConnections());
        this.admission = new Admission(this, door, pools);
        if (loopCount > 0) {
            // the loops accept too (each listens for new connections): a connection is greeted by the thread that
            // accepted it, without a hand-over from an accept thread
            acceptThread = null;
            listener.configureBlocking(false);
            int n = loopCount;
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
            acceptThread = ReceiverPools.threads("mailtrail-smtp-accept-").newThread(new AcceptLoop(this, listener));
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
        return start(config, started, finished, config != null && !config.tlsOnConnect());
    }

    /**
     * {@link #start(ReceiverConfig, Consumer, Consumer)} choosing the I/O model: {@code eventLoops} serves plain-text
     * sessions on event loops (the default unless TLS is on from the connect), false gives every session a thread
     * (for tests of that path, which TLS on connect takes).
     */
    static SmtpReceiver start(ReceiverConfig config, Consumer<ReceivedSession> started,
                              Consumer<ReceivedSession> finished, boolean eventLoops) throws IOException {
        int loops = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())); // one per core, up to 4
        return start(config, started, finished, eventLoops ? loops : 0, MaildirStore.REAL);
    }

    /**
     * {@link #start(ReceiverConfig, Consumer, Consumer, boolean)} with {@code loops} event loops (0: a thread per
     * session) and the store's files and folders forced to disk through {@code disk} (for tests to watch or hold).
     */
    static SmtpReceiver start(ReceiverConfig config, Consumer<ReceivedSession> started,
                              Consumer<ReceivedSession> finished, int loops, MaildirStore.Disk disk)
            throws IOException {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        MaildirStore store = config.storeDir() == null ? null : MaildirStore.open(config.storeDir(), disk);
        ServerSocketChannel socket = ServerSocketChannel.open();
        try {
            socket.socket().setReuseAddress(true);
            socket.bind(config.listen(), 128);
        } catch (IOException e) {
            socket.close();
            if (store != null) {
                closeQuietly(store);
            }
            InetSocketAddress l = config.listen();
            throw new IOException("cannot listen on " + HostNames.hostPort(l) + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
        SmtpReceiver r;
        try {
            r = new SmtpReceiver(config, store, socket, loops);
        } catch (IOException e) {
            socket.close();
            if (store != null) {
                closeQuietly(store);
            }
            throw new IOException("cannot start the server: " + e.getMessage(), e);
        }
        if (started != null) {
            r.onSessionStarted(started);
        }
        if (finished != null) {
            r.onSession(finished);
        }
        r.pruner.prune(); // what an earlier run left beyond the retention
        long shortest = Math.min(Math.min(config.idleTimeout().toMillis(), config.guards().commandTimeout().toMillis()),
                Math.min(config.guards().dataTimeout().toMillis(), config.guards().stressTimeout().toMillis()));
        long period = Math.max(100, Math.min(1_000, shortest / 4));
        r.pools.watch(r::checkStalled, period);
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
        listeners.onFinished(listener);
    }

    /**
     * Calls {@code listener} with a first snapshot of every session that starts from now on (not yet finished).
     * Connections turned away with 421 (too many connections) are only reported when they end.
     */
    public void onSessionStarted(Consumer<ReceivedSession> listener) {
        listeners.onStarted(listener);
    }

    /** Calls {@code listener} with a message whenever a message or a transcript cannot be written to the store. */
    public void onStoreProblem(Consumer<String> listener) {
        listeners.onStoreProblem(listener);
    }

    /** Connections being served now (turned-away ones not counted). */
    public int activeSessions() {
        return active.size();
    }

    /** Sessions that have ended so far, turned-away ones included. */
    public long sessionsFinished() {
        return sessionsFinished.get();
    }

    /** Messages the store's journal wrote again into {@code new/} at start (lost with a crash and a reboot). */
    public int messagesRestored() {
        return store == null ? 0 : store.restored();
    }

    /** What the store's journal recovered at start, in words; empty when there was nothing to recover. */
    public String recoverySummary() {
        return store == null ? "" : store.recoverySummary();
    }

    /** Messages accepted so far (each answered 250 after its data and stored once). */
    public long messagesStored() {
        return messagesStored.get();
    }

    /** Connections turned away so far (too many at once, or from one client address), each answered 421 if it could be. */
    public long turnedAway() {
        return door.turnedAway.get();
    }

    /** Connections waiting for a slot now. */
    int waitingForSlot() {
        return admission.waiting();
    }

    /** Connections that waited for a slot and were served when one came free (not turned away). */
    public long servedAfterWaiting() {
        return admission.waited();
    }

    /** Connections turned away whose 421 could not be written (the client had gone, or its socket took nothing). */
    public long turnedAwayUnanswered() {
        return door.unanswered.get();
    }

    /** Connections turned away whose transcript was not written (too many turned away at once: a flood). */
    public long turnedAwayUnrecorded() {
        return door.unrecorded.get();
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
        admission.expireWaiters(System.nanoTime(), true); // told 421 4.3.2: no slot will come free for them now
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
            if (!pools.shutdown(deadline) || !loopsDone) {
                for (ReceiverSession s : active) {
                    if (!s.isParked()) { // a parked one is told 421 and closed once the disk has answered (EventLoop)
                        s.abort();
                    }
                }
                if (loops != null) {
                    for (EventLoop l : loops) {
                        l.force();
                    }
                    for (EventLoop l : loops) {
                        l.join(SHUTDOWN_GRACE_MILLIS / 2);
                    }
                }
                pools.awaitSessions(SHUTDOWN_GRACE_MILLIS / 2);
            }
            pools.awaitLingering(deadline); // clients told 421 4.3.2 still sending: an orderly end, not a reset
            if (acceptThread != null) {
                acceptThread.join(SHUTDOWN_GRACE_MILLIS / 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Runnable job : pools.stopNow()) { // none is lost without a word: each is recorded or counted
                if (job instanceof Doorkeeper.Rejection r) {
                    door.dropped(r);
                }
            }
            if (archive != null) {
                archive.close(ARCHIVE_DRAIN_MILLIS); // every session that ended: its transcript written, reported
            }
            if (store != null) {
                try {
                    store.close(); // the journal checkpointed: its messages forced to disk together
                } catch (IOException e) {
                    listeners.storeProblem("cannot close the journal (its messages are kept for the next start): "
                            + MaildirStore.describe(e));
                }
            }
            pruner.prune();
        }
    }

    /**
     * A new connection: its session if it has a slot, to be served by the caller; null if it waits for one or was
     * turned away, or is gone already ({@link Admission}).
     */
    ReceiverSession admit(SocketChannel s) {
        if (closed) {
            closeQuietly(s);
            return null;
        }
        return admission.admit(s);
    }

    /** A session for a new connection (may throw if the socket closed under us). */
    ReceiverSession newSession(SocketChannel s) {
        return new ReceiverSession(this, store, s, ids.next());
    }

    /** A session has its slot: it is served now (counted as active). */
    void track(ReceiverSession s) {
        active.add(s);
    }

    /** Serves a session let in after a wait for a slot, on an event loop or a thread; false when stopping. */
    boolean serveLater(ReceiverSession session, long n) {
        if (loops == null) {
            serveOnThread(session);
            return true;
        }
        return loops[(int) (n % loops.length)].adopt(session);
    }

    /** Runs an admitted session on a thread of its own with blocking I/O. */
    void serveOnThread(ReceiverSession session) {
        try {
            pools.serve(() -> {
                try {
                    session.run();
                } finally {
                    connectionClosed(session);
                }
            });
        } catch (RejectedExecutionException e) {
            connectionClosed(session);
            closeQuietly(session.channel());
        }
    }

    private void checkStalled() {
        long now = System.nanoTime();
        ReadDeadline.Limits l = limits();
        for (ReceiverSession s : active) {
            s.check(now, l);
        }
        admission.expireWaiters(now, false);
        pruner.tick();
    }

    // ---- called by sessions ----

    /** The threads of this receiver (a session's connection closed lingering: {@link ReceiverPools#linger}). */
    ReceiverPools pools() {
        return pools;
    }

    /** Moves a session from its event loop to a thread of its own; false when the server is shutting down. */
    boolean runOnThread(ReceiverSession s) {
        try {
            pools.serve(s::continueOnThread);
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
            admission.leave(s.clientAddress());
        }
    }

    /** True when someone listens for sessions starting (a first snapshot is only built for them). */
    boolean wantsStarted() {
        return listeners.wantsStarted();
    }

    void started(ReceivedSession s) {
        listeners.started(s);
    }

    void finished(ReceivedSession s) {
        sessionsFinished.incrementAndGet();
        listeners.finished(s);
    }

    /** The timeouts in force now (shortened under stress). */
    ReadDeadline.Limits limits() {
        ReadDeadline.Limits l = limits;
        int open = active.size();
        if (l.open() != open) { // taken afresh whenever connections came or went: never stale for long
            l = ReadDeadline.Limits.of(config, open);
            limits = l;
        }
        return l;
    }

    /** A command from {@code client}: false when it has sent more than its commands per minute. */
    boolean commandAllowed(InetAddress client) {
        return door.command(client, System.nanoTime());
    }

    /** Runs {@code job} (a session's transcript and report) on the archive writer, or here without one. */
    void archive(Runnable job) {
        if (archive == null) {
            job.run();
        } else {
            archive.submit(job);
        }
    }

    /** A transcript was written: the retention may delete old ones. */
    void transcriptWritten() {
        pruner.written();
    }

    void messageStored() {
        messagesStored.incrementAndGet();
    }

    void storeProblem(String message) {
        listeners.storeProblem(message);
    }

    // ---- helpers ----

    static void closeQuietly(java.io.Closeable s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
