package org.mailtrail.live;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Group commit on a thread of its own: changes (journal appends) are numbered as they are made ({@link #changed}),
 * and one thread runs the sync (forcing the journal to disk) for every change made since the last one began — one
 * sync for as many changes as came in while the one before ran. A change is durable once a sync that
 * <em>began after</em> it succeeded; who made it hears so either by waiting ({@link #await}, a session on a thread of
 * its own) or through a callback run on the sync thread ({@link #whenSynced}, a session on an event loop, which goes on
 * serving its other sessions meanwhile and is woken once per batch, not once per message).
 *
 * <p>A sync that fails fails every change it was to cover (they were made before it began): their waiters throw its
 * exception and their callbacks get it; later changes are covered by the next sync, which is tried afresh.
 *
 * <p>With {@link #gather} the sync thread, once woken by a change, waits a moment before it begins while changes
 * come together (more than one waits, or the last sync covered more than one) and enough sessions are open, so that
 * the changes they are about to make share the sync (PostgreSQL's {@code commit_delay} with {@code commit_siblings}):
 * a sync costs the same for one change as for twenty, and on a busy server it is then run once for several messages
 * instead of once for nearly each. A lone client is never made to wait for it, nor one sending alone among idle ones.
 */
final class SyncBatches implements AutoCloseable {
    /** The sync itself. */
    interface Action {
        void run() throws IOException;
    }

    /** What a change's owner hears: {@code failure} null once the change is durable, else why it is not. */
    interface Done {
        void done(IOException failure);
    }

    private record Waiting(long change, Done done) {
    }

    /** See {@link #gather}. */
    private record Gathering(long nanos, java.util.function.IntSupplier busy, int siblings) {
    }

    /** A sync that failed, and the changes it was to cover. */
    private record Failure(long from, long upTo, IOException why) {
    }

    private final Action action;
    private final Thread thread;
    /** Changes made so far (the number of the latest); guarded by {@code this}. */
    private long changes;
    /** Every change up to this one is settled (durable or failed); guarded by {@code this}. */
    private long settled;
    /** The recent syncs that failed; guarded by {@code this}. */
    private final ArrayDeque<Failure> failures = new ArrayDeque<>();
    /** Callbacks waiting for their change's sync; guarded by {@code this}. */
    private List<Waiting> callbacks = new ArrayList<>();
    private boolean closing;
    private long runs;
    private volatile Gathering gathering;
    /** How many changes the last sync covered (read and written by the sync thread only). */
    private long lastBatch;

    SyncBatches(Action action, String threadName) {
        this.action = action;
        this.thread = new Thread(this::run, threadName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Call after a change was made: returns its number, for {@link #await} or {@link #whenSynced}. */
    synchronized long changed() {
        if (closing) {
            throw new IllegalStateException("no more changes: closing");
        }
        long n = ++changes;
        notifyAll();
        return n;
    }

    /** Returns once change {@code n} is durable; throws what the sync that was to cover it threw. */
    void await(long n) throws IOException {
        boolean interrupted = false;
        try {
            synchronized (this) {
                while (settled < n) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true; // the change is made: its owner must know its fate
                    }
                }
                IOException f = failureOf(n);
                if (f != null) {
                    throw f;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code done} on the sync thread once change {@code n} is settled (at once, here, if it is already). */
    void whenSynced(long n, Done done) {
        IOException f;
        synchronized (this) {
            if (settled < n) {
                callbacks.add(new Waiting(n, done));
                return;
            }
            f = failureOf(n);
        }
        done.done(f);
    }

    /** True when change {@code n} is durable already. */
    synchronized boolean isDurable(long n) {
        return settled >= n && failureOf(n) == null;
    }

    /**
     * From now on a sync begins {@code nanos} after the change that woke it when changes come together and
     * {@code busy} counts at least {@code siblings} (sessions that may make a change meanwhile); {@code nanos} 0 turns
     * it off.
     */
    void gather(long nanos, java.util.function.IntSupplier busy, int siblings) {
        gathering = nanos <= 0 ? null : new Gathering(nanos, busy, siblings);
    }

    /** Syncs run so far. */
    synchronized long runs() {
        return runs;
    }

    private IOException failureOf(long n) {
        for (Failure f : failures) {
            if (f.from() <= n && n <= f.upTo()) {
                return f.why();
            }
        }
        return null;
    }

    private void run() {
        while (true) {
            long from;
            long upTo;
            boolean last;
            long pending;
            synchronized (this) {
                while (changes == settled && !closing) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only close stops this thread
                    }
                }
                if (changes == settled) {
                    return; // closing, and nothing left to sync
                }
                last = closing;
                pending = changes - settled;
            }
            Gathering g = gathering;
            // changes come together (more than one waits now, or the last sync covered more than one), and enough
            // sessions are open to make more: the ones on their way share this sync
            if (g != null && !last && (pending > 1 || lastBatch > 1) && g.busy().getAsInt() >= g.siblings()) {
                java.util.concurrent.locks.LockSupport.parkNanos(g.nanos());
            }
            synchronized (this) { // only this thread moves settled: the changes found above are still unsettled
                from = settled + 1;
                upTo = changes; // every one of these was made before the sync begins
            }
            IOException failure = null;
            try {
                action.run();
            } catch (IOException e) {
                failure = e;
            } catch (RuntimeException e) {
                failure = new IOException(e.toString(), e);
            }
            List<Waiting> ready = new ArrayList<>();
            synchronized (this) {
                runs++;
                lastBatch = upTo - from + 1;
                settled = upTo;
                if (failure != null) {
                    failures.addLast(new Failure(from, upTo, failure));
                    if (failures.size() > 64) {
                        failures.removeFirst(); // owners ask about their change soon after it is settled
                    }
                }
                List<Waiting> later = new ArrayList<>();
                for (Waiting w : callbacks) { // every change up to upTo is settled now, whichever order they came in
                    (w.change() <= upTo ? ready : later).add(w);
                }
                callbacks = later;
                notifyAll();
            }
            for (Waiting w : ready) {
                try {
                    w.done().done(failure);
                } catch (RuntimeException e) {
                    // one owner's fault must not stop the syncs of the others
                }
            }
        }
    }

    /** Syncs what changes are left, runs their callbacks and ends the thread (waiting for it up to 60 s). */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
            notifyAll();
        }
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
