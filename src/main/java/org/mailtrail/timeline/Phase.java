package org.mailtrail.timeline;

import java.util.Locale;

/**
 * The part of the journey a step belongs to. SMTP carries mail twice (the sender's client to its own server, that
 * server to the recipient's MX, or to a smart host that does it), a separate access protocol does the last leg, and a
 * bounce goes back the other way. Every timeline event carries one.
 */
public enum Phase {
    /** The sender's mail client hands the message to its own server (SMTP, port 587; RFC 6409). */
    SUBMISSION,
    /** A server hands the message to a smart host that carries it on (SMTP, port 25). */
    RELAY,
    /** A server hands the message to the recipient domain's MX, found in DNS (SMTP, port 25; RFC 5321 §5). */
    TRANSFER,
    /** The receiving server stores the message in the recipient's mailbox. */
    DELIVERY,
    /** The recipient's mail client fetches the message: the last leg, POP3 or IMAP, not SMTP. */
    RETRIEVAL,
    /** A delivery status notification goes back to the sender (RFC 3464). */
    BOUNCE;

    /** The name used in JSON and message keys: {@code submission}, {@code transfer}, … */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The phase with this {@link #id()}, or null if there is none. */
    public static Phase fromId(String id) {
        for (Phase p : values()) {
            if (p.id().equals(id)) {
                return p;
            }
        }
        return null;
    }
}
