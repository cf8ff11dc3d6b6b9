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
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * A queue store that cannot keep a retry (a full disk, a folder made read-only) must not lose the message: the copy
 * of the attempt before stays in the store until the retry's work is over, and the failure is said.
 */
class QueueStoreFailureTest {
    @TempDir
    Path dir;

    /** A store that refuses to save a second entry with the same queue id (every retry), and says so. */
    static final class FullDisk implements QueueStore {
        final Map<String, QueueEntry> live = new LinkedHashMap<>();
        final List<String> seenIds = new ArrayList<>();
        final List<String> problems = new ArrayList<>();
        final List<String> removedUnsaved = new ArrayList<>();

        @Override
        public boolean save(QueueEntry e) {
            if (seenIds.contains(e.id) && !live.containsKey(e.storeKey)) {
                problems.add("cannot keep " + e.storeKey + ": No space left on device");
                return false;
            }
            seenIds.add(e.id);
            live.put(e.storeKey, e);
            return true;
        }

        @Override
        public void remove(QueueEntry e) {
            if (live.remove(e.storeKey) == null) {
                removedUnsaved.add(e.storeKey);
            }
        }
    }

    private record Task(long time, long seq, Runnable r) {
    }

    @Test
    void aRetryThatCannotBeSavedLeavesTheAttemptBeforeItInTheStore() throws Exception {
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\nname: w\n"
                + "retry:\n  intervalMinutes: 30\n  giveUpHours: 1\nhosts:\n"
                + "  - name: mx1.example.net\n    smtp: { rcptReplies: { \"bob@example.net\": \"451 4.3.0 Busy\" } }\n");
        World world = new WorldLoader().load(w.toString());
        Random random = new Random(5);
        MailStore boxes = MailStore.inMemory(world.users());
        SimNetwork net = new SimNetwork(world, new Timeline(), random, boxes);
        PriorityQueue<Task> tasks = new PriorityQueue<>((a, b) -> a.time != b.time ? Long.compare(a.time, b.time)
                : Long.compare(a.seq, b.seq));
        long[] seq = {0};
        DeliveryAgent agent = new DeliveryAgent(world, Retrieval.NONE, net,
                (t, r) -> tasks.add(new Task(t, seq[0]++, r)), boxes, random);
        JourneyState journey = new JourneyState(net, Route.DIRECT);
        net.bind(agent, journey);
        FullDisk store = new FullDisk();
        agent.keepQueueIn(store);
        Host mua = agent.clientFor("alice@example.org");
        Host submission = agent.submissionServerFor("alice@example.org");
        journey.follow("bob@example.net", new RecipientOutcome("bob@example.net", RecipientOutcome.Status.QUEUED,
                "not yet delivered", mua.name()));
        byte[] content = MessageComposer.compose(new Compose("alice@example.org", List.of("bob@example.net"),
                List.of(), "Hi", "Hello"), world.start(), "1@x");
        tasks.add(new Task(0, seq[0]++, () -> agent.submit(journey, mua, submission, "alice@example.org",
                List.of("bob@example.net"), content)));
        // the first attempt: mx1 says 451, the retry in 30 minutes cannot be saved
        while (!tasks.isEmpty() && net.timeline().events().stream().noneMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED)) {
            Task t = tasks.poll();
            net.advanceTo(t.time);
            t.r.run();
        }
        assertThat(net.timeline().events()).anyMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED);
        assertThat(store.problems).as("the failed save is said").singleElement().asString()
                .contains("No space left on device");
        assertThat(store.live).as("the attempt before the retry is still in the store").hasSize(1);
        QueueEntry kept = store.live.values().iterator().next();
        assertThat(kept.pending()).containsExactly("bob@example.net");
        assertThat(kept.host()).isEqualTo("mail.example.org");
        assertThat(tasks).as("the retry is still due, in memory").hasSize(1);
        assertThat(store.removedUnsaved).isEmpty();
        // the rest: the retry (from memory) fails again, the message has waited too long (giveUpHours 1) and bounces;
        // the bounce is saved and delivered, and only when the retry's work is over does the kept copy go
        while (!tasks.isEmpty()) {
            Task t = tasks.poll();
            net.advanceTo(t.time);
            t.r.run();
            if (journey.outcomes().get("bob@example.net").status() == RecipientOutcome.Status.QUEUED) {
                assertThat(store.live).as("while bob is queued his message is in the store").isNotEmpty();
            }
        }
        assertThat(journey.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(store.problems).hasSize(1);
        assertThat(store.live).as("all work over: nothing left").isEmpty();
        assertThat(store.removedUnsaved).as("the copy is removed once, by the last entry standing on it")
                .isEmpty();
    }
}
