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
 * @param world    the world the session ran on when it was changed in the app's world editor (its world file and
 *                 zone file, as Save world as… writes them), so that the saved session can be run again; else null
 */
public record SessionInfo(String mode, String name, String title, String source, Instant start, String resolver,
                          Map<String, HostInfo> hosts, EmbeddedWorld world) {

    /** A session of a world that a file or the built-in scenarios hold: nothing to carry. */
    public SessionInfo(String mode, String name, String title, String source, Instant start, String resolver,
                       Map<String, HostInfo> hosts) {
        this(mode, name, title, source, start, resolver, hosts, null);
    }

    /**
     * An edited world carried in a session log: the world file (which may only extend a built-in world) and its zone
     * file, each with the file name it was saved under.
     */
    public record EmbeddedWorld(String file, String yaml, String zoneFile, String zone) {
        public EmbeddedWorld {
            java.util.Objects.requireNonNull(file);
            java.util.Objects.requireNonNull(yaml);
            java.util.Objects.requireNonNull(zoneFile);
            java.util.Objects.requireNonNull(zone);
        }
    }

    /** The same session with the world it ran on carried along. */
    public SessionInfo withWorld(EmbeddedWorld w) {
        return new SessionInfo(mode, name, title, source, start, resolver, hosts, w);
    }

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
