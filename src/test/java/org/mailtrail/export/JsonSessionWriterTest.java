package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

/**
 * The streaming writer ({@code renderBytes}, what {@code serve --store}, the proxy, autosave and export write) gives the
 * bytes of the tree rendering ({@code render}) for every built-in scenario, both routes and both retrievals, for an
 * embedded world, and for text that needs escaping.
 */
class JsonSessionWriterTest {
    static Stream<String> scenarios() {
        return WorldLoader.BUILT_IN.stream();
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void streamingGivesTheBytesOfTheTree(String scenario) throws Exception {
        World w = new WorldLoader().load(scenario);
        World.Defaults d = w.defaults();
        Compose c = new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body());
        for (Retrieval retrieval : new Retrieval[] {Retrieval.IMAP, Retrieval.POP3}) {
            SimulationResult r = new SimulationEngine(w).run(c, Route.BOTH, retrieval, w.seed());
            assertThat(r.journeys()).isNotEmpty();
            same(r);
        }
    }

    @Test
    void anEmbeddedWorldAndTextThatNeedsEscaping() throws Exception {
        SimulationResult r = new SimulationEngine(new WorldLoader().load("direct")).runDefaults();
        SessionInfo i = r.info().withWorld(new SessionInfo.EmbeddedWorld("editor/mine.yaml",
                "extends: builtin:world\n# \"quoted\" \\ backslash\n", "mine.zone", "$ORIGIN example.net.\n\t; tab"));
        Journey j = r.journeys().get(0);
        List<TimelineEvent> events = new ArrayList<>();
        for (TimelineEvent e : j.timeline().events()) {
            Map<String, String> details = new LinkedHashMap<>(e.details());
            details.put("odd", "ctl \u0001\u001f del \u007f é 😀 </script> \u2028");
            events.add(new TimelineEvent(e.index(), e.timeMicros(), e.endMicros(), e.kind(), e.source(),
                    e.destination(), e.summary() + " \"q\" \\", e.lines(), e.explanationKey(), e.rfc(), details,
                    e.phase()));
        }
        Timeline t = new Timeline();
        events.forEach(t::append);
        Journey odd = new Journey(j.route(), t, j.outcomes(), j.delivered());
        SimulationResult changed = new SimulationResult(i, new Compose("a@example.org", List.of("b@example.net"),
                List.of(), "Grüße \"x\"", "line\r\nline\u0000"), r.seed(), List.of(odd));
        same(changed);
        String json = new String(JsonSession.renderBytes(changed), StandardCharsets.UTF_8);
        assertThat(json).contains("\"world\"", "\\u0001", "😀").as("no escaped surrogates").doesNotContain("\\uD83D");
    }

    private static void same(SimulationResult r) throws Exception {
        byte[] streamed = JsonSession.renderBytes(r);
        byte[] tree = JsonSession.render(r).getBytes(StandardCharsets.UTF_8);
        assertThat(new String(streamed, StandardCharsets.UTF_8)).isEqualTo(new String(tree, StandardCharsets.UTF_8));
        assertThat(streamed).isEqualTo(tree);
        compactIsTheSameDocument(r, tree);
    }

    /** The compact form ({@code serve --store}) is the same JSON document on one line, and reads back the same. */
    private static void compactIsTheSameDocument(SimulationResult r, byte[] pretty) throws Exception {
        String compact = new String(JsonSession.renderCompactBytes(r), StandardCharsets.UTF_8);
        assertThat(compact).endsWith("}\n").startsWith("{\"format\":\"mailtrail-session\",\"version\":2,");
        assertThat(compact.indexOf('\n')).as("one line").isEqualTo(compact.length() - 1);
        assertThat(compact.length()).isLessThan(pretty.length);
        ObjectMapper m = new ObjectMapper();
        assertThat(m.readTree(compact)).isEqualTo(m.readTree(pretty));
        if (r.info().world() == null) { // (the embedded world below is named as no reader accepts: not read back)
            SimulationResult back = JsonSession.read(compact, "compact.json");
            assertThat(JsonSession.render(back)).isEqualTo(new String(pretty, StandardCharsets.UTF_8));
        }
    }
}
