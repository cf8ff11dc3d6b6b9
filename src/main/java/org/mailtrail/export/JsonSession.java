package org.mailtrail.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The session as versioned JSON ({@code mailtrail-session}, version 1; see docs/session-format.md):
 * complete, so that importing it gives back the same timeline.
 */
public final class JsonSession {
    /** The format name written in every file. */
    public static final String FORMAT = "mailtrail-session";
    /** The schema version this code writes. */
    public static final int VERSION = 1;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonSession() {
    }

    /** The whole session as JSON text. */
    public static String render(SimulationResult r) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.put("mode", "simulation");
        ObjectNode world = root.putObject("world");
        world.put("name", r.world().name());
        world.put("title", r.world().title());
        world.put("source", r.world().source());
        world.put("start", r.world().start().toString());
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
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
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
        ObjectNode d = o.putObject("details");
        for (Map.Entry<String, String> en : e.details().entrySet()) {
            d.put(en.getKey(), en.getValue());
        }
        return o;
    }
}
