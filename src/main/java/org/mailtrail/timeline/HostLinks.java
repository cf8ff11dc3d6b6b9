package org.mailtrail.timeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The links between hosts of a timeline, with the protocol and port of their connections ({@code SMTP 587},
 * {@code SMTP 25}, {@code IMAP 143}, {@code DNS 53}): what the network maps draw between the hosts, the window's and
 * the exported picture alike.
 */
public final class HostLinks {
    private HostLinks() {
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
                        ? seg.protocol() : PhaseSegments.protocolOfPort(port);
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

    private static int port(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
