package org.mailtrail.world;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailtrail.dns.WorldZones;

/**
 * A simulated world: hosts and their roles, DNS data, link latencies, faults and the defaults of
 * the message to send. Loaded from a world file and a zone file by {@link WorldLoader}.
 */
public record World(String name, String title, String description, String source, Instant start, long seed,
                    WorldZones zones, List<Host> hosts, Defaults defaults, Latencies latencies, DnsSettings dns,
                    RetryPolicy retry, Users users, Map<String, Texts> translations, Map<String, Position> layout) {

    /**
     * Where a host (or the resolver) is drawn on the network map, the handout and the PNG export, when the world file
     * says so ({@code layout: { mx1.example.net: {x: 3, y: 2} }}, docs/worlds.md): a cell of the map's grid, columns
     * from the sender's client (0) to the recipient's (5), row 0 the resolver's.
     */
    public record Position(int column, int row) {
    }

    /** Keeps the hosts in an immutable list indexed by name and by address (see {@link #host(String)}). */
    public World {
        hosts = HostList.of(hosts);
        translations = translations == null ? Map.of() : Map.copyOf(translations);
        layout = layout == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(layout));
    }

    /** The title and description in another language ({@code translations: { de: { title: …, description: … } }}). */
    public record Texts(String title, String description) {
    }

    /** The title in {@code locale}'s language when the world file gives one, else {@link #title()}. */
    public String title(java.util.Locale locale) {
        Texts t = locale == null ? null : translations.get(locale.getLanguage());
        return t == null || t.title() == null || t.title().isBlank() ? title : t.title();
    }

    /** The description in {@code locale}'s language when the world file gives one, else {@link #description()}. */
    public String description(java.util.Locale locale) {
        Texts t = locale == null ? null : translations.get(locale.getLanguage());
        return t == null || t.description() == null || t.description().isBlank() ? description : t.description();
    }

    /** The message the world proposes; the user may change every field. */
    public record Defaults(String from, List<String> to, List<String> cc, String subject, String body, Route route,
                           Retrieval retrieval) {
    }

    /**
     * One-way link latencies in microseconds.
     *
     * @param defaultMicros latency between any two hosts not listed
     * @param pairs         latency per unordered pair, keyed {@code a|b} with a &lt; b
     */
    public record Latencies(long defaultMicros, Map<String, Long> pairs) {
        public long between(String a, String b) {
            if (pairs.isEmpty()) {
                return defaultMicros;
            }
            String k = a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
            return pairs.getOrDefault(k, defaultMicros);
        }

        /** The key for a pair of hosts. */
        public static String key(String a, String b) {
            return a.compareTo(b) < 0 ? a + "|" + b : b + "|" + a;
        }
    }

    /**
     * The resolver that the mail servers ask.
     *
     * @param resolverName  host name shown for the resolver
     * @param address       its address
     * @param latencyMicros one-way latency to it
     * @param faults        DNS faults by query name: {@code servfail}, {@code timeout}, {@code refused}
     */
    public record DnsSettings(String resolverName, String address, long latencyMicros, Map<String, String> faults) {
    }

    /**
     * Queue and retry (RFC 5321 §4.5.4.1).
     *
     * @param intervalSeconds time between attempts (at least 30 minutes is the RFC's advice)
     * @param giveUpSeconds   age after which a message is returned to its sender
     */
    public record RetryPolicy(long intervalSeconds, long giveUpSeconds) {
    }

    /**
     * The passwords of the world's users, for POP3, IMAP and AUTH in the lab (docs/lab.md): every user has
     * {@code defaultPassword} ({@value #DEFAULT_PASSWORD} unless the world file says otherwise) unless listed.
     *
     * @param defaultPassword the password of every user not listed
     * @param passwords       passwords by address, lower case
     */
    public record Users(String defaultPassword, Map<String, String> passwords) {
        public Users {
            passwords = Map.copyOf(passwords);
        }

        /** The password of a user (an address). */
        public String passwordOf(String address) {
            return passwords.getOrDefault(address.toLowerCase(Locale.ROOT), defaultPassword);
        }
    }

    /** The password of every user of the built-in worlds: a lab is no place for secrets. */
    public static final String DEFAULT_PASSWORD = "mailtrail";

    /** The host with this name (case-insensitive, trailing dot ignored). */
    public Optional<Host> host(String name) {
        return Optional.ofNullable(((HostList) hosts).byName(normalise(name)));
    }

    /** The host with this address. */
    public Optional<Host> hostByAddress(String address) {
        return Optional.ofNullable(((HostList) hosts).byAddress(address));
    }

    /**
     * Whether {@code address} is a user of this world: a mailbox of one of its hosts, or the user of one of its mail
     * clients (who may log in with AUTH, {@link Users}).
     */
    public boolean hasUser(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        if (at <= 0) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1).toLowerCase(Locale.ROOT);
        for (Host h : hosts) {
            if (h.isLocalDomain(domain) && h.hasMailbox(local)
                    || h.user() != null && h.user().equalsIgnoreCase(address)) {
                return true;
            }
        }
        return false;
    }

    /** The mail client used by the person with this address. */
    public Optional<Host> clientOf(String address) {
        String a = address.toLowerCase(Locale.ROOT);
        for (Host h : hosts) {
            if (h.role() == Role.MUA && h.user() != null && h.user().equalsIgnoreCase(a)) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /** The submission server that serves the given sender domain: the one with it as local domain, else the first. */
    public Optional<Host> submissionServerFor(String domain) {
        Host first = null;
        for (Host h : hosts) {
            if (h.role() == Role.SUBMISSION) {
                if (h.isLocalDomain(domain)) {
                    return Optional.of(h);
                }
                if (first == null) {
                    first = h;
                }
            }
        }
        return Optional.ofNullable(first);
    }

    /** Lower case, no trailing dot. */
    public static String normalise(String hostName) {
        String n = hostName.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
