package org.mailtrail.imap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SEARCH and UID SEARCH (RFC 3501 §6.4.4) over the flags, sizes, numbers and uids: ALL, SEEN, UNSEEN, DELETED,
 * UNDELETED, FLAGGED, UNFLAGGED, ANSWERED, UNANSWERED, DRAFT, UNDRAFT, KEYWORD k, UNKEYWORD k, NEW and RECENT
 * (nothing is recent here), OLD, LARGER n, SMALLER n, UID set, a sequence set, NOT, OR and parenthesized lists;
 * keys in a row must all match. An optional CHARSET US-ASCII or UTF-8 comes first. Text searches are not offered.
 */
final class ImapSearch {

    /** One search key, tested on the message at a 0-based position. */
    private interface Key {
        boolean test(ImapSelected box, int index);
    }

    private ImapSearch() {
    }

    /** Parses the keys after "SEARCH SP" and answers "* SEARCH ..." with numbers, or uids when {@code byUid}. */
    static void run(ImapArgs args, ImapSelected box, boolean byUid, ImapResponse r) throws ImapParseException {
        String first = word(args);
        if (first.equals("CHARSET")) {
            args.sp();
            String charset = args.astring().toUpperCase(Locale.ROOT);
            if (!charset.equals("US-ASCII") && !charset.equals("UTF-8")) {
                throw new ImapParseException("Unsupported charset " + ImapArgs.render(charset));
            }
            args.sp();
            first = word(args);
        }
        List<Key> all = new ArrayList<>();
        all.add(key(args, first, box));
        while (args.take(' ')) {
            all.add(key(args, word(args), box));
        }
        args.end();
        StringBuilder line = new StringBuilder("* SEARCH");
        for (int i = 0; i < box.exists(); i++) {
            final int index = i;
            if (all.stream().allMatch(k -> k.test(box, index))) {
                line.append(' ').append(byUid ? box.message(i).uid() : i + 1);
            }
        }
        r.line(line.toString());
    }

    private static String word(ImapArgs args) {
        if (args.peek() == '(') {
            return "(";
        }
        return args.takeWhile(c -> c > 0x20 && c < 0x7f && c != '(' && c != ')').toUpperCase(Locale.ROOT);
    }

    private static Key key(ImapArgs args, String word, ImapSelected box) throws ImapParseException {
        switch (word) {
            case "ALL": case "OLD":
                return (b, i) -> true;
            case "NEW": case "RECENT":
                return (b, i) -> false;
            case "SEEN": case "UNSEEN": case "DELETED": case "UNDELETED": case "FLAGGED": case "UNFLAGGED":
            case "ANSWERED": case "UNANSWERED": case "DRAFT": case "UNDRAFT": {
                boolean un = word.startsWith("UN");
                String flag = "\\" + word.charAt(un ? 2 : 0) + word.substring(un ? 3 : 1).toLowerCase(Locale.ROOT);
                return (b, i) -> b.message(i).hasFlag(flag) != un;
            }
            case "KEYWORD": case "UNKEYWORD": {
                args.sp();
                String k = args.atom(false);
                boolean un = word.equals("UNKEYWORD");
                return (b, i) -> b.message(i).flags().stream().anyMatch(f -> f.equalsIgnoreCase(k)) != un;
            }
            case "LARGER": case "SMALLER": {
                args.sp();
                long n = args.number();
                boolean larger = word.equals("LARGER");
                return (b, i) -> larger ? b.message(i).size() > n : b.message(i).size() < n;
            }
            case "UID": {
                args.sp();
                Set<Integer> hits = new HashSet<>(box.resolve(SequenceSet.parse(args.atom(false)), true));
                return (b, i) -> hits.contains(i);
            }
            case "NOT": {
                args.sp();
                Key k = key(args, word(args), box);
                return (b, i) -> !k.test(b, i);
            }
            case "OR": {
                args.sp();
                Key a = key(args, word(args), box);
                args.sp();
                Key c = key(args, word(args), box);
                return (b, i) -> a.test(b, i) || c.test(b, i);
            }
            case "(": {
                args.expect('(', "'('");
                List<Key> keys = new ArrayList<>();
                keys.add(key(args, word(args), box));
                while (args.take(' ')) {
                    keys.add(key(args, word(args), box));
                }
                args.expect(')', "')'");
                return (b, i) -> keys.stream().allMatch(k -> k.test(b, i));
            }
            default:
                if (!word.isEmpty() && (Character.isDigit(word.charAt(0)) || word.charAt(0) == '*')) {
                    Set<Integer> hits = new HashSet<>(box.resolve(SequenceSet.parse(word), false));
                    return (b, i) -> hits.contains(i);
                }
                throw new ImapParseException(word.isEmpty() ? "Expected a search key"
                        : "Unsupported search key " + ImapArgs.render(word));
        }
    }
}
