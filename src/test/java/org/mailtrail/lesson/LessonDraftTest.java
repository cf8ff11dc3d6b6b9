package org.mailtrail.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.WorldLoader;

/** A lesson made from a session: saved, loaded again, its checkpoints stand exactly where the teacher put them. */
class LessonDraftTest {
    @TempDir
    Path dir;

    @Test
    void notesAndPredictionsComeBackAtTheirSteps() throws Exception {
        var w = new WorldLoader().load("relay");
        var d = w.defaults();
        SimulationResult r = new SimulationEngine(w).run(new org.mailtrail.engine.Compose(d.from(), d.to(), d.cc(),
                d.subject(), d.body()), Route.BOTH, d.retrieval(), w.seed());
        List<TimelineEvent> direct = r.journeys().get(0).timeline().events();
        int secondEhloReply = nth(direct, EventKind.SMTP_REPLY, 2); // the second 250 after EHLO (after STARTTLS)
        int rcptToMx = -1;
        for (TimelineEvent e : direct) {
            if (e.kind() == EventKind.SMTP_COMMAND && e.verb().equals("RCPT") && e.destination().equals("mx1.example.net")) {
                rcptToMx = e.index();
            }
        }
        LessonDraft draft = new LessonDraft(r);
        assertThat(draft.addNote(0, secondEhloReply, "Now AUTH is offered:\nlook at the list")).isTrue();
        assertThat(draft.addPrediction(0, rcptToMx)).isTrue(); // which code for RCPT at mx1?
        assertThat(draft.addNote(0, 3, "too early")).as("before the previous checkpoint").isFalse();
        int relaySyn = nth(r.journeys().get(1).timeline().events(), EventKind.TCP_SYN, 1);
        assertThat(draft.addPrediction(1, relaySyn - 1)).isTrue(); // which host on the relay route?
        Path f = dir.resolve("from-session.yaml");
        Files.writeString(f, draft.yaml("Made in class"));

        Lesson l = new LessonLoader().load(f.toString());
        LessonPlan p = LessonPlan.of(l);
        assertThat(p.stops()).hasSize(3);
        assertThat(p.stops().get(0).matched()).isEqualTo(secondEhloReply);
        assertThat(p.stops().get(0).checkpoint().text().in("en")).isEqualTo("Now AUTH is offered: look at the list");
        assertThat(p.stops().get(1).matched()).isEqualTo(rcptToMx + 1);
        assertThat(p.stops().get(1).answer().right()).isEqualTo("250");
        assertThat(p.stops().get(2).journey()).isEqualTo(1);
        assertThat(p.stops().get(2).answer().right()).isEqualTo("relay.example.org");
    }

    private static int nth(List<TimelineEvent> ev, EventKind k, int n) {
        int seen = 0;
        for (TimelineEvent e : ev) {
            if (e.kind() == k && seen++ == n) {
                return e.index();
            }
        }
        throw new AssertionError();
    }
}
