package org.mailtrail.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.Redaction;
import org.mailtrail.export.TextTranscript;

/**
 * A transparent SMTP proxy for recording a real client (docs/inspect.md): it listens (loopback unless told
 * otherwise), forwards every client session to the one configured upstream server and to nothing else (it resolves
 * no names and reads no addresses from the session, so it is never an open relay of its own), and records both sides
 * as one session, with the same timeline, {@link ReceivedSession} snapshots and store layout as {@link SmtpReceiver}
 * ({@code DIR/sessions/<id>.json}, the text in the day's log; secrets redacted as in every export).
 *
 * <p>Theory of operation: one accept thread; each connection gets a {@link ProxySession} thread reading the client
 * and a {@link ProxyUpstream} thread reading the upstream (blocking I/O; reads time out, writes and TLS handshakes
 * are bounded by {@link Deadlines}). A connection beyond {@link ProxyConfig#maxConnections()} waits on its thread up
 * to {@link #SLOT_WAIT_MILLIS} for a slot (in the order the connections came; at most {@link #MAX_WAITING} wait), as
 * {@code serve} lets it ({@link WaitingRoom}: a client that closes without reading the 221 and connects again at once
 * is ahead of its last session's end), then is answered {@code 421 4.7.0} and closed, recorded. Listeners run on the
 * session's thread and must not block.
 */
public final class SmtpProxy implements AutoCloseable {
    private final ProxyConfig config;
    private final MaildirStore store;
    private final ServerSocket listener;
    private final InetSocketAddress address;
    private final SessionIds ids = new SessionIds();
    /** How long a connection beyond the limit waits for a slot before its 421 (as {@code serve}'s default). */
    static final long SLOT_WAIT_MILLIS = 1_000;
    /** The most connections that wait for a slot at once; more are answered 421 at once. */
    static final int MAX_WAITING = 64;
    /** How long a stop waits for its open sessions to end. */
    static final long STOP_MILLIS = 6_000;
    /** How long a stop then waits more for the transcripts of ended sessions still being written. */
    static final long WRITE_MILLIS = 60_000;
    private final Set<ProxySession> active = ConcurrentHashMap.newKeySet();
    /** A slot per session served; fair, so that waiting connections are served in the order they came. */
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    /** Sessions whose thread has started and whose transcript is not written yet: the stop waits for them. */
    /** Sessions whose transcript is being written now. */
    private final AtomicInteger writing = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final ReceiverListeners listeners = new ReceiverListeners();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong turnedAway = new AtomicLong();
    private final AtomicLong servedAfterWaiting = new AtomicLong();
    private final Thread acceptThread;
    private volatile boolean closed;

    private SmtpProxy(ProxyConfig config, MaildirStore store, ServerSocket listener) {
        this.config = config;
        this.store = store;
        this.listener = listener;
        this.address = new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
        this.slots = new Semaphore(config.maxConnections(), true);
        this.acceptThread = thread("mailtrail-proxy-accept", this::acceptLoop);
    }

