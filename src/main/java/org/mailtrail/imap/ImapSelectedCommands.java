package org.mailtrail.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The commands of the selected state (RFC 3501 §6.4): CHECK, CLOSE, UNSELECT (RFC 3691), EXPUNGE, SEARCH, FETCH,
 * STORE, and UID FETCH / UID STORE / UID SEARCH (§6.4.8), where the set names uids and the responses carry them.
 */
final class ImapSelectedCommands {
    static final Set<String> VERBS = Set.of("CHECK", "CLOSE", "UNSELECT", "EXPUNGE", "SEARCH", "FETCH", "STORE",
            "UID SEARCH", "UID FETCH", "UID STORE");

    private ImapSelectedCommands() {
    }

    /** Runs one command; true if the caller adds the tagged OK, false if a tagged NO has been written. */
    static boolean run(String tag, String verb, ImapArgs args, ImapSelected box, ImapResponse r)
            throws ImapParseException {
        boolean byUid = verb.startsWith("UID ");
        switch (byUid ? verb.substring(4) : verb) {
            case "CHECK":
                args.end();
                box.sync(r);
                return true;
            case "CLOSE":
                args.end();
                if (!box.readOnly()) {
                    box.expunge(false, r); // §6.4.2: silently, no EXPUNGE responses
                }
                return true;
            case "UNSELECT":
                args.end();
                return true;
            case "EXPUNGE":
                args.end();
                if (box.readOnly()) {
                    r.line(tag + " NO [READ-ONLY] The mailbox is read-only (EXAMINE)");
                    return false;
                }
                box.expunge(true, r);
                return true;
            case "SEARCH":
                args.sp();
                ImapSearch.run(args, box, byUid, r);
                return true;
            case "FETCH": {
                List<Integer> indexes = box.resolve(set(args), byUid);
                args.sp();
                List<ImapFetch.Item> items = ImapFetch.parse(args);
                for (int i : indexes) {
                    ImapFetch.respond(box, i, items, byUid, r);
                }
                return true;
            }
            default: // STORE
                return store(tag, args, box, byUid, r);
        }
    }

    private static boolean store(String tag, ImapArgs args, ImapSelected box, boolean byUid, ImapResponse r)
            throws ImapParseException {
        List<Integer> indexes = box.resolve(set(args), byUid);
        args.sp();
        String att = args.takeWhile(c -> c == '+' || c == '-' || c == '.' || Character.isLetter(c))
                .toUpperCase(Locale.ROOT);
        char mode = att.startsWith("+") ? '+' : att.startsWith("-") ? '-' : ' ';
        String rest = mode == ' ' ? att : att.substring(1);
        if (!rest.equals("FLAGS") && !rest.equals("FLAGS.SILENT")) {
            throw new ImapParseException("Expected FLAGS, +FLAGS or -FLAGS, optionally .SILENT");
        }
        args.sp();
        List<String> flags = new ArrayList<>();
        boolean list = args.take('(');
        if (!list || args.peek() != ')') {
            do {
                flags.add(flag(args));
            } while (args.take(' '));
        }
        if (list) {
            args.expect(')', "')' after the flags");
        }
        args.end();
        if (box.readOnly()) {
            r.line(tag + " NO [READ-ONLY] The mailbox is read-only (EXAMINE)");
            return false;
        }
        box.store(indexes, mode, flags, rest.endsWith(".SILENT"), byUid, r);
        return true;
    }

    /** A flag: "\" atom (a system flag) or a keyword atom (RFC 3501 §9 flag). */
    private static String flag(ImapArgs args) throws ImapParseException {
        boolean system = args.take('\\');
        return ImapSelected.canonicalFlag((system ? "\\" : "") + args.atom(false));
    }

    private static SequenceSet set(ImapArgs args) throws ImapParseException {
        args.sp();
        String text = args.takeWhile(c -> c >= '0' && c <= '9' || c == ':' || c == ',' || c == '*');
        if (text.isEmpty()) {
            throw new ImapParseException("Expected a sequence set");
        }
        return SequenceSet.parse(text);
    }
}
