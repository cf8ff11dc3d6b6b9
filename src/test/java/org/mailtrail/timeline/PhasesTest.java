package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.export.JsonSession;
import org.mailtrail.export.SessionFormatException;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** Every step's phase, and the segments the views put headers on, for the built-in scenarios. */
class PhasesTest {

    private static SimulationResult run(String scenario, Route route, Retrieval retrieval) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), route,
                retrieval == null ? d.retrieval() : retrieval, w.seed());
    }

    private static Journey journey(String scenario, Route route) throws Exception {
        return run(scenario, route, null).journeys().get(0);
    }

    /** The segments as "phase from>to", e.g. {@code transfer mail.example.org>mx1.example.net}. */
    private static List<String> story(Journey j) {
        return PhaseSegments.of(j.timeline().events()).stream()
                .map(s -> s.phase().id() + " " + s.from() + ">" + s.to())
                .collect(Collectors.toList());
    }

    @Test
    void directDeliveryIsSubmissionTransferDeliveryRetrieval() throws Exception {
        Journey j = journey("direct", Route.DIRECT);
        assertThat(story(j)).containsExactly(
                "submission alice-laptop.example.org>mail.example.org",
                "transfer mail.example.org>mx1.example.net",
                "delivery mx1.example.net>imap.example.net",
                "retrieval bob-laptop.example.net>imap.example.net");
        // the MX lookup belongs to the transfer it prepares, done by the sender's server
        TimelineEvent mxQuery = j.timeline().events().stream()
                .filter(e -> e.kind() == EventKind.DNS_QUERY && "MX".equals(e.detail(Details.QTYPE)))
                .findFirst().orElseThrow();
        assertThat(mxQuery.phase()).isEqualTo(Phase.TRANSFER);
        assertThat(mxQuery.source()).isEqualTo("mail.example.org");
    }

    @Test
    void relayRouteHandsToTheSmartHostWhichDoesTheMxLookup() throws Exception {
        Journey j = journey("relay", Route.RELAY);
        assertThat(story(j)).containsExactly(
                "submission alice-laptop.example.org>mail.example.org",
                "relay mail.example.org>relay.example.org",
                "transfer relay.example.org>mx1.example.net",
                "delivery mx1.example.net>imap.example.net",
                "retrieval bob-laptop.example.net>imap.example.net");
        assertThat(j.timeline().events().stream()
                .filter(e -> e.kind() == EventKind.DNS_QUERY && "MX".equals(e.detail(Details.QTYPE)))
                .map(e -> e.phase() + " " + e.source()))
                .containsExactly("TRANSFER relay.example.org");
    }

    @Test
    void aBounceGoesBackAsItsOwnPhaseAndIsRetrievedByTheSender() throws Exception {
        Journey j = journey("unknown-user", Route.RELAY);
        assertThat(story(j)).containsExactly(
                "submission alice-laptop.example.org>mail.example.org",
                "relay mail.example.org>relay.example.org",
                "transfer relay.example.org>mx1.example.net",
                "bounce relay.example.org>mail.example.org",
                "retrieval alice-laptop.example.org>mail.example.org");
        // the DSN's SMTP session is a bounce: its MAIL FROM is the null reverse path
        assertThat(j.timeline().events().stream()
                .filter(e -> e.summary().startsWith("C: MAIL FROM:<>")).map(TimelineEvent::phase))
                .containsOnly(Phase.BOUNCE).isNotEmpty();
    }

    @Test
    void aLocalBounceIsDeliveredAsABounce() throws Exception {
        Journey j = journey("null-mx", Route.DIRECT);
        assertThat(story(j)).containsExactly(
                "submission alice-laptop.example.org>mail.example.org",
                "transfer mail.example.org>mail.example.org",
                "bounce mail.example.org>mail.example.org",
                "retrieval alice-laptop.example.org>mail.example.org");
    }

    @Test
    void aFailedConnectionAndItsFallbackAreOneAttempt() throws Exception {
        List<PhaseSegment> s = PhaseSegments.of(journey("backup-mx", Route.DIRECT).timeline().events());
        PhaseSegment transfer = s.get(1);
        assertThat(transfer.phase()).isEqualTo(Phase.TRANSFER);
        assertThat(transfer.of()).isEqualTo(1);
        assertThat(transfer.to()).isEqualTo("mx2.example.net");
        assertThat(transfer.protocol()).isEqualTo("SMTP");
        assertThat(transfer.port()).isEqualTo(25);
        // the whole part names every server it tried, in order: not the backup alone
        assertThat(transfer.servers()).containsExactly("mx1.example.net", "mx2.example.net");
        assertThat(new PhaseText(Locale.ENGLISH).header(transfer))
                .isEqualTo("Transfer · SMTP · port 25 · mail.example.org → mx1.example.net, mx2.example.net");
    }

    /**
     * Found by a tester: at the MX lookup and at mx1's refusals the header already said "→ mx2.example.net", the
     * answer of the lesson's questions (and of predict mode's). At a step the part names only what happened so far,
     * as in a lesson, whose horizon cuts the journey at that step.
     */
    @Test
    void theHeaderAtAStepNamesOnlyTheServersContactedSoFar() throws Exception {
        List<TimelineEvent> events = journey("backup-mx", Route.DIRECT).timeline().events();
        PhaseText words = new PhaseText(Locale.ENGLISH);
        TimelineEvent mxQuery = events.stream().filter(e -> e.kind() == EventKind.DNS_QUERY
                && "MX".equals(e.detail(Details.QTYPE))).findFirst().orElseThrow();
        List<TimelineEvent> refused = events.stream().filter(e -> e.kind() == EventKind.TCP_FAILED).toList();
        assertThat(refused).hasSize(2);
        TimelineEvent toMx2 = events.stream().filter(e -> e.kind() == EventKind.TCP_SYN
                && "mx2.example.net".equals(e.destination())).findFirst().orElseThrow();
        assertThat(words.header(PhaseSegments.upTo(events, mxQuery.index())))
                .isEqualTo("Transfer · mail.example.org").doesNotContain("mx2");
        for (TimelineEvent e : refused) {
            assertThat(words.header(PhaseSegments.upTo(events, e.index())))
                    .isEqualTo("Transfer · SMTP · port 25 · mail.example.org → mx1.example.net");
        }
        assertThat(words.header(PhaseSegments.upTo(events, toMx2.index())))
                .isEqualTo("Transfer · SMTP · port 25 · mail.example.org → mx1.example.net, mx2.example.net");
        // the same as a lesson sees it with the journey cut at each of these steps
        for (int i = mxQuery.index(); i <= toMx2.index(); i++) {
            assertThat(PhaseSegments.upTo(events, i))
                    .isEqualTo(PhaseSegments.at(PhaseSegments.of(events.subList(0, i + 1)), i));
        }
        assertThat(PhaseSegments.upTo(events, events.size())).isNull();
    }

    @Test
    void aRetryIsNotCountedBeforeItBegins() throws Exception {
        List<TimelineEvent> events = journey("greylisting", Route.DIRECT).timeline().events();
        TimelineEvent retry = events.stream().filter(e -> e.kind() == EventKind.RETRY_SCHEDULED)
                .findFirst().orElseThrow();
        assertThat(new PhaseText(Locale.ENGLISH).header(PhaseSegments.upTo(events, retry.index())))
                .isEqualTo("Transfer · SMTP · port 25 · mail.example.org → mx1.example.net");
        PhaseSegment second = PhaseSegments.of(events).stream().filter(x -> x.phase() == Phase.TRANSFER)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(new PhaseText(Locale.ENGLISH).header(PhaseSegments.upTo(events, second.first())))
                .startsWith("Transfer 2 of 2 · ");
    }

    @Test
    void aRetryAfterGreylistingIsTheSecondTransfer() throws Exception {
        Journey j = journey("greylisting", Route.DIRECT);
        List<PhaseSegment> transfers = PhaseSegments.of(j.timeline().events()).stream()
                .filter(x -> x.phase() == Phase.TRANSFER).collect(Collectors.toList());
        assertThat(transfers).hasSize(2);
        assertThat(transfers).extracting(PhaseSegment::ordinal).containsExactly(1, 2);
        assertThat(transfers).extracting(PhaseSegment::of).containsOnly(2);
        // the deferral and the retry schedule close the first attempt
        TimelineEvent retry = j.timeline().events().stream().filter(e -> e.kind() == EventKind.RETRY_SCHEDULED)
                .findFirst().orElseThrow();
        assertThat(transfers.get(0).contains(retry.index())).isTrue();
        assertThat(new PhaseText(Locale.ENGLISH).header(transfers.get(0)))
                .isEqualTo("Transfer 1 of 2 · SMTP · port 25 · mail.example.org → mx1.example.net");
        assertThat(new PhaseText(Locale.GERMAN).header(transfers.get(1)))
                .isEqualTo("Übertragung 2 von 2 · SMTP · Port 25 · mail.example.org → mx1.example.net");
    }

    @Test
    void twoDomainsAreTwoTransfersAndEachServerDeliversItsOwn() throws Exception {
        List<String> story = story(journey("multi-domain", Route.DIRECT));
        assertThat(story).containsSubsequence(
                "transfer mail.example.org>mx1.example.net",
                "transfer mail.example.org>mx.school.test",
                "delivery mx1.example.net>imap.example.net",
                "delivery mx.school.test>mx.school.test");
    }

    @Test
    void pop3RetrievalIsRetrievalOverPop3() throws Exception {
        Journey j = run("direct", Route.DIRECT, Retrieval.POP3).journeys().get(0);
        PhaseSegment last = PhaseSegments.of(j.timeline().events()).get(3);
        assertThat(last.phase()).isEqualTo(Phase.RETRIEVAL);
        assertThat(last.protocol()).isEqualTo("POP3");
        assertThat(last.port()).isEqualTo(110);
        assertThat(last.last()).isEqualTo(j.timeline().size() - 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "relay", "backup-mx", "implicit-mx", "null-mx", "unknown-user", "relay-denied",
            "greylisting", "nxdomain", "multi-domain", "historic-relay"})
    void segmentsCoverEveryStepOnceAndAnOldLogGetsTheSamePhases(String scenario) throws Exception {
        SimulationResult r = run(scenario, Route.BOTH, null);
        for (Journey j : r.journeys()) {
            List<TimelineEvent> events = j.timeline().events();
            assertThat(events).allSatisfy(e -> assertThat(e.phase()).isNotNull());
            List<PhaseSegment> segs = PhaseSegments.of(events);
            int next = 0;
            for (PhaseSegment s : segs) {
                assertThat(s.first()).isEqualTo(next);
                assertThat(s.last()).isGreaterThanOrEqualTo(s.first());
                for (int i = s.first(); i <= s.last(); i++) {
                    assertThat(events.get(i).phase()).isEqualTo(s.phase());
                }
                next = s.last() + 1;
            }
            assertThat(next).isEqualTo(events.size());
            // the submission always comes first, and only the sender's client submits
            assertThat(segs.get(0).phase()).isEqualTo(Phase.SUBMISSION);
        }
        // written as version 1 (no phases), read back: the same phases
        String json = JsonSession.render(r);
        String v1 = json.replaceAll(",\\s*\"phase\"\\s*:\\s*\"[a-z]+\"", "")
                .replaceFirst("\"version\"\\s*:\\s*2", "\"version\" : 1");
        assertThat(v1).doesNotContain("\"phase\"");
        SimulationResult back = JsonSession.read(v1, "old.json");
        for (int k = 0; k < r.journeys().size(); k++) {
            assertThat(back.journeys().get(k).timeline().events())
                    .extracting(TimelineEvent::phase)
                    .isEqualTo(r.journeys().get(k).timeline().events().stream().map(TimelineEvent::phase)
                            .collect(Collectors.toList()));
        }
    }

    @Test
    void aPhaseInTheLogIsKeptAndAnUnknownOneIsRefused() throws Exception {
        SimulationResult r = run("direct", Route.DIRECT, null);
        String json = JsonSession.render(r);
        assertThat(json).contains("\"phase\" : \"submission\"");
        // a phase written by someone else wins over the inferred one
        String edited = json.replaceFirst("\"phase\" : \"submission\"", "\"phase\" : \"relay\"");
        assertThat(JsonSession.read(edited, "x.json").journeys().get(0).timeline().get(0).phase())
                .isEqualTo(Phase.RELAY);
        String bad = json.replaceFirst("\"phase\" : \"submission\"", "\"phase\" : \"teleport\"");
        assertThatThrownBy(() -> JsonSession.read(bad, "bad.json"))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("journeys[0].events[0].phase")
                .hasMessageContaining("teleport");
        String newer = json.replaceFirst("\"version\" : 2", "\"version\" : 3");
        assertThatThrownBy(() -> JsonSession.read(newer, "new.json")).hasMessageContaining("newer");
        assertThat(JsonSession.render(JsonSession.read(json, "x.json")).getBytes(StandardCharsets.UTF_8))
                .isEqualTo(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyPhaseHasWordsInEveryLanguage() {
        for (Locale l : List.of(Locale.ENGLISH, Locale.GERMAN, Locale.FRENCH, Locale.forLanguageTag("es"))) {
            PhaseText t = new PhaseText(l);
            for (Phase p : Phase.values()) {
                assertThat(t.name(p)).isNotBlank();
                assertThat(t.about(p)).isNotBlank();
                assertThat(Phase.fromId(p.id())).isSameAs(p);
            }
        }
        assertThat(new PhaseText(Locale.GERMAN).name(Phase.TRANSFER))
                .isNotEqualTo(new PhaseText(Locale.ENGLISH).name(Phase.TRANSFER));
        assertThat(new PhaseText(Locale.FRENCH).name(Phase.RETRIEVAL)).isEqualTo("Relève");
        assertThat(new PhaseText(Locale.forLanguageTag("es")).name(Phase.DELIVERY)).isEqualTo("Entrega");
    }

    @Test
    void eachRetryOfAHostThatIsDownIsAnAttemptOfItsOwn(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path world = java.nio.file.Path.of("assets/scenarios/world.yaml").toAbsolutePath();
        java.nio.file.Path down = java.nio.file.Files.writeString(dir.resolve("down.yaml"), "extends: " + world
                + "\nname: down\nhosts:\n  - name: mx1.example.net\n    smtp: { down: true }\n"
                + "  - name: mx2.example.net\n    smtp: { down: true }\n");
        Journey j = run(down.toString(), Route.DIRECT, null).journeys().get(0);
        long attempts = j.timeline().events().stream()
                .filter(e -> e.kind() == EventKind.DNS_QUERY && "MX".equals(e.detail(Details.QTYPE))).count();
        List<PhaseSegment> transfers = PhaseSegments.of(j.timeline().events()).stream()
                .filter(x -> x.phase() == Phase.TRANSFER).collect(Collectors.toList());
        assertThat(attempts).isGreaterThan(1);
        assertThat(transfers).hasSize((int) attempts);
    }
}
