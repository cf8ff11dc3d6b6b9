package org.mailtrail.engine;

import java.util.List;

/**
 * A message in one host's queue: its envelope, the recipients this host still has to deliver to,
 * and the content as it stands at this host (with this host's Received: line on top).
 */
final class QueueEntry {
    final String id;
    final String host;
    final String reversePath;
    final List<String> pending;
    final byte[] content;
    final long arrivedMicros;
    final boolean bounce;
    int attempts;

    QueueEntry(String id, String host, String reversePath, List<String> pending, byte[] content, long arrivedMicros,
               boolean bounce) {
        this.id = id;
        this.host = host;
        this.reversePath = reversePath;
        this.pending = pending;
        this.content = content;
        this.arrivedMicros = arrivedMicros;
        this.bounce = bounce;
    }
}
