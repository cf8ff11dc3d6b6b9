package org.mailtrail.world;

/** How the recipient's mail client fetches the message: the journey's last leg. */
public enum Retrieval {
    /** POP3, RFC 1939, port 110. */
    POP3,
    /** IMAP, RFC 9051, port 143. */
    IMAP,
    /** The last leg is not shown. */
    NONE;

    /** Parses a name case-insensitively; null when unknown. */
    public static Retrieval parse(String s) {
        for (Retrieval r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        return null;
    }
}
