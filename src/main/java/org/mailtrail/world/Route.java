package org.mailtrail.world;

/** How the sender's server gets the message towards its destination. */
public enum Route {
    /** The submission server looks up the recipient domain's MX and connects to it (RFC 5321 §5.1). */
    DIRECT,
    /** The submission server hands everything to its smart host, which carries it on (RFC 5321 §3.6.2). */
    RELAY,
    /** Both, side by side. */
    BOTH;

    /** Parses {@code direct|relay|both}, case-insensitively; null when unknown. */
    public static Route parse(String s) {
        for (Route r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        return null;
    }
}
