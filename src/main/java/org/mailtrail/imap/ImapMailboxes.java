package org.mailtrail.imap;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.mailtrail.mailbox.Maildrop;
import org.mailtrail.mailbox.StoredMessage;

/**
 * The commands about mailboxes rather than messages, for a server with one mailbox, INBOX: LIST and LSUB
 * (RFC 3501 §6.3.8, §6.3.9; "/" as the hierarchy delimiter) and STATUS (§6.3.10).
 */
final class ImapMailboxes {
    private ImapMailboxes() {
    }

    /** Runs LIST, LSUB or STATUS (after the verb); the caller adds the tagged OK. */
    static void run(String verb, ImapArgs args, Maildrop maildrop, ImapResponse r) throws ImapParseException {
        args.sp();
        if (verb.equals("STATUS")) {
            status(args, maildrop, r);
            return;
        }
        String reference = listMailbox(args);
        args.sp();
        String pattern = listMailbox(args);
        args.end();
        if (verb.equals("LIST") && pattern.isEmpty()) { // §6.3.8: the delimiter and the root
            r.line("* LIST (\\Noselect) \"/\" \"\"");
        } else if (matchesInbox(reference + pattern)) {
            r.line("* " + verb + (verb.equals("LIST") ? " (\\HasNoChildren)" : " ()") + " \"/\" INBOX");
        }
    }

    private static void status(ImapArgs args, Maildrop maildrop, ImapResponse r) throws ImapParseException {
        String name = args.astring();
        args.sp();
        args.expect('(', "'(' before the status items");
        StringBuilder out = new StringBuilder();
        List<StoredMessage> messages = maildrop.messages();
        do {
            String item = args.atom(false).toUpperCase(Locale.ROOT);
            long value;
            switch (item) {
                case "MESSAGES":
                    value = messages.size();
                    break;
                case "RECENT":
                    value = 0;
                    break;
                case "UIDNEXT":
                    value = maildrop.uidNext();
                    break;
                case "UIDVALIDITY":
                    value = maildrop.uidValidity();
                    break;
                case "UNSEEN":
                    value = messages.stream().filter(m -> !m.hasFlag(ImapSelected.SEEN)).count();
                    break;
                default:
                    throw new ImapParseException("Unknown status item " + ImapArgs.render(item));
            }
            out.append(out.length() == 0 ? "" : " ").append(item).append(' ').append(value);
        } while (args.take(' '));
        args.expect(')', "')' after the status items");
        args.end();
        if (!name.equalsIgnoreCase("INBOX")) {
            throw new ImapParseException("No such mailbox, only INBOX");
        }
        r.line("* STATUS INBOX (" + out + ")");
    }

    /** RFC 3501 §9 list-mailbox: atom characters with % * ], or a string. */
    private static String listMailbox(ImapArgs args) throws ImapParseException {
        if (args.peek() == '"' || args.peek() == '{') {
            return args.string();
        }
        String s = args.takeWhile(c -> ImapArgs.isAtomCharInt(c) || c == '%' || c == '*' || c == ']');
        if (s.isEmpty()) {
            throw new ImapParseException("Expected a mailbox name or pattern");
        }
        return s;
    }

    /** True if the pattern (* any text, % any text without "/") names INBOX, in any case. */
    static boolean matchesInbox(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : c == '%' ? "[^/]*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE).matcher("INBOX").matches();
    }
}
