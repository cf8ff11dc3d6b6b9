package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit on the journal's sync thread (issue 16): a change is settled only by a sync that began after it, one
 * sync covers every change made while the one before ran, and a failed sync fails exactly the changes it covered.
 */
@Timeout(60)
class SyncBatchesTest {
    /** Changes made so far (the test's own count, taken before each {@code changed()}). */
    private final AtomicLong made = new AtomicLong();
    /** The highest change made before a sync that finished began. */
    private final AtomicLong durable = new AtomicLong();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger overlapped = new AtomicInteger();
    private SyncBatches sync;

    @AfterEach
    void close() {
        release.countDown(); // a test that failed early leaves no sync waiting
        if (sync != null) {
            sync.close();
        }
    }

    /** A counting sync: notes what was made when it begins, makes that durable when it ends. */
    private SyncBatches counting(SyncBatches.Action inside) {
        sync = new SyncBatches(() -> {
            if (running.incrementAndGet() > 1) {
                overlapped.incrementAndGet();
            }
            long covers = made.get();
            try {
                inside.run();
            } finally {
                running.decrementAndGet();
            }
            durable.accumulateAndGet(covers, Math::max);
        }, "test-sync");
        return sync;
    }

    /** Set by {@link #slowFirstSync}: the first sync has begun; it ends when {@link #release} is counted down. */
    private final CountDownLatch inFirst = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    /** A counting sync whose first run waits for {@link #release}: more changes come while it runs. */
    private void slowFirstSync() {
        slowFirstSync(() -> { });
    }

