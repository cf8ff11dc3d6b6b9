package org.mailtrail.capture;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mailtrail.engine.ConnectionSteps;
import org.mailtrail.export.Redaction;

/**
 * A captured POP3 (RFC 1939) or IMAP (RFC 3501) connection as the lab and the simulation tell theirs: each command
 * through {@link ConnectionSteps#mailboxCommand} (passwords hidden), each response through
 * {@link ConnectionSteps#mailboxReply} with the same kinds (greeting, capa, stat, retr, select, fetch, …, err, no,
 * bad). POP3 multi-line responses end with "." (RFC 1939 §3); IMAP responses end with the tagged line, literals
 * ({@code {n}}) are read by length. After STLS/STARTTLS and its positive answer the rest is counted, not decoded.
 */
final class MailboxConversation implements Conversation {
    private static final int MAX_LINES = 200;
    private final ConnectionSteps steps;
    private final CaptureSink sink;
    private final String protocol;
    private final boolean pop3;
    private final Lines clientLines = new Lines(64 * 1024);
    private final Lines serverLines = new Lines(64 * 1024);
    private final ArrayDeque<String[]> awaiting = new ArrayDeque<>(); // {verb, tag, multi-line?}
    private final List<String> response = new ArrayList<>();
    private long responseStart = -1;
    private long dropped;
    private boolean greeted;
    private boolean multiLine;
    private long literalClient;
    private long literalServer;
    private boolean encrypted;
    private int tlsEvent = -1;
    private long encClient;
    private long encServer;

    MailboxConversation(ConnectionSteps steps, CaptureSink sink, String protocol) {
        this.steps = steps;
        this.sink = sink;
        this.protocol = protocol;
        this.pop3 = protocol.equals("pop3");
    }

    @Override
    public void data(boolean fromClient, byte[] b, long t) {
        for (int i = 0; i < b.length; i++) {
            if (encrypted) {
                if (fromClient) {
                    encClient += b.length - i;
                } else {
                    encServer += b.length - i;
                }
                return;
            }
            if (fromClient && literalClient > 0) {
                literalClient--;
                continue;
            }
            if (!fromClient && literalServer > 0) { // a literal's lines belong to the response (RFC 3501 §4.3)
                literalServer--;
                String l = serverLines.feed(b[i]);
                if (l != null) {
                    keep(l, t);
                }
                continue;
            }
            String line = (fromClient ? clientLines : serverLines).feed(b[i]);
            if (line != null) {
                if (fromClient) {
                    command(line, t);
                } else {
                    serverLine(line, t);
                }
            }
        }
    }

    private void command(String line, long t) {
        literalClient = literal(line);
        String[] w = line.split(" ", pop3 ? 2 : 3);
        String verb;
        String tag = "";
        String shown = line;
        if (pop3) {
            verb = w[0].toUpperCase(Locale.ROOT);
            if ((verb.equals("PASS") || verb.equals("APOP")) && w.length > 1) {
                shown = w[0] + " " + Redaction.MASK;
            }
            boolean multi = verb.equals("RETR") || verb.equals("TOP") || verb.equals("CAPA")
                    || ((verb.equals("LIST") || verb.equals("UIDL")) && w.length == 1);
            awaiting.add(new String[] {verb, "", multi ? "m" : ""});
        } else {
            tag = w[0];
            verb = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
            if (verb.equals("LOGIN") && w.length > 2) {
                shown = tag + " " + w[1] + " " + w[2].split(" ", 2)[0] + " " + Redaction.MASK;
            } else if (verb.isEmpty() && !awaiting.isEmpty()) { // an AUTHENTICATE response line
                shown = Redaction.MASK;
                verb = "AUTHENTICATE";
            }
            if (!verb.equals("AUTHENTICATE") || w.length > 1) {
                awaiting.add(new String[] {verb, tag, ""});
            }
        }
        steps.mailboxCommand(t, t, protocol, shown, verb.isEmpty() ? "unknown" : verb);
    }

