package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Group commit of a shared sync (issue 16): one sync that began after a change releases it, shared by many. */
@Timeout(60)
class GroupSyncTest {
    /** Changes made so far, each numbered; a sync covers those made before it began. */
    private final AtomicLong changes = new AtomicLong();
    /** The highest change covered by a finished sync. */
    private final AtomicLong durable = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger overlapped = new AtomicInteger();

    /** A counting sync: notes what it covers when it begins, makes it durable when it ends; never two at once. */
    private GroupSync counting(GroupSync.Action inside) {
        return new GroupSync(() -> {
            if (running.incrementAndGet() != 1) {
                overlapped.incrementAndGet();
            }
            long covers = changes.get();
            try {
                inside.run();
            } finally {
                running.decrementAndGet();
            }
            durable.accumulateAndGet(covers, Math::max);
        });
    }

    private static void awaitInside(GroupSync sync, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sync.inside() < n) { // waiting for the callers to arrive, not for something not to happen
            assertThat(System.nanoTime()).as("callers waiting for the sync").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void everyCallerReturnsOnlyAfterASyncThatBeganAfterItsChangeUnderContention() throws Exception {
        int threads = 8;
        int rounds = 300;
        GroupSync sync = counting(() -> { });
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int bad = 0;
                    for (int i = 0; i < rounds; i++) {
                        long mine = changes.incrementAndGet();
                        sync.await();
                        if (durable.get() < mine) {
                            bad++;
                        }
                    }
                    return bad;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).as("callers released before their change was synced").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(overlapped.get()).isZero();
        assertThat(sync.runs()).isBetween(1L, (long) threads * rounds);
        System.out.printf("group sync: %d changes, %d syncs%n", threads * rounds, sync.runs());
    }

    @Test
    void callersArrivingDuringASyncShareTheNextOne() throws Exception {
        int followers = 10;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = counting(() -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    release.await(30, TimeUnit.SECONDS); // the first sync is slow: the others arrive meanwhile
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        ExecutorService pool = Executors.newFixedThreadPool(followers + 1);
        try {
            List<Future<?>> all = new ArrayList<>();
            all.add(pool.submit(() -> {
                changes.incrementAndGet();
                sync.await();
                return null;
            }));
            awaitInside(sync, 1);
            while (calls.get() == 0) {
                Thread.onSpinWait(); // the leader is in its sync
            }
            for (int i = 0; i < followers; i++) {
                all.add(pool.submit(() -> {
                    long mine = changes.incrementAndGet();
                    sync.await();
                    assertThat(durable.get()).isGreaterThanOrEqualTo(mine);
                    return null;
                }));
            }
            awaitInside(sync, followers + 1);
            assertThat(durable.get()).isZero(); // nothing released while the first sync runs
            release.countDown();
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
        // their changes came after the first sync began: it cannot cover them, and one more covers them all
        assertThat(sync.runs()).isEqualTo(2);
        assertThat(durable.get()).isEqualTo(followers + 1);
    }

    @Test
    void aFailedSyncReleasesNoOneAndTheNextCallerTriesAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = counting(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk on fire");
            }
        });
        changes.incrementAndGet();
        assertThatThrownBy(sync::await).isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(durable.get()).isZero();
        changes.incrementAndGet();
        sync.await();
        assertThat(durable.get()).isEqualTo(2);
        assertThat(sync.runs()).isEqualTo(2);
        assertThat(sync.inside()).isZero();
    }
}
