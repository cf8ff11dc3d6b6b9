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
        Parts p = split(option, value, defaultPort);
        try {
            return new InetSocketAddress(InetAddress.getByName(p.host()), p.port());
        } catch (UnknownHostException e) {
            throw bad(option, value, "unknown host '" + p.host() + "'");
        }
    }

    /** {@code value} split into host and port, the host left as written. */
    static Parts split(String option, String value, int defaultPort) {
        String host = value;
        int port = defaultPort;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                throw bad(option, value, "an IPv6 address in brackets needs its ']'");
            }
            host = value.substring(1, end);
            String rest = value.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw bad(option, value, "expected ':PORT' after ']'");
                }
                port = port(option, value, rest.substring(1));
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(option, value, value.substring(value.indexOf(':') + 1));
        }
        if (host.isEmpty() || port < 0) {
            throw bad(option, value, "expected HOST:PORT");
        }
        if (host.indexOf('\r') >= 0 || host.indexOf('\n') >= 0 || host.indexOf(' ') >= 0) {
            throw bad(option, value.replace("\r", "\\r").replace("\n", "\\n"), "a host name has no spaces or line breaks");
        }
        return new Parts(host, port);
    }

    private static int port(String option, String value, String p) {
        try {
            int n = Integer.parseInt(p);
            if (n >= 0 && n <= 65535) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(option, value, "'" + p + "' is not a port (0-65535)");
    }

    private static CliException bad(String option, String value, String why) {
        return new CliException(MailTrailCli.USAGE, option + " " + value + ": " + why);
    }
}
