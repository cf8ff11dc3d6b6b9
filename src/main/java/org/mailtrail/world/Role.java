package org.mailtrail.world;

/** What a host does in a world. */
public enum Role {
    /** A person's mail client (mail user agent). */
    MUA,
    /** The sender's submission server (RFC 6409, port 587). */
    SUBMISSION,
    /** A relay or smart host that carries mail for others. */
    RELAY,
    /** A mail exchanger named by an MX record (port 25). */
    MX,
    /** The server that keeps mailboxes and serves them by POP3 or IMAP. */
    MAILBOX;

    /** The role named in a world file (case-insensitive), or null. */
    public static Role parse(String s) {
        for (Role r : values()) {
            if (r.name().equalsIgnoreCase(s)) {
                return r;
            }
        }
        return null;
    }
}
