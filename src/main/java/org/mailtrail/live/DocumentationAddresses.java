package org.mailtrail.live;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Addresses reserved for documentation: RFC 5737 (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24) and RFC 3849
 * (2001:db8::/32). They are not routed on the Internet, and Mail Trail's built-in world uses them, so a sender never
 * puts a packet on the wire towards one: pointing {@code send --dns} at the world's zone explains and skips them.
 */
public final class DocumentationAddresses {
    private DocumentationAddresses() {
    }

    /** True if {@code literal} (an IPv4 or IPv6 address literal, brackets allowed) is reserved for documentation. */
    public static boolean contains(String literal) {
        String h = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (h.regionMatches(true, 0, "IPv6:", 0, 5)) {
            h = h.substring(5);
        }
        if (!HostNames.isAddressLiteral(h)) {
            return false;
        }
        InetAddress a = HostNames.literal(h);
        return a != null && contains(a);
    }

    /** True if the address is reserved for documentation. */
    public static boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int x = b[0] & 0xff;
            int y = b[1] & 0xff;
            int z = b[2] & 0xff;
            return (x == 192 && y == 0 && z == 2) || (x == 198 && y == 51 && z == 100) || (x == 203 && y == 0 && z == 113);
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
        }
        return false;
    }

    /** The note a timeline shows for a skipped target. */
    static String note(String name, String address) {
        return name + " [" + address + "]: an address reserved for documentation (RFC 5737 / RFC 3849), not reachable"
                + " on any network: skipped, nothing is sent to it";
    }
}
