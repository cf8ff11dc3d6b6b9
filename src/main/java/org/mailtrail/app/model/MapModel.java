package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailtrail.timeline.Details;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseSegments;
import org.mailtrail.timeline.TimelineEvent;

/**
 * What the network maps draw besides the hosts, worked out from a timeline and nothing else (no scenario is known by
 * name): the links between hosts with the protocol and port of their connections ({@code SMTP 587}, {@code SMTP 25},
 * {@code IMAP 143}, {@code POP3 110}, {@code DNS 53}), and the organisations the hosts belong to, by domain.
 */
public final class MapModel {
    private MapModel() {
    }

    /**
     * A link between two hosts, from the one that opened it (the client) to the other.
     *
     * @param from     the client: the host that connected or asked
     * @param to       the server it reached
     * @param protocol {@code SMTP}, {@code IMAP}, {@code POP3}, {@code DNS}, or "" for a step inside one site (the MX
     *                 storing into the mailbox server)
     * @param port     the server port, or -1
     */
    public record Link(String from, String to, String protocol, int port) {
        /** {@code SMTP 25}; the protocol alone without a port; "" when nothing is known. */
        public String label() {
            if (protocol.isEmpty()) {
                return port < 0 ? "" : Integer.toString(port);
            }
            return port < 0 ? protocol : protocol + " " + port;
        }

        /** The same key for both directions. */
        public String key() {
            return key(from, to);
        }

        /** The key of the unordered pair of hosts. */
        public static String key(String a, String b) {
            return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        }
    }

