package org.mailtrail.capture;

import org.mailtrail.engine.ConnectionSteps;

/** A connection encrypted from its first byte (implicit TLS, RFC 8314): shown as encrypted, its bytes counted. */
final class EncryptedConversation implements Conversation {
    private final CaptureSink sink;
    private final int event;
    private long client;
    private long server;

    EncryptedConversation(ConnectionSteps steps, CaptureSink sink, long t) {
        this.sink = sink;
        this.event = sink.encryptedFromHere(steps, t, true);
    }

    @Override
    public void data(boolean fromClient, byte[] bytes, long t) {
        if (fromClient) {
            client += bytes.length;
        } else {
            server += bytes.length;
        }
    }

    @Override
    public void gap(boolean fromClient, long missing, long t) {
    }

    @Override
    public void finish(long t) {
        sink.encryptedCount(event, client, server);
    }
}
