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
        return new GroupSync(body(inside, 1));
    }

    /** A counting sync of which up to {@code overlap} may run at once (more are counted in {@link #overlapped}). */
    private GroupSync counting(GroupSync.Action inside, int overlap) {
        return new GroupSync(body(inside, overlap), overlap);
    }

    private GroupSync.Action body(GroupSync.Action inside, int overlap) {
        return () -> {
            if (running.incrementAndGet() > overlap) {
                overlapped.incrementAndGet();
            }
            long covers = changes.get(); // what was changed before this sync began
            try {
                inside.run();
            } finally {
                running.decrementAndGet();
            }
            durable.accumulateAndGet(covers, Math::max); // syncs may end out of order: the furthest one counts
        };
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

    @Test
    void withOverlapEveryCallerStillWaitsForASyncThatBeganAfterItsChange() throws Exception {
        int threads = 8;
        int rounds = 300;
        GroupSync sync = counting(() -> Thread.yield(), 3);
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
        assertThat(overlapped.get()).as("more than 3 syncs at once").isZero();
        assertThat(sync.mostAtOnce()).isBetween(1, 3);
        assertThat(sync.inside()).isZero();
        System.out.printf("group sync, 3 at once: %d changes, %d syncs, at most %d at once%n", threads * rounds,
                sync.runs(), sync.mostAtOnce());
    }

    @Test
    void withOverlapACallerBeginsItsOwnSyncWhileAnOlderOneIsStillRunning() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = counting(() -> {
            if (calls.incrementAndGet() == 1) {
                await(slow); // the first sync hangs until released
            }
        }, 2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            changes.incrementAndGet();
            Future<?> first = pool.submit(() -> {
                sync.await();
                return null;
            });
            while (calls.get() == 0) {
                Thread.onSpinWait(); // the first sync has begun
            }
            long mine = changes.incrementAndGet(); // a change after it began: it cannot cover this one
            Future<?> second = pool.submit(() -> {
                sync.await();
                return null;
            });
            second.get(30, TimeUnit.SECONDS); // not waiting for the first to end: it began a sync of its own
            assertThat(durable.get()).isEqualTo(mine);
            assertThat(first).isNotDone();
            assertThat(sync.mostAtOnce()).isEqualTo(2);
            slow.countDown();
            first.get(30, TimeUnit.SECONDS);
        } finally {
            slow.countDown();
            pool.shutdownNow();
        }
        assertThat(sync.runs()).isEqualTo(2);
    }

    @Test
    void withOverlapNoMoreThanTheLimitRunAndTheNextCallerWaitsForAnEnd() throws Exception {
        CountDownLatch slow = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = counting(() -> {
            if (calls.incrementAndGet() <= 2) {
                await(slow); // the first two hang until released
            }
        }, 2);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                int n = i;
                changes.incrementAndGet();
                all.add(pool.submit(() -> {
                    sync.await();
                    return null;
                }));
                awaitInside(sync, n);
                while (calls.get() < Math.min(n, 2)) {
                    Thread.onSpinWait(); // each of the first two has begun its own sync
                }
            }
            // the third is inside and neither leads a third sync nor is released: two run, and neither covers it
            assertThat(sync.runs()).isEqualTo(2);
            assertThat(durable.get()).isZero();
            slow.countDown();
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            slow.countDown();
            pool.shutdownNow();
        }
        assertThat(sync.runs()).isEqualTo(3);
        assertThat(durable.get()).isEqualTo(3);
        assertThat(overlapped.get()).isZero();
    }

    @Test
    void withOverlapACallerWokenWhileASyncThatCoversItRunsWaitsForThatOneInsteadOfBeginningAnother()
            throws Exception {
        CountDownLatch[] gate = {null, new CountDownLatch(1), new CountDownLatch(1), new CountDownLatch(1)};
        AtomicInteger calls = new AtomicInteger();
        GroupSync sync = counting(() -> {
            int n = calls.incrementAndGet();
            if (n < gate.length) {
                await(gate[n]); // syncs 1 to 3 hang until released; a 4th would not
            }
        }, 2);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                changes.incrementAndGet();
                all.add(pool.submit(() -> {
                    sync.await();
                    return null;
                }));
                awaitInside(sync, i);
                while (calls.get() < Math.min(i, 2)) {
                    Thread.onSpinWait(); // A leads sync 1, B sync 2; C and D find no room and wait
                }
            }
            gate[1].countDown(); // sync 1 ends: one of C and D leads sync 3, the other finds no room again
            awaitWakeups(sync, 2);
            while (calls.get() < 3) {
                Thread.onSpinWait();
            }
            long woken = sync.wakeups();
            gate[2].countDown(); // sync 2 ends: room for one more, but sync 3 covers the one still waiting
            all.get(1).get(30, TimeUnit.SECONDS);
            awaitWakeups(sync, woken + 1);
            assertThat(sync.runs()).as("a sync begun although one that covers the caller runs").isEqualTo(3);
            gate[3].countDown();
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            for (int i = 1; i < gate.length; i++) {
                gate[i].countDown();
            }
            pool.shutdownNow();
        }
        assertThat(sync.runs()).isEqualTo(3);
        assertThat(durable.get()).isEqualTo(4);
    }

    private static void awaitWakeups(GroupSync sync, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (sync.wakeups() < n) { // waiting for the waiters to look again, not for something not to happen
            assertThat(System.nanoTime()).as("waiters woken").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @Test
    void overlapBelowOneIsRefused() {
        assertThatThrownBy(() -> new GroupSync(() -> { }, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
