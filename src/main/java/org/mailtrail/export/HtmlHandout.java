package org.mailtrail.export;

import java.text.NumberFormat;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Explanations;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseSegments;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The session as one self-contained, printable HTML5 handout: the message, each route's outcome and
 * figures, the routes compared, the sequence diagram as inline SVG and every step explained.
 */
public final class HtmlHandout {
    /** The most events drawn in one diagram; the step list is always complete. */
    public static final int MAX_DIAGRAM_EVENTS = 2_000;

    private static final DateTimeFormatter START = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private HtmlHandout() {
    }

    /**
     * The handout of a session, its words and explanations in the given language (English, German, French or
     * Spanish); a session of a built-in scenario also shows the scenario's description ({@link ScenarioDescriptions}).
     */
    public static String render(SimulationResult r, Locale locale) {
        return render(r, locale, ScenarioDescriptions.of(r.info(), locale));
    }

    /**
     * The handout of a session with this description of its scenario under the title (null or empty: none). The
     * steps are grouped by the parts of the journey ({@link PhaseSegments}), each under its header and what its phase
     * is in the whole.
     */
    public static String render(SimulationResult r, Locale locale, String description) {
        return render(r, locale, description, Map.of());
    }

    /** As above, the hosts named in {@code cells} (the world's {@code layout:}) in those cells of the network maps. */
    public static String render(SimulationResult r, Locale locale, String description, Map<String, int[]> cells) {
        Locale loc = locale == null ? Locale.ENGLISH : locale;
        PhaseText phases = new PhaseText(loc);
        HandoutWords w = HandoutWords.of(loc);
        Explanations explanations = new Explanations(loc);
        int total = 0;
        for (Journey j : r.journeys()) {
            total += j.timeline().size();
        }
        StringBuilder b = new StringBuilder(16_384 + total * 700);
        SessionInfo info = r.info();
        String name = info == null ? "" : nz(info.name());
        String title = info == null ? "" : nz(ScenarioDescriptions.title(info, loc));
        String heading = title.isEmpty() ? name : title;

        b.append("<!DOCTYPE html>\n<html lang=\"").append(w.lang).append("\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"Mail Trail\">\n<title>Mail Trail: ");
        escape(b, name.isEmpty() || name.equals(heading) ? heading : name + " - " + heading);
        b.append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");

        // title block
        b.append("<header class=\"top\">\n<p class=\"kicker\">Mail Trail &#183; ").append(w.handout).append("</p>\n<h1>");
        escape(b, heading);
        b.append("</h1>\n");
        if (description != null && !description.isBlank()) {
            b.append("<p class=\"description\">");
            escape(b, description.replaceAll("\\s+", " ").strip());
            b.append("</p>\n");
        }
        b.append("<dl class=\"session\">\n");
        dt(b, w.session, "session-name", name);
        dt(b, w.mode, "mode", info == null ? "" : w.mode(nz(info.mode())));
        dt(b, w.started, "start", info == null || info.start() == null ? "" : START.format(info.start()));
        dt(b, w.seed, "seed", Long.toString(r.seed()));
        if (info != null && info.source() != null && !info.source().isEmpty()) {
            dt(b, w.source, "source", info.source());
        }
        b.append("</dl>\n</header>\n");

        // the message
        Compose c = r.compose();
        b.append("<section class=\"message\" id=\"message\">\n<h2>").append(w.message).append("</h2>\n<dl class=\"fields\">\n");
        dt(b, w.from, "from", c == null ? "" : nz(c.from()));
        dt(b, w.to, "to", c == null ? "" : String.join(", ", c.to()));
        dt(b, w.cc, "cc", c == null ? "" : String.join(", ", c.cc()));
        dt(b, w.subject, "subject", c == null ? "" : c.subject());
        b.append("</dl>\n</section>\n");

        List<Journey> journeys = r.journeys();
        Journey.Stats[] stats = new Journey.Stats[journeys.size()];
        for (int i = 0; i < stats.length; i++) {
            stats[i] = journeys.get(i).stats();
        }
        if (journeys.size() > 1) {
            b.append("<section class=\"comparison\" id=\"comparison\">\n<h2>").append(w.comparison)
                    .append("</h2>\n<table class=\"compare\">\n<thead><tr><th scope=\"col\"></th>");
            for (Journey j : journeys) {
                b.append("<th scope=\"col\" data-route=\"").append(route(j)).append("\">").append(w.routeName(j))
                        .append("</th>");
            }
            b.append("</tr></thead>\n<tbody>\n");
            figureRows(b, w, stats);
            b.append("</tbody>\n</table>\n</section>\n");
        }

        Map<String, String> explained = new HashMap<>();
        for (int ji = 0; ji < journeys.size(); ji++) {
            journey(b, w, loc, explanations, phases, explained, info, journeys.get(ji), stats[ji], "j" + ji, cells);
        }
        b.append("<footer class=\"end\">").append(w.footer).append("</footer>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void journey(StringBuilder b, HandoutWords w, Locale loc, Explanations ex, PhaseText phases,
                                Map<String, String> explained, SessionInfo info, Journey j, Journey.Stats s, String id,
                                Map<String, int[]> cells) {
        String route = route(j);
        List<TimelineEvent> events = j.timeline().events();
        b.append("<section class=\"journey\" id=\"").append(id).append("\" data-route=\"").append(route)
                .append("\">\n<h2>").append(w.route).append(w.colon).append(w.routeName(j)).append("</h2>\n");

        b.append("<h3>").append(w.outcome).append("</h3>\n<table class=\"outcomes\">\n<thead><tr><th scope=\"col\">")
                .append(w.recipient).append("</th><th scope=\"col\">").append(w.status).append("</th><th scope=\"col\">")
                .append(w.host).append("</th><th scope=\"col\">").append(w.detail).append("</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, RecipientOutcome> o : j.outcomes().entrySet()) {
            RecipientOutcome out = o.getValue();
            String st = out.status().name().toLowerCase(Locale.ROOT);
            b.append("<tr class=\"outcome ").append(st).append("\" data-status=\"").append(out.status().name())
                    .append("\"><td class=\"rcpt\">");
            escape(b, o.getKey());
            b.append("</td><td class=\"status\"><span class=\"badge ").append(st).append("\">").append(w.status(out.status()))
                    .append("</span></td><td class=\"host\">");
            escape(b, nz(out.host()));
            b.append("</td><td class=\"detail\">");
            escape(b, w.detailLines.line(nz(out.detail())));
            b.append("</td></tr>\n");
        }
        if (j.outcomes().isEmpty()) {
            b.append("<tr><td colspan=\"4\">&#8211;</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");

        b.append("<h3>").append(w.figures).append("</h3>\n<table class=\"figures\">\n<tbody>\n");
        figureRows(b, w, s);
        b.append("</tbody>\n</table>\n");

        b.append("<h3>").append(w.map).append("</h3>\n<figure class=\"diagram map\">\n");
        SvgMap.render(b, events, info, cells, w.map + ", " + w.route + " " + w.routeName(j));
        b.append("</figure>\n");
        int drawn = Math.min(MAX_DIAGRAM_EVENTS, events.size());
        NumberFormat nf = NumberFormat.getIntegerInstance(loc);
        b.append("<h3>").append(w.diagram).append("</h3>\n<figure class=\"diagram\">\n");
        SvgLadder.render(b, events, MAX_DIAGRAM_EVENTS, info, w.diagram + ", " + w.route + " " + w.routeName(j), w.summaries);
        b.append("<figcaption>");
        if (drawn < events.size()) {
            b.append("<span class=\"capped\">").append(String.format(loc, w.capped, nf.format(drawn),
                    nf.format(events.size()))).append("</span> ");
        } else {
            b.append(String.format(loc, w.caption, nf.format(events.size()), w.routeName(j))).append(' ');
        }
        b.append("</figcaption>\n</figure>\n");
        legend(b, w);

        b.append("<h3>").append(w.steps).append("</h3>\n");
        List<PhaseSegment> segments = PhaseSegments.of(events);
        int covered = 0;
        for (int si = 0; si < segments.size(); si++) {
            PhaseSegment seg = segments.get(si);
            String phase = seg.phase().id();
            b.append("<div class=\"phase phase-").append(phase).append("\" id=\"").append(id).append("-p").append(si + 1)
                    .append("\" data-phase=\"").append(phase).append("\">\n<h4 class=\"phase-header\">");
            escape(b, phases.header(seg));
            b.append("</h4>\n<p class=\"phase-about\">");
            escape(b, phases.about(seg.phase()));
            b.append("</p>\n<ol class=\"steps\" start=\"").append(seg.first() + 1).append("\">\n");
            for (int i = Math.max(covered, seg.first()); i <= seg.last() && i < events.size(); i++) {
                step(b, w, ex, explained, events.get(i), id);
            }
            covered = Math.max(covered, seg.last() + 1);
            b.append("</ol>\n</div>\n");
        }
        if (covered < events.size()) {
            b.append("<ol class=\"steps\" start=\"").append(covered + 1).append("\">\n");
            for (int i = covered; i < events.size(); i++) {
                step(b, w, ex, explained, events.get(i), id);
            }
            b.append("</ol>\n");
        }
        b.append("</section>\n");
    }

    private static void step(StringBuilder b, HandoutWords w, Explanations ex, Map<String, String> explained,
                             TimelineEvent e, String id) {
        int no = e.index() + 1;
        b.append("<li class=\"item ").append(SvgLadder.colourClass(e)).append("\" id=\"").append(id).append("-s")
                .append(no).append("\" data-index=\"").append(e.index()).append("\" data-kind=\"")
                .append(e.kind().name()).append("\" data-key=\"");
        escape(b, e.explanationKey());
        b.append("\">\n<div class=\"head\"><span class=\"no\">").append(no)
                .append("</span> <span class=\"time\">");
        clock(b, e.timeMicros());
        b.append("</span> <span class=\"hosts\">");
        escape(b, e.source());
        if (!e.destination().equals(e.source())) {
            b.append(" &#8594; ");
            escape(b, e.destination());
        }
        b.append("</span></div>\n<div class=\"summary\">");
        escape(b, w.summaries.of(e));
        b.append("</div>\n");
        List<String> lines = e.lines();
        if (!lines.isEmpty()) {
            String prefix = prefix(e.kind());
            b.append("<pre class=\"lines\">");
            for (int i = 0; i < lines.size(); i++) {
                if (i > 0) {
                    b.append('\n');
                }
                b.append(prefix);
                escape(b, w.detailLines.of(e, lines.get(i)));
            }
            b.append("</pre>\n");
        }
        String text = explained.get(e.explanationKey());
        if (text == null) {
            StringBuilder t = new StringBuilder();
            escape(t, ex.text(e.explanationKey()));
            text = t.toString();
            explained.put(e.explanationKey(), text);
        }
        b.append("<p class=\"explain\">").append(text).append("</p>\n");
        if (!e.rfc().isEmpty()) {
            b.append("<p class=\"rfc\">");
            escape(b, e.rfc());
            b.append("</p>\n");
        }
        b.append("</li>\n");
    }

    /**
     * Appends the time as {@link TextTranscript#clock(long)} writes it, {@code H:MM:SS.micros}, without
     * {@code String.format}: a long session has a hundred thousand of them.
     */
    static void clock(StringBuilder b, long micros) {
        if (micros < 0) {
            b.append(TextTranscript.clock(micros));
            return;
        }
        long s = micros / 1_000_000;
        b.append(s / 3600).append(':');
        two(b, s / 60 % 60);
        b.append(':');
        two(b, s % 60);
        b.append('.');
        long frac = micros % 1_000_000;
        for (long d = 100_000; d > 0; d /= 10) {
            b.append((char) ('0' + frac / d % 10));
        }
    }

    private static void two(StringBuilder b, long v) {
        b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static String prefix(EventKind kind) {
        switch (kind) {
            case SMTP_COMMAND:
            case MAILBOX_COMMAND:
                return "C: ";
            case SMTP_REPLY:
            case MAILBOX_REPLY:
                return "S: ";
            default:
                return "";
        }
    }

    private static void figureRows(StringBuilder b, HandoutWords w, Journey.Stats... s) {
        String[] keys = {"hops", "tcp", "dns", "smtp", "time", "received"};
        for (int k = 0; k < keys.length; k++) {
            b.append("<tr data-figure=\"").append(keys[k]).append("\"><th scope=\"row\">").append(w.figure[k])
                    .append("</th>");
            for (Journey.Stats st : s) {
                b.append("<td>");
                escape(b, figure(st, k));
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
    }

    /** One figure of a journey as the handout shows it: hops, connections, queries, round trips, time, lines. */
    static String figure(Journey.Stats s, int k) {
        switch (k) {
            case 0:
                return Integer.toString(s.hops());
            case 1:
                return Long.toString(s.tcpConnections());
            case 2:
                return Long.toString(s.dnsQueries());
            case 3:
                return Long.toString(s.smtpRoundTrips());
            case 4:
                return TextTranscript.millis(s.durationMicros());
            default:
                return Integer.toString(s.receivedLines());
        }
    }

    private static void legend(StringBuilder b, HandoutWords w) {
        b.append("<ul class=\"legend\">");
        String[] classes = {"dns", "tcp", "cmd", "ok", "mid", "temp", "fail", "local"};
        for (int i = 0; i < classes.length; i++) {
            b.append("<li class=\"").append(classes[i]).append("\"><span class=\"swatch\"></span>")
                    .append(w.legend[i]).append("</li>");
        }
        b.append("</ul>\n");
    }

    private static void dt(StringBuilder b, String term, String cls, String value) {
        b.append("<dt>").append(term).append("</dt><dd class=\"").append(cls).append("\">");
        if (value == null || value.isEmpty()) {
            b.append("&#8211;");
        } else {
            escape(b, value);
        }
        b.append("</dd>\n");
    }

    private static String route(Journey j) {
        return j.route().name().toLowerCase(Locale.ROOT);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /**
     * Appends text HTML-escaped for element content and quoted attributes. Control characters that
     * HTML does not allow are shown as their Unicode control pictures, lone surrogates as U+FFFD.
     */
    static void escape(StringBuilder b, String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x3f && ch < 0x7f) {
                b.append(ch);
                continue;
            }
            switch (ch) {
                case '<':
                    b.append("&lt;");
                    break;
                case '>':
                    b.append("&gt;");
                    break;
                case '&':
                    b.append("&amp;");
                    break;
                case '"':
                    b.append("&quot;");
                    break;
                case '\'':
                    b.append("&#39;");
                    break;
                case '\t':
                case '\n':
                    b.append(ch);
                    break;
                default:
                    if (ch < 0x20) {
                        b.append((char) (0x2400 + ch));
                    } else if (ch == 0x7f) {
                        b.append('\u2421');
                    } else if (ch >= 0x80 && ch < 0xa0) {
                        b.append('\ufffd');
                    } else if (ch == '\u2026') {
                        b.append("&#8230;"); // the ellipsis of shortened labels, kept out of a Latin-1 buffer
                    } else if (Character.isHighSurrogate(ch)) {
                        if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                            b.append(ch).append(s.charAt(++i));
                        } else {
                            b.append('\ufffd');
                        }
                    } else if (Character.isLowSurrogate(ch)) {
                        b.append('\ufffd');
                    } else {
                        b.append(ch);
                    }
            }
        }
    }

    private static final String CSS = String.join("\n",
            ":root{--ink:#1d1d1f;--muted:#6e6e73;--rule:#d2d2d7;--paper:#fff;--band:#f5f5f7}",
            "*{box-sizing:border-box}",
            "html{-webkit-print-color-adjust:exact;print-color-adjust:exact}",
            "body{margin:0 auto;max-width:70rem;padding:1.5rem 2rem 3rem;font:15px/1.5 system-ui,-apple-system,"
                    + "\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,sans-serif;color:var(--ink);background:#fbfbfd}",
            "h1{font-size:1.9rem;margin:.1rem 0 .6rem;line-height:1.2}",
            "h2{font-size:1.35rem;margin:2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}",
            "h3{font-size:1.05rem;margin:1.4rem 0 .5rem}",
            "p.description{margin:.2rem 0 .8rem;max-width:52rem;color:var(--ink)}",
            "div.phase{margin:1rem 0 0}",
            "h4.phase-header{font-size:.95rem;margin:0;padding:.3rem .6rem;border-left:6px solid #6e6e73;"
                    + "background:#f0f0f3;overflow-wrap:anywhere}",
            "p.phase-about{margin:.25rem 0 .3rem;font-size:.85rem;color:var(--muted)}",
            ".phase-submission h4{border-left-color:#1565c0;background:#e3f2fd}"
                    + ".phase-relay h4{border-left-color:#5e35b1;background:#ede7f6}"
                    + ".phase-transfer h4{border-left-color:#00796b;background:#e0f2f1}",
            ".phase-delivery h4{border-left-color:#2e7d32;background:#e8f5e9}"
                    + ".phase-retrieval h4{border-left-color:#ef6c00;background:#fff3e0}"
                    + ".phase-bounce h4{border-left-color:#c62828;background:#ffebee}",
            ".kicker{margin:0;color:var(--muted);text-transform:uppercase;letter-spacing:.08em;font-size:.8rem}",
            "dl.session,dl.fields{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0}",
            "dl dt{font-weight:600;color:var(--muted)}dl dd{margin:0;overflow-wrap:anywhere}",
            "table{border-collapse:collapse;margin:.4rem 0;background:var(--paper)}",
            "th,td{border:1px solid var(--rule);padding:.3rem .6rem;text-align:left;vertical-align:top}",
            "thead th{background:var(--band)}",
            "table.compare td,table.figures td{text-align:right;font-variant-numeric:tabular-nums;min-width:7rem}",
            "table.outcomes td.detail{overflow-wrap:anywhere}",
            ".badge{display:inline-block;padding:0 .45rem;border-radius:.6rem;font-size:.85em;font-weight:600;color:#fff}",
            ".badge.delivered{background:#2e7d32}.badge.bounced{background:#c62828}.badge.queued{background:#e65100}"
                + ".badge.refused{background:#6a1b9a}",
            "figure.diagram{margin:.4rem 0;padding:.5rem;border:1px solid var(--rule);background:#fbfbfd}",
            "figure.diagram figcaption{color:var(--muted);font-size:.85rem;margin-top:.3rem}",
            ".capped{color:#c62828;font-weight:600}",
            "svg.ladder{display:block;width:100%;height:auto;font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,"
                    + "Arial,sans-serif}",
            "svg.ladder .hdr{fill:#f0f0f3}",
            "svg.ladder .hn{font-size:13px;font-weight:700;text-anchor:middle;fill:#1d1d1f}",
            "svg.ladder .hd,svg.ladder .hr{font-size:10.5px;text-anchor:middle;fill:#6e6e73}",
            "svg.ladder .hr{font-style:italic}",
            "svg.ladder .life{stroke:#c7c7cc;stroke-width:1;stroke-dasharray:4 3}",
            "svg.ladder .step line{stroke:currentColor;stroke-width:1.3}",
            "svg.ladder .step polygon,svg.ladder .step .l{fill:currentColor}",
            "svg.ladder .step rect{fill:#fff;stroke:currentColor;stroke-width:1.5}",
            "svg.ladder .step .l{font-size:11px}svg.ladder .step .c{text-anchor:middle}",
            "svg.ladder .step .no{font-size:9.5px;fill:#8e8e93;text-anchor:end;font-variant-numeric:tabular-nums}",
            "svg.ladder .step:hover line{stroke-width:2.6}svg.ladder .step:hover .l{font-weight:700}",
            ".dns{color:#1565c0}.tcp{color:#6e6e73}.cmd{color:#1d1d1f}.ok{color:#2e7d32}.mid{color:#00838f}",
            ".temp{color:#e65100}.fail{color:#c62828}.local{color:#6a1b9a}",
            "ul.legend{list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.1rem;padding:0;margin:.3rem 0;"
                    + "font-size:.85rem}",
            "ul.legend .swatch{display:inline-block;width:1.4rem;height:.22rem;margin-right:.35rem;"
                    + "vertical-align:middle;background:currentColor}",
            "ol.steps{list-style:none;padding:0;margin:0}",
            "ol.steps li.item{color:var(--ink);background:var(--paper);border:1px solid var(--rule);"
                    + "border-left:5px solid #6a1b9a;border-radius:4px;padding:.45rem .75rem;margin:.45rem 0}",
            "ol.steps li.dns{border-left-color:#1565c0}ol.steps li.tcp{border-left-color:#6e6e73}",
            "ol.steps li.cmd{border-left-color:#1d1d1f}ol.steps li.ok{border-left-color:#2e7d32}",
            "ol.steps li.mid{border-left-color:#00838f}ol.steps li.temp{border-left-color:#e65100}",
            "ol.steps li.fail{border-left-color:#c62828}",
            ".item .head{font-size:.85rem;color:var(--muted)}",
            ".item .no{display:inline-block;min-width:2.2rem;font-weight:700;color:var(--ink)}",
            ".item .time{font-family:ui-monospace,\"SF Mono\",Menlo,Consolas,\"DejaVu Sans Mono\",monospace}",
            ".item .summary{font-weight:600;overflow-wrap:anywhere}",
            ".item pre{margin:.35rem 0;padding:.4rem .6rem;background:var(--band);border-radius:3px;font-size:.8rem;"
                    + "line-height:1.35;white-space:pre-wrap;overflow-wrap:anywhere;tab-size:4;"
                    + "font-family:ui-monospace,\"SF Mono\",Menlo,Consolas,\"DejaVu Sans Mono\",monospace}",
            ".item .explain{margin:.3rem 0 0}",
            ".item .rfc{margin:.1rem 0 0;font-size:.8rem;color:var(--muted)}",
            "footer.end{margin-top:2rem;color:var(--muted);font-size:.8rem}",
            "@page{size:A4;margin:14mm 12mm}",
            "@media print{",
            "body{max-width:none;padding:0;background:#fff;font-size:10pt}",
            "h2,h3,h4,p.phase-about{break-after:avoid;page-break-after:avoid}",
            "section.journey{break-before:page;page-break-before:always}",
            "table,tr,.legend,figcaption{break-inside:avoid;page-break-inside:avoid}",
            "figure.diagram{border:0;padding:0;background:#fff}",
            "svg.ladder{width:100%!important;max-width:100%;height:auto}",
            "ol.steps li.item{break-inside:avoid;page-break-inside:avoid;border-radius:0}",
            ".item pre{background:#f3f3f3}",
            "}",
            "");
}
