package org.mailtrail.world;

import org.xbill.DNS.Address;

/**
 * The address a world file gives a host (or the resolver): an IPv4 or IPv6 literal, checked by dnsjava's literal
 * parser ({@link Address#toByteArray(String, int)}), which never looks a name up, so that a typo such as
 * {@code 300.1.2.3} stops the load instead of appearing in a session (zone files' A and AAAA records are checked by
 * dnsjava's zone parser already).
 */
final class HostAddress {
    private HostAddress() {
    }

    /** True if {@code s} is an IPv4 literal (four numbers 0..255) or an IPv6 literal (RFC 4291 §2.2), no DNS asked. */
    static boolean isLiteral(String s) {
        return s != null && !s.isEmpty()
                && (Address.toByteArray(s, Address.IPv4) != null || Address.toByteArray(s, Address.IPv6) != null);
    }

    /** {@code value}, checked: a WorldException naming the file and {@code where} if it is not an IP address. */
    static String check(String file, String where, String value) throws WorldException {
        if (!isLiteral(value)) {
            throw new WorldException(file, 0, where + ": '" + value + "' is not an IP address (an IPv4 address such as"
                    + " 192.0.2.25 or an IPv6 address such as 2001:db8::25)");
        }
        return value;
    }
}
