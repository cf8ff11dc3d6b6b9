package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** What each built-in scenario must show, asserted on the timeline rather than on text. */
class SimulationEngineTest {

    private static SimulationResult run(String scenario, Route route) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), route,
                d.retrieval(), w.seed());
    }

    private static Journey journey(String scenario, Route route) throws Exception {
        return run(scenario, route).journeys().get(0);
    }

    private static List<TimelineEvent> of(Journey j, EventKind kind) {
        return j.timeline().events().stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
    }

    private static List<String> commands(Journey j) {
        return of(j, EventKind.SMTP_COMMAND).stream().map(TimelineEvent::summary).collect(Collectors.toList());
    }

    private static DeliveredMessage deliveredTo(Journey j, String mailbox) {
        return j.delivered().stream().filter(d -> d.mailbox().equals(mailbox)).findFirst().orElseThrow();
    }

    private static String text(DeliveredMessage d) {
        return new String(d.content(), StandardCharsets.UTF_8);
    }

    @Test
    void directDeliveryLooksUpMxAndConnectsToThePreferredOne() throws Exception {
        Journey j = journey("direct", Route.DIRECT);
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(of(j, EventKind.DNS_QUERY)).first().extracting(TimelineEvent::summary)
                .isEqualTo("DNS query example.net. IN MX");
        List<TimelineEvent> acks = of(j, EventKind.TCP_ACK);
        assertThat(acks).extracting(e -> e.detail("dstAddr") + ":" + e.detail("dstPort"))
                .containsExactly("192.0.2.25:587", "198.51.100.10:25", "198.51.100.30:143");
        String msg = text(deliveredTo(j, "bob@example.net"));
        assertThat(msg).startsWith("Return-Path: <alice@example.org>\r\nReceived: from mail.example.org");
        assertThat(MessageComposer.countReceived(deliveredTo(j, "bob@example.net").content())).isEqualTo(2);
        assertThat(msg).contains("by mx1.example.net (Postfix) with ESMTPS id");
        assertThat(of(j, EventKind.MAILBOX_RETRIEVED)).hasSize(1);
        assertThat(j.exitCode()).isZero();
    }

    @Test
    void relayAddsAHopAndTheRelayDoesTheMxLookup() throws Exception {
        Journey j = journey("relay", Route.RELAY);
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(of(j, EventKind.DNS_QUERY)).extracting(TimelineEvent::source, TimelineEvent::summary)
                .contains(org.assertj.core.groups.Tuple.tuple("mail.example.org", "DNS query relay.example.org. IN A"),
                        org.assertj.core.groups.Tuple.tuple("relay.example.org", "DNS query example.net. IN MX"));
        assertThat(MessageComposer.countReceived(deliveredTo(j, "bob@example.net").content())).isEqualTo(3);
        assertThat(j.stats().hops()).isEqualTo(3);
    }

    @Test
    void compareShowsRelayCostsOneMoreHopAndConnection() throws Exception {
        SimulationResult r = run("direct", Route.BOTH);
        Journey.Stats direct = r.journeys().get(0).stats();
        Journey.Stats relay = r.journeys().get(1).stats();
        assertThat(relay.hops()).isEqualTo(direct.hops() + 1);
        assertThat(relay.tcpConnections()).isEqualTo(direct.tcpConnections() + 1);
        assertThat(relay.receivedLines()).isEqualTo(direct.receivedLines() + 1);
    }

    @Test
    void backupMxIsUsedWhenThePreferredRefuses() throws Exception {
        Journey j = journey("backup-mx", Route.DIRECT);
        List<TimelineEvent> failed = of(j, EventKind.TCP_FAILED);
        assertThat(failed).isNotEmpty().allSatisfy(e -> {
            assertThat(e.source()).isEqualTo("mx1.example.net");
            assertThat(e.detail("reason")).isEqualTo("refused");
        });
        assertThat(failed).extracting(e -> e.detail("srcAddr")).contains("198.51.100.10", "2001:db8:100::10");
        assertThat(text(deliveredTo(j, "bob@example.net"))).contains("by mx2.example.net");
        assertThat(j.exitCode()).isZero();
    }

    @Test
    void implicitMxUsesTheDomainsOwnAddress() throws Exception {
        Journey j = journey("implicit-mx", Route.DIRECT);
        assertThat(of(j, EventKind.DNS_ANSWER)).first().extracting(TimelineEvent::explanationKey)
                .isEqualTo("dns.answer.nodata");
        assertThat(of(j, EventKind.MX_DECISION)).extracting(TimelineEvent::explanationKey).contains("mx.implicit");
        assertThat(j.outcomes().get("dave@legacy.example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void nullMxBouncesWithoutConnecting() throws Exception {
        Journey j = journey("null-mx", Route.DIRECT);
        assertThat(j.outcomes().get("info@example.com").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(j.outcomes().get("info@example.com").detail()).contains("5.1.10");
        assertThat(of(j, EventKind.TCP_SYN)).noneMatch(e -> e.detail("dstAddr").startsWith("203.0.113."));
        assertThat(of(j, EventKind.DNS_QUERY)).extracting(TimelineEvent::summary)
                .doesNotContain("DNS query example.com. IN A");
        assertThat(j.exitCode()).isEqualTo(5);
    }

    @Test
    void unknownUserBouncesToTheSenderWithNullReversePath() throws Exception {
        Journey j = journey("unknown-user", Route.RELAY);
        assertThat(of(j, EventKind.SMTP_REPLY)).extracting(TimelineEvent::summary)
                .anyMatch(s -> s.startsWith("S: 550 5.1.1 <nobody@example.net>"));
        assertThat(commands(j)).anyMatch(c -> c.startsWith("C: MAIL FROM:<> "));
        DeliveredMessage bounce = deliveredTo(j, "alice@example.org");
        assertThat(bounce.bounce()).isTrue();
        assertThat(text(bounce)).startsWith("Return-Path: <>\r\n")
                .contains("Content-Type: multipart/report; report-type=delivery-status")
                .contains("Status: 5.1.1");
        assertThat(j.exitCode()).isEqualTo(5);
    }

    @Test
    void relayDeniedIsRefusedWith571AndBounced() throws Exception {
        Journey j = journey("relay-denied", Route.RELAY);
        assertThat(of(j, EventKind.SMTP_REPLY)).extracting(TimelineEvent::summary)
                .contains("S: 554 5.7.1 <bob@example.net>: Relay access denied");
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(journey("relay-denied", Route.DIRECT).exitCode()).isZero();
    }

    @Test
    void greylistingQueuesAndTheRetryThirtyMinutesLaterSucceeds() throws Exception {
        Journey j = journey("greylisting", Route.DIRECT);
        assertThat(of(j, EventKind.SMTP_REPLY)).extracting(TimelineEvent::summary)
                .anyMatch(s -> s.startsWith("S: 450 4.2.0"));
        assertThat(of(j, EventKind.QUEUED)).hasSize(1);
        assertThat(of(j, EventKind.RETRY_SCHEDULED)).hasSize(1);
        TimelineEvent delivered = of(j, EventKind.DELIVERED).get(0);
        assertThat(delivered.timeMicros()).isGreaterThanOrEqualTo(30L * 60 * 1_000_000);
        assertThat(j.outcomes().get("bob@example.net").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void nxdomainIsPermanentAndNothingConnectsToPort25() throws Exception {
        Journey j = journey("nxdomain", Route.DIRECT);
        assertThat(of(j, EventKind.DNS_ANSWER)).first().extracting(e -> e.detail("rcode")).isEqualTo("NXDOMAIN");
        assertThat(of(j, EventKind.TCP_SYN)).extracting(e -> e.detail("dstPort")).doesNotContain("25");
        assertThat(j.outcomes().get("bob@example-net.test").status()).isEqualTo(RecipientOutcome.Status.BOUNCED);
        assertThat(deliveredTo(j, "alice@example.org").bounce()).isTrue();
    }

    @Test
    void multiDomainMakesOneTransactionPerDestination() throws Exception {
        Journey j = journey("multi-domain", Route.DIRECT);
        List<String> cmds = commands(j);
        long mails = cmds.stream().filter(c -> c.startsWith("C: MAIL FROM:<alice@example.org>")).count();
        assertThat(mails).as("submission + example.net + school.test").isEqualTo(3);
        assertThat(j.outcomes().values()).allMatch(o -> o.status() == RecipientOutcome.Status.DELIVERED);
        assertThat(j.outcomes().keySet()).containsExactly("bob@example.net", "erin@school.test", "carol@example.net");
    }

    @Test
    void sameSeedSameTimelineByteForByte() throws Exception {
        String a = JsonSession.render(run("multi-domain", Route.BOTH));
        String b = JsonSession.render(run("multi-domain", Route.BOTH));
        assertThat(a).isEqualTo(b);
    }

    @Test
    void pop3RetrievalIsItsOwnHop() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        Journey j = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                Route.DIRECT, Retrieval.POP3, 1).journeys().get(0);
        assertThat(of(j, EventKind.MAILBOX_COMMAND)).extracting(TimelineEvent::summary)
                .contains("C: USER bob", "C: PASS ********", "C: RETR 1");
        assertThat(of(j, EventKind.TCP_ACK)).extracting(e -> e.detail("dstPort")).contains("110");
    }

    @Test
    void leadingDotBodyLineIsStuffedOnTheWireAndRestoredInTheMailbox() throws Exception {
        World w = new WorldLoader().load("direct");
        Journey j = new SimulationEngine(w).run(new Compose("alice@example.org", List.of("bob@example.net"), List.of(),
                "dots", ".hidden line\n..two\n"), Route.DIRECT, Retrieval.NONE, 1).journeys().get(0);
        TimelineEvent data = of(j, EventKind.SMTP_COMMAND).stream()
                .filter(e -> e.explanationKey().equals("smtp.cmd.data-content")).findFirst().orElseThrow();
        assertThat(data.lines()).contains("..hidden line", "...two");
        assertThat(text(deliveredTo(j, "bob@example.net"))).contains("\r\n.hidden line\r\n..two\r\n");
    }

    @Test
    void subjectWithCrLfIsRefusedBeforeAnythingRuns() throws Exception {
        World w = new WorldLoader().load("direct");
        Compose c = new Compose("alice@example.org", List.of("bob@example.net"), List.of(),
                "hi\r\nBcc: eve@example.net", "x");
        assertThat(c.validate()).extracting(Compose.FieldError::field).containsExactly("subject");
        assertThatThrownBy(() -> new SimulationEngine(w).run(c, Route.DIRECT, Retrieval.NONE, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subject");
    }

    @Test
    void everyEventOfEveryScenarioHasAnEnglishExplanationAndRfc() throws Exception {
        Explanations ex = new Explanations(java.util.Locale.ENGLISH);
        for (String s : WorldLoader.BUILT_IN) {
            for (Journey j : run(s, Route.BOTH).journeys()) {
                for (TimelineEvent e : j.timeline().events()) {
                    assertThat(ex.has(e.explanationKey())).as(s + ": " + e.explanationKey()).isTrue();
                    assertThat(e.rfc()).as(s + ": rfc of " + e.summary()).startsWith("RFC ");
                }
            }
        }
    }

    @Test
    void timeNeverGoesBackwards() throws Exception {
        for (String s : WorldLoader.BUILT_IN) {
            for (Journey j : run(s, Route.BOTH).journeys()) {
                long t = 0;
                for (TimelineEvent e : j.timeline().events()) {
                    assertThat(e.timeMicros()).as(s + " #" + e.index()).isGreaterThanOrEqualTo(t);
                    t = Math.max(t, e.timeMicros());
                }
            }
        }
    }

    @Test
    void duplicateRecipientsInOneTransactionAreDeliveredOnce() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(),
                List.of("bob@example.net", "bob@example.net", "bob@EXAMPLE.NET"), List.of(), d.subject(), d.body()),
                Route.DIRECT, Retrieval.NONE, w.seed());
        long delivered = r.journeys().stream().flatMap(j -> of(j, EventKind.DELIVERED).stream()).count();
        assertThat(delivered).isEqualTo(1);
    }
}
