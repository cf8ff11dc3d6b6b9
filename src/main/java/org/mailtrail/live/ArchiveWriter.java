package org.mailtrail.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread of a receiver with a store that closes the books of its sessions: renders and writes their
 * transcripts ({@link SessionArchive}) and reports them, off the threads that serve connections, so a session's
 * thread is free for the next client as soon as its connection is closed.
 *
 * <p>The queue is bounded: when it is full, a session that ends waits for room (back-pressure: a disk that cannot
 * keep up slows the sessions down rather than filling the memory with transcripts). Jobs run in the order they were
 * handed over. {@link #close} drains the queue; a job handed over after that runs on the caller's thread, so none is
 * lost on a normal shutdown. What a {@code kill -9} loses is what was still queued: transcripts, never mail (a
 * message is on disk before its {@code 250}).
 */
final class ArchiveWriter {
    /** Sessions that may wait for their transcripts (each holds its timeline, a few KB). */
    static final int CAPACITY = 512;
    private static final Runnable END = () -> { };

    private final BlockingQueue<Runnable> queue;
    private final Thread thread;
    private volatile boolean closed;

    ArchiveWriter(int capacity) {
        queue = new ArrayBlockingQueue<>(capacity);
        thread = ReceiverPools.threads("mailtrail-smtp-archive-").newThread(this::loop);
        thread.start();
    }

    /** Runs {@code job} on the writer's thread, after those handed over before; waits while the queue is full. */
    void submit(Runnable job) {
        if (closed || Thread.currentThread() == thread) {
            job.run();
            return;
        }
        try {
            queue.put(job);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // interrupted while waiting for room: done here instead
            job.run();
            return;
        }
        if (closed && queue.remove(job)) {
            job.run(); // handed over while the writer was closing, after its last look at the queue
        }
    }

    private void loop() {
        while (true) {
            Runnable job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END) {
                return;
            }
            runQuietly(job);
        }
    }

    private static void runQuietly(Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            // the job reports its own failures (a transcript that cannot be written); nothing else may stop the writer
        }
    }

    /**
     * Stops taking jobs and waits up to {@code millis} for those queued to be done (then whatever is left is done on
     * the caller's thread, unless the writer is still busy with one: then it is left to it). Idempotent.
     */
    void close(long millis) {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        try {
            if (thread.isAlive() && !queue.offer(END, millis, TimeUnit.MILLISECONDS)) {
                return; // the writer is stuck (a listener that does not return): leave it be
            }
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!thread.isAlive()) {
            for (Runnable job = queue.poll(); job != null; job = queue.poll()) {
                if (job != END) {
                    runQuietly(job); // handed over after END was queued
                }
            }
        }
    }

    /** Jobs waiting now. */
    int queued() {
        return queue.size();
    }
}
