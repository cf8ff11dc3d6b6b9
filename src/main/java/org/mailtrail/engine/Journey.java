package org.mailtrail.engine;

import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/** One message's journey along one route: its timeline and where each recipient's copy ended up. */
public record Journey(Route route, Timeline timeline, Map<String, RecipientOutcome> outcomes,
                      List<DeliveredMessage> delivered) {

    /** Figures for the comparison of routes. */
    public record Stats(int hops, long tcpConnections, long dnsQueries, long smtpRoundTrips, long durationMicros,
                        int receivedLines) {
    }

    /** Counts hops (servers that took the message), connections, queries, round trips, time, Received: lines. */
    public Stats stats() {
        int received = 0;
        for (DeliveredMessage d : delivered) {
            if (!d.bounce()) {
                received = Math.max(received, org.mailtrail.engine.MessageComposer.countReceived(d.content()));
            }
        }
        int hops = 0;
        for (TimelineEvent e : timeline.events()) {
            if (e.kind() == EventKind.MESSAGE_ACCEPTED) {
                hops++;
            }
        }
        return new Stats(hops, timeline.count(EventKind.TCP_ACK), timeline.count(EventKind.DNS_QUERY),
                timeline.count(EventKind.SMTP_REPLY), timeline.durationMicros(), received);
    }

    /** 0 every recipient delivered, 5 at least one bounced, 4 at least one still queued. */
    public int exitCode() {
        boolean queued = false;
        for (RecipientOutcome o : outcomes.values()) {
            if (o.status() == RecipientOutcome.Status.BOUNCED) {
                return 5;
            }
            queued |= o.status() == RecipientOutcome.Status.QUEUED;
        }
        return queued ? 4 : 0;
    }
}
