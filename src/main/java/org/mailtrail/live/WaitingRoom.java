package org.mailtrail.live;

import java.net.InetAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Connections that came while every slot was taken, or while their client address had all its connections open,
 * wait here unanswered for up to {@link ReceiverGuards#slotWait()} before they are turned away with {@code 421}, as a
 * connection to Postfix waits in the listen queue for a free {@code smtpd} process. The race this closes: a client
 * that sends {@code QUIT} and closes without reading the {@code 221} (Postfix's default
 * {@code smtp_skip_quit_response}), or closes without {@code QUIT}, and connects again at once is ahead of the server
 * noticing that its last connection has ended; with {@code --max-connections 1} such a client was turned away in up
 * to 181 of 200 reconnections.
 *
 * <p>Theory of operation: {@link #enqueue} adds a connection and then tries the whole queue again, and every slot freed
 * ({@link #slotFreed}, after the {@link Doorkeeper} has given the slot back) tries it too, in arrival order, each
 * waiter against its own limits. Because a waiter is added before it tries again, and a slot is given back before
 * the queue is looked at, no slot can be freed unseen between the two. The watchdog ({@link #expired}) hands back the
 * waiters whose time is up, to be tried one last time and else turned away. At most {@link #CAPACITY} wait: a flood
 * beyond that is answered {@code 421} at once, as before. Thread-safe.
 */
final class WaitingRoom {
    /** The most connections that wait at once. */
    static final int CAPACITY = 64;

    /**
     * A connection, its session made when it came (its timeline starts then), waiting since {@code since}
     * ({@link System#nanoTime}) until {@code deadline}.
     */
    record Waiter(ReceiverSession session, InetAddress client, long since, long deadline) {
        SocketChannel channel() {
            return session.channel();
        }

        /** How long it has waited by {@code nowNanos}, in milliseconds. */
        long waitedMillis(long nowNanos) {
            return Math.max(0, (nowNanos - since) / 1_000_000);
        }
    }

    private final ArrayDeque<Waiter> queue = new ArrayDeque<>(); // guarded by this
    private volatile int size;

    /** How many wait now. */
    int size() {
        return size;
    }

    /** True when nobody waits (read without the lock, after a slot was freed). */
    boolean isEmpty() {
        return size == 0;
    }

    /**
     * Adds a connection, then lets in whoever may enter now ({@code door.enter}), the new one included; returns those
     * let in, in arrival order, to be served by the caller. Null if the room is full: turn the connection away now.
     */
    List<Waiter> enqueue(Waiter w, Doorkeeper door) {
        synchronized (this) {
            if (queue.size() >= CAPACITY) {
                return null;
            }
            queue.add(w);
            size = queue.size();
        }
        return letIn(door);
    }

    /** A slot was given back to {@code door}: the waiters it lets in now, in arrival order (none if nobody waits). */
    List<Waiter> slotFreed(Doorkeeper door) {
        return isEmpty() ? List.of() : letIn(door);
    }

    private synchronized List<Waiter> letIn(Doorkeeper door) {
        List<Waiter> in = new ArrayList<>(1);
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (door.enter(w.client()) == null) {
                it.remove();
                in.add(w);
            }
        }
        size = queue.size();
        return in;
    }

    /** Removes and returns the waiters whose deadline is before {@code nowNanos}, or all of them when {@code all}. */
    synchronized List<Waiter> expired(long nowNanos, boolean all) {
        List<Waiter> out = new ArrayList<>();
        for (Iterator<Waiter> it = queue.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (all || nowNanos - w.deadline() >= 0) {
                it.remove();
                out.add(w);
            }
        }
        size = queue.size();
        return out;
    }
}
