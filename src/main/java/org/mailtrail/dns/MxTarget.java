package org.mailtrail.dns;

import java.util.List;

/**
 * One mail exchanger to try, in order (RFC 5321 §5.1).
 *
 * @param host         the MX target (or the domain itself for an implicit MX), without the trailing dot
 * @param preference   the MX preference; 0 for an implicit MX
 * @param addresses    IPv4 addresses first, then IPv6 (RFC 5321 §5.2), textual, in record order
 * @param implicit     true when there were no MX records and the domain's own address records are used
 * @param aliasWarning true when the target is a CNAME, which RFC 5321 §5.1 and RFC 2181 §10.3 forbid
 */
public record MxTarget(String host, int preference, List<String> addresses, boolean implicit, boolean aliasWarning) {

    public MxTarget {
        addresses = List.copyOf(addresses);
    }

    /**
     * One line for the transcript: {@code MX 10 mx1.example.net -> 192.0.2.10, 2001:db8::10}, {@code implicit MX …}, or
     * {@code address literal [192.0.2.1] -> 192.0.2.1} (RFC 5321 §5.1: a literal is not looked up).
     */
    public String describe() {
        return (host.startsWith("[") ? "address literal " : implicit ? "implicit MX " : "MX " + preference + " ") + host
                + " -> " + (addresses.isEmpty() ? "(no address)" : String.join(", ", addresses));
    }
}
