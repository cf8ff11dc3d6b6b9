package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test helper: pumps bytes between an in-memory client and server and records a byte-exact transcript. */
final class Pump {
    final SmtpClient client;
    final SmtpServer server;
    final List<String> transcript = new ArrayList<>();
    final List<ClientEvent> clientEvents = new ArrayList<>();
    final List<ServerEvent> serverEvents = new ArrayList<>();
    private boolean serverClosed;

    Pump(SmtpClient client, SmtpServer server) {
        this.client = client;
        this.server = server;
    }

    Outcome run() {
        server.start();
        for (int round = 0; round < 10_000; round++) {
            boolean progress = drainServer();
            if (serverClosed && !client.isFinished()) {
                client.connectionClosed();
            }
            progress |= drainClient();
            if (client.isFinished()) {
                if (!server.isClosed()) {
                    server.connectionClosed();
                }
                return client.outcome().orElseThrow();
            }
            if (!progress && !serverClosed) {
                throw new AssertionError("client and server stalled; transcript:\n" + String.join("\n", transcript));
            }
        }
        throw new AssertionError("too many rounds");
    }

    String transcriptText() {
        return String.join("\n", transcript) + "\n";
    }

    private boolean drainServer() {
        boolean progress = false;
        while (true) {
            ServerEvent e = server.nextEvent();
            if (e instanceof ServerEvent.NeedData) {
                return progress;
            }
            if (e instanceof ServerEvent.Close) {
                if (!serverClosed) {
                    serverClosed = true;
                    serverEvents.add(e);
                    transcript.add("== server closed the connection");
                }
                return progress;
            }
            progress = true;
            serverEvents.add(e);
            if (e instanceof ServerEvent.Send) {
                ServerEvent.Send s = (ServerEvent.Send) e;
                record("S: ", s.bytes());
                if (!client.isFinished()) {
                    client.receiveData(s.bytes());
                }
            } else if (e instanceof ServerEvent.StartTls) {
                server.tlsEstablished();
            }
        }
    }

    private boolean drainClient() {
        boolean progress = false;
        while (true) {
            ClientEvent e = client.nextEvent();
            if (e instanceof ClientEvent.NeedData) {
                return progress;
            }
            if (e instanceof ClientEvent.Finished) {
                clientEvents.add(e);
                return true;
            }
            progress = true;
            clientEvents.add(e);
            if (e instanceof ClientEvent.Send) {
                ClientEvent.Send s = (ClientEvent.Send) e;
                List<String> recorded = record("C: ", s.bytes());
                if (!recorded.equals(s.lines())) {
                    throw new AssertionError("Send.lines " + s.lines() + " differ from the bytes " + recorded);
                }
                if (!serverClosed) {
                    server.receiveData(s.bytes());
                }
            } else if (e instanceof ClientEvent.StartTls) {
                transcript.add("== TLS handshake");
                client.tlsEstablished();
            }
        }
    }

    /** Splits bytes at CRLF, insisting on CRLF line ends only, and records each line. */
    private List<String> record(String prefix, byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (!s.endsWith("\r\n")) {
            throw new AssertionError("bytes do not end with CRLF: " + s);
        }
        List<String> lines = List.of(s.substring(0, s.length() - 2).split("\r\n", -1));
        for (String line : lines) {
            if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0) {
                throw new AssertionError("bare CR or LF on the wire: " + line);
            }
            transcript.add(prefix + line);
        }
        return lines;
    }

    /** Feeds a script of server text to a client and drains its events until NeedData or Finished. */
    static List<ClientEvent> feed(SmtpClient client, String serverText) {
        client.receiveData(serverText.getBytes(StandardCharsets.UTF_8));
        return drain(client);
    }

    static List<ClientEvent> drain(SmtpClient client) {
        List<ClientEvent> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ClientEvent e = client.nextEvent();
            if (e instanceof ClientEvent.NeedData) {
                return out;
            }
            out.add(e);
            if (e instanceof ClientEvent.Finished || e instanceof ClientEvent.StartTls) {
                return out;
            }
        }
        throw new AssertionError("client never paused");
    }

    /** Sent command lines among events. */
    static List<String> sentLines(List<ClientEvent> events) {
        List<String> out = new ArrayList<>();
        for (ClientEvent e : events) {
            if (e instanceof ClientEvent.Send) {
                out.addAll(((ClientEvent.Send) e).lines());
            }
        }
        return out;
    }
}
