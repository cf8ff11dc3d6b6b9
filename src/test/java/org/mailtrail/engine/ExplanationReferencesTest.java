package org.mailtrail.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailtrail.timeline.RfcReferences;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** Every explanation has its RFC, precisely; English and German explain the same steps. */
class ExplanationReferencesTest {

    private static Set<String> keys(String file) throws Exception {
        Properties p = new Properties();
        try (InputStream in = ExplanationReferencesTest.class.getResourceAsStream("/org/mailtrail/timeline/" + file)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        for (String k : p.stringPropertyNames()) {
            assertThat(p.getProperty(k)).as(file + ": " + k).isNotBlank();
        }
        return p.stringPropertyNames();
    }

    @Test
    void englishAndGermanHaveTheSameKeys() throws Exception {
        assertThat(keys("explanations_de.properties")).containsExactlyInAnyOrderElementsOf(
                keys("explanations.properties"));
    }

    @Test
    void everyKeyHasAWellFormedReferenceWhereOneApplies() throws Exception {
        Set<String> bundle = keys("explanations.properties");
        for (String k : bundle) {
            assertThat(RfcReferences.of(k).isPresent() || RfcReferences.exempt(k))
                    .as("no RFC reference for " + k).isTrue();
        }
        for (Map.Entry<String, String> en : RfcReferences.all().entrySet()) {
            assertThat(bundle).as("a reference for a key with no explanation").contains(en.getKey());
            assertThat(en.getValue()).as(en.getKey()).matches(RfcReferences.WELL_FORMED);
        }
        for (String verb : List.of("EHLO", "HELO", "MAIL", "RCPT", "DATA", "DATA-CONTENT", "RSET", "QUIT", "STARTTLS",
                "AUTH", "NOOP")) {
            assertThat(SmtpSteps.rfcFor(verb)).matches(RfcReferences.WELL_FORMED);
        }
    }

    @Test
    void theReferencesThatMatterAreThePreciseOnes() {
        assertThat(ref("dns.query.mx")).isEqualTo("RFC 1035 §3.3.9, RFC 5321 §5.1");
        assertThat(ref("dns.answer.mx")).isEqualTo("RFC 1035 §3.3.9, RFC 5321 §5.1");
        assertThat(ref("dns.answer.nodata")).isEqualTo("RFC 2308 §2.2");
        assertThat(ref("dns.answer.nxdomain")).isEqualTo("RFC 2308 §2.1");
        assertThat(ref("mx.null")).isEqualTo("RFC 7505 §3");
        assertThat(ref("mx.implicit")).isEqualTo("RFC 5321 §5.1");
        assertThat(ref("smtp.reply.greylisted")).isEqualTo("RFC 6647");
        assertThat(ref("bounce.generated")).contains("RFC 3464");
        assertThat(ref("smtp.reply.unknown-user")).contains("RFC 3463");
        assertThat(ref("smtp.cmd.auth")).startsWith("RFC 4954");
        assertThat(SmtpSteps.rfcFor("STARTTLS")).startsWith("RFC 3207");
        assertThat(ref("mailbox.pop3.cmd.user")).startsWith("RFC 1939");
        assertThat(ref("mailbox.pop3.cmd.stls")).isEqualTo("RFC 2595 §4");
        assertThat(ref("mailbox.imap.cmd.starttls")).isEqualTo("RFC 3501 §6.2.1");
        assertThat(ref("mailbox.imap.cmd.login")).isEqualTo("RFC 3501 §6.2.3");
        assertThat(ref("tls.negotiated.imap")).isEqualTo("RFC 3501 §6.2.1");
    }

    private static String ref(String key) {
        return RfcReferences.of(key).orElseThrow(() -> new AssertionError("no reference for " + key));
    }

    @Test
    void everyStepOfEveryScenarioCitesTheReferenceOfItsKey() throws Exception {
        for (String s : WorldLoader.BUILT_IN) {
            World w = new WorldLoader().load(s);
            World.Defaults d = w.defaults();
            for (Retrieval how : List.of(Retrieval.POP3, Retrieval.IMAP)) {
                SimulationResult r = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(),
                        d.body()), Route.BOTH, how, w.seed());
                for (Journey j : r.journeys()) {
                    for (TimelineEvent e : j.timeline().events()) {
                        String what = s + " " + how + ": " + e.summary() + " [" + e.explanationKey() + "]";
                        assertThat(e.rfc()).as(what).matches(RfcReferences.WELL_FORMED);
                        RfcReferences.of(e.explanationKey()).ifPresent(ref -> assertThat(e.rfc()).as(what)
                                .isEqualTo(ref));
                    }
                }
            }
        }
    }
}
