package org.mailtrail.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/**
 * The session as versioned JSON ({@code mailtrail-session}, version 2; docs/session-format.md):
 * complete, so that {@link #read} gives back the same timeline, and {@link #render} of what was
 * read gives back the same text. Reading checks everything and reports the place of a problem.
 */
public final class JsonSession {
    /** The format name written in every file. */
    public static final String FORMAT = "mailtrail-session";
    /** The schema version this code writes; it reads this one and version 1 (which had no {@code phase}). */
    public static final int VERSION = 2;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(200_000_000).maxNestingDepth(64).build());
    }

    private JsonSession() {
    }

    /** The whole session as JSON text. */
    public static String render(SimulationResult r) {
        try {
            return MAPPER.writeValueAsString(tree(r)) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static ObjectNode tree(SimulationResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        SessionInfo info = r.info();
        ObjectNode s = root.putObject("session");
        s.put("mode", info.mode());
        s.put("name", info.name());
        s.put("title", info.title());
        s.put("source", info.source());
        s.put("start", info.start().toString());
        s.put("resolver", info.resolver());
        if (info.world() != null) { // an edited world, so that the session can be run again (docs/session-format.md)
            ObjectNode w = s.putObject("world");
            w.put("file", info.world().file());
            w.put("yaml", info.world().yaml());
            w.put("zoneFile", info.world().zoneFile());
            w.put("zone", info.world().zone());
        }
        ArrayNode hosts = s.putArray("hosts");
        for (SessionInfo.HostInfo h : info.hosts().values()) {
            ObjectNode x = hosts.addObject();
            x.put("name", h.name());
            x.put("role", h.role());
            h.addresses().forEach(x.putArray("addresses")::add);
        }
        root.put("seed", r.seed());
        ObjectNode msg = root.putObject("message");
        msg.put("from", r.compose().from());
        r.compose().to().forEach(msg.putArray("to")::add);
        r.compose().cc().forEach(msg.putArray("cc")::add);
        msg.put("subject", r.compose().subject());
        msg.put("body", r.compose().body());
        ArrayNode journeys = root.putArray("journeys");
        for (Journey j : r.journeys()) {
            journeys.add(journey(j));
        }
        root.put("exitCode", r.exitCode());
        return root;
    }

    /**
     * The session as JSON, UTF-8 encoded: the bytes of {@link #render}, written with the streaming generator (no tree;
     * {@code serve --store} writes one per session).
     */
    public static byte[] renderBytes(SimulationResult r) {
        return JsonSessionWriter.write(r);
    }

    /**
     * The session as compact JSON, UTF-8 encoded: the same document as {@link #renderBytes} on one line, without the
     * indentation (for {@code serve --store}, which writes one log per session: a third fewer bytes, and the
     * indentation was a fifth of the writer's time). {@link #read} reads it as it reads the indented form.
     */
    public static byte[] renderCompactBytes(SimulationResult r) {
        return JsonSessionWriter.write(r, false);
    }

    private static ObjectNode journey(Journey j) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("route", j.route().name().toLowerCase(Locale.ROOT));
        ArrayNode outcomes = o.putArray("outcomes");
        for (RecipientOutcome ro : j.outcomes().values()) {
            ObjectNode x = outcomes.addObject();
            x.put("recipient", ro.recipient());
            x.put("status", ro.status().name().toLowerCase(Locale.ROOT));
            x.put("detail", ro.detail());
            x.put("host", ro.host());
        }
        Journey.Stats s = j.stats();
        ObjectNode st = o.putObject("stats");
        st.put("hops", s.hops());
        st.put("tcpConnections", s.tcpConnections());
        st.put("dnsQueries", s.dnsQueries());
        st.put("smtpRoundTrips", s.smtpRoundTrips());
        st.put("durationMicros", s.durationMicros());
        st.put("receivedLines", s.receivedLines());
        ArrayNode events = o.putArray("events");
        for (TimelineEvent e : j.timeline().events()) {
            events.add(event(e));
        }
        ArrayNode delivered = o.putArray("delivered");
        for (DeliveredMessage d : j.delivered()) {
            ObjectNode x = delivered.addObject();
            x.put("mailbox", d.mailbox());
            x.put("host", d.host());
            x.put("bounce", d.bounce());
            x.put("content", Base64.getEncoder().encodeToString(d.content()));
        }
        return o;
    }

    /** One event as a JSON object. */
    public static ObjectNode event(TimelineEvent e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("index", e.index());
        o.put("timeMicros", e.timeMicros());
        o.put("endMicros", e.endMicros());
        o.put("kind", e.kind().name());
        o.put("source", e.source());
        o.put("destination", e.destination());
        o.put("summary", e.summary());
        e.lines().forEach(o.putArray("lines")::add);
        o.put("explanation", e.explanationKey());
        o.put("rfc", e.rfc());
        if (e.phase() != null) {
            o.put("phase", e.phase().id());
        }
        ObjectNode d = o.putObject("details");
        for (Map.Entry<String, String> en : e.details().entrySet()) {
            d.put(en.getKey(), en.getValue());
        }
        return o;
    }

    /**
     * Reads a session log. Anything damaged or foreign gives a {@link SessionFormatException} that
     * names the file, the place and the problem; nothing else is thrown for bad input.
     */
    public static SimulationResult read(String text, String file) throws SessionFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new SessionFormatException(file, loc == null ? "" : "line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr(), "not valid JSON: " + e.getOriginalMessage());
        }
        return new Reader(file).session(root);
    }

    /** Walks the tree, checking every field; the path of the field at fault goes into the error. */
    private static final class Reader {
        private final String file;

        Reader(String file) {
            this.file = file;
        }

        private SessionFormatException error(String path, String problem) {
            return new SessionFormatException(file, path, problem);
        }

        private JsonNode field(JsonNode obj, String path, String name) throws SessionFormatException {
            if (obj == null || !obj.isObject()) {
                throw error(path, "an object was expected");
            }
            JsonNode v = obj.get(name);
            if (v == null || v.isNull()) {
                throw error(join(path, name), "missing");
            }
            return v;
        }

        private static String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        private String text(JsonNode obj, String path, String name) throws SessionFormatException {
            JsonNode v = field(obj, path, name);
            if (!v.isTextual()) {
                throw error(join(path, name), "a string was expected, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asText();
        }

        /**
         * A one-line text field: a CR or LF in an address, a subject or a host name would reach the wire, a header or a
         * transcript as a line of its own, so the log is refused as damaged.
         */
        private String line(JsonNode obj, String path, String name) throws SessionFormatException {
            return oneLine(text(obj, path, name), join(path, name));
        }

        private String oneLine(String v, String where) throws SessionFormatException {
            int cr = v.indexOf('\r');
            int lf = v.indexOf('\n');
            if (cr >= 0 || lf >= 0) {
                throw error(where, "holds a line break (" + (cr >= 0 ? "CR" : "LF") + "); this field is one line");
            }
            return v;
        }

        private List<String> lineList(JsonNode obj, String path, String name) throws SessionFormatException {
            List<String> out = strings(obj, path, name);
            for (int i = 0; i < out.size(); i++) {
                oneLine(out.get(i), join(path, name) + "[" + i + "]");
            }
            return out;
        }

        private long number(JsonNode obj, String path, String name, long min, long max) throws SessionFormatException {
            JsonNode v = field(obj, path, name);
            if (!v.isIntegralNumber() || !v.canConvertToLong()) {
                throw error(join(path, name), "a whole number was expected");
            }
            long n = v.asLong();
            if (n < min || n > max) {
                throw error(join(path, name), n + " is out of range " + min + ".." + max);
            }
            return n;
        }

        private boolean bool(JsonNode obj, String path, String name) throws SessionFormatException {
            JsonNode v = field(obj, path, name);
            if (!v.isBoolean()) {
                throw error(join(path, name), "true or false was expected");
            }
            return v.asBoolean();
        }

        private JsonNode array(JsonNode obj, String path, String name) throws SessionFormatException {
            JsonNode v = field(obj, path, name);
            if (!v.isArray()) {
                throw error(join(path, name), "a list was expected");
            }
            return v;
        }

        private static boolean isPort(String v) {
            if (v.isEmpty() || v.length() > 5) {
                return false;
            }
            for (int i = 0; i < v.length(); i++) {
                if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                    return false;
                }
            }
            return Integer.parseInt(v) <= 65535;
        }

        private List<String> strings(JsonNode obj, String path, String name) throws SessionFormatException {
            JsonNode a = array(obj, path, name);
            List<String> out = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).isTextual()) {
                    throw error(join(path, name) + "[" + i + "]", "a string was expected");
                }
                out.add(a.get(i).asText());
            }
            return out;
        }

        SimulationResult session(JsonNode root) throws SessionFormatException {
            if (root == null || !root.isObject()) {
                throw error("", "not a Mail Trail session log (the top level is not an object)");
            }
            JsonNode format = root.get("format");
            if (format == null || !FORMAT.equals(format.asText())) {
                throw error("format", "not a Mail Trail session log (expected \"format\": \"" + FORMAT + "\")");
            }
            long version = number(root, "", "version", 1, Integer.MAX_VALUE);
            if (version > VERSION) {
                throw error("version", "version " + version + " is newer than this Mail Trail reads (" + VERSION + ")");
            }
            JsonNode s = field(root, "", "session");
            Instant start;
            try {
                start = Instant.parse(text(s, "session", "start"));
            } catch (DateTimeParseException e) {
                throw error("session.start", "not an instant such as 2026-01-05T09:00:00Z");
            }
            Map<String, SessionInfo.HostInfo> hosts = new LinkedHashMap<>();
            JsonNode hs = array(s, "session", "hosts");
            for (int i = 0; i < hs.size(); i++) {
                String p = "session.hosts[" + i + "]";
                String name = line(hs.get(i), p, "name");
                hosts.put(name, new SessionInfo.HostInfo(name, text(hs.get(i), p, "role"),
                        strings(hs.get(i), p, "addresses")));
            }
            SessionInfo info = new SessionInfo(line(s, "session", "mode"), line(s, "session", "name"),
                    line(s, "session", "title"), line(s, "session", "source"), start, line(s, "session", "resolver"),
                    hosts, s.has("world") ? world(field(s, "session", "world")) : null);
            long seed = number(root, "", "seed", Long.MIN_VALUE, Long.MAX_VALUE);
            JsonNode m = field(root, "", "message");
            Compose compose = new Compose(line(m, "message", "from"), lineList(m, "message", "to"),
                    lineList(m, "message", "cc"), line(m, "message", "subject"), text(m, "message", "body"));
            JsonNode js = array(root, "", "journeys");
            List<Journey> journeys = new ArrayList<>();
            for (int i = 0; i < js.size(); i++) {
                journeys.add(journey(js.get(i), "journeys[" + i + "]"));
            }
            return new SimulationResult(info, compose, seed, journeys);
        }

        /** An edited world carried along: plain file names (no folders), the texts as they were saved. */
        private SessionInfo.EmbeddedWorld world(JsonNode w) throws SessionFormatException {
            String file = line(w, "session.world", "file");
            String zoneFile = line(w, "session.world", "zoneFile");
            for (String[] f : new String[][] {{"file", file}, {"zoneFile", zoneFile}}) {
                if (!f[1].matches("[A-Za-z0-9][A-Za-z0-9._-]{0,100}")) {
                    throw error("session.world." + f[0], "a plain file name such as my-world.yaml, not '" + f[1] + "'");
                }
            }
            return new SessionInfo.EmbeddedWorld(file, text(w, "session.world", "yaml"), zoneFile,
                    text(w, "session.world", "zone"));
        }

        private Journey journey(JsonNode j, String path) throws SessionFormatException {
            String routeName = text(j, path, "route");
            Route route = Route.parse(routeName);
            if (route == null || route == Route.BOTH) {
                throw error(path + ".route", "'" + routeName + "' is not a route (direct or relay)");
            }
            Map<String, RecipientOutcome> outcomes = new LinkedHashMap<>();
            JsonNode os = array(j, path, "outcomes");
            for (int i = 0; i < os.size(); i++) {
                String p = path + ".outcomes[" + i + "]";
                String status = text(os.get(i), p, "status");
                RecipientOutcome.Status st;
                try {
                    st = RecipientOutcome.Status.valueOf(status.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw error(p + ".status", "'" + status + "' is not delivered, bounced, queued or refused");
                }
                String rcpt = text(os.get(i), p, "recipient");
                outcomes.put(rcpt, new RecipientOutcome(rcpt, st, text(os.get(i), p, "detail"), text(os.get(i), p, "host")));
            }
            Timeline timeline = new Timeline();
            JsonNode es = array(j, path, "events");
            for (int i = 0; i < es.size(); i++) {
                timeline.append(event(es.get(i), path + ".events[" + i + "]", i));
            }
            List<DeliveredMessage> delivered = new ArrayList<>();
            JsonNode ds = array(j, path, "delivered");
            for (int i = 0; i < ds.size(); i++) {
                String p = path + ".delivered[" + i + "]";
                byte[] content;
                try {
                    content = Base64.getDecoder().decode(text(ds.get(i), p, "content"));
                } catch (IllegalArgumentException e) {
                    throw error(p + ".content", "not base64: " + e.getMessage());
                }
                delivered.add(new DeliveredMessage(text(ds.get(i), p, "mailbox"), text(ds.get(i), p, "host"),
                        bool(ds.get(i), p, "bounce"), content));
            }
            return new Journey(route, timeline, outcomes, delivered);
        }

        private TimelineEvent event(JsonNode e, String path, int expectedIndex) throws SessionFormatException {
            long index = number(e, path, "index", 0, Integer.MAX_VALUE);
            if (index != expectedIndex) {
                throw error(path + ".index", "is " + index + " where " + expectedIndex + " was expected");
            }
            long time = number(e, path, "timeMicros", 0, Long.MAX_VALUE);
            long end = number(e, path, "endMicros", 0, Long.MAX_VALUE);
            if (end < time) {
                throw error(path + ".endMicros", "ends (" + end + ") before it starts (" + time + ")");
            }
            String kindName = text(e, path, "kind");
            EventKind kind;
            try {
                kind = EventKind.valueOf(kindName);
            } catch (IllegalArgumentException ex) {
                throw error(path + ".kind", "'" + kindName + "' is not a kind of event");
            }
            JsonNode d = field(e, path, "details");
            if (!d.isObject()) {
                throw error(path + ".details", "an object was expected");
            }
            Map<String, String> details = new LinkedHashMap<>();
            var it = d.fields();
            while (it.hasNext()) {
                var en = it.next();
                if (!en.getValue().isTextual()) {
                    throw error(path + ".details." + en.getKey(), "a string was expected");
                }
                details.put(en.getKey(), en.getValue().asText());
            }
            String code = details.get(Details.CODE);
            if (code != null && !code.matches("[2-5][0-9][0-9]")) {
                throw error(path + ".details.code", "'" + code + "' is not a reply code (200-599)");
            }
            for (String port : new String[] {"srcPort", "dstPort"}) {
                String v = details.get(port);
                if (v != null && !isPort(v)) {
                    throw error(path + ".details." + port, "'" + v + "' is not a port (0-65535)");
                }
            }
            List<String> lines = strings(e, path, "lines");
            for (int i = 0; i < lines.size(); i++) {
                // one line each: a line break inside would reach a capture or a transcript as an extra line
                if (lines.get(i).indexOf('\n') >= 0 || lines.get(i).indexOf('\r') >= 0) {
                    throw error(path + ".lines[" + i + "]", "holds a line break ("
                            + (lines.get(i).indexOf('\r') >= 0 ? "CR" : "LF") + "); each line is one element");
                }
            }
            Phase phase = null;
            if (e.has("phase")) {
                String id = text(e, path, "phase");
                phase = Phase.fromId(id);
                if (phase == null) {
                    throw error(path + ".phase", "'" + id + "' is not a phase (submission, relay, transfer, delivery,"
                            + " retrieval or bounce)");
                }
            }
            return new TimelineEvent((int) index, time, end, kind, line(e, path, "source"), line(e, path, "destination"),
                    line(e, path, "summary"), lines, line(e, path, "explanation"),
                    text(e, path, "rfc"), details, phase);
        }
    }
}
