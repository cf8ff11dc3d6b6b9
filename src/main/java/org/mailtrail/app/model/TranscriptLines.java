package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseText;
import org.mailtrail.timeline.SummaryText;
import org.mailtrail.timeline.TimelineEvent;

/** The transcript as lines, each knowing its step and its kind (for colour by reply class). */
public final class TranscriptLines {
    /**
     * One line of the transcript.
     *
     * @param event  the step it belongs to (a header: the first step of its segment)
     * @param text   the text shown
     * @param style  its style class ({@link #STYLES}; a header: {@code phase-transfer} and so on)
     * @param header whether it is the header of a {@link PhaseSegment} rather than a line of a step
     */
    public record Line(int event, String text, String style, boolean header) {
        /** A line of a step. */
        public Line(int event, String text, String style) {
            this(event, text, style, false);
        }
    }

    /** The style class every segment's header line has besides its phase's. */
    public static final String HEADER_STYLE = "phase-header";

    /** Every class a header line gives: {@link #HEADER_STYLE} and one per phase, {@code phase-transfer} and so on. */
    public static final List<String> PHASE_STYLES = phaseStyles();

    /** The style class of a phase's colour band: {@code phase-transfer}. */
    public static String phaseStyle(Phase p) {
        return "phase-" + p.id();
    }

    private static List<String> phaseStyles() {
        List<String> out = new ArrayList<>();
        out.add(HEADER_STYLE);
        for (Phase p : Phase.values()) {
            out.add(phaseStyle(p));
        }
        return List.copyOf(out);
    }

    private TranscriptLines() {
    }

    /** The lines of these events, without headers. */
    public static List<Line> of(List<TimelineEvent> events) {
        return of(events, List.of(), null);
    }

    /**
     * The lines of these events with a header line (the segment's {@link PhaseText#header}) before the first line of
     * each segment.
     */
    public static List<Line> of(List<TimelineEvent> events, List<PhaseSegment> segments, PhaseText phases) {
        return of(events, segments, phases, null);
    }

    /**
     * As {@link #of(List, List, PhaseText)}, with the annotation lines (steps that are not protocol text) said by
     * {@code summaries}; null keeps the engine's English summaries.
     */
    public static List<Line> of(List<TimelineEvent> events, List<PhaseSegment> segments, PhaseText phases,
                                SummaryText summaries) {
        List<Line> out = new ArrayList<>(events.size() * 2 + segments.size());
        int next = 0;
        for (TimelineEvent e : events) {
            while (phases != null && next < segments.size() && segments.get(next).first() <= e.index()) {
                PhaseSegment s = segments.get(next++);
                if (s.first() == e.index()) {
                    out.add(new Line(e.index(), "\u2500\u2500 " + phases.header(s), phaseStyle(s.phase()), true));
                }
            }
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
                default -> out.add(new Line(e.index(), time + "  " + (summaries == null ? e.summary()
                        : summaries.of(e)), style));
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

    /** The first line of an event that is not a header (binary search; lines are in event order). */
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
        while (found >= 0 && found < lines.size() - 1 && lines.get(found).header()
                && lines.get(found + 1).event() == lines.get(found).event()) {
            found++;
        }
        return found;
    }
}
