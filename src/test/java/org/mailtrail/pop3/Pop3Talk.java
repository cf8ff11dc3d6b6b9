package org.mailtrail.pop3;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.mailbox.MailboxDirectory;

/** Test helper: a started server fed text, returning what it wrote; and the fixture mailbox. */
final class Pop3Talk {
    static final String M1 = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: First\r\n\r\n"
            + "Hello Bob.\r\n.hidden dot\r\nLine 3\r\n"; // 97 octets
    static final String M2 = "From: carol@example.org\r\nTo: bob@example.net\r\nSubject: Second\r\n\r\n"
            + "Second message.\r\n"; // 82 octets

    final MailboxDirectory directory;
    final Pop3Server server;
    final List<Pop3ServerEvent> events = new ArrayList<>();

    Pop3Talk(Pop3Server.Config config) {
        this(config, bobWithTwoMessages());
    }

    Pop3Talk(Pop3Server.Config config, MailboxDirectory directory) {
        this.directory = directory;
        this.server = new Pop3Server(config, directory);
    }

    static Pop3Server.Config plain() {
        return new Pop3Server.Config("pop.example.net", false, false, false);
    }

    static MailboxDirectory bobWithTwoMessages() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        dir.maildrop("bob@example.net").append(M1.getBytes(UTF_8));
        dir.maildrop("bob@example.net").append(M2.getBytes(UTF_8));
        return dir;
    }

    /** Starts the server; returns the greeting bytes as text. */
    String start() {
        server.start();
        return drain();
    }

    /** Feeds the client's text in one chunk; returns everything the server wrote in answer. */
    String say(String clientText) {
        server.receiveData(clientText.getBytes(UTF_8));
        return drain();
    }

    /** Feeds the text one byte at a time; returns everything the server wrote in answer. */
    String trickle(String clientText) {
        StringBuilder out = new StringBuilder();
        for (byte b : clientText.getBytes(UTF_8)) {
            if (server.isClosed()) {
                break;
            }
            server.receiveData(new byte[] {b});
            out.append(drain());
        }
        return out.toString();
    }

    String drain() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            Pop3ServerEvent e = server.nextEvent();
            if (e instanceof Pop3ServerEvent.NeedData) {
                return out.toString();
            }
            events.add(e);
            if (e instanceof Pop3ServerEvent.Close) {
                return out.toString();
            }
            if (e instanceof Pop3ServerEvent.StartTls) {
                return out.toString();
            }
            if (e instanceof Pop3ServerEvent.Send) {
                Pop3ServerEvent.Send s = (Pop3ServerEvent.Send) e;
                String text = new String(s.bytes(), UTF_8);
                if (!text.equals(String.join("\r\n", s.lines()) + "\r\n")) {
                    throw new AssertionError("Send.lines " + s.lines() + " differ from the bytes " + text);
                }
                out.append(text);
            }
        }
        throw new AssertionError("server never paused");
    }

    <T extends Pop3ServerEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Pop3ServerEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
