package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How a new connection of an {@link SmtpReceiver} gets in: with a slot from the {@link Doorkeeper} at once; else,
 * unanswered, into the {@link WaitingRoom} for up to {@link ReceiverGuards#slotWait()}, served as soon as a slot
 * comes free and turned away with {@code 421 4.7.0} when its time is up (a timer on the watchdog's thread, set for
 * each waiter) or with {@code 421 4.3.2} if the server stops meanwhile; at once with {@code 421 4.7.0} when no wait
 * is configured or the room is full. A waiting connection's session is made when it comes, so that its timeline
 * shows the wait: accepted then, greeted when it got its slot.
 */
final class Admission {
    private final SmtpReceiver owner;
    private final Doorkeeper door;
    private final ReceiverPools pools;
    private final WaitingRoom room = new WaitingRoom();
    private final AtomicLong waited = new AtomicLong();

    Admission(SmtpReceiver owner, Doorkeeper door, ReceiverPools pools) {
        this.owner = owner;
        this.door = door;
        this.pools = pools;
    }

    /** Connections served after they waited for a slot. */
    long waited() {
        return waited.get();
    }

    /** Connections waiting for a slot now. */
    int waiting() {
        return room.size();
    }

    /**
     * A new connection: its session if it has a slot, to be served by the caller; null if it waits for one, was
     * turned away ({@code 421}, on the small reject pool) or is gone already.
     */
    ReceiverSession admit(SocketChannel s) {
        InetAddress who;
        try {
            who = s.getRemoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        } catch (IOException | RuntimeException e) {
            who = null;
        }
        if (who == null) {
            SmtpReceiver.closeQuietly(s); // the socket closed before we could look at it
            return null;
        }
        Doorkeeper.Refusal refusal = door.enter(who);
        if (refusal == null) {
            ReceiverSession session = session(s, who);
            if (session != null) {
                owner.track(session);
            }
            return session;
        }
        long wait = owner.config().guards().slotWait().toNanos();
        if (wait == 0) {
            door.turnAway(s, refusal, () -> owner.newSession(s), pools);
            return null;
        }
        ReceiverSession session = session(s, null);
        if (session == null) {
            return null;
        }
        long now = System.nanoTime();
        List<WaitingRoom.Waiter> in = room.enqueue(new WaitingRoom.Waiter(session, who, now, now + wait), door);
        if (in == null) {
            door.turnAway(s, new Doorkeeper.Refusal(refusal.why() + " (" + WaitingRoom.CAPACITY + " connections wait "
                    + "for a slot already: no room to wait)", refusal.reply(), refusal.reason()), () -> session, pools);
        } else {
            pools.later(() -> expireWaiters(System.nanoTime(), false), wait);
            serve(in); // it waits for a slot, or has one already (freed meanwhile)
        }
        return null;
    }

    /** The connection of {@code who} is closed: its slot is given back and the first waiters that may have it served. */
    void leave(InetAddress who) {
        door.leave(who);
        serve(room.slotFreed(door));
    }

    /**
     * Turns away the connections that have waited for a slot until {@code nowNanos}, unless one came free at the last
     * moment; with {@code stopping}, every waiter, with {@code 421 4.3.2}. Then forgets idle rate buckets.
     */
    void expireWaiters(long nowNanos, boolean stopping) {
        for (WaitingRoom.Waiter w : room.expired(nowNanos, stopping)) {
            long ms = w.waitedMillis(nowNanos);
            Doorkeeper.Refusal refusal = stopping ? door.shuttingDown(ms) : door.enter(w.client());
            if (refusal == null) {
                serve(List.of(w));
            } else {
                Doorkeeper.Refusal told = stopping ? refusal : new Doorkeeper.Refusal(refusal.why() + " (it waited "
                        + ms + " ms for a free slot)", refusal.reply(), refusal.reason());
                door.turnAway(w.channel(), told, w::session, pools);
            }
        }
        door.sweep(nowNanos);
    }

    /**
     * The session of a connection; null if the socket closed under us (its slot, if {@code slotOf} is the client
     * whose slot it had, given back).
     */
    private ReceiverSession session(SocketChannel s, InetAddress slotOf) {
        try {
            return owner.newSession(s);
        } catch (RuntimeException e) {
            SmtpReceiver.closeQuietly(s); // the socket closed before we could look at it
            if (slotOf != null) {
                leave(slotOf);
            }
            return null;
        }
    }

    /** Serves the connections let in from the room, on an event loop or on a thread of their own. */
    private void serve(List<WaitingRoom.Waiter> in) {
        for (WaitingRoom.Waiter w : in) {
            ReceiverSession session = w.session();
            owner.track(session);
            if (!owner.serveLater(session, waited.incrementAndGet())) { // the server is stopping
                owner.connectionClosed(session);
                door.turnAway(w.channel(), door.shuttingDown(w.waitedMillis(System.nanoTime())), () -> session, pools);
            }
        }
    }
}
