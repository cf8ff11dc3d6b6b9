package org.mailtrail.live;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * The settings of an {@link SmtpProxy}, checked when made (docs/inspect.md).
 *
 * @param listen          where clients connect; loopback unless told otherwise; port 0: any free port
 * @param upstream        the one server every session is forwarded to (resolved); the proxy never connects elsewhere
 * @param upstreamName    the upstream as the user wrote it (its name for the TLS host-name check and the timeline)
 * @param storeDir        where transcripts go ({@code DIR/sessions/<id>.json} and the daily text logs, as {@code serve}); null: memory
 * @param tlsUpstream     whether TLS is started towards the upstream after the client's STARTTLS
 * @param clientTls       the proxy's own key and certificate for the client side of STARTTLS; null: STARTTLS is
 *                        refused to the client (removed from the EHLO reply, {@code 454 4.7.0} to STARTTLS)
 * @param connectTimeout  the most a TCP connect to the upstream may take (then {@code 421 4.4.1} to the client)
 * @param idleTimeout     the most either side may keep the other waiting: the client for its next command, the
 *                        upstream for a reply it owes; then {@code 421 4.4.2} (RFC 5321 §4.5.3.2)
 * @param maxConnections  sessions at once; more are answered {@code 421 4.7.0} and closed
 */
public record ProxyConfig(InetSocketAddress listen, InetSocketAddress upstream, String upstreamName, Path storeDir,
                          UpstreamTls tlsUpstream, SSLContext clientTls, Duration connectTimeout, Duration idleTimeout,
                          int maxConnections) {

    /** {@code --tls-upstream}: when the proxy starts TLS towards the upstream after the client's STARTTLS. */
    public enum UpstreamTls {
        /** When the upstream offers STARTTLS in its EHLO reply; otherwise the upstream side stays in plain text. */
        AUTO,
        /** Always: if the upstream cannot, the client gets {@code 421 4.7.0} and the session ends. */
        REQUIRE,
        /** Never: only the client side is encrypted. */
        OFF;

        /** {@code auto}, {@code require} or {@code off} in any case. */
        public static UpstreamTls parse(String text) {
            try {
                return valueOf(text.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("expected auto, require or off, not '" + text + "'");
            }
        }
    }

    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** RFC 5321 §4.5.3.2.7: five minutes. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    /** Sessions at once by default. */
    public static final int DEFAULT_MAX_CONNECTIONS = 50;

    /** Checks every setting. */
    public ProxyConfig {
        if (listen == null || listen.isUnresolved()) {
            throw new IllegalArgumentException("the listen address is required and must be resolved");
        }
        if (upstream == null || upstream.isUnresolved() || upstream.getPort() < 1) {
            throw new IllegalArgumentException("the upstream HOST:PORT is required and must be resolved");
        }
        if (upstreamName == null || upstreamName.isBlank()) {
            upstreamName = upstream.getAddress().getHostAddress();
        }
        if (upstreamName.indexOf('\r') >= 0 || upstreamName.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the upstream name must not contain CR or LF");
        }
        tlsUpstream = tlsUpstream == null ? UpstreamTls.AUTO : tlsUpstream;
        connectTimeout = check("connect timeout", connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout);
        idleTimeout = check("idle timeout", idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout);
        if (maxConnections < 1 || maxConnections > ReceiverConfig.MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("maximum connections must be 1.." + ReceiverConfig.MAX_CONNECTIONS_LIMIT
                    + ", not " + maxConnections);
        }
    }

    private static Duration check(String what, Duration d) {
        if (d.toMillis() < 1 || d.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException(what + " must be at least 1 ms and at most a day, not " + d);
        }
        return d;
    }

    /** Loopback on port 2525 to {@code upstream}, no store, {@code auto}, the lab certificate not loaded (null). */
    public static ProxyConfig of(InetSocketAddress listen, InetSocketAddress upstream, String upstreamName) {
        return new ProxyConfig(listen, upstream, upstreamName, null, UpstreamTls.AUTO, null, null, null,
                DEFAULT_MAX_CONNECTIONS);
    }

    public ProxyConfig withStoreDir(Path dir) {
        return new ProxyConfig(listen, upstream, upstreamName, dir, tlsUpstream, clientTls, connectTimeout, idleTimeout,
                maxConnections);
    }

    public ProxyConfig withTlsUpstream(UpstreamTls mode) {
        return new ProxyConfig(listen, upstream, upstreamName, storeDir, mode, clientTls, connectTimeout, idleTimeout,
                maxConnections);
    }

    public ProxyConfig withClientTls(SSLContext context) {
        return new ProxyConfig(listen, upstream, upstreamName, storeDir, tlsUpstream, context, connectTimeout,
                idleTimeout, maxConnections);
    }

    public ProxyConfig withTimeouts(Duration connect, Duration idle) {
        return new ProxyConfig(listen, upstream, upstreamName, storeDir, tlsUpstream, clientTls, connect, idle,
                maxConnections);
    }

    public ProxyConfig withMaxConnections(int max) {
        return new ProxyConfig(listen, upstream, upstreamName, storeDir, tlsUpstream, clientTls, connectTimeout,
                idleTimeout, max);
    }

    /** True if the proxy listens on loopback only. */
    public boolean listenLoopback() {
        return listen.getAddress().isLoopbackAddress();
    }

    /** True if the upstream is on this machine's loopback. */
    public boolean upstreamLoopback() {
        return upstream.getAddress().isLoopbackAddress();
    }
}
