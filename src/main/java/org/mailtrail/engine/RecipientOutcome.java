package org.mailtrail.engine;

/**
 * Where a recipient's copy ended up when the simulation stopped.
 *
 * @param recipient the envelope recipient
 * @param status    delivered, bounced, or still queued
 * @param detail    the reply or reason, in words
 * @param host      the host that delivered it or gave up on it
 */
public record RecipientOutcome(String recipient, Status status, String detail, String host) {
    /** The three ends of a journey. */
    public enum Status {
        /** In the recipient's mailbox. */
        DELIVERED,
        /** Permanently failed: a bounce went (or would go) back to the sender. */
        BOUNCED,
        /** Still in a queue after a temporary failure. */
        QUEUED
    }
}
