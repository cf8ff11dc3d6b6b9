package org.mailtrail.live;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Deadlines for blocking socket operations, kept by one sweeping thread: a {@link Watch} is armed before a read, a
 * write or a TLS handshake and disarmed after it, and the sweeper closes the socket of a watch whose deadline has
 * passed, which ends the blocked operation with an exception; {@link Watch#fired()} then tells a deadline from a
 * reset.
 *
 * <p>Why not a socket timeout or a timer task per operation: a socket timeout makes the JDK put the socket in
 * non-blocking mode and wait in {@code poll} before every read (two extra system calls per reply), cannot bound a
 * write at all, and restarts with every byte of a trickle; a timer task per operation costs a lock and often a
 * thread wake-up each time. Arming a watch is two volatile writes. The price is resolution: a deadline is noticed
 * up to {@link #TICK_MILLIS} late, nothing next to the seconds and minutes of RFC 5321 §4.5.3.2.
 *
 * <p>The sweeper is a daemon thread that sleeps (parked) while no watch is open; only then does opening a watch wake
 * it. While watches are open it wakes every tick by itself, and a watch opened meanwhile is looked at on the next one:
 * waking it for every new connection cost a futex call on the sender's thread and a context switch for the sweeper,
 * per message.
 */
final class Deadlines {
    /** How often the sweeper looks at the open watches. */
    static final long TICK_MILLIS = 50;

    /** The deadlines of live sends ({@link LiveSender}). */
    static final Deadlines SENDS = new Deadlines("mailtrail-send-deadlines");

    private final Set<Watch> open = ConcurrentHashMap.newKeySet();
    private final Thread sweeper;
    /** True while the sweeper parks without a deadline (it found no open watch); {@link #open} then wakes it. */
    private volatile boolean idle;

    /** A sweeper of its own (SENDS serves the application; tests make their own to know its state). */
    Deadlines(String threadName) {
        sweeper = new Thread(this::sweep, threadName);
        sweeper.setDaemon(true);
        sweeper.start();
    }

    /** Opens a watch over {@code socket} (not armed yet); close it when the socket is done with. */
    Watch open(Socket socket) {
        Watch w = new Watch(socket);
        open.add(w);
        // the sweeper announces idle before it looks at the set a last time and parks: either it sees this watch
        // there, or this sees idle set and wakes it (an unpark before the park makes the park return at once)
        if (idle) {
            LockSupport.unpark(sweeper);
        }
        return w;
    }

    /** True while the sweeper sleeps with no watch open (for tests). */
    boolean idle() {
        return idle;
    }

    private void sweep() {
        for (;;) {
            if (open.isEmpty()) {
                idle = true;
                if (open.isEmpty()) {
                    LockSupport.park(this); // open() wakes it; a spurious wake-up just goes round again
                }
                idle = false;
                continue;
            }
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));
            long now = System.nanoTime();
            for (Watch w : open) {
                w.check(now);
            }
        }
    }

    /** The deadline of one socket's current operation. */
    final class Watch implements AutoCloseable {
        /** Not armed. */
        private static final long IDLE = 0;
        /** The deadline closed the socket (final). */
        private static final long FIRED = Long.MIN_VALUE;

        private final Socket socket;
        /** IDLE, FIRED or the deadline ({@link System#nanoTime()}, never one of the two): one atomic word, so that
         * the sweeper can only fire the operation it saw armed, and a disarm tells for certain whether it did. */
        private final AtomicLong state = new AtomicLong(IDLE);

        private Watch(Socket socket) {
            this.socket = socket;
        }

        /** Arms the watch: the socket is closed if the operation is still going at {@code deadlineNanos}. */
        void arm(long deadlineNanos) {
            long d = deadlineNanos == IDLE || deadlineNanos == FIRED ? deadlineNanos + 1 : deadlineNanos;
            long s;
            do {
                s = state.get();
                if (s == FIRED) {
                    return; // the socket is closed: the operation fails at once and reports the deadline
                }
            } while (!state.compareAndSet(s, d));
        }

        /** Disarms it; false if the deadline fired first (the socket is closed then). */
        boolean disarm() {
            long s;
            do {
                s = state.get();
                if (s == FIRED) {
                    return false;
                }
            } while (!state.compareAndSet(s, IDLE));
            return true;
        }

        /** True once the deadline has closed the socket. */
        boolean fired() {
            return state.get() == FIRED;
        }

        private void check(long now) {
            long d = state.get();
            if (d != IDLE && d != FIRED && now - d >= 0 && state.compareAndSet(d, FIRED)) {
                try {
                    socket.close(); // the plain socket: closing it never blocks, and ends a TLS read or write on top
                } catch (IOException | RuntimeException e) {
                    // closed anyway
                }
            }
        }

        @Override
        public void close() {
            disarm();
            open.remove(this);
        }
    }
}
