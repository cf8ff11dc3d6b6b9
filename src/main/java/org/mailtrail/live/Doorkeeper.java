package org.mailtrail.live;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.mailtrail.smtp.Reply;

/**
 * Who an {@link SmtpReceiver} lets in: a connection slot out of {@link ReceiverConfig#maxConnections()}, at most
 * {@link ReceiverGuards#maxPerClient()} connections from one client address, and at most
 * {@link ReceiverGuards#commandsPerMinute()} commands a minute from one address (a token bucket per address that
 * refills in a minute). A connection turned away is told so at once with {@code 421 4.7.0}, written by the thread that
 * accepted it without blocking (the send buffer of a new connection is empty), so that a flood cannot silence the
 * refusals; its transcript is written by the small reject pool when there is room, and counted otherwise.
 */
final class Doorkeeper {
    /** Why a connection is turned away: the transcript's words, the reply and the close reason. */
    record Refusal(String why, Reply reply, String reason) {
    }

    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final ReceiverConfig config;
    private final Semaphore slots;
    private final Map<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final Map<InetAddress, Bucket> rates = new ConcurrentHashMap<>();
    final AtomicLong turnedAway = new AtomicLong();
    final AtomicLong unanswered = new AtomicLong();
    final AtomicLong unrecorded = new AtomicLong();

    Doorkeeper(ReceiverConfig config) {
        this.config = config;
        this.slots = new Semaphore(config.maxConnections());
    }

    /** Takes a slot for a connection from {@code client}: null when it may in, else why it is turned away. */
    Refusal enter(InetAddress client) {
        int perClient = config.guards().maxPerClient();
        if (perClient > 0) {
            boolean[] ok = new boolean[1];
            open.compute(client, (k, n) -> {
                int now = n == null ? 0 : n;
                ok[0] = now < perClient;
                return ok[0] ? Integer.valueOf(now + 1) : n;
            });
            if (!ok[0]) {
                return new Refusal("already " + connections(perClient) + " open from " + client.getHostAddress()
                        + " (the limit per client address): this one is turned away", Reply.of(421, "4.7.0 "
                        + config.hostname() + " Error: too many connections from your address, try again later"),
                        "too many connections from this client");
            }
        }
        if (!slots.tryAcquire()) {
            leaveClient(client);
            return new Refusal("already " + connections(config.maxConnections()) + " open (the limit): this one is "
                    + "turned away", Reply.of(421, "4.7.0 " + config.hostname()
                    + " Too many connections, try again later"), "too many connections");
        }
        return null;
    }

    private static String connections(int n) {
        return n + (n == 1 ? " connection" : " connections");
    }

    /** Why a connection that waited {@code millis} for a slot ({@link WaitingRoom}) is turned away as the server stops. */
    Refusal shuttingDown(long millis) {
        return new Refusal("the server is shutting down: this connection, which had waited " + millis + " ms for a "
                + "free slot, is turned away", Reply.of(421, "4.3.2 " + config.hostname()
                + " Service shutting down, try again later"), "server shutting down");
    }

    /** The connection of {@code client} that {@link #enter} let in is closed. */
    void leave(InetAddress client) {
        slots.release();
        leaveClient(client);
    }

    private void leaveClient(InetAddress client) {
        if (config.guards().maxPerClient() > 0) {
            open.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** A command from {@code client}: false when it has sent more than its commands per minute. */
    boolean command(InetAddress client, long nowNanos) {
        int perMinute = config.guards().commandsPerMinute();
        if (perMinute == 0) {
            return true;
        }
        return rates.computeIfAbsent(client, k -> new Bucket(perMinute, nowNanos)).take(nowNanos);
    }

    /** Forgets the addresses whose bucket is full again (no command for a minute). */
    void sweep(long nowNanos) {
        rates.values().removeIf(b -> b.idle(nowNanos));
    }

    /**
     * Answers {@code 421} at once, without blocking (not with TLS on connect: a reply could only follow a handshake),
     * then leaves the transcript (of the {@code session} made when the connection came) to the small reject pool;
     * when even that is full (a flood) the connection is closed and only counted.
     */
    void turnAway(SocketChannel s, Refusal refusal, Supplier<ReceiverSession> session, ReceiverPools pools) {
        turnedAway.incrementAndGet();
        boolean told = !config.tlsOnConnect() && tell(s, refusal.reply());
        long toldAt = System.nanoTime();
        if (!told) {
            unanswered.incrementAndGet();
        }
        try {
            pools.turnAway(new Rejection(session.get(), refusal, told, toldAt));
        } catch (RuntimeException e) { // the pool is full (a flood), or the socket closed before we could look at it
            unrecorded.incrementAndGet();
            SmtpReceiver.closeQuietly(s);
        }
    }

    /** The recording of a connection turned away, queued on the reject pool. */
    record Rejection(ReceiverSession session, Refusal refusal, boolean told, long toldNanos) implements Runnable {
        @Override
        public void run() {
            session.reject(refusal, told, toldNanos);
        }
    }

    /**
     * A rejection still queued when the server stopped for good (the shutdown's grace period was over): closed and
     * counted as turned away without a transcript, so that every connection turned away is recorded or counted.
     */
    void dropped(Rejection r) {
        r.session().abort();
        unrecorded.incrementAndGet();
    }

    /** Writes {@code reply} without blocking; true if the socket took all of it. */
    static boolean tell(SocketChannel s, Reply reply) {
        try {
            s.configureBlocking(false);
            ByteBuffer b = ByteBuffer.wrap(reply.toBytes());
            s.write(b);
            return !b.hasRemaining();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A token bucket: {@code perMinute} tokens, refilled evenly over a minute. */
    private static final class Bucket {
        private final int capacity;
        private double tokens;
        private long at;

        Bucket(int capacity, long nowNanos) {
            this.capacity = capacity;
            this.tokens = capacity;
            this.at = nowNanos;
        }

        synchronized boolean take(long nowNanos) {
            refill(nowNanos);
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        synchronized boolean idle(long nowNanos) {
            refill(nowNanos);
            return tokens >= capacity && nowNanos - at >= 0;
        }

        private void refill(long nowNanos) {
            long elapsed = nowNanos - at;
            if (elapsed > 0) {
                tokens = Math.min(capacity, tokens + (double) elapsed * capacity / MINUTE);
                at = nowNanos;
            }
        }
    }
}
