package org.mailtrail.live;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Telling an address literal from a host name without asking DNS (a name may take seconds to look up). */
public final class HostNames {
    private HostNames() {
    }

    /** True for an IPv4 dotted quad or an IPv6 address (without brackets). */
    public static boolean isAddressLiteral(String h) {
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : h.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return true;
        }
        return h.contains(":") && h.matches("[0-9A-Fa-f:.]+");
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
}
