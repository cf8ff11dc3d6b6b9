package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/** Transcripts written off the sessions' threads (issue 16): in order, bounded, none lost on a normal close. */
@Timeout(60)
class ArchiveWriterTest {
    @TempDir
    Path dir;

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (t.getState() != state) { // waiting for the thread to get there, not for something not to happen
            assertThat(System.nanoTime()).as("thread " + t.getName() + " " + state).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void jobsRunInOrderAndAFullQueueHoldsTheSubmitterUntilThereIsRoom() throws Exception {
        ArchiveWriter w = new ArchiveWriter(2);
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        w.submit(() -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS); // a slow disk
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.add(0);
        });
        assertThat(busy.await(30, TimeUnit.SECONDS)).isTrue();
        w.submit(() -> done.add(1));
        w.submit(() -> done.add(2)); // the queue of two is full now
        Thread third = new Thread(() -> w.submit(() -> done.add(3)), "submitter");
        third.start();
        awaitState(third, Thread.State.WAITING); // back-pressure: it waits for room instead of queueing more
        assertThat(w.queued()).isEqualTo(2);
        assertThat(done).isEmpty();
        release.countDown();
        third.join(30_000);
        w.close(30_000);
        assertThat(done).containsExactly(0, 1, 2, 3);
        w.submit(() -> done.add(4)); // after close: on the caller's thread, at once
        assertThat(done).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void closeDrainsEveryQueuedJob() {
        ArchiveWriter w = new ArchiveWriter(1_000);
        List<Integer> done = Collections.synchronizedList(new ArrayList<>());
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int n = i;
            w.submit(() -> done.add(n));
            expected.add(i);
        }
        w.close(30_000);
        assertThat(done).containsExactlyElementsOf(expected);
    }

    @Test
    void everyTranscriptIsOnDiskAndReportedWhenTheReceiverHasClosed() throws Exception {
        int clients = 30;
        Set<String> reported = ConcurrentHashMap.newKeySet();
        List<String> quitAnswered = Collections.synchronizedList(new ArrayList<>());
        SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, s -> reported.add(s.id()));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                all.add(pool.submit(() -> {
                    try (Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
                        assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                        assertThat(c.data(ReceiverLimitsTest.message("n" + n, "body"))).startsWith("250 ");
                        assertThat(c.cmd("QUIT")).startsWith("221 ");
                        quitAnswered.add("n" + n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
            r.close(); // at once: transcripts may still be queued, and close must write them all
        }
        assertThat(quitAnswered).hasSize(clients);
        assertThat(reported).hasSize(clients);
        StoredSessions.assertFiles(dir.resolve("sessions"), reported); // no temporary files
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(clients);
    }
}
