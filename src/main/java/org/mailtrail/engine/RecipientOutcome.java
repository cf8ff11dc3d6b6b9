package org.mailtrail.engine;

/**
 * Where a recipient's copy ended up when the simulation stopped.
 *
 * @param recipient the envelope recipient
 * @param status    delivered, bounced, still queued, or refused
 * @param detail    the reply or reason, in words
 * @param host      the host that delivered it or gave up on it
 */
public record RecipientOutcome(String recipient, Status status, String detail, String host) {
    /** The ends of a journey. */
    public enum Status {
        /** In the recipient's mailbox. */
        DELIVERED,
        /** Permanently failed: a bounce went (or would go) back to the sender. */
        BOUNCED,
        /** Still in a queue after a temporary failure. */
        QUEUED,
        /**
         * Refused for good by the server that was to take it, which said so to its client at once (a 5xx to RCPT or
         * to the data, as {@code serve} answers): the message was never accepted for it, so nothing bounces.
         */
        REFUSED
    }
}
