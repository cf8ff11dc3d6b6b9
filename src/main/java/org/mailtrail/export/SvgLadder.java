package org.mailtrail.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.SessionInfo;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/** The ladder (sequence) diagram of one journey as inline SVG, drawn like the GUI's diagram. */
final class SvgLadder {
    static final int GUTTER = 46;
    static final int HEADER = 58;
    static final int ROW = 22;
    static final int PAD = 12;
    /** Average advance of the 11-unit label font, for shortening labels without measuring. */
    private static final double CHAR_W = 6.1;

    private SvgLadder() {
    }

    /**
     * Appends the diagram of the first {@code limit} events.
     *
     * @param b      where the SVG goes
     * @param events the journey's timeline
     * @param limit  the most events to draw
     * @param info   the session, for the roles of the hosts
     * @param label  the accessible label of the whole diagram
     */
    static void render(StringBuilder b, List<TimelineEvent> events, int limit, SessionInfo info, String label) {
        render(b, events, limit, info, label, null);
    }

    /** As above, with the labels and titles of steps that are not protocol text said by {@code words} (null: English). */
    static void render(StringBuilder b, List<TimelineEvent> events, int limit, SessionInfo info, String label,
                       SummaryText words) {
        int n = Math.min(limit, events.size());
        List<String> hosts = lanes(events);
        Map<String, Integer> column = columns(hosts);
        int cols = Math.max(1, hosts.size());
        int colW = Math.max(124, 920 / cols);
        int width = GUTTER + cols * colW + PAD;
        int bottom = HEADER + n * ROW + PAD;
        b.append("<svg class=\"ladder\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ')
                .append(bottom).append("\" preserveAspectRatio=\"xMinYMin meet\" role=\"img\" aria-label=\"");
        HtmlHandout.escape(b, label);
        b.append("\" data-steps=\"").append(n).append("\">\n");
        b.append("<rect class=\"hdr\" x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"")
                .append(HEADER - 8).append("\"/>\n");
        for (int i = 0; i < hosts.size(); i++) {
            String host = hosts.get(i);
            int x = GUTTER + i * colW + colW / 2;
            String[] lines = HostLayout.nameLines(host);
            String head = lines[0];
            String tail = lines[1];
            int chars = (int) ((colW - 6) / CHAR_W);
            b.append("<g class=\"host\" data-host=\"");
            HtmlHandout.escape(b, host);
            b.append("\"><title>");
            HtmlHandout.escape(b, host);
            b.append("</title><text class=\"hn\" x=\"").append(x).append("\" y=\"17\">");
            HtmlHandout.escape(b, fit(head, chars - 1));
            b.append("</text><text class=\"hd\" x=\"").append(x).append("\" y=\"31\">");
            HtmlHandout.escape(b, fit(tail, chars));
            b.append("</text>");
            String role = info == null ? "" : info.host(host).map(SessionInfo.HostInfo::role).orElse("");
            if (!role.isEmpty()) {
                b.append("<text class=\"hr\" x=\"").append(x).append("\" y=\"44\">");
                HtmlHandout.escape(b, fit(role, chars));
                b.append("</text>");
            }
            b.append("<line class=\"life\" x1=\"").append(x).append("\" y1=\"").append(HEADER - 8).append("\" x2=\"")
                    .append(x).append("\" y2=\"").append(bottom - 4).append("\"/></g>\n");
        }
        for (int i = 0; i < n; i++) {
            TimelineEvent e = events.get(i);
            int y = HEADER + i * ROW + ROW / 2 + 2;
            int x1 = GUTTER + column.get(e.source()) * colW + colW / 2;
            int x2 = GUTTER + column.get(e.destination()) * colW + colW / 2;
            b.append("<g class=\"step ").append(colourClass(e)).append("\" data-index=\"").append(e.index())
                    .append("\"><title>");
            HtmlHandout.escape(b, words == null ? e.summary() : words.of(e));
            b.append("</title><text class=\"no\" x=\"").append(GUTTER - 8).append("\" y=\"").append(y + 4).append("\">")
                    .append(e.index() + 1).append("</text>");
            String text = label(e, words);
            if (x1 == x2) {
                b.append("<rect x=\"").append(x1 - 5).append("\" y=\"").append(y - 6)
                        .append("\" width=\"10\" height=\"12\"/><text class=\"l\" x=\"").append(x1 + 10)
                        .append("\" y=\"").append(y + 4).append("\">");
                int room = Math.min(width - x1 - 14, (int) (colW * 2.5));
                HtmlHandout.escape(b, fit(text, (int) (room / CHAR_W)));
            } else {
                int dir = x2 > x1 ? 1 : -1;
                b.append("<line x1=\"").append(x1).append("\" y1=\"").append(y).append("\" x2=\"").append(x2 - dir)
                        .append("\" y2=\"").append(y).append("\"/><polygon points=\"").append(x2).append(',').append(y)
                        .append(' ').append(x2 - dir * 8).append(',').append(y - 4).append(' ').append(x2 - dir * 8)
                        .append(',').append(y + 4).append("\"/>");
                int span = Math.abs(x2 - x1) - 10;
                int room = Math.max(span, Math.min(250, colW * 2));
                int mid = (x1 + x2) / 2;
                mid = Math.max(GUTTER + room / 2 + 2, Math.min(width - room / 2 - 2, mid));
                b.append("<text class=\"l c\" x=\"").append(mid).append("\" y=\"").append(y - 4).append("\">");
                HtmlHandout.escape(b, fit(text, (int) (room / CHAR_W)));
            }
            b.append("</text></g>\n");
        }
        b.append("</svg>\n");
    }

    /** The hosts of a journey in the order they first appear: one lifeline each, even one seen only after a cap. */
    static List<String> lanes(List<TimelineEvent> events) {
        LinkedHashSet<String> set = new LinkedHashSet<>();
        for (TimelineEvent e : events) {
            set.add(e.source());
            set.add(e.destination());
        }
        return new ArrayList<>(set);
    }

    /** Each lane's column. */
    static Map<String, Integer> columns(List<String> lanes) {
        Map<String, Integer> column = new HashMap<>();
        for (int i = 0; i < lanes.size(); i++) {
            column.put(lanes.get(i), i);
        }
        return column;
    }

    /** The summary as a diagram label: without the {@code C: } or {@code S: } of the transcript. */
    static String label(TimelineEvent e) {
        return label(e, null);
    }

    /** The label in the language of {@code words} (null: the engine's English summary). */
    static String label(TimelineEvent e, SummaryText words) {
        String s = words == null ? e.summary() : words.of(e);
        if (s.startsWith("C: ") || s.startsWith("S: ")) {
            return s.substring(3);
        }
        return s;
    }

    /** The text shortened with an ellipsis to at most {@code chars} characters. */
    static String fit(String text, int chars) {
        if (text.length() <= chars) {
            return text;
        }
        if (chars <= 1) {
            return "";
        }
        int end = chars - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /**
     * The colour class of a step, as the GUI colours it: {@code dns}, {@code tcp}, {@code cmd},
     * {@code ok}, {@code mid}, {@code temp}, {@code fail} or {@code local}.
     */
    static String colourClass(TimelineEvent e) {
        switch (e.kind()) {
            case DNS_QUERY:
            case DNS_ANSWER:
            case MX_DECISION:
                return "dns";
            case TCP_SYN:
            case TCP_SYN_ACK:
            case TCP_ACK:
            case TCP_CLOSE:
            case TLS_NEGOTIATED:
                return "tcp";
            case TCP_FAILED:
            case PROTOCOL_ERROR:
            case DELIVERY_FAILED:
            case BOUNCE_GENERATED:
                return "fail";
            case SMTP_COMMAND:
            case MAILBOX_COMMAND:
                return "cmd";
            case SMTP_REPLY:
                return replyClass(replyCode(e));
            case MAILBOX_REPLY:
                return e.summary().contains("-ERR") || e.summary().contains(" NO ") ? "fail" : "ok";
            case QUEUED:
            case RETRY_SCHEDULED:
                return "temp";
            default:
                return e.kind() == EventKind.DELIVERED || e.kind() == EventKind.MAILBOX_RETRIEVED ? "ok" : "local";
        }
    }

    private static String replyCode(TimelineEvent e) {
        String code = e.detail(Details.CODE);
        if (!code.isEmpty()) {
            return code;
        }
        String s = label(e);
        return s.length() >= 3 ? s.substring(0, 3) : "";
    }

    private static String replyClass(String code) {
        if (code.startsWith("2")) {
            return "ok";
        }
        if (code.startsWith("3")) {
            return "mid";
        }
        if (code.startsWith("4")) {
            return "temp";
        }
        return "fail";
    }
}
