package org.mailtrail.mailbox;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** A {@link Maildrop} held in memory; every method is synchronized. */
public final class InMemoryMaildrop implements Maildrop {
    private final long uidValidity;
    private final List<StoredMessage> messages = new ArrayList<>();
    private long nextUid = 1;

    /** An empty maildrop with UIDVALIDITY 1. */
    public InMemoryMaildrop() {
        this(1);
    }

    /** An empty maildrop with the given UIDVALIDITY (a positive 32-bit number, RFC 3501 §9 nz-number). */
    public InMemoryMaildrop(long uidValidity) {
        if (uidValidity < 1 || uidValidity > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uidValidity must be in 1..4294967295: " + uidValidity);
        }
        this.uidValidity = uidValidity;
    }

    @Override
    public synchronized List<StoredMessage> messages() {
        return List.copyOf(messages);
    }

    @Override
    public synchronized long append(byte[] content) {
        if (content == null) {
            throw new IllegalArgumentException("content is required");
        }
        long uid = nextUid++;
        messages.add(new StoredMessage(uid, content, Set.of()));
        return uid;
    }

    @Override
    public synchronized void setFlags(long uid, Set<String> flags) {
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i).uid() == uid) {
                messages.set(i, messages.get(i).withFlags(flags));
                return;
            }
        }
    }

    @Override
    public synchronized void expunge(Set<Long> uids) {
        Iterator<StoredMessage> it = messages.iterator();
        while (it.hasNext()) {
            if (uids.contains(it.next().uid())) {
                it.remove();
            }
        }
    }

    @Override
    public long uidValidity() {
        return uidValidity;
    }

    @Override
    public synchronized long uidNext() {
        return nextUid;
    }
}
