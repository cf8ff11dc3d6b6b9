package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
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

/** Whole journeys through the default world with one fault each: who is contacted, what each recipient ends as. */
class EngADeliveryScenariosTest {
    @TempDir
    Path dir;

    private World world(String top, String hosts) throws Exception {
        Path w = dir.resolve("w.yaml");
        Files.writeString(w, "extends: " + Path.of("assets/scenarios/world.yaml").toAbsolutePath() + "\nname: w\n" + top
                + (hosts.isEmpty() ? "" : "hosts:\n" + hosts));
        return new WorldLoader().load(w.toString());
    }

    private Journey run(String top, String hosts, Route route, String... to) throws Exception {
        World w = world(top, hosts);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), List.of(to), List.of(), d.subject(), d.body()), route,
                d.retrieval(), w.seed()).journeys().get(0);
    }

    private static String smtp(String host, String smtp) {
        return "  - name: " + host + "\n    smtp: " + smtp + "\n";
    }

    private static List<TimelineEvent> events(Journey j, EventKind kind) {
        return j.timeline().events().stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    private static long syns(Journey j, String from, String to) {
        return events(j, EventKind.TCP_SYN).stream().filter(e -> e.source().equals(from) && e.destination().equals(to))
                .count();
    }

    private static RecipientOutcome outcome(Journey j, String rcpt) {
        assertThat(j.outcomes()).containsKey(rcpt);
        return j.outcomes().get(rcpt);
    }

    @Test
    void aRecipientRefusedForGoodAtSubmissionIsRefusedNotBounced() throws Exception {
        Journey j = run("", smtp("mail.example.org", "{ rcptReplies: { \"bob@example.net\": \"550 5.7.1 Not you\" } }"),
                Route.DIRECT, "bob@example.net", "carol@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.REFUSED); // the client was told; no DSN follows
        assertThat(bob.detail()).isEqualTo("refused at submission: 550 5.7.1 Not you");
        assertThat(bob.host()).isEqualTo("mail.example.org");
        assertThat(outcome(j, "carol@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void aRecipientRefusedForNowAtSubmissionStaysWithTheSender() throws Exception {
        Journey j = run("", smtp("mail.example.org", "{ rcptReplies: { \"bob@example.net\": \"451 4.3.0 Later\" } }"),
                Route.DIRECT, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("refused at submission: 451 4.3.0 Later");
        assertThat(syns(j, "mail.example.org", "mx1.example.net")).isZero();
    }

    @Test
    void aSubmissionServerThatIsDownLeavesTheMessageInTheOutbox() throws Exception {
        Journey j = run("", smtp("mail.example.org", "{ down: true }"), Route.DIRECT, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("the submission server cannot be reached");
        assertThat(bob.host()).isEqualTo("alice-laptop.example.org");
        assertThat(events(j, EventKind.SMTP_COMMAND)).isEmpty();
    }

    @Test
    void anExchangerThatIsDownIsSkippedForTheNext() throws Exception {
        Journey j = run("", smtp("mx1.example.net", "{ down: true }"), Route.DIRECT, "bob@example.net");
        assertThat(syns(j, "mail.example.org", "mx1.example.net")).isEqualTo(2); // its IPv4 and IPv6 address
        assertThat(syns(j, "mail.example.org", "mx2.example.net")).isEqualTo(1);
        assertThat(outcome(j, "bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcome(j, "bob@example.net").host()).isEqualTo("mx2.example.net");
    }

    @Test
    void whenEveryExchangerIsDownTheMessageWaitsUntilTheSimulationStops() throws Exception {
        Journey j = run("", smtp("mx1.example.net", "{ down: true }") + smtp("mx2.example.net", "{ down: true }"),
                Route.DIRECT, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("connect to mx2.example.net[198.51.100.20]:25 failed (still queued when the"
                + " simulation stopped after 4 hours; next attempt would have been at ");
        List<TimelineEvent> retries = events(j, EventKind.RETRY_SCHEDULED);
        TimelineEvent stop = j.timeline().events().stream().filter(e -> e.explanationKey().equals("simulation.stopped"))
                .findFirst().orElseThrow();
        assertThat(stop.detail("retryAt")).isEqualTo(retries.get(retries.size() - 1).detail("retryAt"));
        assertThat(bob.detail()).endsWith(stop.detail("retryAt") + ")");
        assertThat(stop.summary()).contains("after 4 hours").contains("mail.example.org");
        // attempts at 0, 30, ..., 210 minutes (each a little later than the last), two addresses of mx1 each
        assertThat(syns(j, "mail.example.org", "mx1.example.net")).isEqualTo(16);
        assertThat(syns(j, "mail.example.org", "mx2.example.net")).isEqualTo(8);
    }

    @Test
    void eachAttemptIsNumberedAndTheRetryIsAnIntervalLater() throws Exception {
        Journey j = run("", smtp("mx1.example.net", "{ rcptReplies: { \"bob@example.net\": \"451 4.3.0 Busy\" } }"),
                Route.DIRECT, "bob@example.net");
        List<TimelineEvent> deferred = events(j, EventKind.QUEUED).stream()
                .filter(e -> e.explanationKey().equals("queue.deferred")).collect(Collectors.toList());
        assertThat(deferred).hasSizeGreaterThan(2);
        assertThat(deferred.get(0).detail("attempt")).isEqualTo("1");
        assertThat(deferred.get(1).detail("attempt")).isEqualTo("2");
        assertThat(deferred.get(0).lines()).containsExactly("451 4.3.0 Busy");
        assertThat(events(j, EventKind.RETRY_SCHEDULED).get(0).summary()).isEqualTo("Next attempt in 30 minutes");
        assertThat(syns(j, "mail.example.org", "mx2.example.net")).isZero();
    }

    @Test
    void aRecipientAnExchangerTookButHasNoMailboxBouncesFromThere() throws Exception {
        Journey j = run("", smtp("mx1.example.net", "{ rcptReplies: { \"zed@example.net\": \"250 2.1.5 Ok\" } }"),
                Route.RELAY, "zed@example.net", "bob@example.net");
        RecipientOutcome zed = outcome(j, "zed@example.net");
        assertThat(zed.status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(zed.detail()).isEqualTo("550 5.1.1 <zed@example.net>: mailbox unavailable");
        assertThat(zed.host()).isEqualTo("mx1.example.net");
        assertThat(outcome(j, "bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        // the original went mail -> relay -> mx1: three Received: lines, more than the bounce's own path
        assertThat(j.stats().receivedLines()).isEqualTo(3);
        assertThat(j.delivered()).anyMatch(DeliveredMessage::bounce);
    }

    @Test
    void aSmartHostWithoutAnAddressDefersTheMessage() throws Exception {
        Journey j = run("dns:\n  faults:\n    relay.example.org: servfail\n", "", Route.RELAY, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("451 4.4.3 cannot find the address of smart host relay.example.org");
        assertThat(syns(j, "mail.example.org", "relay.example.org")).isZero();
    }

    @Test
    void anMxLookupThatFailsForNowDefersTheMessage() throws Exception {
        Journey j = run("dns:\n  faults:\n    example.net: servfail\n", "", Route.DIRECT, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("451 4.4.3 Host or domain name lookup failed temporarily: ");
        assertThat(events(j, EventKind.MX_DECISION).get(0).explanationKey()).isEqualTo("mx.failure.temporary");
    }

    @Test
    void aDomainWithoutMxGoesToItsImplicitMx() throws Exception {
        Journey j = run("", "", Route.DIRECT, "dave@legacy.example.net");
        TimelineEvent mx = events(j, EventKind.MX_DECISION).get(0);
        assertThat(mx.explanationKey()).isEqualTo("mx.implicit");
        assertThat(mx.summary()).isEqualTo("Mail for legacy.example.net: try legacy.example.net first (implicit MX)");
        assertThat(outcome(j, "dave@legacy.example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void aServerThatDropsTheLineAfterTheDataLeavesTheMessageQueuedWithTheReason() throws Exception {
        Journey j = run("", smtp("mx1.example.net", "{ dropAfterData: true }"), Route.DIRECT, "bob@example.net");
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(bob.detail()).startsWith("connection closed after the final \".\" without a reply; the message may"
                + " or may not have been delivered (RFC 5321 §6.1) (still queued");
    }

    @Test
    void aMessageThatArrivedLateAtARelayIsGivenUpByItsOwnAge() throws Exception {
        // the relay greylists: it takes the message only at the retry, 30 minutes in; from then on mx1 answers 451
        Journey j = run("retry:\n  intervalMinutes: 30\n  giveUpHours: 2\n",
                smtp("relay.example.org", "{ greylist: true, greylistDelaySeconds: 60 }")
                        + smtp("mx1.example.net", "{ rcptReplies: { \"bob@example.net\": \"451 4.3.0 Busy\" } }"),
                Route.RELAY, "bob@example.net");
        assertThat(syns(j, "mail.example.org", "relay.example.org")).isEqualTo(2);
        // the relay's attempts at its ages 0, 30, 60 and 90 minutes; at 90 the next would be past the 2 hours
        assertThat(syns(j, "relay.example.org", "mx1.example.net")).isEqualTo(4);
        RecipientOutcome bob = outcome(j, "bob@example.net");
        assertThat(bob.status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(bob.detail()).startsWith("delivery time expired; last error: 451 4.3.0 Busy");
        DeliveredMessage dsn = j.delivered().stream().filter(DeliveredMessage::bounce).findFirst().orElseThrow();
        String text = new String(dsn.content(), StandardCharsets.UTF_8);
        assertThat(text).contains("Arrival-Date: Mon, 5 Jan 2026 09:30:");
    }
}
