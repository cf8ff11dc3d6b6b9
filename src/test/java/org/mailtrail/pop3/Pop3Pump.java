package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/** Test helper: moves bytes between a retriever and a server in memory, recording a transcript. */
final class Pop3Pump {
    final Pop3Retriever client;
    final Pop3Server server;
    final List<String> transcript = new ArrayList<>();
    final List<Pop3ClientEvent> clientEvents = new ArrayList<>();

    Pop3Pump(Pop3Retriever client, Pop3Server server) {
        this.client = client;
        this.server = server;
    }

    Pop3ClientEvent.Finished run() {
        server.start();
        for (int round = 0; round < 1000; round++) {
            boolean progress = drainServer();
            if (server.isClosed() && !client.isFinished()) {
                client.connectionClosed();
            }
            progress |= drainClient();
            if (client.isFinished()) {
                return (Pop3ClientEvent.Finished) client.nextEvent();
            }
            if (!progress && !server.isClosed()) {
                throw new AssertionError("stalled; transcript:\n" + String.join("\n", transcript));
            }
        }
        throw new AssertionError("too many rounds");
    }

    private boolean drainServer() {
        boolean progress = false;
        while (true) {
            Pop3ServerEvent e = server.nextEvent();
            if (e instanceof Pop3ServerEvent.NeedData || e instanceof Pop3ServerEvent.Close) {
                return progress;
            }
            progress = true;
            if (e instanceof Pop3ServerEvent.Send) {
                byte[] bytes = ((Pop3ServerEvent.Send) e).bytes();
                String text = new String(bytes, UTF_8);
                for (String l : text.substring(0, text.length() - 2).split("\r\n", -1)) {
                    transcript.add("S: " + l);
                }
                client.receiveData(bytes);
            } else if (e instanceof Pop3ServerEvent.StartTls) {
                transcript.add("== TLS handshake");
                server.tlsEstablished();
            }
        }
    }

    private boolean drainClient() {
        boolean progress = false;
        while (true) {
            Pop3ClientEvent e = client.nextEvent();
            if (e instanceof Pop3ClientEvent.NeedData) {
                return progress;
            }
            clientEvents.add(e);
            if (e instanceof Pop3ClientEvent.Finished) {
                return true;
            }
            progress = true;
            if (e instanceof Pop3ClientEvent.Send) {
                Pop3ClientEvent.Send s = (Pop3ClientEvent.Send) e;
                transcript.add("C: " + s.shownLine());
                if (!server.isClosed()) {
                    server.receiveData(s.bytes());
                }
            } else if (e instanceof Pop3ClientEvent.StartTls) {
                client.tlsEstablished();
            }
        }
    }

    List<String> sentVerbs() {
        List<String> out = new ArrayList<>();
        for (Pop3ClientEvent e : clientEvents) {
            if (e instanceof Pop3ClientEvent.Send) {
                out.add(((Pop3ClientEvent.Send) e).verb());
            }
        }
        return out;
    }

    List<String> responseKinds() {
        List<String> out = new ArrayList<>();
        for (Pop3ClientEvent e : clientEvents) {
            if (e instanceof Pop3ClientEvent.Response) {
                out.add(((Pop3ClientEvent.Response) e).kind());
            }
        }
        return out;
    }
}
