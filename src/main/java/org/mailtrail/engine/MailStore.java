package org.mailtrail.engine;

import java.util.HashMap;
import java.util.Map;
import org.mailtrail.mailbox.MailboxAccess;
import org.mailtrail.mailbox.MailboxDirectory;

/**
 * The mailboxes of the world's mailbox hosts: final delivery appends to them (RFC 5321 §4.4), and the hosts' POP3
 * and IMAP servers read them. A user logs in with the world's password for that user
 * ({@link org.mailtrail.world.World.Users}).
 */
public interface MailStore {

    /** Appends a message to {@code mailbox} on {@code storeHost}; returns how many messages the mailbox now holds. */
    int append(String storeHost, String mailbox, byte[] content);

    /** The users and mailboxes of a host, for its POP3 and IMAP servers. */
    MailboxAccess access(String storeHost);

    /** Creates the (empty) mailbox {@code mailbox} on {@code storeHost} so its user can log in before any mail. */
    default void create(String storeHost, String mailbox) {
    }

    /** Mailboxes kept in memory, their users logging in with the passwords of {@code users}. */
    static MailStore inMemory(org.mailtrail.world.World.Users users) {
        Map<String, MailboxDirectory> hosts = new HashMap<>();
        return new MailStore() {
            @Override
            public synchronized int append(String storeHost, String mailbox, byte[] content) {
                MailboxDirectory d = directory(storeHost);
                if (!d.users().contains(mailbox.toLowerCase(java.util.Locale.ROOT))) {
                    d.addUser(mailbox, users.passwordOf(mailbox));
                }
                var drop = d.maildrop(mailbox);
                drop.append(content);
                return drop.messages().size();
            }

            @Override
            public synchronized void create(String storeHost, String mailbox) {
                MailboxDirectory d = directory(storeHost);
                if (!d.users().contains(mailbox.toLowerCase(java.util.Locale.ROOT))) {
                    d.addUser(mailbox, users.passwordOf(mailbox));
                }
                d.maildrop(mailbox);
            }

            @Override
            public synchronized MailboxAccess access(String storeHost) {
                return directory(storeHost);
            }

            private MailboxDirectory directory(String host) {
                return hosts.computeIfAbsent(host, h -> new MailboxDirectory());
            }
        };
    }
}
