package org.mailtrail.live;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit for one shared sync (a folder forced to disk): a caller that has made its change waits for one sync
 * that <em>began after</em> the change, and one sync releases every caller whose change came before it began.
 *
 * <p>Syncs are numbered as they begin (a generation); a caller needs one numbered after the last begun when it
 * arrived. If one such is running it waits for it; if none is and fewer than {@code overlap} syncs run, it begins one
 * itself at once (without the lock: new callers can queue meanwhile), overlapping those still running — which began
 * before its change and cannot cover it. With {@code overlap} 1 a caller waits for the running sync to end and then
 * leads the next one. A finished sync releases everyone whose number it reached (syncs may end out of order: the
 * highest number that succeeded counts); waiters wait on a condition, not on a monitor, so a finished sync wakes them
 * once instead of letting them take a lock in turn. A failed sync releases no one: the waiters it would have covered
 * try again, each possibly as the next leader, and the leader reports the failure.
 */
final class GroupSync {
    /** The sync itself. */
    interface Action {
        void run() throws IOException;
    }

    private final Action action;
    private final int overlap;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition over = lock.newCondition();
    /** Syncs begun so far (the generation of the latest); guarded by {@link #lock}. */
    private long begun;
    /** The highest generation of a sync that succeeded; guarded by {@link #lock}. */
    private long done;
    /** The generations of the syncs running now, 0 in a free slot; guarded by {@link #lock}. */
    private final long[] slots;
    /** Syncs running now; guarded by {@link #lock}. */
    private int running;
    /** Syncs run so far (for tests and figures). */
    private long runs;
    /** The most syncs that ran at once (for tests and figures). */
    private int mostAtOnce;
    /** Callers inside {@link #await} now, leaders included (for tests). */
    private int inside;
    /** Times a waiting caller was woken to look again (for tests). */
    private long wakeups;

    /** One sync at a time. */
    GroupSync(Action action) {
        this(action, 1);
    }

    /** At most {@code overlap} syncs at a time (at least 1). */
    GroupSync(Action action, int overlap) {
        if (overlap < 1) {
            throw new IllegalArgumentException("overlap must be at least 1: " + overlap);
        }
        this.action = action;
        this.overlap = overlap;
        this.slots = new long[overlap];
    }

    /**
     * Returns once a sync that began after this call has succeeded. Call it after the change to be made durable;
     * throws what the sync threw when this caller ran it.
     */
    void await() throws IOException {
        lock.lock();
        inside++;
        try {
            long need = begun + 1; // whatever runs now began before our change: only a later one covers it
            while (done < need) {
                if (newestRunning() >= need || running >= overlap) {
                    over.awaitUninterruptibly(); // one that covers us runs, or no room to begin one: wait for an end
                    wakeups++;
                    continue;
                }
                lead();
            }
        } finally {
            inside--;
            lock.unlock();
        }
    }

    /** Begins the next sync and runs it without the lock; called and returns with the lock held. */
    private void lead() throws IOException {
        long mine = ++begun;
        int slot = 0;
        while (slots[slot] != 0) {
            slot++; // there is a free one: running < overlap
        }
        slots[slot] = mine;
        running++;
        runs++;
        mostAtOnce = Math.max(mostAtOnce, running);
        boolean ok = false;
        lock.unlock();
        try {
            action.run();
            ok = true;
        } finally {
            lock.lock();
            slots[slot] = 0;
            running--;
            if (ok) {
                done = Math.max(done, mine);
            }
            over.signalAll();
        }
    }

    /** The highest generation among the syncs running now, 0 when none; called with the lock held. */
    private long newestRunning() {
        long newest = 0;
        for (long g : slots) {
            newest = Math.max(newest, g);
        }
        return newest;
    }

    /** Callers waiting for a sync now, those running one included. */
    int inside() {
        lock.lock();
        try {
            return inside;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Times a waiting caller has been woken so far. Each woken caller looks again under the lock it woke with, so
     * once this count has moved, every other state read through the lock includes what that look decided.
     */
    long wakeups() {
        lock.lock();
        try {
            return wakeups;
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

    /** The most syncs that have run at the same time. */
    int mostAtOnce() {
        lock.lock();
        try {
            return mostAtOnce;
        } finally {
            lock.unlock();
        }
    }
}
