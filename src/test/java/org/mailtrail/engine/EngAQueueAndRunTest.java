package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The queue store a host keeps its messages in (the lab's --store), and the simulation's clock of tasks. */
class EngAQueueAndRunTest {
    @TempDir
    Path dir;

    private World world(String top, String hosts) throws Exception {
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\nname: w\n" + top
                + "hosts:\n" + hosts);
        return new WorldLoader().load(w.toString());
    }

    /** A store that remembers what is in it, when each entry was first saved, and anything removed unsaved. */
    static final class Store implements QueueStore {
        final SimNetwork net;
        final Map<String, QueueEntry> live = new LinkedHashMap<>();
        final Map<String, Long> firstSaved = new LinkedHashMap<>();
        final List<String> removedUnsaved = new ArrayList<>();
        final List<String> keys = new ArrayList<>();

        Store(SimNetwork net) {
            this.net = net;
        }

        @Override
        public boolean save(QueueEntry e) {
            live.put(e.storeKey, e);
            keys.add(e.storeKey);
            firstSaved.putIfAbsent(e.id, net.now());
            return true;
        }

        @Override
        public void remove(QueueEntry e) {
            if (live.remove(e.storeKey) == null) {
                removedUnsaved.add(e.storeKey);
            }
        }
    }

    @Test
    void everyEntryIsKeptFromItsAcceptanceUntilItsAttemptIsOver() throws Exception {
        World w = world("retry:\n  intervalMinutes: 30\n  giveUpHours: 1\n",
                "  - name: mx1.example.net\n    smtp: { rcptReplies: { \"bob@example.net\": \"451 4.3.0 Busy\" } }\n");
        Random random = new Random(5);
        MailStore boxes = MailStore.inMemory(w.users());
        SimNetwork net = new SimNetwork(w, new Timeline(), random, boxes);
        record Task(long time, long seq, Runnable r) {
        }
        PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
                : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        DeliveryAgent agent = new DeliveryAgent(w, Retrieval.NONE, net, (t, r) -> tasks.add(new Task(t, seq[0]++, r)),
                boxes, random);
        JourneyState journey = new JourneyState(net, Route.DIRECT);
        net.bind(agent, journey);
        Store store = new Store(net);
        agent.keepQueueIn(store);
        Host mua = agent.clientFor("alice@example.org");
        Host submission = agent.submissionServerFor("alice@example.org");
        journey.follow("bob@example.net", new RecipientOutcome("bob@example.net", RecipientOutcome.Status.QUEUED,
                "not yet delivered", mua.name()));
        byte[] content = MessageComposer.compose(new Compose("alice@example.org", List.of("bob@example.net"), List.of(),
                "Hi", "Hello"), w.start(), "1@x");
        tasks.add(new Task(0, seq[0]++, () -> agent.submit(journey, mua, submission, "alice@example.org",
                List.of("bob@example.net"), content)));
        while (!tasks.isEmpty()) {
            Task t = tasks.poll();
            net.advanceTo(t.time);
            t.r.run();
        }
        assertThat(journey.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(store.removedUnsaved).isEmpty();
        assertThat(store.live).isEmpty(); // the bounce was delivered, the original given up: nothing left
        // the original at mail.example.org, its one retry (kept under a name of its own), the bounce
        assertThat(store.keys).allMatch(k -> k.matches("[0-9A-F]{10}\\.[0-9a-f]{8}"));
        assertThat(store.keys.stream().distinct().count()).isEqualTo(3);
        // kept before the 250 went out: at the moment of the acceptance, not when the session ended
        TimelineEvent accepted = net.timeline().events().stream().filter(e -> e.kind() == EventKind.MESSAGE_ACCEPTED)
                .findFirst().orElseThrow();
        assertThat(store.firstSaved.get(accepted.detail("queueId"))).isEqualTo(accepted.timeMicros());
    }

    private static Compose toBob() {
        return new Compose("alice@example.org", List.of("bob@example.net"), List.of(), "Hi", "Hello");
    }

    @Test
    void tasksRunInTimeOrderThenInTheOrderTheyWereScheduledUpToTheHorizon() throws Exception {
        World w = world("", "  - name: mx1.example.net\n    smtp: { rcptReplies: { \"bob@example.net\": \"451 4.3.0 Busy\" } }\n");
        long horizon = 90L * 60_000_000;
        JourneyRun run = new JourneyRun(w, toBob(), Route.DIRECT, Retrieval.NONE, 1, horizon);
        List<String> ran = new ArrayList<>();
        run.schedule(5_000_000, () -> ran.add("a"));
        run.schedule(3_000_000, () -> ran.add("b"));
        run.schedule(3_000_000, () -> ran.add("c"));
        run.schedule(horizon, () -> ran.add("at the horizon"));
        run.schedule(horizon + 1, () -> ran.add("after it"));
        Journey j = run.run();
        assertThat(ran).containsExactly("b", "c", "a", "at the horizon");
        RecipientOutcome bob = j.outcomes().get("bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("451 4.3.0 Busy (still queued when the simulation stopped after 90 minutes;"
                + " next attempt would have been at Mon, 5 Jan 2026 10:30:");
        assertThat(j.timeline().events()).anyMatch(e -> e.explanationKey().equals("simulation.stopped")
                && e.timeMicros() == horizon);
    }

    @Test
    void aJourneyThatEndsBeforeTheHorizonSaysNothingOfStopping() throws Exception {
        World w = world("", "  - name: mx1.example.net\n    smtp: { }\n");
        Journey j = new JourneyRun(w, toBob(), Route.DIRECT, Retrieval.NONE, 1, 3_600_000_000L).run();
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(j.timeline().events()).noneMatch(e -> e.explanationKey().equals("simulation.stopped"));
        assertThat(j.exitCode()).isZero();
    }
}
