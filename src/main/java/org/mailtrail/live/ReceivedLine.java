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
        return a.getAddress() instanceof Inet6Address ? "[IPv6:" + compressed(host) + "]" : "[" + host + "]";
    }

    /**
     * An IPv6 address in its shortest form (RFC 5952 §4, as RFC 5321 §4.1.3 allows): the longest run of two or more
     * zero groups (the first of equals) becomes {@code ::}; {@code 0:0:0:0:0:0:0:1} is {@code ::1}.
     */
    static String compressed(String full) {
        String[] g = full.split(":", -1);
        if (g.length != 8) {
            return full; // not the JDK's full form: leave it as it is
        }
        int best = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j].equals("0")) {
                j++;
            }
            if (j - i > bestLen) {
                best = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        if (best < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(g, 0, best));
        String tail = String.join(":", java.util.Arrays.copyOfRange(g, best + bestLen, 8));
        return head + "::" + tail;
    }
}
