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
