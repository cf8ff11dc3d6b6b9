package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;

/** Test helper: moves bytes between an IMAP retriever and server in memory, recording a transcript. */
final class ImapPump {
    final ImapRetriever client;
    final ImapServer server;
    final List<String> transcript = new ArrayList<>();
    final List<ImapClientEvent> clientEvents = new ArrayList<>();

    ImapPump(ImapRetriever client, ImapServer server) {
        this.client = client;
        this.server = server;
    }

    ImapClientEvent.Finished run() {
        server.start();
        for (int round = 0; round < 1000; round++) {
            boolean progress = drainServer();
            if (server.isClosed() && !client.isFinished()) {
                client.connectionClosed();
            }
            progress |= drainClient();
            if (client.isFinished()) {
                return (ImapClientEvent.Finished) client.nextEvent();
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
            ImapServerEvent e = server.nextEvent();
            if (e instanceof ImapServerEvent.NeedData || e instanceof ImapServerEvent.Close) {
                return progress;
            }
            progress = true;
            if (e instanceof ImapServerEvent.Send) {
                byte[] bytes = ((ImapServerEvent.Send) e).bytes();
                for (String l : ((ImapServerEvent.Send) e).lines()) {
                    transcript.add("S: " + l);
                }
                client.receiveData(bytes);
            } else if (e instanceof ImapServerEvent.StartTls) {
                transcript.add("== TLS handshake");
                server.tlsEstablished();
            }
        }
    }

    private boolean drainClient() {
        boolean progress = false;
        while (true) {
            ImapClientEvent e = client.nextEvent();
            if (e instanceof ImapClientEvent.NeedData) {
                return progress;
            }
            clientEvents.add(e);
            if (e instanceof ImapClientEvent.Finished) {
                return true;
            }
            progress = true;
            if (e instanceof ImapClientEvent.Send) {
                ImapClientEvent.Send s = (ImapClientEvent.Send) e;
                if (!new String(s.bytes(), UTF_8).equals(s.line() + "\r\n")) {
                    throw new AssertionError("Send.line differs from its bytes: " + s.line());
                }
                transcript.add("C: " + s.shownLine());
                if (!server.isClosed()) {
                    server.receiveData(s.bytes());
                }
            } else if (e instanceof ImapClientEvent.StartTls) {
                client.tlsEstablished();
            }
        }
    }

    List<String> sentLines() {
        List<String> out = new ArrayList<>();
        for (ImapClientEvent e : clientEvents) {
            if (e instanceof ImapClientEvent.Send) {
                out.add(((ImapClientEvent.Send) e).shownLine());
            }
        }
        return out;
    }

    List<String> responseKinds() {
        List<String> out = new ArrayList<>();
        for (ImapClientEvent e : clientEvents) {
            if (e instanceof ImapClientEvent.Response) {
                out.add(((ImapClientEvent.Response) e).kind());
            }
        }
        return out;
    }
}
