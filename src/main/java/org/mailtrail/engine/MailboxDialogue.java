package org.mailtrail.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.world.Host;
import org.mailtrail.world.Retrieval;

/**
 * The last leg: the recipient's mail client fetches the new message from the mailbox server by
 * POP3 (RFC 1939) or IMAP (RFC 9051). The password is shown redacted.
 */
final class MailboxDialogue {
    private MailboxDialogue() {
    }

    static void retrieve(SimNetwork net, Retrieval how, Host mua, Host store, String mailbox, int number,
                         byte[] content) {
        boolean pop = how == Retrieval.POP3;
        int port = pop ? 110 : 143;
        SimNetwork.Conn c = net.connect(mua, store.address(), port, pop ? "POP3" : "IMAP");
        if (c == null) {
            return;
        }
        String user = mailbox.substring(0, mailbox.lastIndexOf('@')).toLowerCase(Locale.ROOT);
        List<String> message = messageLines(content);
        Step s = new Step(net, c, pop ? "pop3" : "imap", pop ? "RFC 1939" : "RFC 9051");
        if (pop) {
            s.reply("+OK POP3 server ready", "greeting");
            s.command("USER " + user, "user");
            s.reply("+OK", "ok");
            s.command("PASS ********", "pass");
            s.reply("+OK Logged in.", "ok");
            s.command("STAT", "stat");
            s.reply("+OK " + number + " " + content.length, "stat");
            s.command("RETR " + number, "retr");
            List<String> r = new ArrayList<>();
            r.add("+OK " + content.length + " octets");
            for (String l : message) {
                r.add(l.startsWith(".") ? "." + l : l);
            }
            r.add(".");
            s.reply(r, "retr");
            s.command("QUIT", "quit");
            s.reply("+OK Logging out.", "quit");
        } else {
            s.reply("* OK [CAPABILITY IMAP4rev2 STARTTLS AUTH=PLAIN] " + store.name() + " ready", "greeting");
            s.command("a1 LOGIN " + user + " ********", "login");
            s.reply("a1 OK LOGIN completed", "ok");
            s.command("a2 SELECT INBOX", "select");
            s.reply(List.of("* " + number + " EXISTS", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)",
                    "a2 OK [READ-WRITE] SELECT completed"), "select");
            s.command("a3 FETCH " + number + " BODY[]", "fetch");
            List<String> r = new ArrayList<>();
            r.add("* " + number + " FETCH (FLAGS (\\Seen) BODY[] {" + content.length + "}");
            r.addAll(message);
            r.add(")");
            r.add("a3 OK FETCH completed");
            s.reply(r, "fetch");
            s.command("a4 LOGOUT", "logout");
            s.reply(List.of("* BYE Logging out", "a4 OK LOGOUT completed"), "logout");
        }
        net.close(c);
        net.local(EventKind.MAILBOX_RETRIEVED, mua.name(), mailbox + "'s mail client now shows the message",
                List.of("fetched message " + number + " (" + content.length + " octets) by " + how.name()),
                "mailbox.retrieved." + (pop ? "pop3" : "imap"), pop ? "RFC 1939 §7" : "RFC 9051 §6.4.5",
                Map.of("mailbox", mailbox));
    }

    private static List<String> messageLines(byte[] content) {
        String s = new String(content, StandardCharsets.UTF_8);
        if (s.endsWith("\r\n")) {
            s = s.substring(0, s.length() - 2);
        }
        return List.of(s.split("\r\n", -1));
    }

    /** Writes one command or response on the timeline and moves the clock by the link latency. */
    private static final class Step {
        private final SimNetwork net;
        private final SimNetwork.Conn c;
        private final String proto;
        private final String rfc;

        Step(SimNetwork net, SimNetwork.Conn c, String proto, String rfc) {
            this.net = net;
            this.c = c;
            this.proto = proto;
            this.rfc = rfc;
        }

        void command(String line, String key) {
            long t = net.now();
            net.timeline().add(t, t + c.latency(), EventKind.MAILBOX_COMMAND, c.client(), c.server(), "C: " + line,
                    List.of(line), "mailbox." + proto + ".cmd." + key, rfc, c.details(true));
            net.advanceTo(t + c.latency());
        }

        void reply(String line, String key) {
            reply(List.of(line), key);
        }

        void reply(List<String> lines, String key) {
            long t = net.now();
            String summary = "S: " + lines.get(0) + (lines.size() > 1 ? " (+" + (lines.size() - 1) + " lines)" : "");
            net.timeline().add(t, t + c.latency(), EventKind.MAILBOX_REPLY, c.server(), c.client(), summary, lines,
                    "mailbox." + proto + ".reply." + key, rfc, c.details(false));
            net.advanceTo(t + c.latency());
        }
    }
}
