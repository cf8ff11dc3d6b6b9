package org.mailtrail.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of an {@link SmtpReceiver}, all daemons named {@code mailtrail-smtp-…}: a pool of at most
 * {@link ReceiverConfig#maxConnections()} for sessions with blocking I/O, a pool of one with a short queue that turns connections beyond
 * the limit away, the watchdog's timer, and the {@link Lingerer}'s thread. Idle pool threads end after 30 seconds.
 */
final class ReceiverPools {
    private static final int REJECT_QUEUE = 64;

    private final ThreadPoolExecutor workers;
    private final ThreadPoolExecutor rejecter;
    private final ScheduledExecutorService watchdog;
    private final Lingerer lingerer = new Lingerer();

    ReceiverPools(int maxConnections) {
        workers = new ThreadPoolExecutor(maxConnections, maxConnections, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), threads("mailtrail-smtp-session-"));
        workers.allowCoreThreadTimeOut(true);
        rejecter = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(REJECT_QUEUE),
                threads("mailtrail-smtp-reject-"));
        rejecter.allowCoreThreadTimeOut(true);
        watchdog = Executors.newSingleThreadScheduledExecutor(threads("mailtrail-smtp-watchdog-"));
    }

    /** Daemon threads named {@code prefix1}, {@code prefix2}, … */
    static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Runs a session on a thread of its own. */
    void serve(Runnable session) throws RejectedExecutionException {
        workers.execute(session);
    }

    /** Runs the turning away of a connection; rejected when too many wait already (a flood). */
    void turnAway(Runnable reject) throws RejectedExecutionException {
        rejecter.execute(reject);
    }

    /** Closes {@code ch} lingering (see {@link Lingerer}). */
    void linger(java.nio.channels.SocketChannel ch) {
        lingerer.close(ch);
    }

    /** Connections lingering now. */
    int lingering() {
        return lingerer.lingering();
    }

    /** Runs {@code job} on the watchdog's thread in {@code nanos}. */
    void later(Runnable job, long nanos) {
        try {
            watchdog.schedule(job, nanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // stopping: the receiver's close does what the job would
        }
    }

    /** Runs the watchdog every {@code periodMillis}. */
    void watch(Runnable check, long periodMillis) {
        watchdog.scheduleWithFixedDelay(check, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** No new work; waits until {@code deadlineNanos} ({@link System#nanoTime}) for the sessions; true if all ended. */
    boolean shutdown(long deadlineNanos) throws InterruptedException {
        workers.shutdown();
        rejecter.shutdown();
        workers.awaitTermination(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        rejecter.awaitTermination(Math.max(1, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return workers.isTerminated();
    }

    /** Waits up to {@code millis} more for the sessions. */
    void awaitSessions(long millis) throws InterruptedException {
        workers.awaitTermination(millis, TimeUnit.MILLISECONDS);
    }

    /** Waits until no connection lingers, up to {@code deadlineNanos}; see {@link Lingerer#awaitNone}. */
    boolean awaitLingering(long deadlineNanos) throws InterruptedException {
        return lingerer.awaitNone(deadlineNanos);
    }

    /** Stops every thread now; returns the jobs of the reject pool that had not run. */
    java.util.List<Runnable> stopNow() {
        workers.shutdownNow();
        java.util.List<Runnable> dropped = new java.util.ArrayList<>(rejecter.shutdownNow());
        watchdog.shutdownNow();
        lingerer.close();
        return dropped;
    }
}
