package org.mailtrail.engine;

/**
 * Where a host's queue is kept so that no accepted message is lost when the hosts stop (RFC 5321 §6.1: a server that
 * said 250 is responsible for the message). The simulation keeps nothing; the lab with {@code --store} keeps files.
 */
public interface QueueStore {
    /**
     * The entry is (still) in its host's queue: keep it under its store key. False if it could not be kept (a full
     * disk, a folder that became read-only); the store has reported why, and the caller keeps the copy it replaces.
     */
    boolean save(QueueEntry entry);

    /** The entry's work is done (delivered, bounced or handed on): forget it. */
    void remove(QueueEntry entry);

    /** A store that keeps nothing. */
    QueueStore NONE = new QueueStore() {
        @Override
        public boolean save(QueueEntry entry) {
            return true;
        }

        @Override
        public void remove(QueueEntry entry) {
        }
    };
}
