package org.mailtrail.app.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.lab.LabPlan;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Host;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/** The rows of the Lab tab's two tables: the lab's hosts, and its journeys with where each stands. */
public final class LabRows {
    private LabRows() {
    }

    /** A port of a host, with what listens there: smtp, submission, pop3, imap or dns. */
    public record Port(int number, String kind) {
    }

    /** A row of the host table: a host (or the DNS server), its role, lab address and ports; down: nothing listens. */
    public record HostRow(String host, String role, String address, List<Port> ports, boolean down) {
    }

    /** Where a journey stands. */
    public enum Status { IN_PROGRESS, QUEUED, DELIVERED, BOUNCED, REFUSED }

    /** A row of the journey list. */
    public record JourneyRow(int number, String title, Route route, Instant started, Status status, int steps) {
    }

    /**
     * Where each recipient stands: the journey's state, and where that has not caught up yet with a step already
     * recorded (a mailbox delivery or a final failure is written just before the state learns of it), the step.
     */
    static Map<String, RecipientOutcome> outcomes(Map<String, RecipientOutcome> state, List<TimelineEvent> events) {
        Map<String, RecipientOutcome> m = new LinkedHashMap<>(state);
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.DELIVERED) {
                settle(m, state.isEmpty(), e.detail(Details.MAILBOX), RecipientOutcome.Status.DELIVERED, e);
            } else if (e.kind() == EventKind.DELIVERY_FAILED) {
                settle(m, state.isEmpty(), e.detail(Details.RECIPIENT), RecipientOutcome.Status.BOUNCED, e);
            }
        }
        return m;
    }

    private static void settle(Map<String, RecipientOutcome> m, boolean any, String rcpt, RecipientOutcome.Status s,
                               TimelineEvent e) {
        RecipientOutcome o = m.get(rcpt);
        if (!rcpt.isEmpty() && (o == null ? any : o.status() == RecipientOutcome.Status.QUEUED)) {
            m.put(rcpt, new RecipientOutcome(rcpt, s, e.summary(), e.source()));
        }
    }

    /**
     * Once no recipient is left queued: bounced if one bounced, else refused if one was refused at once (a 5xx the
     * sender's client got, no bounce), else delivered; queued while waiting for a retry; else in progress.
     */
    static Status status(Map<String, RecipientOutcome> outcomes, List<TimelineEvent> events) {
        boolean queued = outcomes.isEmpty();
        boolean bounced = false;
        boolean refused = false;
        for (RecipientOutcome o : outcomes.values()) {
            queued |= o.status() == RecipientOutcome.Status.QUEUED;
            bounced |= o.status() == RecipientOutcome.Status.BOUNCED;
            refused |= o.status() == RecipientOutcome.Status.REFUSED;
        }
        if (!queued) {
            return bounced ? Status.BOUNCED : refused ? Status.REFUSED : Status.DELIVERED;
        }
        EventKind last = events.isEmpty() ? null : events.get(events.size() - 1).kind();
        return last == EventKind.RETRY_SCHEDULED || last == EventKind.QUEUED ? Status.QUEUED : Status.IN_PROGRESS;
    }

    /** The host table of a plan: the DNS server, then the hosts; a down host has no ports. */
    static List<HostRow> hosts(LabPlan plan) {
        List<HostRow> rows = new ArrayList<>();
        World w = plan.world();
        LabPlan.Ports p = plan.ports();
        rows.add(new HostRow(w.dns().resolverName(), "dns", plan.dnsAddress(), List.of(new Port(p.dns(), "dns")),
                false));
        for (LabPlan.Entry e : plan.entries()) {
            Host h = e.host();
            boolean down = h.smtp().down() || h.smtp().unreachable();
            List<Port> ps = new ArrayList<>();
            for (int n : down ? List.<Integer>of() : e.ports()) {
                ps.add(new Port(n, n == p.smtp() ? "smtp" : n == p.submission() ? "submission"
                        : n == p.pop3() ? "pop3" : n == p.imap() ? "imap" : ""));
            }
            rows.add(new HostRow(h.name(), h.role().name().toLowerCase(java.util.Locale.ROOT), e.address(), ps, down));
        }
        return rows;
    }
}
