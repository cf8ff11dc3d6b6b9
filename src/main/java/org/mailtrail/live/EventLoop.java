package org.mailtrail.live;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * One thread with one selector serving many plain-text sessions of the {@link SmtpReceiver} with non-blocking I/O:
 * every loop listens for new connections, greets those it accepts and serves them; a readable connection's bytes go
 * to its session's state machine and the replies straight back, so a busy server needs no thread switch per command
 * (a thread per connection costs a wake-up and a context switch for every command it waits for).
 *
 * <p>Only what cannot block runs here. A session moves to a thread of its own with blocking I/O
 * ({@link ReceiverSession#continueOnThread}) when it needs to block: for the TLS handshake after STARTTLS, and when
 * the client does not read its replies (the socket's send buffer is full). With a store, a message is written into
 * the Maildir and its journal record appended here (page-cache writes), but forcing it to disk would hold every
 * session of the loop: the session is parked instead ({@link #park}), its key reading nothing, until the journal's
 * sync thread says the record is on disk ({@link SyncBatches}: one sync for the messages of every session that came
 * meanwhile); then the loop sends its 250 and reads for it again ({@link #takeBack}).
 *
 * <p>All session state is touched by one thread at a time: this loop, and after a hand-over the session's own
 * thread. A parked session is left alone until it is handed back through {@link #resumed} (a happens-before edge).
 */
final class EventLoop implements Runnable {
    /** How often the loop looks for sessions whose connection was closed under it (abort, shutdown). */
    private static final long SCAN_MILLIS = 1_000;
    private static final long ACCEPT_PAUSE_MILLIS = 100;

    private final SmtpReceiver owner;
    private final Selector selector;
    private final ServerSocketChannel listener;
    private final SelectionKey acceptKey;
    /** System.nanoTime() until which accepting pauses after a failure (out of file descriptors); 0: accepting. */
    private long acceptPausedUntil;
    private final Thread thread;
    private final Set<ReceiverSession> sessions = new HashSet<>(); // loop thread only
    private final List<ReceiverSession> handOvers = new ArrayList<>(); // loop thread only
    /** Ended sessions whose keys are cancelled: closed once deregistered (a registered channel's close costs the
     * JDK two more system calls, a linger check and a shutdown). Loop thread only. */
    private final List<ReceiverSession> endings = new ArrayList<>();
    /** Parked sessions whose message the disk has settled; guarded by itself, with {@link #dead}. */
    private final List<Resumed> resumed = new ArrayList<>();
    /** The loop has ended: the sessions it would take back are ended where they are settled. Guarded by {@link #resumed}. */
    private boolean dead;
    /** Sessions let in after a wait for a slot ({@link #adopt}), to be greeted here. Guarded by {@link #resumed}. */
    private final List<ReceiverSession> adopted = new ArrayList<>();
    /** Sessions whose read the watchdog has ended ({@link #expire}), to be told 421. Guarded by {@link #resumed}. */
    private final List<ReceiverSession> expiring = new ArrayList<>();
    /** Sessions parked now (waiting for the disk). Loop thread only. */
    private int parked;
    /**
     * The parked sessions whose key still asks for reads: it is switched off only if the client sends more while its
     * session is parked (most wait for the 250), which saves two changes of the selector's interest per message.
     * Loop thread only.
     */
    private final Set<ReceiverSession> parkedReading = new HashSet<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);
    private volatile boolean stopping;
    private volatile boolean forced;
    private long lastScan = System.nanoTime();

    /** A parked session, its key and how its message was settled (null: on disk). */
    private record Resumed(ReceiverSession session, SelectionKey key, IOException failure) {
    }

    EventLoop(SmtpReceiver owner, String name, ServerSocketChannel listener) throws IOException {
        this.owner = owner;
        this.selector = Selector.open();
        this.listener = listener;
        this.acceptKey = listener.register(selector, SelectionKey.OP_ACCEPT); // non-blocking already
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** No new sessions from now on; the loop ends when its sessions have ended. */
    void stop() {
        stopping = true;
        selector.wakeup();
    }

    /** Ends every session still here at once (after the shutdown grace period). */
    void force() {
        forced = true;
        selector.wakeup();
    }

    /** Closes the selector of a loop that never started. */
    void closeSelector() {
        try {
            selector.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** Waits up to {@code millis} for the loop thread to end. */
    boolean join(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }

    @Override
    public void run() {
        try {
            loop();
        } catch (IOException | RuntimeException e) {
            // the selector failed (should not happen): end what is here rather than leave it hanging
            forced = true;
        } finally {
            List<ReceiverSession> left = new ArrayList<>(sessions);
            List<ReceiverSession> settledLeft = new ArrayList<>();
            synchronized (resumed) {
                dead = true; // sessions still parked are ended where they are settled (see settled)
                for (Resumed r : resumed) {
                    settledLeft.add(r.session());
                }
                resumed.clear();
                left.addAll(adopted); // let in as the loop ended: never greeted
                adopted.clear();
                expiring.clear(); // among the sessions left, closed below
            }
            for (ReceiverSession s : settledLeft) {
                try {
                    s.stoppedWhileParked();
                    s.abort();
                } catch (RuntimeException e) {
                    // still ended below
                } finally {
                    end(s);
                }
            }
            left.addAll(handOvers);
            left.addAll(endings);
            handOvers.clear();
            endings.clear();
            for (ReceiverSession s : left) {
                try {
                    s.lostOnLoop(); // recorded as cut off (the shutdown grace period is over)
                    s.abort();
                } catch (RuntimeException e) {
                    // still ended below
                }
                end(s);
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    private void loop() throws IOException {
        while (true) {
            takeBack();
            takeAdopted();
            takeExpired();
            if (!handOvers.isEmpty() || !endings.isEmpty()) {
                // deregisters the cancelled keys: their channels can be closed or made blocking for a hand-over now
                selector.selectNow();
                for (ReceiverSession s : handOvers) {
                    handOver(s);
                }
                handOvers.clear();
                for (ReceiverSession s : endings) {
                    end(s);
                }
                endings.clear();
            } else {
                selector.select(acceptPausedUntil != 0 ? ACCEPT_PAUSE_MILLIS : SCAN_MILLIS);
            }
            if (acceptPausedUntil != 0 && System.nanoTime() - acceptPausedUntil >= 0) {
                acceptPausedUntil = 0;
                try {
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                } catch (CancelledKeyException e) {
                    // the listener was closed meanwhile
                }
            }
            if (forced) {
                return;
            }
            Set<SelectionKey> ready = selector.selectedKeys();
            for (Iterator<SelectionKey> it = ready.iterator(); it.hasNext(); ) {
                SelectionKey key = it.next();
                it.remove();
                if (key == acceptKey) {
                    if (key.isValid() && !stopping) {
                        accept();
                    }
                    continue;
                }
                ReceiverSession s = (ReceiverSession) key.attachment();
                if (!key.isValid()) {
                    continue; // found by the scan below
                }
                if (parkedReading.remove(s)) { // bytes for a parked session: they wait in the socket until it is back
                    key.interestOps(0);
                    continue;
                }
                read(s, key);
            }
            long now = System.nanoTime();
            if (now - lastScan > SCAN_MILLIS * 1_000_000L) {
                lastScan = now;
                for (ReceiverSession s : new ArrayList<>(sessions)) {
                    if (!s.channel().isOpen()) { // closed under us (abort): record it as lost
                        s.lostOnLoop();
                        end(s);
                    }
                }
            }
            if (stopping && sessions.isEmpty() && handOvers.isEmpty() && endings.isEmpty() && parked == 0) {
                return;
            }
        }
    }

    /** Reads for a session whose channel is readable (or whose read has expired) and goes on as it says. */
    private void read(ReceiverSession s, SelectionKey key) {
        boolean open = s.onReadable((SocketChannel) key.channel(), buffer);
        if (open && s.awaitsDisk()) {
            park(s, key); // not to be touched here until its message is settled
            return;
        }
        if (!open || s.wantsThread()) {
            key.cancel();
            leave(s);
        }
    }

    /**
     * From the watchdog: the read of a session on this loop has waited past its idle timeout or deadline. The loop
     * ends it ({@code 421 4.4.2}) with the input still open, so that its close can linger (see {@link Lingerer}).
     */
    void expire(ReceiverSession s) {
        synchronized (resumed) {
            if (dead) {
                return; // the loop has ended: it closed its sessions
            }
            expiring.add(s);
        }
        selector.wakeup();
    }

    /** What {@code from} (guarded by {@link #resumed}) holds, taken out of it; empty when it holds nothing. */
    private <T> List<T> taken(List<T> from) {
        synchronized (resumed) {
            if (from.isEmpty()) {
                return List.of();
            }
            List<T> in = new ArrayList<>(from);
            from.clear();
            return in;
        }
    }

    private void takeExpired() {
        List<ReceiverSession> in = taken(expiring);
        for (ReceiverSession s : in) {
            SelectionKey key = s.channel().keyFor(selector);
            if (key != null && key.isValid() && sessions.contains(s)) { // not ended, parked or handed over meanwhile
                read(s, key); // takes what came at the last moment (dropped), sees the expiry and answers 421
            }
        }
    }

    /**
     * A session let in from the {@link WaitingRoom} by another thread, to be greeted and served here; false when the
     * loop is stopping (no new sessions) or has ended.
     */
    boolean adopt(ReceiverSession s) {
        synchronized (resumed) {
            if (dead || stopping) {
                return false;
            }
            adopted.add(s);
        }
        selector.wakeup();
        return true;
    }

    private void takeAdopted() {
        List<ReceiverSession> in = taken(adopted);
        for (ReceiverSession s : in) {
            register(s);
        }
    }

    /**
     * Parks a session whose message waits for the disk: its key reads nothing, and the journal's sync thread hands it
     * back through {@link #settled} (at once, if the message is on disk already).
     */
    private void park(ReceiverSession s, SelectionKey key) {
        sessions.remove(s); // the scan for closed channels must not end it while it is parked
        parked++;
        parkedReading.add(s); // its key's interest is left alone unless the client sends more meanwhile
        s.parked(true);
        s.whenDurable(failure -> settled(s, key, failure));
    }

    /** From the journal's sync thread: a parked session's message is settled; the loop takes it back, if it runs. */
    private void settled(ReceiverSession s, SelectionKey key, IOException failure) {
        s.parked(false);
        synchronized (resumed) {
            if (!dead) {
                resumed.add(new Resumed(s, key, failure));
                selector.wakeup(); // once per batch: a wake-up pending already is not written again
                return;
            }
        }
        try {
            s.stoppedWhileParked(); // the loop ended under it (the shutdown grace period is over): copy taken back, 421
            s.abort();
        } finally {
            s.end();
        }
    }

    /** Takes back the sessions whose message is settled: sends their reply and reads for them again, or ends them. */
    private void takeBack() {
        List<Resumed> back = taken(resumed);
        for (Resumed r : back) {
            parked--;
            ReceiverSession s = r.session();
            parkedReading.remove(s);
            sessions.add(s);
            boolean open = s.diskSettled(r.failure());
            if (open && s.awaitsDisk()) { // a second message in the same read, appended after that sync began
                park(s, r.key());
                continue;
            }
            if (!open || s.wantsThread()) {
                r.key().cancel();
                leave(s);
                continue;
            }
            try {
                s.resumeOnLoop();
                r.key().interestOps(SelectionKey.OP_READ); // a system call only if it was switched off meanwhile
            } catch (CancelledKeyException e) { // closed under it meanwhile (abort): recorded as lost
                s.lostOnLoop();
                leave(s);
                continue;
            }
            if (s.stopping()) { // the server stopped while it was parked: 421 4.3.2 now, not at the client's next line
                read(s, r.key());
            }
        }
    }

    /** Takes the connections waiting to be accepted (another loop may have taken them: then there are none). */
    private void accept() {
        for (int i = 0; i < 64; i++) { // at most a batch, then the sessions already here get their turn
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                if (!listener.isOpen()) {
                    acceptKey.cancel();
                    return;
                }
                // e.g. out of file descriptors: leave the connection in the backlog and try again shortly
                try {
                    acceptKey.interestOps(0);
                    acceptPausedUntil = System.nanoTime() + ACCEPT_PAUSE_MILLIS * 1_000_000L;
                } catch (CancelledKeyException ex) {
                    // the listener was closed meanwhile
                }
                return;
            }
            if (ch == null) {
                return;
            }
            ReceiverSession s = owner.admit(ch);
            if (s != null) {
                register(s);
            }
        }
    }

    private void register(ReceiverSession s) {
        SocketChannel ch = s.channel();
        boolean open;
        try {
            ch.configureBlocking(false);
            open = s.startOnLoop(() -> expire(s));
        } catch (IOException e) {
            s.lostOnLoop();
            open = false;
        }
        if (!open || s.wantsThread()) {
            leave(s);
            return;
        }
        try {
            ch.register(selector, SelectionKey.OP_READ, s);
            sessions.add(s);
        } catch (IOException e) {
            s.lostOnLoop();
            end(s);
        }
    }

    /**
     * A session leaves the loop (its key cancelled, if it had one): to a thread for a TLS handshake or output the
     * socket did not take, or, ended, to be closed and recorded once its key is deregistered.
     */
    private void leave(ReceiverSession s) {
        sessions.remove(s);
        if (s.wantsThread()) {
            handOvers.add(s);
        } else {
            endings.add(s);
        }
    }

    private void end(ReceiverSession s) {
        sessions.remove(s);
        try {
            s.end();
        } catch (RuntimeException e) {
            // a fault while recording one session must not end the loop and the others (its slot is free already)
        }
    }

    private void handOver(ReceiverSession s) {
        try {
            s.channel().configureBlocking(true);
        } catch (IOException | RuntimeException e) {
            s.lostOnLoop();
            end(s);
            return;
        }
        if (!owner.runOnThread(s)) {
            s.lostOnLoop(); // shutting down: no thread to finish it on
            s.abort();
            end(s);
        }
    }
}
