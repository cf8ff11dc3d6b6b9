package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** Transcripts written by swaks and Python's smtplib (checked in, make-fixtures.sh) and as people paste them. */
class TranscriptImportTest {

    private static SimulationResult read(String text, String name) throws Exception {
        return TranscriptImport.read(new StringReader(text), name);
    }

    private static SimulationResult fixture(String name) throws Exception {
        byte[] b = Fixtures.bytes(name);
        assertThat(SessionFiles.kind(b)).as(name).isEqualTo(SessionFiles.Kind.TRANSCRIPT);
        return read(new String(b, StandardCharsets.UTF_8), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"swaks-plain.txt", "swaks-pipelining.txt", "swaks-starttls.txt", "smtplib-debug.txt"})
    void realProgramsOutputIsADialogueWithTheSameKeysAsASimulation(String name) throws Exception {
        SimulationResult r = fixture(name);
        List<TimelineEvent> es = Fixtures.events(r);
        assertThat(es).filteredOn(e -> e.kind() == EventKind.SMTP_COMMAND).extracting(TimelineEvent::explanationKey)
                .contains("smtp.cmd.ehlo", "smtp.cmd.mail", "smtp.cmd.rcpt", "smtp.cmd.data", "smtp.cmd.data-content",
                        "smtp.cmd.quit");
        assertThat(es).filteredOn(e -> e.verb().equals("MAIL")).singleElement()
                .satisfies(e -> assertThat(e.lines().get(0)).containsIgnoringCase("FROM:<alice@example.org>"));
        assertThat(es).filteredOn(e -> e.kind() == EventKind.SMTP_REPLY).last()
                .satisfies(e -> assertThat(e.replyCode()).isEqualTo(221));
        assertThat(es).allSatisfy(e -> assertThat(e.phase()).isNotNull());
        assertThat(r.compose().to()).containsExactly("bob@example.test");
        assertThat(r.journeys().get(0).delivered()).hasSize(1);
    }

    @Test
    void swaksPipeliningIsOneGroupAtOneTime() throws Exception {
        List<TimelineEvent> es = Fixtures.events(fixture("swaks-pipelining.txt"));
        List<TimelineEvent> group = es.stream().filter(e -> List.of("MAIL", "RCPT", "DATA").contains(e.verb())).toList();
        assertThat(group).extracting(TimelineEvent::timeMicros).hasSize(3).containsOnly(group.get(0).timeMicros());
        assertThat(es.get(es.indexOf(group.get(2)) + 1).lines()).containsExactly("250 2.1.0 Ok");
    }

    @Test
    void swaksStartTlsGoesOnInsideTlsAndKeepsItsOwnLinesAsNotes() throws Exception {
        List<TimelineEvent> es = Fixtures.events(fixture("swaks-starttls.txt"));
        int tls = 0;
        while (es.get(tls).kind() != EventKind.TLS_NEGOTIATED) {
            tls++;
        }
        assertThat(es.get(tls - 1).lines()).containsExactly("220 2.0.0 Ready to start TLS");
        assertThat(es.get(tls).summary()).isEqualTo("TLS negotiated with server: TLSv1.3, TLS_AES_256_GCM_SHA384");
        assertThat(es.get(tls).detail("cipher")).isEqualTo("TLS_AES_256_GCM_SHA384");
        assertThat(es.subList(tls, es.size())).filteredOn(e -> e.kind() == EventKind.SMTP_COMMAND)
                .extracting(TimelineEvent::verb).startsWith("EHLO", "MAIL");
        assertThat(es).filteredOn(e -> e.explanationKey().equals("capture.note")).extracting(TimelineEvent::summary)
                .contains("Note: === TLS started with cipher TLSv1.3:TLS_AES_256_GCM_SHA384:256");
        assertThat(es).filteredOn(e -> e.kind() == EventKind.SMTP_COMMAND).first() // from "=== Trying 127.0.0.1:2525..."
                .satisfies(e -> assertThat(e.detail("dstPort")).isEqualTo("2525"));
    }

    @Test
    void pastedStylesAndUnknownLines() throws Exception {
        String cs = "C: EHLO a.example\nS: 250-b.example\nS: 250 PIPELINING\nC: MAIL FROM:<a@a.example>\n"
                + "S: 250 2.1.0 Ok\nsomething the person added\nC: QUIT\nS: 221 Bye\n";
        String arrows = cs.replace("C: ", "-> ").replace("S: ", "<- ");
        String chevrons = cs.replace("C: ", ">>> ").replace("S: ", "<<< ");
        for (String t : List.of(cs, arrows, chevrons)) {
            assertThat(SessionFiles.kind(t.getBytes(StandardCharsets.UTF_8))).isEqualTo(SessionFiles.Kind.TRANSCRIPT);
            SimulationResult r = read(t, "pasted.txt");
            assertThat(Fixtures.dialogue(r)).containsExactly("C: EHLO a.example", "S: 250-b.example",
                    "C: MAIL FROM:<a@a.example>", "S: 250 2.1.0 Ok", "C: QUIT", "S: 221 Bye");
            assertThat(Fixtures.events(r)).filteredOn(e -> e.explanationKey().equals("capture.note"))
                    .extracting(TimelineEvent::summary).containsExactly("Note: something the person added");
        }
    }

