package org.mailtrail.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code HOST} on the command line, checked with a clear message. */
final class HostPort {
    private HostPort() {
    }

    /** A host as written (a name or an address) and a port. */
    record Parts(String host, int port) {
    }

    /** {@code value} resolved to an address ({@code localhost} and literals need no DNS). */
    static InetSocketAddress parse(String option, String value, int defaultPort) {
        return parse(option, value, defaultPort, 0);
    }

    /** {@link #parse(String, String, int)} with the lowest port allowed. */
    static InetSocketAddress parse(String option, String value, int defaultPort, int minPort) {
        Parts p = split(option, value, defaultPort, minPort);
        try {
            return new InetSocketAddress(InetAddress.getByName(p.host()), p.port());
        } catch (UnknownHostException e) {
            throw bad(option, value, "unknown host '" + p.host() + "'");
        }
    }

    /** {@code value} split into host and port, the host left as written. */
    static Parts split(String option, String value, int defaultPort) {
        return split(option, value, defaultPort, 0);
    }

    /** {@link #split(String, String, int)} with the lowest port allowed: 0 to listen (any free port), 1 to connect. */
    static Parts split(String option, String value, int defaultPort, int minPort) {
        try {
            org.mailtrail.live.HostNames.HostPort hp = org.mailtrail.live.HostNames.split(option + " " + value, value,
                    defaultPort, minPort);
            return new Parts(hp.host(), hp.port());
        } catch (IllegalArgumentException e) {
            throw new CliException(MailTrailCli.USAGE, e.getMessage().replace("\r", "\\r").replace("\n", "\\n"), e);
        }
    }

    private static CliException bad(String option, String value, String why) {
        return new CliException(MailTrailCli.USAGE, option + " " + value + ": " + why);
    }
}
