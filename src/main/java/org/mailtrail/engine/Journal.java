package org.mailtrail.engine;

import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Where the steps of one journey are written, with the times of the transport that carries it: virtual time in the
 * simulation, measured time in the lab. The mail-host core ({@link DeliveryAgent}, {@link ReceivingPolicy}) writes
 * every step through this interface and nothing else, so a simulated and a real journey are told the same way.
 */
public interface Journal {

    /** Now, in microseconds on this journey's timeline. */
    long now();

    /** Appends a step that started at {@code time} and ended at {@code end}. */
    TimelineEvent add(long time, long end, EventKind kind, String source, String destination, String summary,
                      List<String> lines, String key, String rfc, Map<String, String> details);

    /** A step that happens now at one host. */
    default TimelineEvent local(EventKind kind, String host, String summary, List<String> lines, String key,
                                String rfc, Map<String, String> details) {
        long t = now();
        return add(t, t, kind, host, host, summary, lines, key, rfc, details);
    }

    /** A step between two hosts that takes no network time (a hand-over to the mailbox store, an acceptance). */
    default TimelineEvent note(EventKind kind, String from, String to, String summary, List<String> lines, String key,
                               String rfc, Map<String, String> details) {
        long t = now();
        return add(t, t, kind, from, to, summary, lines, key, rfc, details);
    }
}
