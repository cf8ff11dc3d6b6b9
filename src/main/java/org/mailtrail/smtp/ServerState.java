package org.mailtrail.smtp;

/** States of {@link SmtpServer} (RFC 5321 §3, §4.1.4). */
public enum ServerState {
    /** Constructed; start() not yet called. */
    GREETING,
    /** Greeting sent; EHLO/HELO expected (also after STARTTLS, RFC 3207 §4.2). */
    AWAIT_HELO,
    /** Session open, no transaction. */
    READY,
    /** MAIL accepted, waiting for RCPT. */
    MAIL,
    /** At least one RCPT accepted. */
    RCPT,
    /** Receiving message content after 354. */
    DATA,
    /** 220 to STARTTLS sent; the transport is doing the TLS handshake. */
    TLS_HANDSHAKE,
    /** The session is over. */
    CLOSED
}
