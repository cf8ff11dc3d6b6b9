package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.export.TextTranscript;
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
            switch (e.kind()) {
                case SMTP_COMMAND:
                case MAILBOX_COMMAND:
                    for (String l : e.lines()) {
                        out.add(new Line(e.index(), time + "  C: " + l, "client"));
                    }
                    break;
                case SMTP_REPLY:
                    String style = "reply-" + (e.detail("code").isEmpty() ? "5" : e.detail("code").substring(0, 1)) + "xx";
                    for (String l : e.lines()) {
                        out.add(new Line(e.index(), time + "  S: " + l, style));
                    }
                    break;
                case MAILBOX_REPLY:
                    for (String l : e.lines()) {
                        out.add(new Line(e.index(), time + "  S: " + l, "reply-2xx"));
                    }
                    break;
                case DNS_QUERY:
                case DNS_ANSWER:
                case MX_DECISION:
                    out.add(new Line(e.index(), time + "  " + e.summary(), "dns"));
                    break;
                case TCP_SYN:
                case TCP_SYN_ACK:
                case TCP_ACK:
                case TCP_CLOSE:
                case TLS_NEGOTIATED:
                    out.add(new Line(e.index(), time + "  " + e.summary(), "tcp"));
                    break;
                case TCP_FAILED:
                case PROTOCOL_ERROR:
                case DELIVERY_FAILED:
                case BOUNCE_GENERATED:
                    out.add(new Line(e.index(), time + "  " + e.summary(), "failure"));
                    break;
                case QUEUED:
                case RETRY_SCHEDULED:
                    out.add(new Line(e.index(), time + "  " + e.summary(), "queued"));
                    break;
                default:
                    out.add(new Line(e.index(), time + "  " + e.summary(), "note"));
            }
        }
        return out;
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
