package org.mailtrail.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationEngine;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;
import org.mailtrail.world.WorldLoader;

class JsonSessionTest {

    static List<String> scenarios() {
        return WorldLoader.BUILT_IN;
    }

    static SimulationResult simulate(String name) throws Exception {
        World w = new WorldLoader().load(name);
        World.Defaults d = w.defaults();
        return new SimulationEngine(w).run(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), Route.BOTH,
                d.retrieval(), w.seed());
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void importGivesBackTheSameTimeline(String name) throws Exception {
        SimulationResult original = simulate(name);
        String json = JsonSession.render(original);
        SimulationResult back = JsonSession.read(json, name + ".json");
        assertThat(back.journeys()).hasSameSizeAs(original.journeys());
        for (int i = 0; i < original.journeys().size(); i++) {
            Journey a = original.journeys().get(i);
            Journey b = back.journeys().get(i);
            assertThat(b.timeline().events()).isEqualTo(a.timeline().events());
            assertThat(b.outcomes()).isEqualTo(a.outcomes());
            assertThat(b.stats()).isEqualTo(a.stats());
            for (int k = 0; k < a.delivered().size(); k++) {
                assertThat(b.delivered().get(k).content()).isEqualTo(a.delivered().get(k).content());
            }
        }
        assertThat(back.info()).isEqualTo(original.info());
        assertThat(back.compose()).isEqualTo(original.compose());
        assertThat(JsonSession.render(back)).isEqualTo(json);
        assertThat(TextTranscript.render(back)).isEqualTo(TextTranscript.render(original));
    }

