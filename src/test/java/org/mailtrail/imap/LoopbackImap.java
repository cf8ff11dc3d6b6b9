package org.mailtrail.imap;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.mailtrail.mailbox.MailboxAccess;

/**
 * Test helper: serves {@link ImapServer} sessions on 127.0.0.1 at a free port, one thread per connection, so that a
 * real client library can talk to it. Reads time out after 20 seconds; {@link #close()} ends everything.
 */
final class LoopbackImap implements AutoCloseable {
    private final MailboxAccess access;
    private final ServerSocket listener;
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());
    /** The commands the sessions received, as "verb: shown line". */
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    /** I/O failures of the sessions while the helper was open. */
    final List<String> errors = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    LoopbackImap(MailboxAccess access) throws IOException {
        this.access = access;
        this.listener = new ServerSocket(0, 8, InetAddress.getByName("127.0.0.1"));
        Thread acceptor = new Thread(this::acceptLoop, "loopback-imap-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = listener.accept();
                s.setSoTimeout(20_000);
            } catch (IOException e) {
                return; // closed
            }
            sockets.add(s);
            Thread t = new Thread(() -> serve(s), "loopback-imap-session");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket socket) {
        ImapServer server = new ImapServer(new ImapServer.Config("imap.example.net", false, false, false), access);
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            server.start();
            byte[] buf = new byte[8192];
            while (flush(server, out)) {
                int n = in.read(buf);
                if (n < 0) {
                    server.connectionClosed();
                    return;
                }
                server.receiveData(Arrays.copyOf(buf, n));
            }
        } catch (IOException e) {
            if (!closed) {
                errors.add(e.toString());
            }
        }
    }

    /** Writes what the server has to send; false once it closed the session. */
    private boolean flush(ImapServer server, OutputStream out) throws IOException {
        while (true) {
            ImapServerEvent e = server.nextEvent();
            if (e instanceof ImapServerEvent.NeedData || e instanceof ImapServerEvent.Close) {
                out.flush();
                return e instanceof ImapServerEvent.NeedData;
            }
            if (e instanceof ImapServerEvent.Send) {
                out.write(((ImapServerEvent.Send) e).bytes());
            } else if (e instanceof ImapServerEvent.CommandReceived) {
                ImapServerEvent.CommandReceived c = (ImapServerEvent.CommandReceived) e;
                commands.add(c.verb() + ": " + c.shownLine());
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
