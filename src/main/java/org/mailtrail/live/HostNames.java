package org.mailtrail.live;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Telling an address literal from a host name without asking DNS (a name may take seconds to look up). */
public final class HostNames {
    private HostNames() {
    }

    /** True for an IPv4 dotted quad or an IPv6 address (without brackets). */
    public static boolean isAddressLiteral(String h) {
        return isDottedQuad(h) || isIpv6Shape(h);
    }

    /** Four decimal parts of one to three digits, each at most 255, separated by dots. */
    private static boolean isDottedQuad(String h) {
        int parts = 0;
        int i = 0;
        int n = h.length();
        while (i < n) {
            int start = i;
            int value = 0;
            while (i < n && i - start < 4 && h.charAt(i) >= '0' && h.charAt(i) <= '9') {
                value = value * 10 + h.charAt(i) - '0';
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || value > 255) {
                return false;
            }
            parts++;
            if (i == n) {
                break;
            }
            if (h.charAt(i) != '.' || parts == 4) {
                return false;
            }
            i++;
            if (i == n) {
                return false; // a trailing dot
            }
        }
        return parts == 4;
    }

    /** Hex digits, colons and dots with at least one colon: the characters of an IPv6 address. */
    private static boolean isIpv6Shape(String h) {
        boolean colon = false;
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.')) {
                return false;
            }
        }
        return colon;
    }

    /**
     * The address of a literal ({@code 127.0.0.1}, {@code ::1}, {@code [::1]}) or of {@code localhost} (RFC 6761: never
     * sent to DNS); null for any other name, which the caller must resolve off the UI thread.
     */
    public static InetAddress literal(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return InetAddress.getLoopbackAddress();
        }
        if (!isAddressLiteral(h)) {
            return null;
        }
        try {
            return InetAddress.getByName(h); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** A host as written (a name or an address, IPv6 without brackets) and a port. */
    public record HostPort(String host, int port) {
    }

    /**
     * {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT} split into host and port, the host left as
     * written; an {@link IllegalArgumentException} whose message starts with {@code what} says what is wrong.
     *
     * @param minPort the lowest port allowed: 0 where the system may choose (listening), 1 to connect
     */
    public static HostPort split(String what, String value, int defaultPort, int minPort) {
        String v = value == null ? "" : value.trim();
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || v.indexOf(' ') >= 0) {
            throw new IllegalArgumentException(what + ": a host has no spaces or line breaks");
        }
        String host = v;
        String port = null;
        if (v.startsWith("[")) {
            int end = v.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException(what + ": an IPv6 address in brackets needs its ']'");
            }
            host = v.substring(1, end);
            String rest = v.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException(what + ": expected ':PORT' after ']'");
                }
                port = rest.substring(1);
            }
        } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            host = v.substring(0, v.indexOf(':'));
            port = v.substring(v.indexOf(':') + 1);
        } else if (v.indexOf(':') >= 0 && literal(v) == null) {
            // several colons: only an IPv6 address may have them (parsed, never looked up)
            throw new IllegalArgumentException(what + ": not HOST[:PORT] nor an IPv6 address"
                    + " (an IPv6 address with a port is written [ADDRESS]:PORT)");
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException(what + ": expected HOST[:PORT]");
        }
        return new HostPort(host, port == null ? defaultPort : port(what, port, minPort));
    }

    /** A port number from {@code minPort} to 65535, or an {@link IllegalArgumentException} naming {@code what}. */
    public static int port(String what, String text, int minPort) {
        try {
            int p = Integer.parseInt(text.trim());
            if (p >= minPort && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException(what + ": '" + text + "' is not a port (" + minPort + "-65535)");
    }

    /** {@link #split} for an address literal or {@code localhost} only: a name would need a DNS lookup. */
    public static java.net.InetSocketAddress address(String what, String value, int defaultPort, int minPort) {
        HostPort hp = split(what, value, defaultPort, minPort);
        InetAddress a = literal(hp.host());
        if (a == null) {
            throw new IllegalArgumentException(what + ": give an address such as 127.0.0.1, not the name '" + hp.host()
                    + "'");
        }
        return new java.net.InetSocketAddress(a, hp.port());
    }

    /** {@code 127.0.0.1:2525} or {@code [::1]:2525}: an IPv6 address in its shortest form (RFC 5952). */
    public static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + ReceivedLine.compressed(host) + "]" : host) + ":" + a.getPort();
    }
}
