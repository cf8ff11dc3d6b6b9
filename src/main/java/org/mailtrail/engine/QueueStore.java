package org.mailtrail.engine;

/**
 * Where a host's queue is kept so that no accepted message is lost when the hosts stop (RFC 5321 §6.1: a server that
 * said 250 is responsible for the message). The simulation keeps nothing; the lab with {@code --store} keeps files.
 */
public interface QueueStore {
    /** The entry is (still) in its host's queue: keep it, replacing an earlier copy with the same host and id. */
    void save(QueueEntry entry);

    /** The entry's work is done (delivered, bounced or handed on): forget it. */
    void remove(QueueEntry entry);

    /** A store that keeps nothing. */
    QueueStore NONE = new QueueStore() {
        @Override
        public void save(QueueEntry entry) {
        }

        @Override
        public void remove(QueueEntry entry) {
        }
    };
}
