package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.mailtrail.timeline.HostLayout;
import org.mailtrail.timeline.HostLinks;
import org.mailtrail.timeline.TimelineEvent;

/**
 * What the network maps draw besides the hosts, worked out from a timeline and nothing else (no scenario is known by
 * name): the organisations the hosts belong to, by domain, and the path a journey takes over the links
 * ({@link HostLinks}).
 */
public final class MapModel {
    private MapModel() {
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

    /** The keys ({@link HostLinks.Link#key()}) of the links a journey uses: its path through the map. */
    public static Set<String> path(List<TimelineEvent> events) {
        Set<String> out = new LinkedHashSet<>();
        for (HostLinks.Link l : HostLinks.links(events)) {
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
