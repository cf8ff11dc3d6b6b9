package org.mailtrail.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** {@code HOST:PORT}, {@code [IPv6]:PORT} or {@code HOST} on the command line, checked with a clear message. */
final class HostPort {
    private HostPort() {
    }

    static InetSocketAddress parse(String option, String value, int defaultPort) {
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
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw bad(option, value, "unknown host '" + host + "'");
        }
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
