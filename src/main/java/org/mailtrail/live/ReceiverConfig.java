package org.mailtrail.live;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import org.mailtrail.smtp.Addresses;

/**
 * The settings of a {@link SmtpReceiver}, checked when made: each problem is reported with the setting it is in.
 *
 * @param listen         where to listen; loopback ({@code 127.0.0.1:2525}) unless told otherwise; port 0: any free port
 * @param hostname       the server's own name in the greeting, EHLO reply and {@code Received:} lines
 * @param domains        the domains whose mail is accepted, lower case, at least one; everything else is relaying
 *                       and refused with {@code 554 5.7.1}, as in the simulation (RFC 5321 §3.6.2)
 * @param storeDir       where messages ({@code maildir/}) and transcripts ({@code sessions/}) go; null: memory only
 * @param maxMessageSize the SIZE limit in octets (RFC 1870), more than 0
 * @param maxRecipients  recipients per message (RFC 5321 §4.5.3.1.8 asks for at least 100); more get {@code 452}
 * @param maxConnections concurrent connections; more get {@code 421 4.7.0} and are closed
 * @param idleTimeout    how long the server waits for the next command or data block (RFC 5321 §4.5.3.2.7: at least
 *                       5 minutes on the Internet); then {@code 421 4.4.2} and the connection is closed
 * @param tls            the server's TLS key and certificate, to offer STARTTLS (RFC 3207); null: no STARTTLS
 * @param guards         deadlines per command and DATA block, stress mode and limits per client address
 * @param tlsOnConnect   implicit TLS (RFC 8314, port 465): TLS from the first byte with {@code tls}, no STARTTLS
 * @param retention      how many session transcripts are kept in the store
 */
