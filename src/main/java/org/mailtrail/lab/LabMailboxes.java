package org.mailtrail.lab;

import java.util.HashMap;
import java.util.Map;
import org.mailtrail.engine.MailStore;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;

/** The mailboxes of the lab's mailbox hosts, which final delivery fills and the POP3 and IMAP servers read. */
final class LabMailboxes implements MailStore {
    private final Map<String, Integer> counts = new HashMap<>();

    @Override
    public synchronized int append(String storeHost, String mailbox, byte[] content) {
        return counts.merge(storeHost + "|" + mailbox, 1, Integer::sum);
    }

    /** The last leg, fetched for real from the mailbox host. */
    void retrieve(LabNetwork net, LiveRecorder rec, Retrieval how, Host mua, Host store, String mailbox) {
        // POP3 and IMAP servers follow
    }
}
