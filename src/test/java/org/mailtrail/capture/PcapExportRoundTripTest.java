package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.export.PcapExport;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/** Every Mail Trail PCAP export of the built-in scenarios reads back to the same commands and replies (issue 17). */
class PcapExportRoundTripTest {

    static List<String> scenarios() {
        return WorldLoader.BUILT_IN;
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void everyJourneyReadsBackToItsDialogue(String scenario) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        SimulationResult sim = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(),
                d.body()), d.route(), d.retrieval(), w.seed());
        for (int j = 0; j < sim.journeys().size(); j++) {
            List<TimelineEvent> original = sim.journeys().get(j).timeline().events();
            // as on the wire: after STARTTLS and its reply the connection is encrypted, and read as such
            SimulationResult wire = CaptureImport.read(new ByteArrayInputStream(PcapExport.render(sim, j, false)),
                    scenario + ".pcap");
            List<TimelineEvent> clear = untilTls(original);
            assertThat(dialogue(clear)).as(scenario + " has a dialogue").isNotEmpty();
            assertThat(dialogue(Fixtures.events(wire))).as(scenario + " journey " + j).isEqualTo(dialogue(clear));
            assertThat(keys(Fixtures.events(wire))).as(scenario + " keys").isEqualTo(keys(clear));
            assertThat(Fixtures.events(wire).stream().filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).count())
                    .as(scenario + " TLS steps").isEqualTo(original.stream()
                            .filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).count());
            // the teaching view writes the dialogue inside TLS in clear text (and leaves STARTTLS out)
            SimulationResult plain = CaptureImport.read(new ByteArrayInputStream(PcapExport.render(sim, j, true)),
                    scenario + ".pcap");
            List<TimelineEvent> inner = withoutStartTls(original);
            assertThat(dialogue(Fixtures.events(plain))).as(scenario + " decrypted " + j).isEqualTo(dialogue(inner));
            assertThat(keys(Fixtures.events(plain))).as(scenario + " decrypted keys").isEqualTo(keys(inner));
        }
    }

    @org.junit.jupiter.api.Test
    void pop3RetrievalReadsBackToo() throws Exception {
        World w = new WorldLoader().load("direct");
        World.Defaults d = w.defaults();
        SimulationResult sim = new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(),
                d.body()), d.route(), org.mailtrail.world.Retrieval.POP3, w.seed());
        List<TimelineEvent> original = sim.journeys().get(0).timeline().events();
        assertThat(original).anyMatch(e -> e.explanationKey().startsWith("mailbox.pop3."));
        SimulationResult plain = CaptureImport.read(new ByteArrayInputStream(PcapExport.render(sim, 0, true)),
                "pop3.pcap");
        assertThat(dialogue(Fixtures.events(plain))).isEqualTo(dialogue(withoutStartTls(original)));
        assertThat(keys(Fixtures.events(plain))).isEqualTo(keys(withoutStartTls(original)));
    }

    /** The events of each connection up to its TLS hand-over. */
    static List<TimelineEvent> untilTls(List<TimelineEvent> events) {
        java.util.Set<String> tls = new java.util.HashSet<>();
        List<TimelineEvent> out = new ArrayList<>();
        for (TimelineEvent e : events) {
            if (!tls.contains(e.connection())) {
                out.add(e);
            }
            if (e.kind() == EventKind.TLS_NEGOTIATED) {
                tls.add(e.connection());
            }
        }
        return out;
    }

    /** The events without each STARTTLS (STLS) and the reply to it. */
    static List<TimelineEvent> withoutStartTls(List<TimelineEvent> events) {
        java.util.Set<String> pending = new java.util.HashSet<>();
        List<TimelineEvent> out = new ArrayList<>();
        for (TimelineEvent e : events) {
            String l = e.lines().isEmpty() ? "" : e.lines().get(0).trim().toUpperCase(java.util.Locale.ROOT);
            boolean command = e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.MAILBOX_COMMAND;
            boolean reply = e.kind() == EventKind.SMTP_REPLY || e.kind() == EventKind.MAILBOX_REPLY;
            if (command && (l.equals("STARTTLS") || l.equals("STLS") || l.endsWith(" STARTTLS"))) {
                pending.add(e.connection());
                continue;
            }
            if (reply && pending.remove(e.connection())) {
                continue;
            }
            out.add(e);
        }
        return out;
    }

    /** Each command and reply with its lines; credentials (marked secret) are left out on both sides. */
    static List<String> dialogue(List<TimelineEvent> events) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : events) {
            if (isDialogue(e)) {
                out.add(e.kind() + " " + String.join(" | ", e.lines()));
            }
        }
        return out;
    }

    static List<String> keys(List<TimelineEvent> events) {
        List<String> out = new ArrayList<>();
        for (TimelineEvent e : events) {
            if (isDialogue(e)) {
                out.add(e.explanationKey());
            }
        }
        return out;
    }

    private static boolean isDialogue(TimelineEvent e) {
        boolean kind = e.kind() == EventKind.SMTP_COMMAND || e.kind() == EventKind.SMTP_REPLY
                || e.kind() == EventKind.MAILBOX_COMMAND || e.kind() == EventKind.MAILBOX_REPLY;
        String line = e.lines().isEmpty() ? "" : e.lines().get(0).toUpperCase(java.util.Locale.ROOT);
        return kind && !e.details().containsKey(SmtpSteps.SECRET) && !line.startsWith("PASS")
                && !line.contains(" LOGIN ");
    }
}