    /**
     * Opens the store, binds the listen address and starts accepting; {@code started} and {@code finished} (either
     * may be null) hear of every session from the first on.
     *
     * @throws IOException naming the address or folder at fault
     */
    public static SmtpProxy start(ProxyConfig config, Consumer<ReceivedSession> started,
                                  Consumer<ReceivedSession> finished) throws IOException {
        if (config == null) {
            throw new IllegalArgumentException("config is required");
        }
        MaildirStore store = config.storeDir() == null ? null : MaildirStore.openForTranscripts(config.storeDir());
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(config.listen(), 128);
        } catch (IOException e) {
            socket.close();
            if (store != null) {
                SmtpReceiver.closeQuietly(store);
            }
            throw new IOException("cannot listen on " + HostNames.hostPort(config.listen()) + ": "
                    + ReceiverTls.message(e), e);
        }
        SmtpProxy p = new SmtpProxy(config, store, socket);
        if (started != null) {
            p.listeners.onStarted(started);
        }
        if (finished != null) {
            p.listeners.onFinished(finished);
        }
        p.acceptThread.start();
        return p;
    }

    /** The address and port it listens on (the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return address;
    }

    public ProxyConfig config() {
        return config;
    }

    /** Calls {@code listener} with the final snapshot of every session that ends from now on. */
    public void onSession(Consumer<ReceivedSession> listener) {
        listeners.onFinished(listener);
    }

    /** Calls {@code listener} with a message whenever a transcript cannot be written to the store. */
    public void onStoreProblem(Consumer<String> listener) {
        listeners.onStoreProblem(listener);
    }

    /** Sessions going on now. */
    public int activeSessions() {
        return active.size();
    }

    /** Sessions ended so far (turned-away ones included). */
    public long sessionsFinished() {
        return finished.get();
    }

    /** Connections turned away so far with 421 (too many at once, or waiting for a slot when the proxy stopped). */
    public long turnedAway() {
        return turnedAway.get();
    }

    /** Connections waiting for a slot now. */
    int waitingForSlot() {
        return waiting.get();
    }

    /** Connections that waited for a slot and were served when one came free. */
    public long servedAfterWaiting() {
        return servedAfterWaiting.get();
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Stops accepting and ends the open sessions (each told 421 4.3.2 and recorded); waits up to {@link #STOP_MILLIS}
     * for them: the replies the upstream owes take up to a second, the 421 up to one more, a client's lingering close up
     * to two ({@link ProxyEnding#LINGER_MILLIS}), the upstream's answer to the proxy's QUIT up to one more. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        SmtpReceiver.closeQuietly(listener);
        for (ProxySession s : active) { // all at once: one whose client reads nothing must not hold the others
            thread("mailtrail-proxy-stop-" + s.id, s::stop).start();
        }
        slots.release(MAX_WAITING); // wakes those waiting for a slot: they are turned away now
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_MILLIS);
        try {
            acceptThread.join(1_000);
            // the sessions end, and their transcripts are written, on their own threads; then the transcripts still
            // being written (tester: 10 sessions of 40,000 events each, rendered at once, took longer than the
            // sessions' end, and every transcript was lost with the store closed under them)
            poll(() -> open.get() == 0, deadline);
            poll(() -> writing.get() == 0, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (store != null) {
            SmtpReceiver.closeQuietly(store);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue; // a connection that failed while being accepted: the next one
            }
            if (closed) {
                SmtpReceiver.closeQuietly(s);
                return;
            }
            ProxySession session;
            try {
                session = new ProxySession(this, s, ids.next());
            } catch (RuntimeException e) {
                SmtpReceiver.closeQuietly(s); // closed before we could look at it
                continue;
            }
            Runnable serve;
            if (slot(0)) {
                active.add(session);
                serve = session;
            } else if (waiting.incrementAndGet() <= MAX_WAITING) {
                serve = () -> waitForSlot(session);
            } else {
                waiting.decrementAndGet();
                turnedAway.incrementAndGet();
                serve = () -> session.turnAway(false);
            }
            open.incrementAndGet();
            thread("mailtrail-proxy-" + session.id, serve).start();
        }
    }

    /** Takes a slot, waiting up to {@code millis} behind those who came first; false if none came free. */
    private boolean slot(long millis) {
        try {
            return slots.tryAcquire(millis, TimeUnit.MILLISECONDS); // unlike tryAcquire(), fair to those waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** On the session's thread: serves it once a slot comes free, or turns it away when the wait is over. */
    private void waitForSlot(ProxySession session) {
        boolean in;
        try {
            in = slot(SLOT_WAIT_MILLIS);
        } finally {
            waiting.decrementAndGet();
        }
        if (in && !closed) {
            active.add(session);
            servedAfterWaiting.incrementAndGet();
            session.run();
        } else {
            if (in) {
                slots.release();
            }
            turnedAway.incrementAndGet();
            session.turnAway(closed);
        }
    }

    // ---- called by sessions ----

    void started(ProxySession s) {
        if (listeners.wantsStarted()) {
            listeners.started(s.log.snapshot(null, null, null, null));
        }
    }

    /** A session has ended: its transcript is written (redacted) and its final snapshot told. */
    void finished(ProxySession s) {
        try {
            record(s);
        } finally {
            open.decrementAndGet();
        }
    }

    private void record(ProxySession s) {
        if (active.remove(s)) {
            slots.release(); // before the transcript is written: the next client need not wait for the disk
        }
        writing.incrementAndGet();
        try {
            write(s);
        } finally {
            writing.decrementAndGet();
        }
    }

    private void write(ProxySession s) {
        SimulationResult result = s.log.result();
        Instant end = Instant.now();
        Path json = null;
        Path text = null;
        if (store != null) {
            try {
                SimulationResult shown = Redaction.redact(result);
                Path[] p = store.writeSession(s.id, end, JsonSession.renderBytes(shown),
                        TextTranscript.render(shown));
                json = p[0];
                text = p[1];
            } catch (IOException | RuntimeException e) {
                String why = e instanceof IOException io ? MaildirStore.describe(io) : e.toString();
                String problem = "the transcript of session " + s.id + " could not be written: " + why;
                s.log.storeProblem(problem);
                listeners.storeProblem(problem);
                result = s.log.result();
            }
        }
        finished.incrementAndGet();
        listeners.finished(s.log.snapshot(end, result, json, text));
    }

    /** Waits, looking every 10 ms, until {@code done} holds or {@code deadlineNanos} has passed. */
    private static void poll(java.util.function.BooleanSupplier done, long deadlineNanos) throws InterruptedException {
        while (!done.getAsBoolean() && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
    }

    /** A daemon thread. */
    static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