    @Test
    void mailTrailsOwnTextReadsBackToTheSameDialogue() throws Exception {
        SimulationResult sim = directSimulation();
        String text = TextTranscript.render(sim);
        assertThat(SessionFiles.kind(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(SessionFiles.Kind.TRANSCRIPT);
        SimulationResult back = read(text, "direct.txt");
        List<TimelineEvent> original = sim.journeys().get(0).timeline().events();
        assertThat(PcapExportRoundTripTest.dialogue(Fixtures.events(back)))
                .isEqualTo(PcapExportRoundTripTest.dialogue(original));
        assertThat(PcapExportRoundTripTest.keys(Fixtures.events(back)))
                .isEqualTo(PcapExportRoundTripTest.keys(original));
        // the clock lines of the text give the times
        TimelineEvent quit = Fixtures.events(back).stream().filter(e -> e.verb().equals("QUIT")).findFirst()
                .orElseThrow();
        TimelineEvent simQuit = original.stream().filter(e -> e.verb().equals("QUIT")).findFirst().orElseThrow();
        assertThat(quit.timeMicros()).isEqualTo(simQuit.timeMicros());
    }

    @Test
    void mailTrailsOwnOutcomeLinesAreNotTakenForNotes() throws Exception {
        SimulationResult sim = directSimulation();
        String text = TextTranscript.render(sim);
        assertThat(text).contains("Outcome:").contains("DELIVERED");
        SimulationResult back = read(text, "direct.txt");
        // a tester saw "Note: pupil@example.test DELIVERED …" as a last step, sent by a host "capture" drawn as an MX
        assertThat(back.journeys()).allSatisfy(j -> assertThat(j.timeline().events())
                .noneMatch(e -> String.join(" ", e.lines()).contains("DELIVERED") || e.summary().contains("DELIVERED")));
        assertThat(back.info().hosts()).doesNotContainKey("capture");
    }

    @Test
    void theDialogueDecidesEachRecipientsOutcome() throws Exception {
        String t = "S: 220 mx.example ESMTP\nC: EHLO a.example\nS: 250 mx.example\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\n"
                + "C: RCPT TO:<bob@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: RCPT TO:<nobody@b.example>\nS: 550 5.1.1 <nobody@b.example>: Recipient address rejected\n"
                + "C: RCPT TO:<later@b.example>\nS: 450 4.2.0 <later@b.example>: Greylisted\n"
                + "C: RCPT TO:<carol@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: DATA\nS: 354 End data with <CR><LF>.<CR><LF>\nC: Subject: one\nC: \nC: hello\nC: .\n"
                + "S: 250 2.0.0 Ok: queued as A1\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<dave@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: DATA\nS: 354 go on\nC: Subject: two\nC: \nC: big\nC: .\n"
                + "S: 552 5.3.4 Message too big\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<erin@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: RSET\nS: 250 2.0.0 Ok\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<frank@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: QUIT\nS: 221 2.0.0 Bye\n";
        var outcomes = read(t, "outcomes.txt").journeys().get(0).outcomes();
        assertThat(outcomes.keySet()).containsExactly("nobody@b.example", "later@b.example", "bob@b.example",
                "carol@b.example", "dave@b.example", "frank@b.example");
        assertThat(outcomes.get("bob@b.example").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("bob@b.example").detail()).startsWith("accepted by ").endsWith(
                ": 250 2.0.0 Ok: queued as A1");
        assertThat(outcomes.get("carol@b.example").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("nobody@b.example").status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(outcomes.get("nobody@b.example").detail()).contains("550 5.1.1");
        assertThat(outcomes.get("later@b.example").status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcomes.get("dave@b.example").status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(outcomes.get("dave@b.example").detail()).contains("552 5.3.4");
        assertThat(outcomes.get("frank@b.example").status()).as("accepted, no message sent").isEqualTo(
                RecipientOutcome.Status.QUEUED);
        assertThat(outcomes.get("frank@b.example").detail()).isEqualTo(
                "no message was sent: the connection ended before DATA");
        assertThat(outcomes).as("erin's transaction was reset: nothing was sent to her").doesNotContainKey(
                "erin@b.example");
    }

    @Test
    void aDeliveryIsNotUndoneByALaterConnectionThatSentNothing() throws Exception {
        String one = "S: 220 mx.example ESMTP\nC: EHLO a.example\nS: 250 mx.example\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: DATA\nS: 354 go on\nC: Subject: one\nC: \nC: hello\nC: .\nS: 250 2.0.0 Ok: queued as A1\n"
                + "C: QUIT\nS: 221 Bye\nTCP close\n";
        String two = "S: 220 mx.example ESMTP\nC: EHLO a.example\nS: 250 mx.example\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: QUIT\nS: 221 Bye\nTCP close\n";
        var outcomes = read(one + two, "two.txt").journeys().get(0).outcomes();
        assertThat(outcomes.get("bob@b.example").status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(outcomes.get("bob@b.example").detail()).endsWith("queued as A1");
        var back = read(two + one, "two-then-one.txt").journeys().get(0).outcomes();
        assertThat(back.get("bob@b.example").status()).as("a later delivery counts").isEqualTo(
                RecipientOutcome.Status.DELIVERED);
    }

    @Test
    void aSessionCutBeforeDataIsNamedByTheEnvelopeTheServerAccepted() throws Exception {
        String t = "S: 220 mx.example ESMTP\nC: EHLO a.example\nS: 250 mx.example\n"
                + "C: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\nC: RCPT TO:<bob@b.example>\nS: 250 2.1.5 Ok\n"
                + "C: RCPT TO:<x@elsewhere.example>\nS: 554 5.7.1 Relay access denied\n"
                + "C: RCPT TO:<carol@b.example>\nS: 250 2.1.5 Ok\nC: QUIT\nS: 221 Bye\n";
        SimulationResult r = read(t, "cut.txt");
        assertThat(r.compose().from()).isEqualTo("a@a.example");
        assertThat(r.compose().to()).containsExactly("bob@b.example", "carol@b.example");
        assertThat(TextTranscript.render(r)).contains("a@a.example -> bob@b.example").doesNotContain("no MAIL FROM");
    }

    @Test
    void aPeersEscapesDoNotReachTheOutcomeLines() throws Exception {
        String t = "S: 220 mx.example ESMTP\nC: MAIL FROM:<a@a.example>\nS: 250 2.1.0 Ok\n"
                + "C: RCPT TO:<bob@b.example>\nS: 550 5.1.1 no such user \u001b[31mred\u001b[0m\nC: QUIT\nS: 221 Bye\n";
        String text = TextTranscript.render(read(t, "esc.txt"));
        assertThat(text).contains("REFUSED").doesNotContain("\u001b");
    }

    @Test
    void aCapturedSessionSaysWhoTookTheMessage() throws Exception {
        SimulationResult r = Fixtures.capture("smtp-plain.pcap");
        var outcomes = r.journeys().get(0).outcomes();
        assertThat(outcomes).isNotEmpty();
        assertThat(outcomes.values()).allSatisfy(o -> {
            assertThat(o.status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
            assertThat(o.detail()).startsWith("accepted by " + o.host() + ": 250");
        });
    }

    @Test
    void textThatIsNoDialogueIsRefused() {
        String prose = "Dear team,\nthe mail did not arrive.\nRegards\n";
        assertThat(SessionFiles.kind(prose.getBytes(StandardCharsets.UTF_8))).isEqualTo(SessionFiles.Kind.UNKNOWN);
        assertThatThrownBy(() -> read(prose, "letter.txt")).isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("letter.txt: line 1: no client or server lines found");
    }

    private static SimulationResult directSimulation() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), d.route(),
                d.retrieval(), w.seed());
    }

    @Test
    void aLogOfSeveralSessionsIsRefusedAtTheSecondWithTheFileToOpen() throws Exception {
        String one = TextTranscript.render(directSimulation());
        int second = one.split("\n", -1).length + 1; // after the blank line between the two, as in a day's log
        String log = one + "\n" + one.replaceFirst("Mail Trail session: [^ ]+ ", "Mail Trail session: 20261207T"
                + "080000Z-abcdef-000002 ");
        assertThat(read(one, "one.txt").journeys()).hasSize(1);
        assertThatThrownBy(() -> read(log, "2026-12-07.log")).isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith("2026-12-07.log: line " + second + ": a second Mail Trail session starts"
                        + " here (20261207T080000Z-abcdef-000002)")
                .hasMessageContaining("(e.g. direct.json from the same folder)");
    }

    @Test
    void pythonEscapesAreDecoded() {
        assertThat(new String(TranscriptImport.pythonBytes("a\\r\\n\\x41\\\\\\'"), StandardCharsets.ISO_8859_1))
                .isEqualTo("a\r\nA\\'");
    }
}
