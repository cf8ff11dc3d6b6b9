package org.mailtrail.engine;

import java.util.List;

/**
 * A message in one host's queue: its envelope, the recipients this host still has to deliver to,
 * and the content as it stands at this host (with this host's Received: line on top).
 */
public final class QueueEntry {
    final String id;
    final String host;
    final String reversePath;
    final List<String> pending;
    final byte[] content;
    final long arrivedMicros;
    final boolean bounce;
    final JourneyState journey;
    int attempts;
    /** This entry's name in a queue store: the queue id and a number, since a later attempt has the same id. */
    String storeKey;

    QueueEntry(String id, String host, String reversePath, List<String> pending, byte[] content, long arrivedMicros,
               boolean bounce, JourneyState journey) {
        this.id = id;
        this.host = host;
        this.reversePath = reversePath;
        this.pending = pending;
        this.content = content;
        this.arrivedMicros = arrivedMicros;
        this.bounce = bounce;
        this.journey = journey;
    }

    /**
     * An entry read back from a queue store after a restart, joining {@code journey}.
     *
     * @param arrivedMicros when it arrived, on the clock of the agent that will deliver it
     */
    public static QueueEntry recovered(String storeKey, String id, String host, String reversePath,
                                       java.util.List<String> pending, byte[] content, long arrivedMicros,
                                       boolean bounce, int attempts, JourneyState journey) {
        QueueEntry e = new QueueEntry(id, host, reversePath, new java.util.ArrayList<>(pending), content.clone(),
                arrivedMicros, bounce, journey);
        e.attempts = attempts;
        e.storeKey = storeKey;
        return e;
    }

    /** The envelope sender ("" for a bounce). */
    public String reversePath() {
        return reversePath;
    }

    /** The recipients still to deliver to. */
    public List<String> pending() {
        return List.copyOf(pending);
    }

    /** The message as it stands at this host. */
    public byte[] content() {
        return content.clone();
    }

    /** True for a delivery status notification. */
    public boolean bounce() {
        return bounce;
    }

    /** Delivery attempts so far. */
    public int attempts() {
        return attempts;
    }

    /** When it arrived, on the agent's clock (microseconds). */
    public long arrivedMicros() {
        return arrivedMicros;
    }

    /** This entry's name in a queue store (unique among the entries of its host). */
    public String storeKey() {
        return storeKey == null ? id : storeKey;
    }

    /** The queue id. */
    public String id() {
        return id;
    }

    /** The host whose queue holds it. */
    public String host() {
        return host;
    }

    /** The journey it belongs to. */
    public JourneyState journey() {
        return journey;
    }
}