    /** {@link #slowFirstSync()}, running {@code atEachBegin} as each sync begins. */
    private void slowFirstSync(Runnable atEachBegin) {
        AtomicInteger calls = new AtomicInteger();
        counting(() -> {
            atEachBegin.run();
            if (calls.incrementAndGet() == 1) {
                inFirst.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
    }

    /** A change as the journal makes one: the record is written (counted) first, then numbered. */
    private long change() {
        made.incrementAndGet();
        return sync.changed();
    }

    @Test
    void everyWaiterAndCallbackIsSettledOnlyAfterASyncThatBeganAfterItsChange() throws Exception {
        int threads = 6;
        int rounds = 300;
        counting(() -> { });
        AtomicInteger early = new AtomicInteger();
        AtomicInteger called = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                boolean byCallback = t % 2 == 0;
                results.add(pool.submit(() -> {
                    int bad = 0;
                    for (int i = 0; i < rounds; i++) {
                        long mine = made.incrementAndGet(); // the record written, then numbered
                        long n = sync.changed();
                        if (byCallback) {
                            CountDownLatch done = new CountDownLatch(1);
                            sync.whenSynced(n, failure -> {
                                if (failure != null || durable.get() < mine) {
                                    early.incrementAndGet();
                                }
                                called.incrementAndGet();
                                done.countDown();
                            });
                            assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
                        } else {
                            sync.await(n);
                            if (durable.get() < mine) {
                                bad++;
                            }
                            assertThat(sync.isDurable(n)).isTrue();
                        }
                    }
                    return bad;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get()).as("waiters released before their change was synced").isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(early.get()).as("callbacks run before their change was synced").isZero();
        assertThat(called.get()).isEqualTo(threads / 2 * rounds);
        assertThat(overlapped.get()).as("one sync at a time").isZero();
        assertThat(sync.runs()).isBetween(1L, (long) threads * rounds);
        System.out.printf("sync batches: %d changes, %d syncs%n", threads * rounds, sync.runs());
    }

    @Test
    void changesMadeWhileASyncRunsShareTheNextOne() throws Exception {
        slowFirstSync();
        BlockingQueue<Long> settled = new LinkedBlockingQueue<>();
        long first = change();
        sync.whenSynced(first, f -> settled.add(first));
        assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
        int more = 10;
        for (int i = 0; i < more; i++) {
            long n = change();
            sync.whenSynced(n, f -> settled.add(n));
            assertThat(sync.isDurable(n)).isFalse();
        }
        assertThat(sync.isDurable(first)).as("not before its sync ends").isFalse();
        assertThat(settled).isEmpty();
        release.countDown();
        List<Long> order = new ArrayList<>();
        for (int i = 0; i <= more; i++) {
            order.add(settled.poll(30, TimeUnit.SECONDS));
        }
        assertThat(order.get(0)).isEqualTo(first);
        assertThat(order).doesNotContainNull().hasSize(more + 1);
        // the ten came after the first sync began: it cannot cover them, and one more covers them all
        assertThat(sync.runs()).isEqualTo(2);
        assertThat(durable.get()).isEqualTo(more + 1);
        assertThat(sync.isDurable(first + more)).isTrue();
    }

    @Test
    void whileChangesComeTogetherAndEnoughSessionsAreOpenASyncWaitsForTheChangesOnTheirWay() throws Exception {
        List<Long> began = new java.util.concurrent.CopyOnWriteArrayList<>();
        slowFirstSync(() -> began.add(System.nanoTime()));
        CountDownLatch gathering = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        AtomicLong askedAt = new AtomicLong();
        sync.gather(TimeUnit.SECONDS.toNanos(2), () -> {
            if (asked.incrementAndGet() == 1) {
                askedAt.set(System.nanoTime());
            }
            gathering.countDown(); // asked right before the wait: the sync has not begun
            return 5; // as many as it takes
        }, 5);
        change(); // its sync runs until released: the next two come together meanwhile
        assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(asked.get()).as("one change alone: nothing to gather").isZero();
        change();
        change();
        release.countDown();
        assertThat(gathering.await(30, TimeUnit.SECONDS)).isTrue();
        long fourth = change(); // while the second sync waits for it
        sync.await(fourth);
        assertThat(sync.runs()).as("the fourth shares the second sync").isEqualTo(2);
        assertThat(durable.get()).isEqualTo(4);
        assertThat(began.get(1) - askedAt.get()).as("the second sync waited").isGreaterThan(
                TimeUnit.SECONDS.toNanos(1));
        long fifth = change(); // alone, but the last sync covered three: more are likely on their way
        sync.await(fifth);
        assertThat(asked.get()).isEqualTo(2);
        long sixth = change(); // alone after a sync of one: synced at once
        sync.await(sixth);
        assertThat(asked.get()).isEqualTo(2);
        assertThat(sync.runs()).isEqualTo(4);
    }

    @Test
    void aLoneWritersChangesAreSyncedWithoutWaitingWhateverTheSessionsOpen() throws Exception {
        counting(() -> { });
        AtomicInteger asked = new AtomicInteger();
        sync.gather(TimeUnit.SECONDS.toNanos(600), () -> {
            asked.incrementAndGet();
            return 50; // idle sessions: only one of them makes changes
        }, 5);
        for (int i = 0; i < 5; i++) {
            long n = change();
            Bounded.awaitWithin(() -> sync.await(n), 20); // a 600 s wait would not be over by then
        }
        assertThat(sync.runs()).isEqualTo(5);
        assertThat(asked.get()).as("never a batch of more than one").isZero();
    }

    @Test
    void withFewerSessionsOpenChangesThatComeTogetherAreSyncedWithoutWaiting() throws Exception {
        slowFirstSync();
        AtomicInteger asked = new AtomicInteger();
        sync.gather(TimeUnit.SECONDS.toNanos(600), () -> {
            asked.incrementAndGet();
            return 4;
        }, 5);
        change();
        assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
        change();
        long third = change();
        release.countDown();
        Bounded.awaitWithin(() -> sync.await(third), 20);
        assertThat(asked.get()).as("the open sessions were counted").isEqualTo(1);
        sync.gather(0, () -> { // turned off: not even asked
            asked.incrementAndGet();
            return 99;
        }, 5);
        long m = change();
        Bounded.awaitWithin(() -> sync.await(m), 20);
        assertThat(asked.get()).isEqualTo(1);
    }

    /** Runs a wait on a thread of its own and fails when it has not returned within {@code seconds}. */
    private static final class Bounded {
        interface Wait {
            void run() throws Exception;
        }

        static void awaitWithin(Wait w, int seconds) throws Exception {
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                one.submit(() -> {
                    w.run();
                    return null;
                }).get(seconds, TimeUnit.SECONDS); // a 600 s gathering would not be over by then
            } finally {
                one.shutdownNow();
            }
        }
    }

    @Test
    void aFailedSyncFailsTheChangesItCoveredAndTheNextChangeIsSyncedAfresh() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        counting(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("disk on fire");
            }
        });
        long bad = change();
        AtomicReference<IOException> heard = new AtomicReference<>();
        CountDownLatch told = new CountDownLatch(1);
        sync.whenSynced(bad, f -> {
            heard.set(f);
            told.countDown();
        });
        assertThatThrownBy(() -> sync.await(bad)).isInstanceOf(IOException.class).hasMessage("disk on fire");
        assertThat(told.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(heard.get()).hasMessage("disk on fire");
        assertThat(sync.isDurable(bad)).isFalse();
        // asked again later, the failed change still says so, at once
        AtomicReference<IOException> later = new AtomicReference<>();
        sync.whenSynced(bad, later::set);
        assertThat(later.get()).hasMessage("disk on fire");

        long good = change();
        sync.await(good);
        assertThat(sync.isDurable(good)).isTrue();
        assertThat(sync.runs()).isEqualTo(2);
        AtomicReference<IOException> atOnce = new AtomicReference<>(new IOException("not called"));
        sync.whenSynced(good, atOnce::set); // settled already: run here, at once
        assertThat(atOnce.get()).isNull();
    }

    @Test
    void aFailedSyncLeavesTheChangesOfEarlierSyncsDurable() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        counting(() -> {
            if (calls.incrementAndGet() == 2) {
                throw new IOException("disk on fire");
            }
        });
        long first = change();
        sync.await(first);
        long second = change();
        assertThatThrownBy(() -> sync.await(second)).hasMessage("disk on fire");
        assertThat(sync.isDurable(first)).as("settled by the sync before the failed one").isTrue();
        assertThat(sync.isDurable(second)).isFalse();
        AtomicReference<IOException> heard = new AtomicReference<>(new IOException("not called"));
        sync.whenSynced(first, heard::set);
        assertThat(heard.get()).isNull();
    }

    @Test
    void aSyncThatThrowsAnUncheckedExceptionFailsItsChangesAndTheThreadGoesOn() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        counting(() -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("bug");
            }
        });
        long bad = change();
        assertThatThrownBy(() -> sync.await(bad)).isInstanceOf(IOException.class)
                .hasMessageContaining("IllegalStateException: bug");
        long good = change();
        sync.await(good);
        assertThat(sync.isDurable(good)).isTrue();
    }

    @Test
    void aCallbackThatThrowsDoesNotStopTheOthers() throws Exception {
        slowFirstSync();
        change();
        assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
        long n = change(); // made during the first sync: settled by the second, on the sync thread
        CountDownLatch second = new CountDownLatch(1);
        sync.whenSynced(n, f -> {
            throw new IllegalStateException("owner's fault");
        });
        sync.whenSynced(n, f -> second.countDown());
        release.countDown();
        assertThat(second.await(30, TimeUnit.SECONDS)).isTrue();
        long after = change();
        sync.await(after); // the thread still runs
        assertThat(sync.isDurable(after)).isTrue();
    }

    @Test
    void closeSyncsWhatIsLeftAndTellsItsOwnersThenNoMoreChangesAreTaken() throws Exception {
        slowFirstSync();
        change();
        assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
        long left = change(); // made while the first sync runs: only a second sync covers it
        AtomicReference<String> heard = new AtomicReference<>("not told");
        sync.whenSynced(left, f -> heard.set(f == null ? "durable" : f.getMessage()));
        Thread closer = new Thread(sync::close);
        closer.start();
        release.countDown();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(heard.get()).isEqualTo("durable");
        assertThat(sync.runs()).isEqualTo(2);
        assertThatThrownBy(sync::changed).isInstanceOf(IllegalStateException.class);
    }
}
