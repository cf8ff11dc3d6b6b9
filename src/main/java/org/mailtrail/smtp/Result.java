package org.mailtrail.smtp;

/** Per-recipient result of one SMTP session (RFC 5321 §4.2.1, §6.1). */
public enum Result {
    /** The server took responsibility for the message (2xx after the final "."). */
    ACCEPTED,
    /** A 4xx or a broken session: try again later (RFC 5321 §4.5.4.1). */
    TRANSIENT,
    /** A 5xx: do not retry; bounce. */
    PERMANENT
}
