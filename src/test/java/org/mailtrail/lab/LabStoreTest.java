package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** A message a lab host accepted is not lost when the lab stops: the next lab on the same store delivers it. */
class LabStoreTest {

    @Test
    @Timeout(60)
    void queuedMessageIsDeliveredWhenTheLabStartsAgainOnTheSameStore(@TempDir Path dir) throws Exception {
        Path world = Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        Path bothDown = dir.resolve("both-mx-down.yaml");
        Files.writeString(bothDown, "extends: " + world + "\nname: both-down\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { down: true }\n"
                + "  - name: mx2.example.net\n    smtp: { down: true }\n");
        Path store = dir.resolve("store");
        World down = new WorldLoader().load(bothDown.toString());
        Lab.Options o = new Lab.Options("127.79.0.0", LabParityTest.freePorts(), 1, Route.DIRECT, Retrieval.NONE,
                false, Duration.ofSeconds(10), store);
        World.Defaults d = down.defaults();
        try (Lab lab = Lab.start(down, o)) {
            LabJourneys.LabJourney j = lab.send(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                    Route.DIRECT);
            // at time scale 1 the retry is 30 minutes away: the lab is waiting with the message queued
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (j.recorder().events().stream().noneMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED)) {
                assertThat(System.nanoTime()).as("retry scheduled in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(j.state().outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
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

    private static List<Path> queueFiles(Path store) throws Exception {
        try (Stream<Path> s = Files.walk(store.resolve("queue"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
