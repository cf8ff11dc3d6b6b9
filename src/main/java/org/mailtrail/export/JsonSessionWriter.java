package org.mailtrail.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.DeliveredMessage;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Writes a session log ({@link JsonSession}, docs/session-format.md) straight to bytes with Jackson's streaming
 * generator and the same pretty printer, so the bytes are those of the tree {@link JsonSession#render} builds, without
 * building the tree: {@code serve --store} writes one log per session, and building a tree for it was a third of the
 * JSON's cost (docs/benchmarks.md). {@code JsonSessionWriterTest} checks the two agree byte for byte.
 */
final class JsonSessionWriter {
    /** Characters outside the BMP (an emoji in a subject) written as UTF-8, not as two escaped surrogates. */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8).build();
    private final JsonGenerator g;

    private JsonSessionWriter(JsonGenerator g) {
        this.g = g;
    }

    /** The whole session as UTF-8 JSON text ending in a line break. */
    static byte[] write(SimulationResult r) {
        return write(r, true);
    }

    /**
     * The whole session as UTF-8 JSON text ending in a line break: indented as {@link JsonSession#render} when
     * {@code pretty}, otherwise on one line without spaces (the same data, about 30 % fewer bytes for a live session).
     */
    static byte[] write(SimulationResult r, boolean pretty) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(pretty ? 16 * 1024 : 12 * 1024)) {
            try (JsonGenerator g = FACTORY.createGenerator(out)) {
                if (pretty) {
                    g.setPrettyPrinter(new DefaultPrettyPrinter());
                }
                new JsonSessionWriter(g).session(r);
            }
            out.write('\n');
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write JSON", e);
        }
    }

    private void session(SimulationResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("format", JsonSession.FORMAT);
        g.writeNumberField("version", JsonSession.VERSION);
        SessionInfo info = r.info();
        g.writeObjectFieldStart("session");
        g.writeStringField("mode", info.mode());
        g.writeStringField("name", info.name());
        g.writeStringField("title", info.title());
        g.writeStringField("source", info.source());
        g.writeStringField("start", info.start().toString());
        g.writeStringField("resolver", info.resolver());
        if (info.world() != null) {
            g.writeObjectFieldStart("world");
            g.writeStringField("file", info.world().file());
            g.writeStringField("yaml", info.world().yaml());
            g.writeStringField("zoneFile", info.world().zoneFile());
            g.writeStringField("zone", info.world().zone());
            g.writeEndObject();
        }
        g.writeArrayFieldStart("hosts");
        for (SessionInfo.HostInfo h : info.hosts().values()) {
            g.writeStartObject();
            g.writeStringField("name", h.name());
            g.writeStringField("role", h.role());
            strings("addresses", h.addresses());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
        g.writeNumberField("seed", r.seed());
        g.writeObjectFieldStart("message");
        g.writeStringField("from", r.compose().from());
        strings("to", r.compose().to());
        strings("cc", r.compose().cc());
        g.writeStringField("subject", r.compose().subject());
        g.writeStringField("body", r.compose().body());
        g.writeEndObject();
        g.writeArrayFieldStart("journeys");
        for (Journey j : r.journeys()) {
            journey(j);
        }
        g.writeEndArray();
        g.writeNumberField("exitCode", r.exitCode());
        g.writeEndObject();
    }

    private void journey(Journey j) throws IOException {
        g.writeStartObject();
        g.writeStringField("route", j.route().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("outcomes");
        for (RecipientOutcome ro : j.outcomes().values()) {
            g.writeStartObject();
            g.writeStringField("recipient", ro.recipient());
            g.writeStringField("status", ro.status().name().toLowerCase(Locale.ROOT));
            g.writeStringField("detail", ro.detail());
            g.writeStringField("host", ro.host());
            g.writeEndObject();
        }
        g.writeEndArray();
        Journey.Stats s = j.stats();
        g.writeObjectFieldStart("stats");
        g.writeNumberField("hops", s.hops());
        g.writeNumberField("tcpConnections", s.tcpConnections());
        g.writeNumberField("dnsQueries", s.dnsQueries());
        g.writeNumberField("smtpRoundTrips", s.smtpRoundTrips());
        g.writeNumberField("durationMicros", s.durationMicros());
        g.writeNumberField("receivedLines", s.receivedLines());
        g.writeEndObject();
        g.writeArrayFieldStart("events");
        for (TimelineEvent e : j.timeline().events()) {
            event(e);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("delivered");
        for (DeliveredMessage d : j.delivered()) {
            g.writeStartObject();
            g.writeStringField("mailbox", d.mailbox());
            g.writeStringField("host", d.host());
            g.writeBooleanField("bounce", d.bounce());
            g.writeStringField("content", Base64.getEncoder().encodeToString(d.content()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private void event(TimelineEvent e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", e.index());
        g.writeNumberField("timeMicros", e.timeMicros());
        g.writeNumberField("endMicros", e.endMicros());
        g.writeStringField("kind", e.kind().name());
        g.writeStringField("source", e.source());
        g.writeStringField("destination", e.destination());
        g.writeStringField("summary", e.summary());
        strings("lines", e.lines());
        g.writeStringField("explanation", e.explanationKey());
        g.writeStringField("rfc", e.rfc());
        if (e.phase() != null) {
            g.writeStringField("phase", e.phase().id());
        }
        g.writeObjectFieldStart("details");
        for (Map.Entry<String, String> en : e.details().entrySet()) {
            g.writeStringField(en.getKey(), en.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private void strings(String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
