package org.mailtrail.imap;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.mailbox.MailboxDirectory;
import org.mailtrail.mailbox.Maildrop;

/** Test helper: a started IMAP server fed text, returning what it wrote; and the fixture mailbox. */
final class ImapTalk {
    static final String M1 = "From: alice@example.org\r\nTo: bob@example.net\r\nSubject: First\r\n\r\n"
            + "Hello Bob.\r\n.hidden dot\r\nLine 3\r\n"; // 97 octets, header 64, text 33
    static final String M2 = "From: carol@example.org\r\nTo: bob@example.net\r\nSubject: Second\r\n\r\n"
            + "Second message.\r\n"; // 82 octets
    static final String GREETING = "* OK [CAPABILITY IMAP4rev1 LITERAL+ UNSELECT] imap.example.net ready\r\n";

    final MailboxDirectory directory;
    final ImapServer server;
    final List<ImapServerEvent> events = new ArrayList<>();

    ImapTalk(ImapServer.Config config) {
        this(config, bobWithTwoMessages());
    }

    ImapTalk(ImapServer.Config config, MailboxDirectory directory) {
        this.directory = directory;
        this.server = new ImapServer(config, directory);
    }

    static ImapServer.Config plain() {
        return new ImapServer.Config("imap.example.net", false, false, false);
    }

    static MailboxDirectory bobWithTwoMessages() {
        MailboxDirectory dir = new MailboxDirectory();
        dir.addUser("bob@example.net", "s3cret");
        dir.maildrop("bob@example.net").append(M1.getBytes(UTF_8));
        dir.maildrop("bob@example.net").append(M2.getBytes(UTF_8));
        return dir;
    }

    Maildrop bob() {
        return directory.maildrop("bob@example.net");
    }

    /** A plain server, started, logged in as bob; the INBOX selected when {@code select}. */
    static ImapTalk loggedIn(boolean select) {
        ImapTalk t = new ImapTalk(plain());
        t.start();
        t.say("l1 LOGIN bob s3cret\r\n");
        if (select) {
            t.say("l2 SELECT INBOX\r\n");
        }
        t.events.clear();
        return t;
    }

    String start() {
        server.start();
        return drain();
    }

    String say(String clientText) {
        server.receiveData(clientText.getBytes(UTF_8));
        return drain();
    }

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
            ImapServerEvent e = server.nextEvent();
            if (e instanceof ImapServerEvent.NeedData) {
                return out.toString();
            }
            events.add(e);
            if (e instanceof ImapServerEvent.Close || e instanceof ImapServerEvent.StartTls) {
                return out.toString();
            }
            if (e instanceof ImapServerEvent.Send) {
                ImapServerEvent.Send s = (ImapServerEvent.Send) e;
                String text = new String(s.bytes(), UTF_8);
                if (!text.equals(String.join("\r\n", s.lines()) + "\r\n")) {
                    throw new AssertionError("Send.lines " + s.lines() + " differ from the bytes " + text);
                }
                out.append(text);
            }
        }
        throw new AssertionError("server never paused");
    }

    <T extends ImapServerEvent> List<T> events(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (ImapServerEvent e : events) {
            if (type.isInstance(e)) {
                out.add(type.cast(e));
            }
        }
        return out;
    }
}
