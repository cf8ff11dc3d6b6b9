package org.mailtrail.mailbox;

import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One message in a {@link Maildrop}: its unique identifier, its RFC 5322 content (CRLF line ends) and its flags
 * (IMAP system flags such as {@code \Seen} or keywords, RFC 3501 §2.3.2). Immutable: the content is copied in and
 * out, the flags are kept sorted so that every listing of them is the same.
 */
public record StoredMessage(long uid, byte[] content, Set<String> flags) {

    /** Checks and copies the parts. */
    public StoredMessage {
        if (uid < 1) {
            throw new IllegalArgumentException("uid must be positive: " + uid);
        }
        if (content == null || flags == null) {
            throw new IllegalArgumentException("content and flags are required");
        }
        content = content.clone();
        TreeSet<String> sorted = new TreeSet<>();
        for (String f : flags) {
            if (f == null || f.isEmpty()) {
                throw new IllegalArgumentException("a flag must not be empty");
            }
            sorted.add(f);
        }
        flags = Collections.unmodifiableSet(sorted);
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The size in octets, as POP3 and IMAP report it (RFC 1939 §5 STAT, RFC 3501 §2.3.4). */
    public int size() {
        return content.length;
    }

    /** True if the flag is set. */
    public boolean hasFlag(String flag) {
        return flags.contains(flag);
    }

    /** The same message with other flags. */
    public StoredMessage withFlags(Set<String> newFlags) {
        return new StoredMessage(uid, content, newFlags);
    }

    /**
     * Where the body starts: the octet after the empty line that ends the header (RFC 5322 §2.1), or the length
     * of the content if there is no empty line (then it is all header). Bare LF line ends are accepted.
     */
    public int bodyOffset() {
        for (int i = 0; i < content.length; i++) {
            if (content[i] != '\n') {
                continue;
            }
            if (i + 1 < content.length && content[i + 1] == '\n') {
                return i + 2;
            }
            if (i + 2 < content.length && content[i + 1] == '\r' && content[i + 2] == '\n') {
                return i + 3;
            }
        }
        return content.length;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StoredMessage)) {
            return false;
        }
        StoredMessage m = (StoredMessage) o;
        return uid == m.uid && Arrays.equals(content, m.content) && flags.equals(m.flags);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(uid) * 31 + Arrays.hashCode(content)) * 31 + flags.hashCode();
    }

    @Override
    public String toString() {
        return "StoredMessage[uid=" + uid + ", size=" + content.length + ", flags=" + flags + "]";
    }
}
