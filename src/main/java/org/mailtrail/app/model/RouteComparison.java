package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The Compare tab's figures and paths for the journeys of one result (direct and relay): what each route costs, who
 * looks up the MX records, and which links of the shared map each route uses. Worked out from the timelines.
 */
public final class RouteComparison {
    /** Ids of the figures, in the order they are shown; each has the message key {@code compare.<id>}. */
    public static final List<String> FIGURES = List.of("hops", "tcp", "dns", "smtp", "received", "transport", "time",
            "mxlookup");

    private final List<Journey> journeys;

    public RouteComparison(List<Journey> journeys) {
        this.journeys = List.copyOf(journeys);
    }

    public List<Journey> journeys() {
        return journeys;
    }

    /**
     * One figure for every journey, as shown (numbers, times as {@code 0:00:00.484000}, host names).
     *
     * @param id     one of {@link #FIGURES}
     * @param values one per journey, in the journeys' order
     */
    public record Figure(String id, List<String> values) {
        public Figure {
            values = List.copyOf(values);
        }

        /** True when the routes differ in this figure: what the table highlights. */
        public boolean differs() {
            return new LinkedHashSet<>(values).size() > 1;
        }
    }

    /** Every figure of {@link #FIGURES}, in that order. */
    public List<Figure> figures() {
        List<Figure> out = new ArrayList<>();
        for (String id : FIGURES) {
            List<String> values = new ArrayList<>();
            for (Journey j : journeys) {
                values.add(value(id, j));
            }
            out.add(new Figure(id, values));
        }
        return out;
    }

    private static String value(String id, Journey j) {
        Journey.Stats s = j.stats();
        switch (id) {
            case "hops":
                return Integer.toString(s.hops());
            case "tcp":
                return Long.toString(s.tcpConnections());
            case "dns":
                return Long.toString(s.dnsQueries());
            case "smtp":
                return Long.toString(s.smtpRoundTrips());
            case "received":
                return Integer.toString(s.receivedLines());
            case "transport":
                long t = transportMicros(j.timeline().events());
                return t < 0 ? "-" : org.mailtrail.export.TextTranscript.clock(t);
            case "time":
                return org.mailtrail.export.TextTranscript.clock(s.durationMicros());
            case "mxlookup":
                String who = mxLookupBy(j.timeline().events());
                return who.isEmpty() ? "-" : who;
            default:
                throw new IllegalArgumentException(id);
        }
    }

    /**
     * The time the message spent travelling: from the first step until the last one that put it into a mailbox. The
     * wait before the recipient's client asks for new mail, and the fetching itself, are not part of it; -1 when
     * nothing was delivered.
     */
    public static long transportMicros(List<TimelineEvent> events) {
        long end = -1;
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.DELIVERED) {
                end = Math.max(end, e.endMicros());
            }
        }
        if (end < 0 || events.isEmpty()) {
            return -1;
        }
        return end - events.get(0).timeMicros();
    }

    /**
     * The host that asked DNS for the recipient domain's MX records (the sender's server when it delivers directly,
     * the smart host when it relays), or "" when no MX query was made. Several hosts are joined by commas.
     */
    public static String mxLookupBy(List<TimelineEvent> events) {
        Set<String> who = new LinkedHashSet<>();
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.DNS_QUERY && "MX".equalsIgnoreCase(e.detail(Details.QTYPE))) {
                who.add(e.source());
            }
        }
        return String.join(", ", who);
    }

    /** The links (keys of {@link org.mailtrail.timeline.HostLinks.Link}) each journey uses, in the journeys' order. */
    public List<Set<String>> paths() {
        List<Set<String>> out = new ArrayList<>();
        for (Journey j : journeys) {
            out.add(MapModel.path(j.timeline().events()));
        }
        return out;
    }

    /** The links of every journey, one per pair of hosts (the first journey's label wins): the shared map's links. */
    public List<org.mailtrail.timeline.HostLinks.Link> links() {
        java.util.Map<String, org.mailtrail.timeline.HostLinks.Link> out = new java.util.LinkedHashMap<>();
        for (Journey j : journeys) {
            for (org.mailtrail.timeline.HostLinks.Link l : org.mailtrail.timeline.HostLinks.links(j.timeline().events())) {
                out.putIfAbsent(l.key(), l);
            }
        }
        return List.copyOf(out.values());
    }

    /** Every event of every journey, one after the other: what the shared map places its hosts and links from. */
    public List<TimelineEvent> allEvents() {
        List<TimelineEvent> out = new ArrayList<>();
        for (Journey j : journeys) {
            out.addAll(j.timeline().events());
        }
        return out;
    }
}
