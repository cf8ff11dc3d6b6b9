package org.mailtrail.timeline;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One step of a session: what happened, when, between which hosts, the raw lines on the wire,
 * and the key of its plain-language explanation with the RFC section behind it.
 *
 * @param index          position in the timeline, from 0
 * @param timeMicros     when the step started (virtual time in simulation, measured in live mode),
 *                       microseconds since the session started
 * @param endMicros      when it completed (arrival at the destination); equal to timeMicros for local steps
 * @param kind           what kind of step this is
 * @param source         host the step comes from
 * @param destination    host it goes to (the same as source for a local step)
 * @param summary        one line for lists, e.g. {@code C: MAIL FROM:<alice@example.org>}
 * @param lines          raw lines (SMTP lines without CRLF, dig-style DNS text, header lines)
 * @param explanationKey key into the explanations bundle
 * @param rfc            the RFC section behind the step, e.g. {@code RFC 5321 §4.1.1.2}
 * @param details        further typed facts as text (addresses, ports, codes, the DNS wire message in base64, …),
 *                       in order; copied unless they already are immutable {@link Details}
 * @param phase          the part of the journey the step belongs to; null until a {@link Timeline} (or a
 *                       {@link PhaseTracker}) assigns it
 */
public record TimelineEvent(int index, long timeMicros, long endMicros, EventKind kind, String source,
                            String destination, String summary, List<String> lines, String explanationKey,
                            String rfc, Map<String, String> details, Phase phase) {

    /** An event whose phase the timeline that takes it will work out. */
    public TimelineEvent(int index, long timeMicros, long endMicros, EventKind kind, String source,
                         String destination, String summary, List<String> lines, String explanationKey,
                         String rfc, Map<String, String> details) {
        this(index, timeMicros, endMicros, kind, source, destination, summary, lines, explanationKey, rfc, details,
                null);
    }

    public TimelineEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(explanationKey, "explanationKey");
        rfc = rfc == null ? "" : rfc;
        lines = List.copyOf(lines);
        details = Details.copyOf(details);
        if (endMicros < timeMicros) {
            throw new IllegalArgumentException("event ends before it starts: " + timeMicros + " > " + endMicros);
        }
    }

    /** The same event in another phase. */
    public TimelineEvent withPhase(Phase p) {
        return p == phase ? this : new TimelineEvent(index, timeMicros, endMicros, kind, source, destination, summary,
                lines, explanationKey, rfc, details, p);
    }

    /** A detail value, or the empty string. */
    public String detail(String key) {
        return details.getOrDefault(key, "");
    }

    /** The SMTP verb of a command event ({@code MAIL}), "" for the data block and other events. */
    public String verb() {
        return detail(Details.VERB);
    }

    /** The code of a reply event, or -1. */
    public int replyCode() {
        String c = details.get(Details.CODE);
        if (c == null || c.length() != 3) {
            return -1;
        }
        try {
            return Integer.parseInt(c);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The enhanced status code of a reply event ({@code 2.1.0}), or "". */
    public String enhancedStatus() {
        return detail(Details.ENHANCED);
    }

    /** The connection the event belongs to ({@code c1}), or "" for a step on no connection. */
    public String connection() {
        return detail(Details.CONN);
    }

    /** The queue id the event names, or "". */
    public String queueId() {
        return detail(Details.QUEUE_ID);
    }
}
