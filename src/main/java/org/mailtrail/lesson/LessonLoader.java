package org.mailtrail.lesson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailtrail.world.Route;
import org.mailtrail.world.WorldLoader;
import org.mailtrail.world.WorldSource;

/**
 * Reads a lesson file (YAML, docs/lessons.md) with the care of {@link WorldLoader}: every problem names the file,
 * the line and the field, and nothing is used until the whole lesson is sound. Whether each checkpoint's condition
 * matches a step of its scenario is checked afterwards, against the simulation ({@link LessonPlan}).
 */
public final class LessonLoader {
    private static final Set<String> TOP = Set.of("name", "title", "audience", "languages", "scenario", "message",
            "routes", "checkpoints");
    private static final Set<String> CHECKPOINT = Set.of("note", "predict", "question", "before", "at", "when",
            "scenario", "route", "choices", "typed", "highlight", "explain");
    private static final Set<String> MESSAGE = Set.of("from", "to", "subject", "body");
    private final ObjectMapper yaml = new YAMLMapper();

    /** Loads a built-in lesson by name, or a lesson file by path. */
    public Lesson load(String nameOrFile) throws LessonException {
        if (BuiltInLessons.NAMES.contains(nameOrFile)) {
            return load(BuiltInLessons.source(nameOrFile));
        }
        java.nio.file.Path p = java.nio.file.Path.of(nameOrFile);
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw new LessonException(nameOrFile, 0, "no such lesson or file; the built-in lessons are "
                    + String.join(", ", BuiltInLessons.NAMES));
        }
        return load(new WorldSource.FileSource(p));
    }

    /** Loads a lesson from a source (a user's file or a built-in one). */
    public Lesson load(WorldSource source) throws LessonException {
        String file = source.name();
        String text;
        try {
            text = source.read();
        } catch (IOException e) {
            throw new LessonException(file, 0, "cannot read: " + org.mailtrail.dns.IoProblem.of(e), e);
        }
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LessonException(file, org.mailtrail.world.YamlProblem.line(e), org.mailtrail.world.YamlProblem.describe(e), e);
        }
        Reader r = new Reader(file, YamlLines.of(text));
        if (root == null || !root.isObject()) {
            throw new LessonException(file, 1, "a lesson file is a YAML mapping (title:, scenario:, checkpoints:, …)");
        }
        return r.lesson(root, source);
    }

    /** Reads the tree, knowing the lines of its fields. */
    private static final class Reader {
        private final String file;
        private final YamlLines lines;
        private List<String> languages = List.of("en");

        Reader(String file, YamlLines lines) {
            this.file = file;
            this.lines = lines;
        }

        private LessonException fail(String path, String problem) {
            return new LessonException(file, lines.line(path), (path.isEmpty() ? "" : path + ": ") + problem);
        }

        Lesson lesson(JsonNode root, WorldSource source) throws LessonException {
            known(root, "", TOP);
            languages = languages(root.get("languages"));
            String name = root.hasNonNull("name") ? line(root.get("name"), "name") : stem(source.name());
            if (!name.matches("[a-z0-9][a-z0-9-]{0,60}")) {
                throw fail("name", "a lesson name is lower-case letters, digits and hyphens, not '" + name + "'");
            }
            Lesson.Texts title = texts(require(root, "title", ""), "title", true);
            Lesson.Texts audience = root.has("audience") ? texts(root.get("audience"), "audience", false)
                    : Lesson.Texts.none();
            String scenario = scenario(line(require(root, "scenario", ""), "scenario"), "scenario", source);
            Lesson.Message message = root.has("message") ? message(root.get("message")) : null;
            List<Route> routes = new ArrayList<>();
            JsonNode rs = root.get("routes");
            if (rs == null) {
                routes.add(Route.DIRECT);
            } else {
                if (!rs.isArray() || rs.isEmpty()) {
                    throw fail("routes", "a list of routes: [direct], [relay] or [direct, relay]");
                }
                for (int i = 0; i < rs.size(); i++) {
                    Route r = Route.parse(rs.get(i).asText(""));
                    if (r == null || r == Route.BOTH || routes.contains(r)) {
                        throw fail("routes[" + i + "]", "a route is direct or relay, each once, not '"
                                + rs.get(i).asText() + "'");
                    }
                    routes.add(r);
                }
            }
            JsonNode cps = require(root, "checkpoints", "");
            if (!cps.isArray() || cps.isEmpty()) {
                throw fail("checkpoints", "a list of at least one checkpoint (note:, predict: or question:)");
            }
            List<Lesson.Checkpoint> checkpoints = new ArrayList<>();
            String scen = scenario;
            Route route = routes.get(0);
            for (int i = 0; i < cps.size(); i++) {
                Lesson.Checkpoint c = checkpoint(cps.get(i), "checkpoints[" + i + "]", scen, route, source, routes);
                checkpoints.add(c);
                scen = c.scenario();
                route = c.route();
            }
            return new Lesson(name, file, title, audience, languages, scenario, message, routes, checkpoints);
        }

        private Lesson.Checkpoint checkpoint(JsonNode n, String where, String scenario, Route route, WorldSource source,
                                             List<Route> routes) throws LessonException {
            if (n == null || !n.isObject()) {
                throw fail(where, "a checkpoint is a mapping with note:, predict: or question:");
            }
            known(n, where, CHECKPOINT);
            int kinds = (n.has("note") ? 1 : 0) + (n.has("predict") ? 1 : 0) + (n.has("question") ? 1 : 0);
            if (kinds == 0) {
                throw fail(where, "says neither note:, predict: nor question:");
            }
            if (kinds > 1 && !(kinds == 2 && n.has("predict") && n.has("question"))) {
                throw fail(where, "is one of note:, predict: or question: (a prediction may word its question:)");
            }
            Lesson.Type type = n.has("note") ? Lesson.Type.NOTE : n.has("predict") ? Lesson.Type.PREDICT
                    : Lesson.Type.QUESTION;
            int places = (n.has("before") ? 1 : 0) + (n.has("at") ? 1 : 0) + (n.has("when") ? 1 : 0);
            if (places != 1) {
                throw fail(where, "needs exactly one of before:, at: or when: (a condition on the timeline)");
            }
            Lesson.Placement placement = n.has("before") ? Lesson.Placement.BEFORE : n.has("at") ? Lesson.Placement.AT
                    : Lesson.Placement.WHEN;
            String pk = placement.name().toLowerCase(java.util.Locale.ROOT);
            Condition condition = condition(n.get(pk), where + "." + pk);
            String scen = n.has("scenario") ? scenario(line(n.get("scenario"), where + ".scenario"),
                    where + ".scenario", source) : scenario;
            Route r = route;
            if (n.has("route")) {
                r = Route.parse(n.get("route").asText(""));
                if (r == null || r == Route.BOTH) {
                    throw fail(where + ".route", "a route is direct or relay, not '" + n.get("route").asText() + "'");
                }
                if (!routes.contains(r)) {
                    throw fail(where + ".route", "the lesson's routes: are " + routes + "; add " + r + " there");
                }
            }
            Ask ask = null;
            Lesson.Texts text;
            if (type == Lesson.Type.PREDICT) {
                ask = Ask.parse(n.get("predict").asText(""));
                if (ask == null) {
                    throw fail(where + ".predict", "asks for next-command, reply-code, next-host, message-at or "
                            + "received-count, not '" + n.get("predict").asText() + "'");
                }
                text = n.has("question") ? texts(n.get("question"), where + ".question", true) : Lesson.Texts.none();
            } else {
                String k = type == Lesson.Type.NOTE ? "note" : "question";
                text = texts(n.get(k), where + "." + k, true);
            }
            List<Lesson.Choice> choices = new ArrayList<>();
            if (n.has("choices")) {
                if (type != Lesson.Type.PREDICT) {
                    throw fail(where + ".choices", "only a prediction has choices");
                }
                JsonNode cs = n.get("choices");
                if (!cs.isArray() || cs.size() > 3) {
                    throw fail(where + ".choices", "a list of up to three wrong answers ({answer: …, why: …})");
                }
                for (int i = 0; i < cs.size(); i++) {
                    String cw = where + ".choices[" + i + "]";
                    JsonNode c = cs.get(i);
                    if (!c.isObject()) {
                        throw fail(cw, "a wrong answer is {answer: …, why: …}");
                    }
                    known(c, cw, Set.of("answer", "why"));
                    choices.add(new Lesson.Choice(line(require(c, "answer", cw), cw + ".answer"),
                            c.has("why") ? texts(c.get("why"), cw + ".why", true) : Lesson.Texts.none(),
                            lines.line(cw + ".answer")));
                }
            }
            boolean typed = false;
            if (n.has("typed")) {
                if (!n.get("typed").isBoolean()) {
                    throw fail(where + ".typed", "true or false");
                }
                typed = n.get("typed").booleanValue();
                if (typed && ask != Ask.REPLY_CODE) {
                    throw fail(where + ".typed", "only a reply code is typed (predict: reply-code)");
                }
            }
            List<String> highlight = new ArrayList<>();
            if (n.has("highlight")) {
                JsonNode h = n.get("highlight");
                if (!h.isArray()) {
                    throw fail(where + ".highlight", "a list of host names");
                }
                for (int i = 0; i < h.size(); i++) {
                    highlight.add(line(h.get(i), where + ".highlight[" + i + "]").toLowerCase(java.util.Locale.ROOT));
                }
            }
            Lesson.Texts explain = n.has("explain") ? texts(n.get("explain"), where + ".explain", true)
                    : Lesson.Texts.none();
            return new Lesson.Checkpoint(where, lines.line(where), type, placement, condition, scen, r, text, ask,
                    choices, typed, highlight, explain);
        }

        private Condition condition(JsonNode n, String where) throws LessonException {
            if (n == null || !n.isObject() || n.isEmpty()) {
                throw fail(where, "a condition is a mapping such as {kind: dns-query, type: MX}");
            }
            known(n, where, Set.copyOf(Condition.KEYS));
            Map<String, String> keys = new LinkedHashMap<>();
            int nth = 1;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String kw = where + "." + e.getKey();
                String v = line(e.getValue(), kw);
                String problem = Condition.problem(e.getKey(), v);
                if (problem != null) {
                    throw fail(kw, problem);
                }
                if (e.getKey().equals("nth")) {
                    nth = Integer.parseInt(v);
                } else {
                    keys.put(e.getKey(), v);
                }
            }
            if (keys.isEmpty()) {
                throw fail(where, "a condition needs more than nth:");
            }
            return new Condition(keys, nth);
        }

        private Lesson.Message message(JsonNode n) throws LessonException {
            if (!n.isObject()) {
                throw fail("message", "a mapping with from:, to:, subject:, body:");
            }
            known(n, "message", MESSAGE);
            List<String> to = null;
            if (n.has("to")) {
                JsonNode t = n.get("to");
                to = new ArrayList<>();
                if (t.isArray()) {
                    for (int i = 0; i < t.size(); i++) {
                        to.add(line(t.get(i), "message.to[" + i + "]"));
                    }
                } else {
                    to.add(line(t, "message.to"));
                }
                for (int i = 0; i < to.size(); i++) {
                    if (!org.mailtrail.smtp.Addresses.isValidMailbox(to.get(i))) {
                        throw fail("message.to", "'" + to.get(i) + "' is not an address (local@domain)");
                    }
                }
            }
            String from = n.has("from") ? line(n.get("from"), "message.from") : null;
            if (from != null && !org.mailtrail.smtp.Addresses.isValidMailbox(from)) {
                throw fail("message.from", "'" + from + "' is not an address (local@domain)");
            }
            return new Lesson.Message(from, to, n.has("subject") ? line(n.get("subject"), "message.subject") : null,
                    n.has("body") ? n.get("body").asText() : null);
        }

        private String scenario(String s, String where, WorldSource source) throws LessonException {
            if (WorldLoader.BUILT_IN.contains(s)) {
                return s;
            }
            if (!(source instanceof WorldSource.FileSource)) {
                throw fail(where, "'" + s + "' is not a built-in scenario (" + String.join(", ", WorldLoader.BUILT_IN)
                        + ")");
            }
            WorldSource w = source.resolve(s);
            if (!java.nio.file.Files.isRegularFile(((WorldSource.FileSource) w).path())) {
                throw fail(where, "'" + s + "' is neither a built-in scenario nor a world file next to the lesson");
            }
            return w.id();
        }

        private List<String> languages(JsonNode n) throws LessonException {
            if (n == null) {
                return List.of("en");
            }
            if (!n.isArray() || n.isEmpty()) {
                throw fail("languages", "a list of languages, such as [en, de, fr, es]");
            }
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                String l = n.get(i).asText("");
                if (!Lesson.LANGUAGES.contains(l) || out.contains(l)) {
                    throw fail("languages[" + i + "]", "a language is one of " + Lesson.LANGUAGES + ", each once, not '"
                            + l + "'");
                }
                out.add(l);
            }
            if (!out.contains("en")) {
                throw fail("languages", "English (en) is always among them: it is the text used when another is missing");
            }
            return out;
        }

        /** A text in every language of the lesson: {@code {en: …, de: …}}; a plain string for an English-only lesson. */
        private Lesson.Texts texts(JsonNode n, String where, boolean required) throws LessonException {
            Map<String, String> m = new LinkedHashMap<>();
            if (n != null && n.isTextual() && languages.equals(List.of("en"))) {
                m.put("en", n.asText().strip());
            } else if (n != null && n.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!languages.contains(e.getKey())) {
                        throw fail(where + "." + e.getKey(), "'" + e.getKey() + "' is not among the lesson's languages "
                                + languages);
                    }
                    if (!e.getValue().isValueNode() || e.getValue().isNull() || e.getValue().asText().isBlank()) {
                        throw fail(where + "." + e.getKey(), "an empty text");
                    }
                    m.put(e.getKey(), e.getValue().asText().strip());
                }
                for (String l : languages) {
                    if (!m.containsKey(l)) {
                        throw fail(where, "no '" + l + "' text (the lesson's languages are " + String.join(", ", languages)
                                + ")");
                    }
                }
            } else if (required || n != null) {
                throw fail(where, "a text in each of the lesson's languages: {" + String.join(": …, ", languages)
                        + ": …}");
            }
            return new Lesson.Texts(m);
        }

        private JsonNode require(JsonNode n, String field, String where) throws LessonException {
            JsonNode v = n.get(field);
            if (v == null || v.isNull()) {
                throw fail(where, "missing '" + field + "'");
            }
            return v;
        }

        private String line(JsonNode n, String where) throws LessonException {
            if (n == null || !n.isValueNode() || n.isNull() || n.asText().isBlank()) {
                throw fail(where, "one line of text");
            }
            String s = n.asText().strip();
            if (s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                throw fail(where, "one line of text");
            }
            return s;
        }

        private void known(JsonNode n, String where, Set<String> fields) throws LessonException {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!fields.contains(f)) {
                    throw fail(where.isEmpty() ? f : where + "." + f, "unknown field '" + f + "'; known fields there: "
                            + new java.util.TreeSet<>(fields));
                }
            }
        }

        private static String stem(String name) {
            String s = name.replace('\\', '/');
            s = s.substring(s.lastIndexOf('/') + 1);
            return s.replaceAll("\\.ya?ml$", "").toLowerCase(java.util.Locale.ROOT);
        }
    }
}