    /** The length of a literal announced at the end of a line ({@code {12}} or {@code {12+}}, RFC 3501 §4.3), or 0. */
    private long literal(String line) {
        if (pop3 || !line.endsWith("}")) {
            return 0;
        }
        int open = line.lastIndexOf('{');
        String n = open < 0 ? "" : line.substring(open + 1, line.length() - 1).replace("+", "");
        if (n.isEmpty() || n.length() > 9 || !n.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(n);
    }

    private void keep(String line, long t) {
        if (responseStart < 0) {
            responseStart = t;
        }
        if (response.size() < MAX_LINES) {
            response.add(line);
        } else {
            dropped++;
        }
    }

    private void serverLine(String line, long t) {
        keep(line, t);
        if (pop3) {
            pop3Line(line, t);
        } else {
            literalServer = literal(line);
            imapLine(line, t);
        }
    }

    private void pop3Line(String line, long t) {
        if (!greeted) {
            greeted = true;
            emit("greeting", t);
            return;
        }
        if (multiLine) {
            if (line.equals(".")) {
                multiLine = false;
                emit(kind(awaiting.poll(), true), t);
            }
            return;
        }
        boolean ok = line.startsWith("+OK");
        if (line.startsWith("+ ") || line.equals("+")) { // a SASL challenge (RFC 5034 §4)
            emit("ok", t);
            return;
        }
        String[] cmd = awaiting.peek();
        if (ok && cmd != null && cmd[2].equals("m")) {
            multiLine = true;
            return;
        }
        awaiting.poll();
        emit(kind(cmd, ok), t);
        if (ok && cmd != null && cmd[0].equals("STLS")) {
            startTls(t);
        }
    }

    private void imapLine(String line, long t) {
        if (!greeted) {
            greeted = true;
            emit("greeting", t);
            return;
        }
        if (line.startsWith("*")) {
            return; // untagged data: part of the response that the tagged line completes
        }
        if (line.startsWith("+")) { // a continuation request (RFC 3501 §7.5)
            emit("ok", t);
            return;
        }
        String[] w = line.split(" ", 3);
        String status = w.length > 1 ? w[1].toUpperCase(Locale.ROOT) : "";
        String[] cmd = null;
        for (String[] c : awaiting) {
            if (c[1].equals(w[0])) {
                cmd = c;
                break;
            }
        }
        if (cmd == null) {
            return; // no tag of a command: the rest of a response (after a literal) that a tagged line completes
        }
        awaiting.remove(cmd);
        boolean ok = status.equals("OK");
        emit(status.equals("NO") ? "no" : status.equals("BAD") ? "bad" : kind(cmd, ok), t);
        if (ok && cmd != null && cmd[0].equals("STARTTLS")) {
            startTls(t);
        }
    }

    /** The explanation kind of a response to {@code cmd}, as the lab names them. */
    private String kind(String[] cmd, boolean ok) {
        if (!ok) {
            return pop3 ? "err" : "no";
        }
        String verb = cmd == null ? "" : cmd[0];
        if (pop3) {
            switch (verb) {
                case "STAT": return "stat";
                case "RETR":
                case "TOP": return "retr";
                case "QUIT": return "quit";
                case "CAPA": return "capa";
                case "STLS": return "stls";
                default: return "ok";
            }
        }
        switch (verb) {
            case "CAPABILITY": return "capability";
            case "SELECT":
            case "EXAMINE": return "select";
            case "FETCH":
            case "UID": return "fetch";
            case "LOGOUT": return "logout";
            case "STARTTLS": return "starttls";
            default: return "ok";
        }
    }

    private void emit(String kind, long t) {
        if (dropped > 0) {
            response.add("[... " + dropped + " more lines not shown ...]");
        }
        steps.mailboxReply(Math.min(responseStart, t), t, protocol, List.copyOf(response), kind);
        response.clear();
        dropped = 0;
        responseStart = -1;
    }

    private void startTls(long t) {
        encrypted = !sink.seesInsideTls();
        tlsEvent = sink.encryptedFromHere(steps, t, false);
    }

    @Override
    public void gap(boolean fromClient, long missing, long t) {
        sink.gap(steps, fromClient, missing, t);
        (fromClient ? clientLines : serverLines).rest();
    }

    @Override
    public void finish(long t) {
        if (!response.isEmpty()) {
            emit("ok", t);
        }
        if (tlsEvent >= 0) {
            sink.encryptedCount(tlsEvent, encClient, encServer);
        }
    }
}
