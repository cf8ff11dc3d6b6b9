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

    /**
     * Counts hops (servers that took the message), connections, queries, round trips, time, Received: lines. A bounce
     * is a new message going the other way: the servers that took it are not hops of the message, and its
     * Received: lines are not the message's. Received: lines are those of the message where it got farthest: in a
     * mailbox when it was delivered, else in the last queue that took it.
     */
    public Stats stats() {
        int received = 0;
        boolean delivered = false;
        for (DeliveredMessage d : this.delivered) {
            if (!d.bounce()) {
                delivered = true;
                received = Math.max(received, org.mailtrail.engine.MessageComposer.countReceived(d.content()));
            }
        }
        java.util.Set<String> originals = new java.util.HashSet<>();
        // the servers that took responsibility: one that took the message in two transactions (more than 100
        // recipients, RFC 5321 §4.5.3.1.8) is one hop
        java.util.Set<String> servers = new java.util.HashSet<>();
        for (TimelineEvent e : timeline.events()) {
            // a bounce is accepted with the null reverse-path (RFC 5321 §4.5.5): "from" present and empty
            if (e.kind() == EventKind.MESSAGE_ACCEPTED
                    && !(e.details().containsKey("from") && e.detail("from").isEmpty())) {
                servers.add(e.destination());
                originals.add(e.detail(org.mailtrail.timeline.Details.QUEUE_ID));
            }
        }
        int hops = servers.size();
        if (!delivered) {
            for (TimelineEvent e : timeline.events()) {
                if (e.kind() == EventKind.RECEIVED_ADDED
                        && originals.contains(e.detail(org.mailtrail.timeline.Details.QUEUE_ID))) {
                    try {
                        received = Math.max(received, Integer.parseInt(e.detail("hop")));
                    } catch (NumberFormatException ignored) {
                        received = Math.max(received, 1);
                    }
                }
            }
        }
        return new Stats(hops, timeline.count(EventKind.TCP_ACK), timeline.count(EventKind.DNS_QUERY),
                timeline.count(EventKind.SMTP_REPLY), timeline.durationMicros(), received);
    }

    /** 0 every recipient delivered, 5 at least one bounced or refused, 4 at least one still queued. */
    public int exitCode() {
        boolean queued = false;
        for (RecipientOutcome o : outcomes.values()) {
            if (o.status() == RecipientOutcome.Status.BOUNCED || o.status() == RecipientOutcome.Status.REFUSED) {
                return 5;
            }
            queued |= o.status() == RecipientOutcome.Status.QUEUED;
        }
        return queued ? 4 : 0;
    }
}
