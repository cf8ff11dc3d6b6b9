package org.mailtrail.timeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where each host of a journey goes on the network map: columns by role, from the sender's client
 * on the left to the recipient's client on the right, the DNS resolver on top.
 */
public final class HostLayout {
    /** A host placed on a grid of columns and rows. */
    public record Place(String host, String role, int column, int row) {
    }

    private final List<Place> places;
    private final int columns;
    private final int rows;
    private final Set<String> fixed;

    private HostLayout(List<Place> places, int columns, int rows) {
        this(places, columns, rows, Set.of());
    }

    private HostLayout(List<Place> places, int columns, int rows, Set<String> fixed) {
        this.places = places;
        this.columns = columns;
        this.rows = rows;
        this.fixed = fixed;
    }

    /** The hosts placed where the world's {@code layout:} put them (docs/worlds.md), not by role. */
    public Set<String> fixed() {
        return fixed;
    }

    /**
     * The same hosts, those named in {@code cells} (host → {column, row}) in the given cells instead of their role's;
     * the grid grows to hold them. A host not on the map is ignored.
     */
    public HostLayout moved(Map<String, int[]> cells) {
        if (cells.isEmpty()) {
            return this;
        }
        List<Place> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>(fixed);
        int cols = columns;
        int rowCount = rows;
        for (Place p : places) {
            int[] c = cells.get(p.host());
            if (c == null) {
                out.add(p);
                continue;
            }
            out.add(new Place(p.host(), p.role(), c[0], c[1]));
            placed.add(p.host());
            cols = Math.max(cols, c[0] + 1);
            rowCount = Math.max(rowCount, c[1] + 1);
        }
        return new HostLayout(List.copyOf(out), cols, rowCount, Set.copyOf(placed));
    }

    public List<Place> places() {
        return places;
    }

    public int columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    /** The hosts in the order they first appear, placed by role. */
    /**
     * A host's name on two lines, as the map and the ladders show it: the first label, then the rest of the domain
     * ({@code mx1} / {@code .example.net}). An address literal stays whole ({@code [192.0.2.1]}), an IPv6 one breaks
     * after its tag ({@code [IPv6:} / {@code 2001:db8::1]}); a bare address is not split either.
     */
    public static String[] nameLines(String host) {
        if (host.startsWith("[")) {
            return host.regionMatches(true, 1, "IPv6:", 0, 5) ? new String[] {host.substring(0, 6), host.substring(6)}
                    : new String[] {host, ""};
        }
        int dot = host.indexOf('.');
        if (dot <= 0 || host.indexOf(':') >= 0 || Character.isDigit(host.charAt(host.length() - 1))
                || host.endsWith("]")) {
            // no dot, an IPv6 address, a dotted quad (a name never ends in a digit), or a label with an address
            // literal such as "client [127.0.0.1]" (a live or captured peer without a name)
            return new String[] {host, ""};
        }
        return new String[] {host.substring(0, dot), host.substring(dot)};
    }

    public static HostLayout of(SessionInfo info, List<TimelineEvent> events, String senderClient) {
        return of(info, events, senderClient, List.of());
    }

    /**
     * As {@link #of(SessionInfo, List, String)}, with {@code more} hosts placed as well although no event names
     * them (a domain's mail exchangers the journey did not reach, the hosts of a world before any run).
     */
    public static HostLayout of(SessionInfo info, List<TimelineEvent> events, String senderClient,
                                java.util.Collection<String> more) {
        Set<String> hosts = new LinkedHashSet<>();
        for (TimelineEvent e : events) {
            hosts.add(e.source());
            hosts.add(e.destination());
        }
        hosts.addAll(more);
        String resolver = info == null ? "" : info.resolver();
        Map<Integer, List<String>> byColumn = new LinkedHashMap<>();
        List<Place> out = new ArrayList<>();
        for (String h : hosts) {
            if (h.equals(resolver)) {
                continue;
            }
            String role = role(info, h);
            int col;
            switch (role) {
                case "mua":
                    col = h.equals(senderClient) ? 0 : 5;
                    break;
                case "submission":
                    col = 1;
                    break;
                case "relay":
                    col = 2;
                    break;
                case "mailbox":
                    col = 4;
                    break;
                default:
                    col = 3;
            }
            byColumn.computeIfAbsent(col, k -> new ArrayList<>()).add(h);
        }
        int rows = 1;
        for (Map.Entry<Integer, List<String>> en : byColumn.entrySet()) {
            List<String> list = en.getValue();
            for (int i = 0; i < list.size(); i++) {
                out.add(new Place(list.get(i), role(info, list.get(i)), en.getKey(), i + 1));
            }
            rows = Math.max(rows, list.size() + 1);
        }
        if (hosts.contains(resolver)) {
            out.add(new Place(resolver, "dns", 2, 0));
        }
        return new HostLayout(out, 6, rows);
    }

    private static String role(SessionInfo info, String host) {
        return info == null ? "mx" : info.host(host).map(SessionInfo.HostInfo::role).orElse("mx");
    }
}
