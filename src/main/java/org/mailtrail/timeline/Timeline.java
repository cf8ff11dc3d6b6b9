package org.mailtrail.timeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The ordered list of events of one journey; append-only while it is recorded. */
public final class Timeline {
    private final List<TimelineEvent> events = new ArrayList<>(64);
    private final List<TimelineEvent> view = Collections.unmodifiableList(events);
    private final PhaseTracker phases = new PhaseTracker();

    /** Appends an event; its index and {@link Phase} are assigned here. */
    public TimelineEvent add(long timeMicros, long endMicros, EventKind kind, String source, String destination,
                             String summary, List<String> lines, String explanationKey, String rfc,
                             Map<String, String> details) {
        TimelineEvent e = phases.assign(new TimelineEvent(events.size(), timeMicros, endMicros, kind, source,
                destination, summary, lines, explanationKey, rfc, details));
        events.add(e);
        return e;
    }

    /**
     * Appends an already built event (an import), checking that indexes follow on; an event without a phase (a
     * session log written before phases existed) gets the one its predecessors imply.
     */
    public TimelineEvent append(TimelineEvent e) {
        if (e.index() != events.size()) {
            throw new IllegalArgumentException("event index " + e.index() + " where " + events.size() + " was expected");
        }
        TimelineEvent withPhase = phases.assign(e);
        events.add(withPhase);
        return withPhase;
    }

    public List<TimelineEvent> events() {
        return view;
    }

    public int size() {
        return events.size();
    }

    public TimelineEvent get(int i) {
        return events.get(i);
    }

    /** Time of the last step's end, in microseconds. */
    public long durationMicros() {
        long max = 0;
        for (TimelineEvent e : events) {
            max = Math.max(max, e.endMicros());
        }
        return max;
    }

    /** Number of events of one kind. */
    public long count(EventKind kind) {
        long n = 0;
        for (TimelineEvent e : events) {
            if (e.kind() == kind) {
                n++;
            }
        }
        return n;
    }
}
