package org.mailtrail.smtp;

/** States of {@link SmtpClient}: what the client last sent and is waiting a reply for (RFC 5321 §3, §4.3.2). */
public enum ClientState {
    /** Connected, waiting for the 220 greeting. */
    AWAIT_GREETING,
    /** EHLO sent. */
    EHLO_SENT,
    /** HELO sent (fallback after EHLO was refused). */
    HELO_SENT,
    /** STARTTLS sent. */
    STARTTLS_SENT,
    /** 220 to STARTTLS received; the transport is doing the TLS handshake. */
    TLS_HANDSHAKE,
    /** AUTH sent; waiting for 235, 334 or an error (RFC 4954 §4). */
    AUTH_SENT,
    /** AUTH LOGIN: the user name was sent after the first 334. */
    AUTH_USER_SENT,
    /** AUTH LOGIN: the password was sent after the second 334. */
    AUTH_PASSWORD_SENT,
    /** MAIL FROM sent. */
    MAIL_SENT,
    /** MAIL, every RCPT and DATA sent as one group (RFC 2920); their replies come in that order. */
    PIPELINE_SENT,
    /** RCPT TO sent. */
    RCPT_SENT,
    /** DATA sent, waiting for 354. */
    DATA_SENT,
    /** Message content sent, waiting for the final reply. */
    CONTENT_SENT,
    /** QUIT sent, waiting for 221 or the close. */
    QUIT_SENT,
    /** Done: the outcome is known. */
    FINISHED
}
