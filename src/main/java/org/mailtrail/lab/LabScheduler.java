package org.mailtrail.lab;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.mailtrail.engine.Scheduler;

/**
 * The lab's queue runner: one thread, as the simulation's event loop, so the hosts' queues are worked in the same
 * order; a task waits for its (scaled) time. Tasks past the horizon are not run (as the simulation stops at its
 * horizon); {@link #awaitIdle} tells when nothing is left to do before it.
 */
final class LabScheduler implements Scheduler {
    private final LabClock clock;
    private final ScheduledExecutorService executor;
    private final Consumer<Throwable> onError;
    private final Object lock = new Object();
    private long horizon = Long.MAX_VALUE;
    private int pending;
    private boolean closed;

    LabScheduler(LabClock clock, String name, Consumer<Throwable> onError) {
        this.clock = clock;
        this.onError = onError;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Tasks due after {@code micros} (lab time) are dropped. */
    void horizon(long micros) {
        synchronized (lock) {
            horizon = micros;
        }
    }

    @Override
    public void schedule(long atMicros, Runnable task) {
        synchronized (lock) {
            if (closed || atMicros > horizon) {
                return;
            }
            pending++;
        }
        executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                onError.accept(e);
            } finally {
                synchronized (lock) {
                    pending--;
                    lock.notifyAll();
                }
            }
        }, clock.realNanosUntil(atMicros), TimeUnit.NANOSECONDS);
    }

    /** Work outside the queue has begun (a server session): the lab is not idle until {@link #done()}. */
    void busy() {
        synchronized (lock) {
            pending++;
        }
    }

    /** The work announced by {@link #busy()} is over. */
    void done() {
        synchronized (lock) {
            pending--;
            lock.notifyAll();
        }
    }

    /** Waits until no task is pending or running; false if {@code timeoutMillis} passed first. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + timeoutMillis * 1_000_000L;
        synchronized (lock) {
            while (pending > 0) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000L));
            }
            return true;
        }
    }

    /** Stops: no new task is taken; the one running is interrupted and may finish ({@link #awaitStopped}). */
    void close() {
        synchronized (lock) {
            closed = true;
        }
        executor.shutdownNow();
    }

    /** Waits up to {@code millis} for the task that was running at {@link #close()} to end; false if it did not. */
    boolean awaitClosed(long millis) throws InterruptedException {
        return executor.awaitTermination(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * After {@link #close()}: waits up to {@code millis} for the task in hand to end; null when it has (or none was
     * running), else the problem in words, for the lab to say that it stopped without it.
     */
    String awaitStopped(long millis) throws InterruptedException {
        if (awaitClosed(millis)) {
            return null;
        }
        return "the queue's task in hand (a delivery, a retry or a retrieval) was still running "
                + (millis >= 1000 ? millis / 1000 + " s" : millis + " ms") + " after the stop and is left behind: its"
                + " steps may still appear on its journey, but nothing it"
                + " does is kept in --store any more";
    }
}
