package org.mailtrail.timeline;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a session log records about where it came from: simulation or live, the world or server,
 * when it started, and the hosts that appear in it with their roles (for maps and diagrams).
 *
 * @param mode     {@code simulation} or {@code live}
 * @param name     the scenario or session name
 * @param title    a title for people
 * @param source   the world file or the command that produced it
 * @param start    the wall-clock time of time 0
 * @param resolver the name of the DNS resolver host on the timeline
 * @param hosts    the hosts by name
 */
public record SessionInfo(String mode, String name, String title, String source, Instant start, String resolver,
                          Map<String, HostInfo> hosts) {

    /**
     * A host as the session knows it.
     *
     * @param name      host name
     * @param role      {@code mua}, {@code submission}, {@code relay}, {@code mx}, {@code mailbox} or {@code dns}
     * @param addresses its addresses
     */
    public record HostInfo(String name, String role, List<String> addresses) {
        public HostInfo {
            addresses = List.copyOf(addresses);
        }
    }

    public SessionInfo {
        hosts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(hosts));
    }

    /** A host of the session by name. */
    public Optional<HostInfo> host(String name) {
        return Optional.ofNullable(hosts.get(name));
    }
}
