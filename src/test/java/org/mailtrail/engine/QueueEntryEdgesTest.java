package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * The bookkeeping around a queue: an entry read back from a queue store after a restart, the journey's recipients,
 * the in-memory mailboxes and the exit status of a whole simulation.
 */
class QueueEntryEdgesTest {
    private static final Journal NOWHERE = new Journal() {
        @Override
        public long now() {
            return 0;
        }

        @Override
        public org.mailtrail.timeline.TimelineEvent add(long time, long end, org.mailtrail.timeline.EventKind kind,
                                                        String source, String destination, String summary,
                                                        List<String> lines, String key, String rfc,
                                                        Map<String, String> details) {
            return null;
        }
    };

    private static RecipientOutcome outcome(String r, RecipientOutcome.Status s) {
        return new RecipientOutcome(r, s, "detail", "mx1.example.net");
    }

    @Test
    void anEntryReadBackKeepsItsEnvelopeAttemptsAndNameAndCopiesWhatItWasGiven() {
        JourneyState journey = new JourneyState(NOWHERE, Route.RELAY);
        List<String> pending = new ArrayList<>(List.of("bob@example.net", "carol@example.net"));
        byte[] content = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
        QueueEntry e = QueueEntry.recovered("4A1B2C3D4E.0000beef", "4A1B2C3D4E", "relay.example.org",
                "alice@example.org", pending, content, 1_800_000_000L, false, 3, journey);

        assertThat(e.storeKey()).isEqualTo("4A1B2C3D4E.0000beef");
        assertThat(e.id()).isEqualTo("4A1B2C3D4E");
        assertThat(e.host()).isEqualTo("relay.example.org");
        assertThat(e.reversePath()).isEqualTo("alice@example.org");
        assertThat(e.pending()).containsExactly("bob@example.net", "carol@example.net");
        assertThat(e.content()).isEqualTo(content);
        assertThat(e.arrivedMicros()).isEqualTo(1_800_000_000L);
        assertThat(e.bounce()).isFalse();
        assertThat(e.attempts()).isEqualTo(3);
        assertThat(e.journey()).isSameAs(journey);

        // later changes to what the store handed over, or to what the entry handed out, do not reach the entry
        pending.clear();
        content[0] = 'X';
        e.content()[1] = 'X';
        assertThat(e.pending()).containsExactly("bob@example.net", "carol@example.net");
        assertThat(new String(e.content(), StandardCharsets.US_ASCII)).startsWith("Subject: hi");
        // the entry's own list is its own: delivering to one recipient does not touch the store's list
        e.pending.remove("bob@example.net");
        assertThat(e.pending()).containsExactly("carol@example.net");
    }

    @Test
    void aBounceWithoutAStoreNameIsNamedByItsQueueId() {
        QueueEntry e = new QueueEntry("7F00000001", "mail.example.org", "", new ArrayList<>(List.of("a@b.example")),
                new byte[] {1}, 0, true, null);
        assertThat(e.storeKey()).isEqualTo("7F00000001");
        assertThat(e.bounce()).isTrue();
        assertThat(e.reversePath()).isEmpty();
        assertThat(e.attempts()).isZero();
        QueueEntry read = QueueEntry.recovered("k", "7F00000001", "mail.example.org", "", List.of(), new byte[0], 5,
                true, 0, null);
        assertThat(read.bounce()).isTrue();
    }

    @Test
    void aJourneyFollowsOnlyTheOriginalRecipientsAndIsSettledWhenNoneIsQueued() {
        JourneyState j = new JourneyState(NOWHERE, Route.DIRECT);
        assertThat(j.route()).isEqualTo(Route.DIRECT);
        assertThat(j.journal()).isSameAs(NOWHERE);
        assertThat(j.settled()).isFalse(); // nothing followed yet: nothing is settled
        j.follow("bob@example.net", outcome("bob@example.net", RecipientOutcome.Status.QUEUED));
        j.follow("carol@example.net", outcome("carol@example.net", RecipientOutcome.Status.QUEUED));
        assertThat(j.follows("bob@example.net")).isTrue();
        assertThat(j.follows("postmaster@example.org")).isFalse();
        assertThat(j.settled()).isFalse();

        j.update("bob@example.net", outcome("bob@example.net", RecipientOutcome.Status.DELIVERED));
        assertThat(j.settled()).isFalse(); // carol is still queued
        j.update("postmaster@example.org", outcome("postmaster@example.org", RecipientOutcome.Status.DELIVERED));
        assertThat(j.outcomes()).containsOnlyKeys("bob@example.net", "carol@example.net");
        j.update("carol@example.net", outcome("carol@example.net", RecipientOutcome.Status.BOUNCED));
        assertThat(j.settled()).isTrue();
        assertThat(j.outcomes().keySet()).containsExactly("bob@example.net", "carol@example.net");

        // recipients are followed only once, from the first acceptance
        j.followIfNone(List.of("dave@legacy.example.net"), "mx1.example.net");
        assertThat(j.follows("dave@legacy.example.net")).isFalse();
    }

