package org.mailtrail.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * An IMAP sequence set (RFC 3501 §9 sequence-set): numbers, ranges {@code n:m} in either order, {@code *} for the
 * largest number in use, separated by commas. Used for message sequence numbers and, in UID commands, for uids.
 */
final class SequenceSet {
    /** Stands for "*" until the set is resolved. */
    static final long STAR = Long.MAX_VALUE;

    private final List<long[]> ranges;

    private SequenceSet(List<long[]> ranges) {
        this.ranges = ranges;
    }

    /** Parses a set; fails on zero, on numbers over 4294967295 and on bad syntax. */
    static SequenceSet parse(String text) throws ImapParseException {
        List<long[]> ranges = new ArrayList<>();
        for (String item : text.split(",", -1)) {
            int colon = item.indexOf(':');
            long a = number(colon < 0 ? item : item.substring(0, colon));
            long b = colon < 0 ? a : number(item.substring(colon + 1));
            ranges.add(new long[] {Math.min(a, b), Math.max(a, b)});
        }
        return new SequenceSet(ranges);
    }

    private static long number(String s) throws ImapParseException {
        if (s.equals("*")) {
            return STAR;
        }
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ImapParseException("Invalid sequence set");
        }
        long n = Long.parseLong(s);
        if (n < 1 || n > 0xFFFF_FFFFL) {
            throw new ImapParseException("Invalid sequence set");
        }
        return n;
    }

    /**
     * The message sequence numbers (1-based, ascending, each once) in a mailbox of {@code exists} messages; a number
     * above {@code exists} fails (RFC 3501 §9 seq-number); "*" in an empty mailbox names nothing.
     */
    List<Integer> messages(int exists) throws ImapParseException {
        TreeSet<Integer> out = new TreeSet<>();
        for (long[] r : ranges) {
            if (r[1] == STAR && exists == 0) {
                continue;
            }
            long lo = r[0] == STAR ? exists : r[0];
            long hi = r[1] == STAR ? exists : r[1];
            if (Math.max(lo, hi) > exists) {
                throw new ImapParseException("Invalid message sequence number, the mailbox has " + exists);
            }
            for (long n = Math.min(lo, hi); n <= Math.max(lo, hi); n++) {
                out.add((int) n);
            }
        }
        return new ArrayList<>(out);
    }

    /**
     * The positions (0-based, ascending) of the messages whose uid is in the set, given the uids in ascending
     * order; "*" is the largest uid, so {@code n:*} always includes the last message (RFC 3501 §6.4.8); uids not
     * in use are ignored.
     */
    List<Integer> uids(List<Long> uids) {
        List<Integer> out = new ArrayList<>();
        long max = uids.isEmpty() ? 0 : uids.get(uids.size() - 1);
        for (int i = 0; i < uids.size(); i++) {
            long uid = uids.get(i);
            for (long[] r : ranges) {
                long lo = r[0] == STAR ? max : r[0];
                long hi = r[1] == STAR ? max : r[1];
                if (uid >= Math.min(lo, hi) && uid <= Math.max(lo, hi)) {
                    out.add(i);
                    break;
                }
            }
        }
        return out;
    }
}
