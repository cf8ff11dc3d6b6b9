package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The queue's give-up arithmetic (RFC 5321 §4.5.4.1): a message that keeps getting 4xx is retried every interval
 * and returned when the next retry would come after the configured give-up time. With every latency zero the
 * attempts fall exactly on the interval, so the edge is exact.
 */
class QueueGiveUpTest {
    @TempDir
    Path dir;

    private Journey run(int intervalMinutes, int giveUpHours) throws Exception {
        Path world = Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + world + "\nname: w\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { rcptReplies: { \"bob@example.net\": \"451 4.3.0 Try later\" } }\n"
                + "  - name: mx2.example.net\n    smtp: { rcptReplies: { \"bob@example.net\": \"451 4.3.0 Try later\" } }\n"
                + "links:\n  defaultLatencyMs: 0\n  latencies: []\n"
                + "dns:\n  latencyMs: 0\n"
                + "retry:\n  intervalMinutes: " + intervalMinutes + "\n  giveUpHours: " + giveUpHours + "\n");
        World loaded = new WorldLoader().load(w.toString());
        World.Defaults d = loaded.defaults();
        return new SimulationEngine(loaded).run(new Compose(d.from(), List.of("bob@example.net"), List.of(), d.subject(),
                d.body()), Route.DIRECT, d.retrieval(), loaded.seed()).journeys().get(0);
    }

    /** The times of the connection attempts from mail.example.org to mx1, in minutes after the first. */
    private static List<Long> attemptMinutes(Journey j) {
        List<Long> times = j.timeline().events().stream()
                .filter(e -> e.kind() == EventKind.TCP_SYN && "mail.example.org".equals(e.source())
                        && "mx1.example.net".equals(e.destination()))
                .map(TimelineEvent::timeMicros).collect(Collectors.toList());
        long first = times.get(0);
        return times.stream().map(t -> (t - first) / 60_000_000L).collect(Collectors.toList());
    }

    @Test
    void theLastAttemptIsTheOneAtExactlyTheGiveUpTime() throws Exception {
        Journey j = run(30, 1);
        assertThat(attemptMinutes(j)).containsExactly(0L, 30L, 60L);
        RecipientOutcome bob = j.outcomes().get("bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(bob.detail()).contains("delivery time expired").contains("451 4.3.0 Try later");
    }

    @Test
    void aLongerGiveUpTimeMeansMoreAttemptsAtTheSameInterval() throws Exception {
        Journey j = run(20, 2);
        assertThat(attemptMinutes(j)).containsExactly(0L, 20L, 40L, 60L, 80L, 100L, 120L);
        assertThat(j.timeline().events()).filteredOn(e -> e.kind() == EventKind.RETRY_SCHEDULED).hasSize(6);
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
    }
}
