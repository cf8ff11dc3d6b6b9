package org.mailtrail.export;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.engine.SmtpSteps;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Hides AUTH credentials (RFC 4954) before a session is shown or written: the initial response after
 * {@code AUTH PLAIN} and every answer to a 334 challenge become {@value #MASK}. The events that carry them are marked
 * with the detail {@link SmtpSteps#SECRET} when they are recorded; a redacted event gets {@code redacted=true} instead.
 */
public final class Redaction {
    /** What stands in for a secret. */
    public static final String MASK = "<redacted>";

    private Redaction() {
    }

    /** The session with every secret hidden; the same object when it has none. */
    public static SimulationResult redact(SimulationResult r) {
        List<Journey> journeys = new ArrayList<>();
        boolean changed = false;
        for (Journey j : r.journeys()) {
            Journey redacted = redact(j);
            changed |= redacted != j;
            journeys.add(redacted);
        }
        return changed ? new SimulationResult(r.info(), r.compose(), r.seed(), journeys) : r;
    }

    private static Journey redact(Journey j) {
        boolean any = false;
        for (TimelineEvent e : j.timeline().events()) {
            if (e.details().containsKey(SmtpSteps.SECRET)) {
                any = true;
                break;
            }
        }
        if (!any) {
            return j;
        }
        Timeline t = new Timeline();
        for (TimelineEvent e : j.timeline().events()) {
            t.append(e.details().containsKey(SmtpSteps.SECRET) ? redact(e) : e);
        }
        return new Journey(j.route(), t, j.outcomes(), j.delivered());
    }

    /** One event with its secret lines masked. */
    public static TimelineEvent redact(TimelineEvent e) {
        List<String> lines = new ArrayList<>();
        for (String l : e.lines()) {
            lines.add(mask(l));
        }
        String summary = e.summary().startsWith("C: ") ? "C: " + mask(e.summary().substring(3)) : mask(e.summary());
        Details.Builder d = Details.builder();
        for (var en : e.details().entrySet()) {
            if (!en.getKey().equals(SmtpSteps.SECRET)) {
                d.put(en.getKey(), en.getValue());
            }
        }
        d.put("redacted", "true");
        return new TimelineEvent(e.index(), e.timeMicros(), e.endMicros(), e.kind(), e.source(), e.destination(),
                summary, lines, e.explanationKey(), e.rfc(), d.build(), e.phase());
    }

    /** {@code AUTH PLAIN xyz} → {@code AUTH PLAIN <redacted>}; {@code AUTH LOGIN} stays; any other line is masked. */
    static String mask(String line) {
        if (line.regionMatches(true, 0, "AUTH ", 0, 5)) {
            String[] parts = line.split(" ", 3);
            return parts.length < 3 ? line : parts[0] + " " + parts[1] + " " + MASK;
        }
        return line.isEmpty() ? line : MASK;
    }
}
