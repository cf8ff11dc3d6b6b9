package org.mailtrail.app.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The hosts of a ladder diagram, one column each, in the order the journey first reaches them (a step's source before
 * its destination). Worked out once per journey, in one pass; {@link #upTo} then answers for any step without going
 * over the steps again, so that a lesson can narrow the columns at every step of a long session.
 *
 * <p>While a lesson is under way the ladder shows only {@link #upTo the hosts reached up to the step shown}, as the
 * network map draws only the links used so far: a column for every host of the journey would show where the mail goes
 * before the class is asked (a tester saw an mx1 column, and none for mx2, at step 1 of "How mail finds its way",
 * before the checkpoint "Which MX first?"). Otherwise it shows {@link #all} of them.
 */
public final class LadderHosts {
    private static final LadderHosts NONE = new LadderHosts(List.of(), new int[0]);

    private final List<String> hosts;
    /** The index of the step at which each host (same position in {@link #hosts}) first takes part; ascending. */
    private final int[] first;

    private LadderHosts(List<String> hosts, int[] first) {
        this.hosts = hosts;
        this.first = first;
    }

    /** The hosts of these steps (a journey's whole timeline), each with the step that first reaches it. */
    public static LadderHosts of(List<TimelineEvent> events) {
        if (events == null || events.isEmpty()) {
            return NONE;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        int step = 0;
        for (TimelineEvent e : events) {
            seen.putIfAbsent(e.source(), step);
            seen.putIfAbsent(e.destination(), step);
            step++;
        }
        int[] first = new int[seen.size()];
        int i = 0;
        for (int f : seen.values()) {
            first[i++] = f;
        }
        return new LadderHosts(List.copyOf(seen.keySet()), first);
    }

    /** Every host of the journey, in the order it is first reached. */
    public List<String> all() {
        return hosts;
    }

    /**
     * The hosts that the steps up to and including this one reach, in the same order as {@link #all}: a prefix of it.
     * None before the first step (-1).
     */
    public List<String> upTo(int step) {
        int n = 0;
        while (n < first.length && first[n] <= step) {
            n++;
        }
        return n == hosts.size() ? hosts : hosts.subList(0, n);
    }
}
