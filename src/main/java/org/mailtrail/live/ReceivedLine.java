package org.mailtrail.live;

import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * The client's address as a {@code Received:} line names it; the line itself is written by the core's
 * {@link org.mailtrail.engine.TraceFields}, as every host of the simulated world writes it.
 */
final class ReceivedLine {
    private ReceivedLine() {
    }

    /** The client as in a Received: line: {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 §4.1.3). */
    static String addressLiteral(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        int pct = host.indexOf('%');
        if (pct >= 0) {
            host = host.substring(0, pct);
        }
        return a.getAddress() instanceof Inet6Address ? "[IPv6:" + host + "]" : "[" + host + "]";
    }
}
