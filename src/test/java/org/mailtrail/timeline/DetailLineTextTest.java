package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The detail lines Mail Trail writes under its own steps, in German; protocol lines and servers' words unchanged. */
class DetailLineTextTest {
    private static final DetailLineText GERMAN = new DetailLineText(Locale.GERMAN);
    private static final DetailLineText ENGLISH = new DetailLineText(Locale.ENGLISH);

    @Test
    void aLineBecomesGermanWithItsValuesAndEnglishStaysAsItIs() {
        TimelineEvent delivered = new TimelineEvent(0, 0, 0, EventKind.DELIVERED, "mx1.example.net", "imap.example.net",
                "x", List.of("mailbox bob@example.net now holds 2 message(s)"), "delivered", "", Map.of());
        assertThat(GERMAN.of(delivered, delivered.lines().get(0)))
                .isEqualTo("Postfach bob@example.net enthält jetzt 2 Nachricht(en)");
        assertThat(ENGLISH.of(delivered, delivered.lines().get(0))).isEqualTo(delivered.lines().get(0));
        // a server's words stay its words
        assertThat(GERMAN.of(delivered, "550 5.1.1 User unknown")).isEqualTo("550 5.1.1 User unknown");
        TimelineEvent reply = new TimelineEvent(0, 0, 0, EventKind.SMTP_REPLY, "a", "b", "S: 250 Ok",
                List.of("retry at noon"), "smtp.reply.2xx", "", Map.of());
        assertThat(GERMAN.of(reply, "retry at noon")).isEqualTo("retry at noon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"direct", "relay", "backup-mx", "implicit-mx", "null-mx", "unknown-user", "relay-denied",
            "greylisting", "nxdomain", "multi-domain", "historic-relay"})
    void everyLineMailTrailWritesAboutItsOwnStepsIsGerman(String scenario) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        for (Retrieval r : new Retrieval[] {Retrieval.IMAP, Retrieval.POP3}) {
            for (Journey j : new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()),
                    Route.BOTH, r, w.seed()).journeys()) {
                for (TimelineEvent e : j.timeline().events()) {
                    boolean own = e.kind() == EventKind.DELIVERED || e.kind() == EventKind.MAILBOX_RETRIEVED
                            || e.kind() == EventKind.RETRY_SCHEDULED || e.kind() == EventKind.TLS_NEGOTIATED
                            || e.kind() == EventKind.MX_DECISION;
                    for (String line : e.lines()) {
                        if (!own || line.startsWith("MX ") || line.startsWith("Return-Path:")) {
                            continue; // records and headers are protocol text
                        }
                        assertThat(GERMAN.of(e, line)).as(scenario + ": " + line).isNotEqualTo(line);
                    }
                }
            }
        }
    }
}