    @ParameterizedTest
    @MethodSource("scenarios")
    void theBytesAreTheTextInUtf8(String name) throws Exception {
        SimulationResult r = simulate(name);
        assertThat(JsonSession.renderBytes(r)).isEqualTo(JsonSession.render(r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String valid() throws Exception {
        return JsonSession.render(simulate("direct"));
    }

    @Test
    void syntaxErrorNamesLineAndColumn() {
        assertThatThrownBy(() -> JsonSession.read("{\n  \"format\": \"mailtrail-session\",\n  oops\n}", "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).startsWith("line 3"))
                .hasMessageStartingWith("s.json: line 3");
    }

    @Test
    void foreignJsonIsRecognisedAsForeign() {
        assertThatThrownBy(() -> JsonSession.read("{\"name\": \"something else\"}", "other.json"))
                .isInstanceOf(SessionFormatException.class)
                .hasMessageContaining("not a Mail Trail session log");
        assertThatThrownBy(() -> JsonSession.read("[1, 2, 3]", "list.json"))
                .isInstanceOf(SessionFormatException.class);
        assertThatThrownBy(() -> JsonSession.read("", "empty.json"))
                .isInstanceOf(SessionFormatException.class);
    }

    @Test
    void newerVersionIsRefusedClearly() throws Exception {
        String json = valid().replace("\"version\" : 2", "\"version\" : 7");
        assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOf(SessionFormatException.class).hasMessageContaining("version 7");
    }

    @Test
    void damagedFieldIsNamedByItsPath() throws Exception {
        String json = valid().replaceFirst("\"kind\" : \"TCP_SYN_ACK\"", "\"kind\" : \"TCP_HELLO\"");
        assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class,
                        e -> assertThat(e.where()).isEqualTo("journeys[0].events[1].kind"))
                .hasMessageContaining("TCP_HELLO");
    }

    @Test
    void eventsOutOfOrderAreRefused() throws Exception {
        String json = valid().replaceFirst("\"index\" : 2,", "\"index\" : 5,");
        assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class,
                        e -> assertThat(e.where()).isEqualTo("journeys[0].events[2].index"));
    }

    @Test
    void replyCodeThatIsNotACodeIsRefused() throws Exception {
        String json = valid().replaceFirst("\"code\" : \"220\"", "\"code\" : \"abc\"");
        assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class,
                        e -> assertThat(e.where()).endsWith(".details.code"))
                .hasMessageContaining("abc");
    }

    @Test
    void aLineBreakInAOneLineFieldIsRefusedAsDamaged() throws Exception {
        // message.to would become a second RCPT TO on the wire if the session were sent again
        String to = valid().replaceFirst("\"to\" : \\[ \"([^\"]*)\"", "\"to\" : [ \"$1\\\\r\\\\nRCPT TO:<x@evil.test>\"");
        assertThat(to).contains("\\r\\nRCPT TO:<x@evil.test>");
        assertThatThrownBy(() -> JsonSession.read(to, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).isEqualTo("message.to[0]"))
                .hasMessageContaining("line break (CR)");
        String subject = valid().replaceFirst("\"subject\" : \"([^\"]*)\"", "\"subject\" : \"$1\\\\nBcc: x@evil.test\"");
        assertThatThrownBy(() -> JsonSession.read(subject, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).isEqualTo("message.subject"))
                .hasMessageContaining("line break (LF)");
        String source = valid().replaceFirst("\"source\" : \"([^\"]*)\"", "\"source\" : \"$1\\\\r\"");
        assertThatThrownBy(() -> JsonSession.read(source, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).endsWith(".source"));
    }

    @Test
    void aLineBreakInsideALineOrAPortOutOfRangeIsRefused() throws Exception {
        // a CR LF inside a line would reach a capture as an extra SMTP command
        String crlf = valid().replaceFirst("\"EHLO ([^\"]*)\"", "\"EHLO $1\\\\r\\\\nMAIL FROM:<evil@example.test>\"");
        assertThat(crlf).contains("\\r\\nMAIL FROM:<evil");
        assertThatThrownBy(() -> JsonSession.read(crlf, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).matches(".*\\.lines\\[0\\]"))
                .hasMessageContaining("line break");
        String port = valid().replaceFirst("\"srcPort\" : \"[0-9]+\"", "\"srcPort\" : \"70000\"");
        assertThatThrownBy(() -> JsonSession.read(port, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class, e -> assertThat(e.where()).endsWith(".details.srcPort"))
                .hasMessageContaining("70000");
    }

    @Test
    void missingFieldIsNamed() throws Exception {
        String json = valid().replaceFirst("\"summary\" : \"[^\"]*\",", "");
        assertThatThrownBy(() -> JsonSession.read(json, "s.json"))
                .isInstanceOfSatisfying(SessionFormatException.class,
                        e -> assertThat(e.where()).isEqualTo("journeys[0].events[0].summary"))
                .hasMessageContaining("missing");
    }

    /** Damaged files (bytes changed, cut short, duplicated) never throw anything but the documented error. */
    @Test
    void fuzzedInputOnlyEverGivesTheDocumentedError() throws Exception {
        String json = valid();
        Random random = new Random(42);
        int accepted = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder s = new StringBuilder(json);
            int edits = 1 + random.nextInt(4);
            for (int k = 0; k < edits; k++) {
                int pos = random.nextInt(s.length());
                switch (random.nextInt(5)) {
                    case 0 -> s.setCharAt(pos, (char) (32 + random.nextInt(95)));
                    case 1 -> s.deleteCharAt(pos);
                    case 2 -> s.setLength(pos);
                    case 3 -> s.insert(pos, "{\"x\":[");
                    default -> s.insert(pos, s.substring(pos, Math.min(s.length(), pos + random.nextInt(40))));
                }
                if (s.length() == 0) {
                    break;
                }
            }
            try {
                JsonSession.read(s.toString(), "fuzz.json");
                accepted++;
            } catch (SessionFormatException expected) {
                assertThat(expected.getMessage()).startsWith("fuzz.json: ");
            }
        }
        assertThat(accepted).as("some edits land in free text and still read").isLessThan(3000);
    }
}
