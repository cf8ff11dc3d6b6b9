package org.mailtrail.timeline;

/** The kinds of step a mail journey is made of (SPEC §4), in the vocabulary of the timeline. */
public enum EventKind {
    /** A DNS query leaves the resolver's client. */
    DNS_QUERY,
    /** A DNS response comes back (answer, NXDOMAIN, NODATA, SERVFAIL, timeout). */
    DNS_ANSWER,
    /** A decision of the MX policy (RFC 5321 §5.1): which hosts, in what order. */
    MX_DECISION,
    /** First packet of the TCP three-way handshake. */
    TCP_SYN,
    /** Second packet of the handshake. */
    TCP_SYN_ACK,
    /** Third packet of the handshake: the connection is open. */
    TCP_ACK,
    /** The connection could not be opened (refused, timed out). */
    TCP_FAILED,
    /** The connection is closed. */
    TCP_CLOSE,
    /** TLS was negotiated after STARTTLS (RFC 3207). */
    TLS_NEGOTIATED,
    /** An SMTP command (or the message data block) sent by a client. */
    SMTP_COMMAND,
    /** An SMTP reply received by a client. */
    SMTP_REPLY,
    /** A protocol error: garbage or an unexpected reply. */
    PROTOCOL_ERROR,
    /** A server took responsibility for the message (RFC 5321 §6.1). */
    MESSAGE_ACCEPTED,
    /** A server prepended a Received: trace header (RFC 5321 §4.4). */
    RECEIVED_ADDED,
    /** A message waits in a queue after a temporary failure (RFC 5321 §4.5.4.1). */
    QUEUED,
    /** A retry is scheduled for later. */
    RETRY_SCHEDULED,
    /** A delivery status notification goes back to the sender with a null reverse-path. */
    BOUNCE_GENERATED,
    /** The message reached the recipient's mailbox (Return-Path: added). */
    DELIVERED,
    /** A recipient could not be delivered to and no further attempt will be made. */
    DELIVERY_FAILED,
    /** A POP3 or IMAP command from the recipient's mail client. */
    MAILBOX_COMMAND,
    /** A POP3 or IMAP response from the mailbox server. */
    MAILBOX_REPLY,
    /** The recipient's client has the message: the journey's last leg is done. */
    MAILBOX_RETRIEVED
}
