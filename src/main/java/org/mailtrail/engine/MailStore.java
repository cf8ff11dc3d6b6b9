package org.mailtrail.engine;

/** The mailboxes of the world's mailbox hosts, where final delivery puts a message (RFC 5321 §4.4). */
public interface MailStore {
    /** Appends a message to {@code mailbox} on {@code storeHost}; returns how many messages the mailbox now holds. */
    int append(String storeHost, String mailbox, byte[] content);

    /** Mailboxes kept in memory, as the simulation has them. */
    static MailStore inMemory() {
        java.util.Map<String, Integer> counts = new java.util.HashMap<>();
        return (store, mailbox, content) -> counts.merge(store + "|" + mailbox, 1, Integer::sum);
    }
}
