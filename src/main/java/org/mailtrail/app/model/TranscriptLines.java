package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.TimelineEvent;

/** The transcript as lines, each knowing its step and its kind (for colour by reply class). */
public final class TranscriptLines {
    /** One line of the transcript. */
    public record Line(int event, String text, String style) {
    }

    private TranscriptLines() {
    }

    public static List<Line> of(List<TimelineEvent> events) {
        List<Line> out = new ArrayList<>(events.size() * 2);
        for (TimelineEvent e : events) {
            String time = TextTranscript.clock(e.timeMicros());
            String style = style(e);
            switch (e.kind()) {
                case SMTP_COMMAND, MAILBOX_COMMAND -> {
                    for (String l : e.lines()) {
                        out.add(new Line(e.index(), time + "  C: " + l, style));
                    }
                }
                case SMTP_REPLY, MAILBOX_REPLY -> {
                    for (String l : e.lines()) {
                        out.add(new Line(e.index(), time + "  S: " + l, style));
                    }
                }
                default -> out.add(new Line(e.index(), time + "  " + e.summary(), style));
            }
        }
        return out;
    }

    /** Every class {@link #style} gives. */
    public static final List<String> STYLES = List.of("client", "reply-2xx", "reply-3xx", "reply-4xx", "reply-5xx",
            "dns", "tcp", "failure", "queued", "note");

    /**
     * The style class of an event, the same in the transcript and in the list of steps: commands,
     * replies by class (2xx-5xx), DNS, TCP and TLS, failures, queueing, and notes.
     */
    public static String style(TimelineEvent e) {
        return switch (e.kind()) {
            case SMTP_COMMAND, MAILBOX_COMMAND -> "client";
            case SMTP_REPLY -> "reply-" + (e.detail(Details.CODE).isEmpty() ? "5" : e.detail(Details.CODE).substring(0, 1)) + "xx";
            case MAILBOX_REPLY -> "reply-2xx";
            case DNS_QUERY, DNS_ANSWER, MX_DECISION -> "dns";
            case TCP_SYN, TCP_SYN_ACK, TCP_ACK, TCP_CLOSE, TLS_NEGOTIATED -> "tcp";
            case TCP_FAILED, PROTOCOL_ERROR, DELIVERY_FAILED, BOUNCE_GENERATED -> "failure";
            case QUEUED, RETRY_SCHEDULED -> "queued";
            default -> "note";
        };
    }

    /** The first line of an event (binary search; lines are in event order). */
    public static int firstLineOf(List<Line> lines, int event) {
        int lo = 0;
        int hi = lines.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lines.get(mid).event() >= event) {
                found = mid;
                hi = mid - 1;
            } else {
                lo = mid + 1;
            }
        }
        return found;
    }
}
