package org.mailtrail.mailbox;

import java.util.List;
import java.util.Set;

/**
 * One user's mailbox, the store that POP3 (RFC 1939 "maildrop") and IMAP (RFC 3501 "INBOX") read. Implementations
 * are thread-safe: a delivery thread appends while a server session reads.
 */
public interface Maildrop {

    /** A snapshot of the messages, in ascending uid order. */
    List<StoredMessage> messages();

    /** Stores a new message with no flags; returns its uid, higher than every uid given before. */
    long append(byte[] content);

    /** Replaces the flags of one message; an unknown uid (already expunged) is ignored. */
    void setFlags(long uid, Set<String> flags);

    /** Removes the messages with these uids; unknown uids are ignored. */
    void expunge(Set<Long> uids);

    /** The UIDVALIDITY value: uids are never reused while it stays the same (RFC 3501 §2.3.1.1). */
    long uidValidity();

    /**
     * The uid the next appended message will get (RFC 3501 §2.3.1.1 "next unique identifier"). The default guesses
     * from the snapshot; implementations that know their counter override it.
     */
    default long uidNext() {
        List<StoredMessage> all = messages();
        return all.isEmpty() ? 1 : all.get(all.size() - 1).uid() + 1;
    }
}
