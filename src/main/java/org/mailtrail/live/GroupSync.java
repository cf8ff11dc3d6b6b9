package org.mailtrail.live;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one shared sync (a folder forced to disk): a caller that has made its change waits for one sync
 * that <em>began after</em> the change, and one sync releases every caller whose change came before it began.
 *
 * <p>Leader and followers: syncs are numbered as they begin (a generation); a caller needs the generation after the
 * one begun so far. If no sync is running it becomes the leader: it takes the next number, runs the sync without the
 * lock (new callers can queue meanwhile) and then releases everyone whose number it reached. The others wait on a
 * condition, not on a monitor, so a finished sync wakes them once instead of letting them take a lock in turn. A
 * failed sync releases no one: the waiters it would have covered try again, each possibly as the next leader, and
 * the leader reports the failure.
 */
final class GroupSync {
    /** The sync itself. */
    interface Action {
        void run() throws IOException;
    }

    private final Action action;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition over = lock.newCondition();
    /** Syncs begun so far (the generation of the latest); guarded by {@link #lock}. */
    private long begun;
    /** The generation of the last sync that succeeded; guarded by {@link #lock}. */
    private long done;
    private boolean running;
    /** Syncs run so far (for tests and figures). */
    private long runs;
    /** Callers inside {@link #await} now, leader included (for tests). */
    private int inside;

    GroupSync(Action action) {
        this.action = action;
    }

    /**
     * Returns once a sync that began after this call has succeeded. Call it after the change to be made durable;
     * throws what the sync threw when this caller ran it.
     */
    void await() throws IOException {
        lock.lock();
        inside++;
        try {
            long need = begun + 1; // whatever runs now may have begun before our change: the next one covers it
            while (done < need) {
                if (running) {
                    over.awaitUninterruptibly();
                    continue;
                }
                long mine = ++begun;
                running = true;
                runs++;
                boolean ok = false;
                lock.unlock();
                try {
                    action.run();
                    ok = true;
                } finally {
                    lock.lock();
                    running = false;
                    if (ok) {
                        done = mine;
                    }
                    over.signalAll();
                }
            }
        } finally {
            inside--;
            lock.unlock();
        }
    }

    /** Callers waiting for a sync now, the one running it included. */
    int inside() {
        lock.lock();
        try {
            return inside;
        } finally {
            lock.unlock();
        }
    }

    /** How many syncs have been run. */
    long runs() {
        lock.lock();
        try {
            return runs;
        } finally {
            lock.unlock();
        }
    }
}
