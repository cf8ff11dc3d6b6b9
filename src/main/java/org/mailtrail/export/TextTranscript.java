package org.mailtrail.export;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.timeline.Printable;

/** The session as a transcript a person reads: time, hosts, DNS and TCP lines, {@code C:}/{@code S:} lines. */
public final class TextTranscript {
    private TextTranscript() {
    }

    /** The whole session, every route. */
    public static String render(SimulationResult r) {
        StringBuilder b = new StringBuilder();
        b.append("Mail Trail session: ").append(r.info().name()).append(" - ").append(r.info().title()).append('\n');
        b.append("World: ").append(r.info().source()).append("  seed: ").append(r.seed()).append('\n');
        b.append("Message: ").append(r.compose().from()).append(" -> ")
                .append(String.join(", ", r.compose().recipients())).append("  \"").append(r.compose().subject())
                .append("\"\n");
        for (Journey j : r.journeys()) {
            b.append('\n');
            renderJourney(b, j);
        }
        if (r.journeys().size() > 1) {
            b.append("\nComparison\n");
            b.append(String.format(Locale.ROOT, "  %-22s", "")).append(header(r.journeys())).append('\n');
            row(b, "hops", r.journeys(), s -> Long.toString(s.hops()));
            row(b, "TCP connections", r.journeys(), s -> Long.toString(s.tcpConnections()));
            row(b, "DNS queries", r.journeys(), s -> Long.toString(s.dnsQueries()));
            row(b, "SMTP round trips", r.journeys(), s -> Long.toString(s.smtpRoundTrips()));
            row(b, "total time", r.journeys(), s -> millis(s.durationMicros()));
            row(b, "Received: lines", r.journeys(), s -> Long.toString(s.receivedLines()));
        }
        return b.toString();
    }

    private static String header(List<Journey> js) {
        StringBuilder b = new StringBuilder();
        for (Journey j : js) {
            b.append(String.format(Locale.ROOT, "%14s", j.route().name().toLowerCase(Locale.ROOT)));
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String label, List<Journey> js,
                            java.util.function.Function<Journey.Stats, String> f) {
        b.append(String.format(Locale.ROOT, "  %-22s", label));
        for (Journey j : js) {
            b.append(String.format(Locale.ROOT, "%14s", f.apply(j.stats())));
        }
        b.append('\n');
    }

    /** One journey: its events, then where each recipient's copy ended up. */
    public static void renderJourney(StringBuilder b, Journey j) {
        b.append("=== Route: ").append(j.route().name().toLowerCase(Locale.ROOT)).append(" ===\n");
        for (TimelineEvent e : j.timeline().events()) {
            b.append(event(e));
        }
        b.append("Outcome:\n");
        for (Map.Entry<String, RecipientOutcome> o : j.outcomes().entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-28s %-9s %s%n", o.getKey(), o.getValue().status(),
                    o.getValue().detail()));
        }
        Journey.Stats s = j.stats();
        b.append("Figures: ").append(count(s.hops(), "hop", "hops")).append(", ")
                .append(count(s.tcpConnections(), "TCP connection", "TCP connections")).append(", ")
                .append(count(s.dnsQueries(), "DNS query", "DNS queries")).append(", ")
                .append(count(s.smtpRoundTrips(), "SMTP round trip", "SMTP round trips")).append(", ")
                .append(millis(s.durationMicros())).append(", ")
                .append(count(s.receivedLines(), "Received: line", "Received: lines")).append(System.lineSeparator());
    }

    /** {@code 1 hop}, {@code 2 hops}. */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /** One event as text lines. */
    public static String event(TimelineEvent e) {
        StringBuilder b = new StringBuilder();
        b.append(clock(e.timeMicros())).append("  ").append(e.source());
        if (!e.destination().equals(e.source())) {
            b.append(" > ").append(e.destination());
        }
        b.append('\n');
        switch (e.kind()) {
            case SMTP_COMMAND:
            case MAILBOX_COMMAND:
                for (String l : e.lines()) {
                    b.append("    C: ").append(Printable.of(l)).append('\n'); // a client's bytes: no terminal escapes
                }
                break;
            case SMTP_REPLY:
            case MAILBOX_REPLY:
                for (String l : e.lines()) {
                    b.append("    S: ").append(Printable.of(l)).append('\n');
                }
                break;
            case RECEIVED_ADDED:
                b.append("    ").append(e.summary()).append('\n');
                for (String l : e.lines()) {
                    b.append("      ").append(l.replace("\t", "    ")).append('\n');
                }
                break;
            case TLS_NEGOTIATED: // the certificate and, live, whether it was trusted (protocol and cipher are above)
                b.append("    ").append(e.summary()).append('\n');
                for (String l : e.lines()) {
                    if (!l.startsWith("protocol: ") && !l.startsWith("cipher: ")) {
                        b.append("      ").append(Printable.of(l)).append('\n');
                    }
                }
                break;
            case MX_DECISION:
            case QUEUED:
            case DELIVERY_FAILED:
            case BOUNCE_GENERATED:
                b.append("    ").append(e.summary()).append('\n');
                for (String l : e.lines()) {
                    b.append("      ").append(Printable.of(l)).append('\n');
                }
                break;
            default:
                b.append("    ").append(e.summary()).append('\n');
        }
        return b.toString();
    }

    /** Virtual or measured time since the start, {@code H:MM:SS.micros}. */
    public static String clock(long micros) {
        long s = micros / 1_000_000;
        StringBuilder b = new StringBuilder(16).append(s / 3600).append(':');
        pad(b, s / 60 % 60, 2).append(':');
        pad(b, s % 60, 2).append('.');
        return pad(b, micros % 1_000_000, 6).toString(); // String.format costs more than the rest of a line
    }

    private static StringBuilder pad(StringBuilder b, long value, int digits) {
        String v = Long.toString(value);
        for (int i = v.length(); i < digits; i++) {
            b.append('0');
        }
        return b.append(v);
    }

    /** {@code 12.345 ms}, or {@code 2 min 5 s} from a minute on; written by hand: String.format was a third of a transcript. */
    static String millis(long micros) {
        if (micros >= 60_000_000L) {
            return micros / 60_000_000L + " min " + micros / 1_000_000L % 60 + " s";
        }
        long abs = Math.abs(micros); // exact: a whole number of microseconds has exactly three decimals in ms
        StringBuilder b = new StringBuilder(16);
        if (micros < 0) {
            b.append('-');
        }
        b.append(abs / 1000).append('.');
        return pad(b, abs % 1000, 3).append(" ms").toString();
    }
}
