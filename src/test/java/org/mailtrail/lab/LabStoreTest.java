package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.QueueEntry;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * A message a lab host accepted is not lost when the lab stops: the next lab on the same store delivers it, and a
 * stop while a queue entry is being saved leaves the entry whole.
 */
class LabStoreTest {

    /** The built-in world with both of example.net's exchangers down, written under {@code dir} as {@code name}. */
    static World bothMxDown(Path dir, String name) throws Exception {
        Path world = Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, "extends: " + world + "\nname: " + name + "\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { down: true }\n"
                + "  - name: mx2.example.net\n    smtp: { down: true }\n");
        return new WorldLoader().load(file.toString());
    }

    @Test
    @Timeout(60)
    void queuedMessageIsDeliveredWhenTheLabStartsAgainOnTheSameStore(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        World down = bothMxDown(dir, "both-down");
        Lab.Options o = new Lab.Options("127.79.0.0", LabParityTest.freePorts(), 1, Route.DIRECT, Retrieval.NONE,
                false, Duration.ofSeconds(10), store);
        World.Defaults d = down.defaults();
        try (Lab lab = Lab.start(down, o)) {
            // at time scale 1 the retry is 30 minutes away, past this horizon: the lab is idle once the first attempt
            // has ended and its retry is kept in the store (no polling of the timeline, and no stop in the middle)
            lab.horizon(Duration.ofMinutes(10).toNanos() / 1000);
            LabJourneys.LabJourney j = lab.send(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                    Route.DIRECT);
            assertThat(lab.awaitIdle(Duration.ofSeconds(30))).as("first attempt over in time").isTrue();
            assertThat(j.recorder().events()).anyMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED);
            assertThat(j.state().outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
            assertThat(lab.errors()).isEmpty();
        }
        assertThat(queueFiles(store)).as("the queued message is on disk after the lab stopped").hasSize(2);

        World healthy = new WorldLoader().load("direct");
        try (Lab lab = Lab.start(healthy, o.withRoute(Route.DIRECT))) {
            assertThat(lab.awaitIdle(Duration.ofSeconds(30))).isTrue();
            List<LabJourneys.LabJourney> all = lab.journeys().all();
            assertThat(all).hasSize(1);
            assertThat(all.get(0).title()).startsWith("recovered from the store");
            assertThat(all.get(0).recorder().events()).anyMatch(e -> e.kind() == EventKind.DELIVERED
                    && e.detail("mailbox").equals("bob@example.net"));
            assertThat(lab.errors()).isEmpty();
        }
        assertThat(queueFiles(store)).as("delivered: nothing left in the queue").isEmpty();
    }

    /**
     * The lab stops by interrupting its threads, which may be saving a queue entry just then (a retry kept by the
     * queue, a message a server accepted): the save ends whole, with both files, and the thread stays interrupted.
     */
    @Test
    void aSaveByAnInterruptedThreadIsWrittenWhole(@TempDir Path dir) throws Exception {
        List<Throwable> errors = new ArrayList<>();
        LabStore store = new LabStore(dir, errors::add);
        Thread.currentThread().interrupt();
        try {
            store.save(entry("K1"));
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
        }
        assertThat(errors).isEmpty();
        assertThat(queueFiles(dir)).hasSize(2);
        assertThat(store.recover(env -> null)).singleElement().satisfies(e -> {
            assertThat(e.storeKey()).isEqualTo("K1.00000001");
            assertThat(e.pending()).containsExactly("bob@example.net");
            assertThat(e.content()).isEqualTo(entry("K1").content());
        });
    }

    /** Once the lab has stopped, a task still running changes nothing: the store holds what it held at the stop. */
    @Test
    void afterTheStoreIsClosedNothingIsSavedOrRemoved(@TempDir Path dir) throws Exception {
        List<Throwable> errors = new ArrayList<>();
        LabStore store = new LabStore(dir, errors::add);
        store.save(entry("K1"));
        store.close();
        store.save(entry("K2"));
        store.remove(entry("K1"));
        assertThat(errors).isEmpty();
        assertThat(store.recover(env -> null)).extracting(QueueEntry::id).containsExactly("K1");
        assertThat(queueFiles(dir)).hasSize(2);
    }

    /**
     * A save that cannot be written (here the host's folder cannot be made: a file stands in its place, which no
     * permission of the test's user can get around) says false and reports why, naming the entry and the store, and
     * leaves what was kept before as it was.
     */
    @Test
    void aSaveThatCannotBeWrittenSaysSoAndKeepsWhatWasThere(@TempDir Path dir) throws Exception {
        List<Throwable> errors = new ArrayList<>();
        LabStore store = new LabStore(dir, errors::add);
        QueueEntry other = QueueEntry.recovered("K0.00000001", "K0", "mail.example.org", "alice@example.org",
                List.of("bob@example.net"), "Subject: K0\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), 0,
                false, 1, null);
        assertThat(store.save(other)).isTrue();
        Files.writeString(dir.resolve("queue/mx1.example.net"), "not a folder");
        assertThat(store.save(entry("K1"))).isFalse();
        assertThat(errors).singleElement().asString().contains("cannot keep queue entry K1 of mx1.example.net")
                .contains("still holds the message").contains(dir.toString());
        assertThat(store.recover(env -> null)).extracting(QueueEntry::id).containsExactly("K0");
    }

    private static QueueEntry entry(String id) {
        byte[] content = ("Subject: " + id + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
        return QueueEntry.recovered(id + ".00000001", id, "mx1.example.net", "alice@example.org",
                List.of("bob@example.net"), content, 0, false, 1, null);
    }

    private static List<Path> queueFiles(Path store) throws Exception {
        try (Stream<Path> s = Files.walk(store.resolve("queue"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
