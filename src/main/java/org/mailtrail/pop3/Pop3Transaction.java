package org.mailtrail.pop3;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mailtrail.mailbox.Maildrop;
import org.mailtrail.mailbox.StoredMessage;

/**
 * The TRANSACTION state of one POP3 session (RFC 1939 §5): the maildrop as it was at login, numbered from 1, and
 * the messages marked as deleted. Each method answers one command; nothing is removed before {@link #update()}.
 */
final class Pop3Transaction {
    private final Maildrop maildrop;
    private final List<StoredMessage> messages;
    private final boolean[] deleted;

    Pop3Transaction(Maildrop maildrop) {
        this.maildrop = maildrop;
        this.messages = maildrop.messages();
        this.deleted = new boolean[messages.size()];
    }

    /** "maildrop has N messages (M octets)", counting the messages not marked as deleted. */
    String summary() {
        int n = count();
        return "maildrop has " + n + (n == 1 ? " message (" : " messages (") + octets() + " octets)";
    }

    /** RFC 1939 §5 STAT: "+OK nn mm". */
    Pop3Reply stat() {
        return Pop3Reply.ok(count() + " " + octets());
    }

    /** RFC 1939 §5 LIST, with or without a message number ({@code args} holds 0 or 1 argument). */
    Pop3Reply list(List<String> args) {
        if (args.size() == 1) {
            Pop3Reply refused = refusal(args.get(0));
            int n = Pop3Server.number(args.get(0));
            return refused != null ? refused : Pop3Reply.ok(n + " " + messages.get(n - 1).size());
        }
        int n = count();
        Pop3Reply r = Pop3Reply.ok(n + (n == 1 ? " message (" : " messages (") + octets() + " octets)");
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted[i]) {
                r.line((i + 1) + " " + messages.get(i).size());
            }
        }
        return r.end();
    }

    /** RFC 1939 §7 UIDL: the unique-id is "uidvalidity.uid", the same in every session. */
    Pop3Reply uidl(List<String> args) {
        if (args.size() == 1) {
            Pop3Reply refused = refusal(args.get(0));
            int n = Pop3Server.number(args.get(0));
            return refused != null ? refused : Pop3Reply.ok(n + " " + uniqueId(messages.get(n - 1)));
        }
        Pop3Reply r = Pop3Reply.ok("unique-id listing follows");
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted[i]) {
                r.line((i + 1) + " " + uniqueId(messages.get(i)));
            }
        }
        return r.end();
    }

    /** RFC 1939 §5 RETR: the whole message, dot-stuffed. */
    Pop3Reply retr(String number) {
        Pop3Reply refused = refusal(number);
        if (refused != null) {
            return refused;
        }
        byte[] content = messages.get(Pop3Server.number(number) - 1).content();
        return Pop3Reply.ok(content.length + " octets").content(content, 0, content.length, -1).end();
    }

    /** RFC 1939 §7 TOP: the header, the empty line and the first {@code lines} lines of the body. */
    Pop3Reply top(String number, String lines) {
        Pop3Reply refused = refusal(number);
        if (refused != null) {
            return refused;
        }
        int k = Pop3Server.number(lines);
        if (k < 0) {
            return Pop3Reply.err("invalid number of lines");
        }
        StoredMessage m = messages.get(Pop3Server.number(number) - 1);
        byte[] content = m.content();
        int body = m.bodyOffset();
        return Pop3Reply.ok("top of message follows").content(content, 0, body, -1)
                .content(content, body, content.length, k).end();
    }

    /** RFC 1939 §5 DELE: marks the message; it goes at QUIT. */
    Pop3Reply dele(String number) {
        Pop3Reply refused = refusal(number);
        if (refused != null) {
            return refused;
        }
        int n = Pop3Server.number(number);
        deleted[n - 1] = true;
        return Pop3Reply.ok("message " + n + " deleted");
    }

    /** RFC 1939 §5 RSET: unmarks every message. */
    Pop3Reply rset() {
        Arrays.fill(deleted, false);
        return Pop3Reply.ok(summary());
    }

    /** RFC 1939 §6 UPDATE: removes the marked messages from the maildrop; returns how many are left. */
    int update() {
        Set<Long> uids = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            if (deleted[i]) {
                uids.add(messages.get(i).uid());
            }
        }
        if (!uids.isEmpty()) {
            maildrop.expunge(uids);
        }
        return messages.size() - uids.size();
    }

    /** The -ERR response if {@code number} names no message that may be used, else null. */
    private Pop3Reply refusal(String number) {
        int n = Pop3Server.number(number);
        if (n < 0) {
            return Pop3Reply.err("invalid message number");
        }
        if (n < 1 || n > messages.size()) {
            return Pop3Reply.err("no such message, only " + messages.size() + " in maildrop");
        }
        if (deleted[n - 1]) {
            return Pop3Reply.err("message " + n + " already deleted");
        }
        return null;
    }

    private int count() {
        int n = 0;
        for (boolean d : deleted) {
            n += d ? 0 : 1;
        }
        return n;
    }

    private long octets() {
        long octets = 0;
        for (int i = 0; i < messages.size(); i++) {
            octets += deleted[i] ? 0 : messages.get(i).size();
        }
        return octets;
    }

    private String uniqueId(StoredMessage m) {
        return maildrop.uidValidity() + "." + m.uid();
    }
}