public record ReceiverConfig(InetSocketAddress listen, String hostname, List<String> domains, Path storeDir,
                             long maxMessageSize, int maxRecipients, int maxConnections, Duration idleTimeout,
                             SSLContext tls, ReceiverGuards guards, boolean tlsOnConnect, SessionRetention retention) {

    /** The default port: unprivileged, not the real SMTP port 25. */
    public static final int DEFAULT_PORT = 2525;
    /** The default host name, under the reserved top-level domain {@code .test} (RFC 6761). */
    public static final String DEFAULT_HOSTNAME = "mailtrail.test";
    /** 10 MiB. */
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 10L * 1024 * 1024;
    /** RFC 5321 §4.5.3.1.8. */
    public static final int DEFAULT_MAX_RECIPIENTS = 100;
    /** Concurrent connections served by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;
    /** The most concurrent connections allowed at all (one thread each). */
    public static final int MAX_CONNECTIONS_LIMIT = 10_000;
    /** RFC 5321 §4.5.3.2.7: a server should wait at least 5 minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);

    /** Checks every setting; domains are lower-cased, a trailing dot is dropped, duplicates are removed. */
    public ReceiverConfig {
        if (listen == null) {
            throw new IllegalArgumentException("listen address is required");
        }
        if (listen.isUnresolved()) {
            throw new IllegalArgumentException("listen address " + listen.getHostString() + " could not be resolved");
        }
        if (hostname == null || hostname.isEmpty()) {
            throw new IllegalArgumentException("hostname is required");
        }
        if (hostname.indexOf('\r') >= 0 || hostname.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("hostname must not contain CR or LF (RFC 5321 §2.3.8)");
        }
        if (hostname.startsWith("[") || !Addresses.isValidDomain(hostname)) {
            throw new IllegalArgumentException("hostname '" + printable(hostname)
                    + "' is not a domain name (letters, digits, '-' and '.', RFC 5321 §4.1.2)");
        }
        if (domains == null || domains.isEmpty()) {
            throw new IllegalArgumentException("at least one domain to accept mail for is required");
        }
        List<String> normal = new ArrayList<>();
        for (String d : domains) {
            String n = normalizeDomain(d);
            if (!normal.contains(n)) {
                normal.add(n);
            }
        }
        domains = List.copyOf(normal);
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maximum message size must be more than 0 octets, not "
                    + maxMessageSize);
        }
        if (maxRecipients < 1) {
            throw new IllegalArgumentException("maximum recipients must be at least 1 (RFC 5321 §4.5.3.1.8 asks for "
                    + "100), not " + maxRecipients);
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("maximum connections must be 1.." + MAX_CONNECTIONS_LIMIT + ", not "
                    + maxConnections);
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()
                || idleTimeout.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("idle timeout must be more than 0 and at most a day, not "
                    + idleTimeout);
        }
        if (idleTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("idle timeout must be at least 1 ms, not " + idleTimeout);
        }
        guards = guards == null ? ReceiverGuards.defaults() : guards;
        retention = retention == null ? SessionRetention.ALL : retention;
        if (tlsOnConnect && tls == null) {
            throw new IllegalArgumentException("TLS on connect needs the server's key and certificate");
        }
    }

    /** Loopback on the default port, the default host name and limits, no store, no STARTTLS. */
    public static ReceiverConfig defaults(List<String> domains) {
        return new ReceiverConfig(defaultListen(), DEFAULT_HOSTNAME, domains, null, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_MAX_RECIPIENTS, DEFAULT_MAX_CONNECTIONS, DEFAULT_IDLE_TIMEOUT, null, null, false, null);
    }

    /** {@link #defaults(List)} for the given domains. */
    public static ReceiverConfig defaults(String... domains) {
        return defaults(List.of(domains));
    }

    /** {@code 127.0.0.1:2525}. */
    public static InetSocketAddress defaultListen() {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), DEFAULT_PORT);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen for a literal address
        }
    }

    /**
     * A domain as the receiver keeps it: lower case, no trailing dot; throws {@link IllegalArgumentException} saying
     * what is wrong with it.
     */
    public static String normalizeDomain(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new IllegalArgumentException("a domain must not be empty");
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        if (d.endsWith(".") && d.length() > 1) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.startsWith("[")) {
            throw new IllegalArgumentException("domain '" + printable(domain)
                    + "' is an address literal; give a domain name such as example.test");
        }
        if (!Addresses.isValidDomain(d)) {
            throw new IllegalArgumentException("domain '" + printable(domain)
                    + "' is not a domain name (letters, digits, '-' and '.', RFC 5321 §4.1.2)");
        }
        return d;
    }

    /**
     * True if mail for {@code recipient} (a forward-path without brackets) is for this server: its domain is one of
     * {@link #domains()} (in any case), or it is the bare {@code postmaster} that every server must accept
     * (RFC 5321 §4.1.1.3). Everything else would be relaying.
     */
    public boolean accepts(String recipient) {
        if (recipient == null || recipient.isEmpty()) {
            return false;
        }
        int at = recipient.lastIndexOf('@');
        if (at < 0) {
            return recipient.equalsIgnoreCase("postmaster");
        }
        String domain = recipient.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return domains.contains(domain);
    }

    /** True if the listen address is a loopback address (the safe default). */
    public boolean loopbackOnly() {
        return listen.getAddress().isLoopbackAddress();
    }

    /** A copy listening elsewhere. */
    public ReceiverConfig withListen(InetSocketAddress address) {
        return new ReceiverConfig(address, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy with another host name. */
    public ReceiverConfig withHostname(String name) {
        return new ReceiverConfig(listen, name, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy that stores under {@code dir} (null: memory only). */
    public ReceiverConfig withStoreDir(Path dir) {
        return new ReceiverConfig(listen, hostname, domains, dir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy with another SIZE limit. */
    public ReceiverConfig withMaxMessageSize(long octets) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, octets, maxRecipients, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy with another recipient limit. */
    public ReceiverConfig withMaxRecipients(int max) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, max, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy with another connection limit. */
    public ReceiverConfig withMaxConnections(int max) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, max,
                idleTimeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy with another idle timeout. */
    public ReceiverConfig withIdleTimeout(Duration timeout) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                timeout, tls, guards, tlsOnConnect, retention);
    }

    /** A copy that offers STARTTLS with {@code context} (null: no STARTTLS). */
    public ReceiverConfig withTls(SSLContext context) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, context, guards, tlsOnConnect && context != null, retention);
    }

    /** A copy with other deadlines and limits per client. */
    public ReceiverConfig withGuards(ReceiverGuards g) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, g, tlsOnConnect, retention);
    }

    /** A copy with TLS from the first byte (RFC 8314) or not; needs {@link #tls()}. */
    public ReceiverConfig withTlsOnConnect(boolean on) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, guards, on, retention);
    }

    /** A copy keeping other session transcripts. */
    public ReceiverConfig withRetention(SessionRetention r) {
        return new ReceiverConfig(listen, hostname, domains, storeDir, maxMessageSize, maxRecipients, maxConnections,
                idleTimeout, tls, guards, tlsOnConnect, r);
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(Math.min(s.length(), 100));
        for (int i = 0; i < s.length() && b.length() < 100; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < 100 ? b.toString() : b + "...";
    }
}
