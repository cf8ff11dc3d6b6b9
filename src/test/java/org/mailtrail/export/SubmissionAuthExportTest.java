package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** The simulated MUA authenticates at the submission host (RFC 4954), and no export shows the credentials. */
class SubmissionAuthExportTest {

    private static SimulationResult run() throws Exception {
        World world = new WorldLoader().load("direct");
        World.Defaults d = world.defaults();
        Compose c = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        return new SimulationEngine(world).run(c, Route.BOTH, d.retrieval(), world.seed());
    }

    @Test
    void theMuaAuthenticatesWithPlainAfterStartTlsAndTheStepsAreExplained() throws Exception {
        SimulationResult r = run();
        List<TimelineEvent> events = r.journeys().get(0).timeline().events();
        TimelineEvent auth = events.stream().filter(e -> e.summary().startsWith("C: AUTH")).findFirst().orElseThrow();
        assertThat(auth.summary()).isEqualTo("C: AUTH PLAIN ********");
        assertThat(auth.lines()).containsExactly("AUTH PLAIN ********");
        TimelineEvent ok = events.get(events.indexOf(auth) + 1);
        assertThat(ok.summary()).isEqualTo("S: 235 2.7.0 Authentication successful");
        assertThat(ok.explanationKey()).isEqualTo("smtp.reply.auth-ok");
        assertThat(ok.rfc()).isEqualTo("RFC 4954 §6");
        // after TLS: the STARTTLS came first
        assertThat(events.subList(0, events.indexOf(auth))).anyMatch(e -> e.summary().equals("C: STARTTLS"));
    }

    @Test
    void noExportShowsThePasswordOrItsBase64() throws Exception {
        SimulationResult r = run();
        String password = World.DEFAULT_PASSWORD;
        // the password itself is also a word in the product's name ("x-mailtrail"), so look for its encodings
        List<String> secrets = List.of(b64("\0alice@example.org\0" + password), b64(password));
        String pcap = new String(PcapExport.render(r, 0, true), StandardCharsets.ISO_8859_1)
                + new String(PcapExport.render(r, 0, false), StandardCharsets.ISO_8859_1);
        for (String shown : List.of(TextTranscript.render(r), JsonSession.render(r),
                HtmlHandout.render(r, Locale.ENGLISH), HtmlHandout.render(r, Locale.GERMAN), pcap,
                TextTranscript.render(Redaction.redact(r)), JsonSession.render(Redaction.redact(r)))) {
            for (String s : secrets) {
                assertThat(shown).doesNotContain(s);
            }
        }
        assertThat(TextTranscript.render(r)).contains("C: AUTH PLAIN ********");
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