    /**
     * An organisation: the hosts of one domain, such as example.org (Alice's provider) or example.net (Bob's).
     *
     * @param domain the domain, lower case
     * @param hosts  its hosts on the map, in the order they first appear
     */
    public record Organisation(String domain, List<String> hosts) {
        public Organisation {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * The links of a timeline, one per pair of hosts that exchanged anything, in the order they are first used. A link
     * is labelled by the connections made on it: the server port of each TCP SYN (or of each DNS query) and the
     * protocol its phase segment spoke (or the one the port is known for). Several protocols on one pair are joined.
     */
    public static List<Link> links(List<TimelineEvent> events) {
        List<PhaseSegment> segments = PhaseSegments.of(events);
        Map<String, Link> out = new LinkedHashMap<>();
        for (TimelineEvent e : events) {
            if (e.source().equals(e.destination())) {
                continue;
            }
            String key = Link.key(e.source(), e.destination());
            Link found = null;
            if (e.kind() == EventKind.TCP_SYN) {
                String service = e.detail(Details.SERVICE_PORT); // the world's port where the lab uses its own
                int port = port(service.isEmpty() ? e.detail(Details.DST_PORT) : service);
                PhaseSegment seg = PhaseSegments.at(segments, e.index());
                String protocol = seg != null && !seg.protocol().isEmpty() && !"DNS".equals(seg.protocol())
                        ? seg.protocol() : protocolOfPort(port);
                found = new Link(e.source(), e.destination(), protocol, port);
            } else if (e.kind() == EventKind.DNS_QUERY) {
                int port = port(e.detail(Details.DST_PORT));
                found = new Link(e.source(), e.destination(), "DNS", port < 0 ? 53 : port);
            }
            Link had = out.get(key);
            if (had == null) {
                out.put(key, found != null ? found : new Link(e.source(), e.destination(), "", -1));
            } else if (found != null) {
                out.put(key, merge(had, found));
            }
        }
        return List.copyOf(out.values());
    }

    private static Link merge(Link had, Link found) {
        if (had.protocol().isEmpty() && had.port() < 0) {
            return found; // the pair was first seen on a step without a connection; the connection names it
        }
        if (had.label().equals(found.label()) || had.label().contains(found.label())) {
            return had;
        }
        // a second protocol on the same pair: keep both, in the order they were used
        return new Link(had.from(), had.to(), had.label() + ", " + found.label(), -1);
    }

    /** The protocol a server port is known for, or "". */
    static String protocolOfPort(int port) {
        switch (port) {
            case 25: case 465: case 587: case 2525:
                return "SMTP";
            case 110: case 995:
                return "POP3";
            case 143: case 993:
                return "IMAP";
            case 53:
                return "DNS";
            default:
                return "";
        }
    }

    private static int port(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The domain a host belongs to: its name without the first label ({@code mx1.example.net} → {@code example.net}),
     * or "" for a name of one label, an address literal or a bare address.
     */
    public static String domainOf(String host) {
        String[] lines = HostLayout.nameLines(host);
        if (lines[1].isEmpty() || !lines[1].startsWith(".")) {
            return "";
        }
        String d = lines[1].substring(1).toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    /**
     * The organisation a placed host belongs to: the resolver none (it serves everyone), a relay its own (the smart
     * host is a service of its own, even under the sender's domain), any other host its domain.
     */
    static String organisationOf(HostLayout.Place p) {
        if ("dns".equals(p.role())) {
            return "";
        }
        return "relay".equals(p.role()) ? p.host().toLowerCase(Locale.ROOT) : domainOf(p.host());
    }

    /**
     * The organisations of the hosts placed on a map, by domain, in the order their first host appears. The DNS
     * resolver serves everyone and belongs to none; a host without a domain neither.
     */
    public static List<Organisation> organisations(List<HostLayout.Place> places) {
        Map<String, List<String>> by = new LinkedHashMap<>();
        for (HostLayout.Place p : places) {
            String d = organisationOf(p);
            if (!d.isEmpty()) {
                by.computeIfAbsent(d, k -> new ArrayList<>()).add(p.host());
            }
        }
        List<Organisation> out = new ArrayList<>();
        by.forEach((d, hosts) -> out.add(new Organisation(d, hosts)));
        return List.copyOf(out);
    }

    /**
     * The places again, with the hosts of each column ordered so that one organisation's hosts sit next to each other
     * (in the order the organisations first appear), so that the boxes drawn around organisations do not overlap.
     * Row 0 (the resolver's) is kept.
     */
    public static List<HostLayout.Place> grouped(List<HostLayout.Place> places) {
        List<String> order = new ArrayList<>();
        for (HostLayout.Place p : places) {
            String d = organisationOf(p);
            if (!order.contains(d)) {
                order.add(d);
            }
        }
        Map<Integer, List<HostLayout.Place>> byColumn = new LinkedHashMap<>();
        List<HostLayout.Place> out = new ArrayList<>();
        for (HostLayout.Place p : places) {
            if (p.row() == 0) {
                out.add(p);
            } else {
                byColumn.computeIfAbsent(p.column(), k -> new ArrayList<>()).add(p);
            }
        }
        for (List<HostLayout.Place> col : byColumn.values()) {
            List<HostLayout.Place> sorted = new ArrayList<>(col);
            sorted.sort(Comparator.comparingInt((HostLayout.Place p) -> order.indexOf(organisationOf(p)))
                    .thenComparingInt(HostLayout.Place::row));
            for (int i = 0; i < sorted.size(); i++) {
                HostLayout.Place p = sorted.get(i);
                out.add(new HostLayout.Place(p.host(), p.role(), p.column(), i + 1));
            }
        }
        return List.copyOf(out);
    }

    /** The keys ({@link Link#key()}) of the links a journey uses: its path through the map. */
    public static Set<String> path(List<TimelineEvent> events) {
        Set<String> out = new LinkedHashSet<>();
        for (Link l : links(events)) {
            out.add(l.key());
        }
        return out;
    }

    /**
     * Before any run, the hosts of {@code world} that its proposed message would meet: every host but the mail
     * exchangers, and the exchangers (the hosts of {@code arrows}, the world's MX arrows) of the domains of its
     * recipients. All of a big world's MX hosts would not fit the map.
     */
    public static Set<String> previewHosts(org.mailtrail.world.World world, List<MxArrows.Arrow> arrows) {
        Set<String> domains = new java.util.HashSet<>();
        java.util.stream.Stream.concat(world.defaults().to().stream(), world.defaults().cc().stream())
                .forEach(a -> domains.add(org.mailtrail.world.World.normalise(a.substring(a.indexOf('@') + 1))));
        Set<String> out = new LinkedHashSet<>();
        world.hosts().stream().filter(h -> h.role() != org.mailtrail.world.Role.MX).forEach(h -> out.add(h.name()));
        out.addAll(exchangers(domains, world, arrows));
        return out;
    }

    /**
     * The mail exchangers of the domains a journey's hosts belong to (the hosts of {@code arrows} that
     * {@code world} has), also those the journey did not reach: a backup MX not needed, a preferred MX skipped.
     */
    public static Set<String> exchangersOf(List<TimelineEvent> events, org.mailtrail.world.World world,
                                           List<MxArrows.Arrow> arrows) {
        Set<String> domains = new java.util.HashSet<>();
        for (TimelineEvent e : events) {
            domains.add(domainOf(e.source()));
            domains.add(domainOf(e.destination()));
        }
        return exchangers(domains, world, arrows);
    }

    private static Set<String> exchangers(Set<String> domains, org.mailtrail.world.World world,
                                          List<MxArrows.Arrow> arrows) {
        Set<String> out = new LinkedHashSet<>();
        for (MxArrows.Arrow a : arrows) {
            if (domains.contains(a.domain()) && world.host(a.host()).isPresent()) {
                out.add(a.host());
            }
        }
        return out;
    }
}
