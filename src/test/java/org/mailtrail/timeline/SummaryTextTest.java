package org.mailtrail.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** Step summaries in English, German, French and Spanish for every step of every built-in scenario. */
class SummaryTextTest {
    private static final SummaryText ENGLISH = new SummaryText(Locale.ENGLISH);
    private static final SummaryText GERMAN = new SummaryText(Locale.GERMAN);

    private static List<TimelineEvent> everyEvent() throws Exception {
        List<TimelineEvent> out = new ArrayList<>();
        for (String scenario : WorldLoader.BUILT_IN) {
            World w = new WorldLoader().load(scenario);
            World.Defaults d = w.defaults();
            for (Retrieval r : List.of(Retrieval.IMAP, Retrieval.POP3)) {
                for (Journey j : new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(),
                        d.body()), Route.BOTH, r, w.seed()).journeys()) {
                    out.addAll(j.timeline().events());
                }
            }
        }
        return out;
    }

    @Test
    void englishIsTheEnginesSummaryByteForByte() throws Exception {
        for (TimelineEvent e : everyEvent()) {
            assertThat(ENGLISH.of(e)).as(e.explanationKey()).isEqualTo(e.summary());
            if (!SummaryText.isProtocol(e.kind())) {
                assertThat(ENGLISH.templateKey(e)).as("a template for " + e.explanationKey() + ": " + e.summary())
                        .isNotNull();
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"de", "fr", "es"})
    void everyStepThatIsNotProtocolTextIsSaidInEachLanguage(String lang) throws Exception {
        SummaryText text = new SummaryText(Locale.forLanguageTag(lang));
        for (TimelineEvent e : everyEvent()) {
            String german = text.of(e);
            if (SummaryText.isProtocol(e.kind())) {
                // the protocol's words as they are; Mail Trail's wrapping ("(+6 lines)", "<message data, …>") said
                String words = e.summary().replaceAll(" \\(\\+\\d+ lines\\)$", "");
                if (e.summary().startsWith("C: <message data, ")) {
                    assertThat(german).startsWith("C: <").doesNotContain("message data", "lines");
                } else if (!words.equals(e.summary())) {
                    assertThat(german).startsWith(words + " (+").doesNotContain("lines");
                } else {
                    assertThat(german).isEqualTo(e.summary());
                }
            } else {
                assertThat(german).as(e.explanationKey() + ": " + e.summary()).isNotEqualTo(e.summary())
                        .doesNotContain(" to ", " for ", " the ", " goes ", " with ", " from ").doesNotContain("{");
            }
        }
    }

    @Test
    void germanUsesTheStepsValues() {
        TimelineEvent syn = event(EventKind.TCP_SYN, "tcp.syn", "mail.example.org", "mx1.example.net",
                "TCP SYN to mx1.example.net [198.51.100.10]:25",
                Map.of(Details.DST_ADDR, "198.51.100.10", Details.DST_PORT, "25"));
        assertThat(GERMAN.of(syn)).isEqualTo("TCP-SYN an mx1.example.net [198.51.100.10]:25");
        TimelineEvent mx = event(EventKind.MX_DECISION, "mx.targets", "mail.example.org", "mail.example.org",
                "Mail for example.net: try mx1.example.net first", Map.of("domain", "example.net"));
        assertThat(GERMAN.of(mx)).isEqualTo("Mail an example.net: zuerst mx1.example.net versuchen");
    }

    @Test
    void aShapeNoTemplateKnowsStaysEnglish() {
        TimelineEvent odd = event(EventKind.TCP_SYN, "tcp.syn", "a.test", "b.test", "TCP SYN somewhere else",
                Map.of(Details.DST_ADDR, "192.0.2.1", Details.DST_PORT, "25"));
        assertThat(GERMAN.of(odd)).isEqualTo("TCP SYN somewhere else");
        TimelineEvent unknown = event(EventKind.QUEUED, "no.such.key", "a.test", "a.test", "Something", Map.of());
        assertThat(GERMAN.of(unknown)).isEqualTo("Something");
        TimelineEvent reply = event(EventKind.SMTP_REPLY, "smtp.reply.250", "b.test", "a.test", "S: 250 OK", Map.of());
        assertThat(GERMAN.of(reply)).isEqualTo("S: 250 OK");
    }

    /**
     * A live session's steps: the proxy's connection to its upstream and send's to a smart host were English (or
     * half French: "SMTP vers the upstream for …"), and so was a reason Mail Trail wrote itself inside a summary.
     */
    @Test
    void aLiveSessionsOwnWordsInASummaryAreSaidToo() {
        Map<String, String> up = Map.of(Details.DST_ADDR, "127.0.0.1", Details.DST_PORT, "2525");
        TimelineEvent ack = event(EventKind.TCP_ACK, "tcp.ack", "mailtrail-proxy", "upstream [127.0.0.1]",
                "TCP ACK: connected to upstream [127.0.0.1] [127.0.0.1]:2525 (SMTP to the upstream for [127.0.0.1])",
                up);
        assertThat(new SummaryText(Locale.FRENCH).of(ack)).isEqualTo("TCP ACK : connecté à upstream [127.0.0.1]"
                + " [127.0.0.1]:2525 (SMTP vers le serveur amont pour [127.0.0.1])");
        TimelineEvent smart = event(EventKind.TCP_ACK, "tcp.ack", "client", "127.0.0.1",
                "TCP ACK: connected to 127.0.0.1 [127.0.0.1]:2525 (submission to the smart host)", up);
        assertThat(GERMAN.of(smart))
                .isEqualTo("TCP-ACK: Verbindung zu 127.0.0.1 [127.0.0.1]:2525 steht (Einlieferung beim Smarthost)");
        TimelineEvent refused = event(EventKind.DELIVERY_FAILED, "delivery.refused", "127.0.0.1", "127.0.0.1",
                "127.0.0.1 refused carol@other.test for good: 554 5.7.1 Relay access denied (refused at RCPT)",
                Map.of(Details.RECIPIENT, "carol@other.test"));
        assertThat(GERMAN.of(refused)).endsWith(": 554 5.7.1 Relay access denied (bei RCPT abgelehnt)");
        TimelineEvent stored = event(EventKind.DELIVERED, "delivered", "mailtrail.test", "mailtrail.test",
                "Message Q.1 for bob@example.test stored as maildir/new/Q.1.eml", Map.of(Details.QUEUE_ID, "Q.1",
                        "file", "/var/mail/maildir/new/Q.1.eml"));
        assertThat(new SummaryText(Locale.forLanguageTag("es")).of(stored))
                .isEqualTo("Mensaje Q.1 para bob@example.test: guardado como maildir/new/Q.1.eml");
        for (TimelineEvent e : List.of(ack, smart, refused, stored)) {
            assertThat(ENGLISH.of(e)).isEqualTo(e.summary());
        }
    }

    private static TimelineEvent event(EventKind kind, String key, String source, String destination,
                                       String summary, Map<String, String> details) {
        return new TimelineEvent(0, 0, 0, kind, source, destination, summary, List.of(), key, "", details);
    }
}