    @Test
    void aMessageFromOutsideTheWorldIsFollowedFromItsFirstAcceptance() {
        JourneyState j = new JourneyState(NOWHERE, Route.DIRECT);
        j.followIfNone(List.of("bob@example.net", "carol@example.net"), "mx1.example.net");
        assertThat(j.outcomes().values()).extracting(RecipientOutcome::status, RecipientOutcome::host)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(RecipientOutcome.Status.QUEUED, "mx1.example.net"));
        assertThat(j.outcomes().keySet()).containsExactly("bob@example.net", "carol@example.net");
        DeliveredMessage m = new DeliveredMessage("bob@example.net", "imap.example.net", false, new byte[] {1});
        j.delivered(m);
        assertThat(j.delivered()).containsExactly(m);
    }

    @Test
    void theMailStoreCountsMessagesAndLetsAUserLogInBeforeAnyMail() {
        World.Users users = new World.Users("mailtrail", Map.of("carol@example.net", "s3cret"));
        MailStore store = MailStore.inMemory(users);
        store.create("imap.example.net", "Carol@example.net");
        MailboxAccess access = store.access("imap.example.net");
        assertThat(access.login("carol", "s3cret")).isNotNull();
        assertThat(access.login("carol", "s3cret").messages()).isEmpty();
        assertThat(access.login("carol", "mailtrail")).isNull();

        assertThat(store.append("imap.example.net", "carol@example.net", new byte[] {'a'})).isEqualTo(1);
        assertThat(store.append("imap.example.net", "carol@example.net", new byte[] {'b'})).isEqualTo(2);
        store.create("imap.example.net", "carol@example.net"); // again: keeps what is there
        assertThat(access.login("carol", "s3cret").messages()).hasSize(2);
        // another host's mailboxes are its own
        assertThat(store.append("mx.school.test", "erin@school.test", new byte[] {'c'})).isEqualTo(1);
        assertThat(store.access("mx.school.test").login("erin", "mailtrail").messages()).hasSize(1);
        assertThat(store.access("mx.school.test").login("carol", "s3cret")).isNull();
    }

    private static Journey journey(RecipientOutcome.Status s) {
        return new Journey(Route.DIRECT, new Timeline(), Map.of("bob@example.net", outcome("bob@example.net", s)),
                List.of());
    }

    @Test
    void theExitStatusOfASimulationIsTheWorstOfItsJourneys() {
        RecipientOutcome.Status ok = RecipientOutcome.Status.DELIVERED;
        RecipientOutcome.Status q = RecipientOutcome.Status.QUEUED;
        RecipientOutcome.Status b = RecipientOutcome.Status.BOUNCED;
        assertThat(result(ok, ok).exitCode()).isZero();
        assertThat(result(ok, q).exitCode()).isEqualTo(4);
        assertThat(result(q, ok).exitCode()).isEqualTo(4);
        assertThat(result(q, b).exitCode()).isEqualTo(5);
        assertThat(result(b, q).exitCode()).isEqualTo(5);
        assertThat(result(b, ok).exitCode()).isEqualTo(5);
        assertThat(result().exitCode()).isZero();
    }

    private static SimulationResult result(RecipientOutcome.Status... statuses) {
        List<Journey> js = new ArrayList<>();
        for (RecipientOutcome.Status s : statuses) {
            js.add(journey(s));
        }
        SimulationResult r = new SimulationResult(null, null, 1, js);
        js.clear();
        assertThat(r.journeys()).hasSize(statuses.length);
        return r;
    }
}
