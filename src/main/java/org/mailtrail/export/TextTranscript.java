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

    /** The whole session, every route, in English (as sessions, goldens and the session store keep it). */
    public static String render(SimulationResult r) {
        return render(r, Locale.ENGLISH);
    }

    /**
     * The whole session in {@code locale}'s language: the transcript's own words, the steps' summaries and Mail
     * Trail's detail lines; protocol text ({@code C:}/{@code S:} lines, headers, DNS records) stays as it is.
     */
    public static String render(SimulationResult r, Locale locale) {
        Words w = new Words(locale);
        // mailtrail send has no queue and does not retry: a recipient not delivered is "not sent", not "queued"
        w.liveSend = "live".equals(r.info().mode()) && "send".equals(r.info().name());
        StringBuilder b = new StringBuilder();
        b.append(w.label("session")).append(r.info().name()).append(" - ")
                .append(w.summaries == null ? r.info().title() : ScenarioDescriptions.title(r.info(), w.locale))
                .append('\n');
        String source = w.summaries == null ? r.info().source() : SessionTitles.in(r.info().source(), w.locale);
        b.append(w.label("world")).append(source).append("  ").append(w.label("seed")).append(r.seed())
                .append('\n');
        if (r.compose().from().isEmpty() && r.compose().recipients().isEmpty() && r.compose().subject().isEmpty()) {
            b.append(w.label("message")).append(w.get("message.none")).append('\n'); // a session with no MAIL FROM
        } else {
            b.append(w.label("message")).append(r.compose().from()).append(" -> ")
                    .append(String.join(", ", r.compose().recipients())).append("  \"").append(r.compose().subject())
                    .append("\"\n");
        }
        for (Journey j : r.journeys()) {
            b.append('\n');
            renderJourney(b, j, w);
        }
        if (r.journeys().size() > 1) {
            b.append('\n').append(w.get("comparison")).append('\n');
            b.append(String.format(Locale.ROOT, "  %-22s", "")).append(header(r.journeys(), w)).append('\n');
            row(b, w.get("row.hops"), r.journeys(), s -> Long.toString(s.hops()));
            row(b, w.get("row.tcp"), r.journeys(), s -> Long.toString(s.tcpConnections()));
            row(b, w.get("row.dns"), r.journeys(), s -> Long.toString(s.dnsQueries()));
            row(b, w.get("row.smtp"), r.journeys(), s -> Long.toString(s.smtpRoundTrips()));
            row(b, w.get("row.time"), r.journeys(), s -> millis(s.durationMicros()));
            row(b, w.get("row.received"), r.journeys(), s -> Long.toString(s.receivedLines()));
        }
        return b.toString();
    }

    private static String header(List<Journey> js, Words w) {
        StringBuilder b = new StringBuilder();
        for (Journey j : js) {
            b.append(String.format(Locale.ROOT, "%14s", w.route(j)));
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

    /** One journey in English: its events, then where each recipient's copy ended up. */
    public static void renderJourney(StringBuilder b, Journey j) {
        renderJourney(b, j, new Words(Locale.ENGLISH));
    }

    private static void renderJourney(StringBuilder b, Journey j, Words w) {
        b.append("=== ").append(w.label("route")).append(w.route(j)).append(" ===\n");
        for (TimelineEvent e : j.timeline().events()) {
            b.append(event(e, w));
        }
        b.append(w.get("outcome")).append(w.get("colon"))
                .append(j.outcomes().isEmpty() ? " " + w.get("outcome.none") : "").append('\n');
        for (Map.Entry<String, RecipientOutcome> o : j.outcomes().entrySet()) {
            b.append(String.format(Locale.ROOT, "  %-28s %-9s %s%n", o.getKey(),
                    w.get("status." + o.getValue().status().name()
                            + (w.liveSend && o.getValue().status() == RecipientOutcome.Status.QUEUED ? ".send" : "")),
                    w.detailLines.line(o.getValue().detail())));
        }
        Journey.Stats s = j.stats();
        b.append(w.label("figures")).append(w.count(s.hops(), "hop")).append(", ")
                .append(w.count(s.tcpConnections(), "tcp")).append(", ")
                .append(w.count(s.dnsQueries(), "dns")).append(", ")
                .append(w.count(s.smtpRoundTrips(), "smtp")).append(", ")
                .append(millis(s.durationMicros())).append(", ")
                .append(w.count(s.receivedLines(), "received")).append(System.lineSeparator());
    }

    /** The transcript's words in one language (the {@code transcript} bundles), with its summaries and detail lines. */
    private static final class Words {
        final Locale locale;
        final java.util.ResourceBundle bundle;
        final org.mailtrail.timeline.SummaryText summaries; // null in English: the engine's summaries as they are
        final org.mailtrail.timeline.DetailLineText detailLines;
        /** A session of {@code mailtrail send}, which queues nothing. */
        boolean liveSend;

        Words(Locale locale) {
            this.locale = locale == null ? Locale.ENGLISH : locale;
            boolean english = this.locale.getLanguage().isEmpty() || this.locale.getLanguage().equals("en");
            this.bundle = java.util.ResourceBundle.getBundle("org.mailtrail.export.transcript",
                    english ? Locale.ROOT : this.locale,
                    java.util.ResourceBundle.Control.getNoFallbackControl(java.util.ResourceBundle.Control.FORMAT_DEFAULT));
            this.summaries = english ? null : new org.mailtrail.timeline.SummaryText(this.locale);
            this.detailLines = new org.mailtrail.timeline.DetailLineText(english ? Locale.ROOT : this.locale);
        }

        String get(String key) {
            return bundle.getString(key);
        }

        /** {@code Route: } in English, {@code Route : } in French. */
        String label(String key) {
            return get(key) + get("colon") + " ";
        }

        String route(Journey j) {
            return get("route." + j.route().name().toLowerCase(Locale.ROOT));
        }

        String count(long n, String what) {
            // French takes the singular for 0 too ("0 saut", CLDR's plural rule "one" is i = 0,1; a tester)
            boolean one = n == 1 || n == 0 && "fr".equals(locale.getLanguage());
            return n + " " + get("count." + what + (one ? ".one" : ".many"));
        }
    }

    /** One event as text lines, in English. */
    public static String event(TimelineEvent e) {
        return event(e, new Words(Locale.ENGLISH));
    }

    private static String event(TimelineEvent e, Words w) {
        String summary = w.summaries == null ? e.summary() : w.summaries.of(e);
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
                b.append("    ").append(summary).append('\n');
                for (String l : e.lines()) {
                    b.append("      ").append(l.replace("\t", "    ")).append('\n');
                }
                break;
            case TLS_NEGOTIATED: // the certificate and, live, whether it was trusted (protocol and cipher are above)
                b.append("    ").append(summary).append('\n');
                for (String l : e.lines()) {
                    if (!l.startsWith("protocol: ") && !l.startsWith("cipher: ")) {
                        b.append("      ").append(Printable.of(w.detailLines.of(e, l))).append('\n');
                    }
                }
                break;
            case MX_DECISION:
            case QUEUED:
            case DELIVERY_FAILED:
            case BOUNCE_GENERATED:
                b.append("    ").append(summary).append('\n');
                for (String l : e.lines()) {
                    b.append("      ").append(Printable.of(w.detailLines.of(e, l))).append('\n');
                }
                break;
            default:
                b.append("    ").append(summary).append('\n');
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
