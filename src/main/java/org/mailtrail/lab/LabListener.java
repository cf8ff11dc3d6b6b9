package org.mailtrail.lab;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

/**
 * One listening socket of a lab host (its SMTP, submission, POP3 or IMAP port): each accepted connection is served
 * on a thread of its own by the given handler. The lab is not idle while a session is open. On close, open sessions
 * are told goodbye by their handler's {@code farewell} (SMTP: 421, RFC 5321 §3.8) and closed.
 */
final class LabListener implements AutoCloseable {
    /** Serves one connection to its end. */
    interface Handler {
        void serve(Socket socket);

        /** What to write to a connection the lab closes while it is open (plain text only). */
        byte[] farewell();
    }

    private final ServerSocket server;
    private final Handler handler;
    private final ExecutorService threads;
    private final LabScheduler scheduler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    LabListener(String address, int port, Handler handler, ExecutorService threads, LabScheduler scheduler)
            throws IOException {
        this.handler = handler;
        this.threads = threads;
        this.scheduler = scheduler;
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(LabPlan.literal(address), port), 100);
        this.server = s;
    }

    void start() {
        threads.execute(this::acceptLoop);
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                Socket s = server.accept();
                open.add(s);
                scheduler.busy();
                try {
                    threads.execute(() -> {
                        try {
                            handler.serve(s);
                        } finally {
                            open.remove(s);
                            scheduler.done();
                        }
                    });
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    // the lab stops: a connection accepted in that moment is closed, not served
                    open.remove(s);
                    scheduler.done();
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing it is all that is left to do
                    }
                    return;
                }
            } catch (IOException e) {
                if (closing || server.isClosed()) {
                    return; // a closed server socket throws at once, for ever: never spin on it
                }
            }
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
        for (Socket s : open) {
            try {
                if (!(s instanceof javax.net.ssl.SSLSocket)) {
                    s.getOutputStream().write(handler.farewell());
                }
            } catch (IOException ignored) {
                // the client may be gone already
            }
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
