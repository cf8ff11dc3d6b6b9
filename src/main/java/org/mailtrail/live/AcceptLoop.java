package org.mailtrail.live;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The accept thread of an {@link SmtpReceiver} whose sessions each have a thread (a store, or implicit TLS): takes
 * each connection, lets the receiver admit it ({@link SmtpReceiver#admit}) and hands an admitted session to a thread
 * of the {@link ReceiverPools} ({@link SmtpReceiver#serveOnThread}).
 */
final class AcceptLoop implements Runnable {
    private final SmtpReceiver owner;
    private final ServerSocketChannel listener;

    AcceptLoop(SmtpReceiver owner, ServerSocketChannel listener) {
        this.owner = owner;
        this.listener = listener;
    }

    @Override
    public void run() {
        while (!owner.isClosed()) {
            SocketChannel s;
            try {
                s = listener.accept();
            } catch (IOException | RuntimeException e) {
                if (owner.isClosed()) {
                    return;
                }
                pause(); // e.g. out of file descriptors: try again shortly
                continue;
            }
            if (owner.isClosed()) {
                SmtpReceiver.closeQuietly(s);
                return;
            }
            dispatch(s);
        }
    }

    private void dispatch(SocketChannel s) {
        ReceiverSession session = owner.admit(s);
        if (session != null) {
            owner.serveOnThread(session);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
