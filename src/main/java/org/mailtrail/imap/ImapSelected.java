package org.mailtrail.imap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.mailtrail.mailbox.Maildrop;
import org.mailtrail.mailbox.StoredMessage;

/**
 * The selected mailbox of one IMAP session (RFC 3501 §3.3): the messages as this session knows them, numbered from
 * 1 (message sequence numbers, §2.3.1.2), with flag changes written through to the {@link Maildrop}. Messages other
 * sessions add or remove show up only at NOOP and CHECK ({@link #sync}), so numbers never shift during a FETCH,
 * STORE or SEARCH (§7.4.1).
 */
final class ImapSelected {
    /** The system flags a client may set (RFC 3501 §2.3.2; \Recent is the server's). */
    static final List<String> SYSTEM_FLAGS = List.of("\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft");
    static final String SEEN = "\\Seen";
    static final String DELETED = "\\Deleted";

    private final Maildrop maildrop;
    private final boolean readOnly;
    private final List<StoredMessage> view;

    ImapSelected(Maildrop maildrop, boolean readOnly) {
        this.maildrop = maildrop;
        this.readOnly = readOnly;
        this.view = new ArrayList<>(maildrop.messages());
    }

    boolean readOnly() {
        return readOnly;
    }

    int exists() {
        return view.size();
    }

    /** The message at a 0-based position. */
    StoredMessage message(int index) {
        return view.get(index);
    }

    /** The untagged responses of SELECT and EXAMINE (RFC 3501 §6.3.1), in the order of its example. */
    void selectResponses(ImapResponse r) {
        r.line("* FLAGS " + flagList(allFlags()));
        r.line("* OK [PERMANENTFLAGS " + (readOnly ? "()" : flagList(SYSTEM_FLAGS).replace(")", " \\*)"))
                + "] " + (readOnly ? "Read-only mailbox" : "Flags permitted"));
        r.line("* " + view.size() + " EXISTS");
        r.line("* 0 RECENT");
        for (int i = 0; i < view.size(); i++) {
            if (!view.get(i).hasFlag(SEEN)) {
                r.line("* OK [UNSEEN " + (i + 1) + "] First unseen");
                break;
            }
        }
        r.line("* OK [UIDVALIDITY " + maildrop.uidValidity() + "] UIDs valid");
        r.line("* OK [UIDNEXT " + maildrop.uidNext() + "] Predicted next UID");
    }

    /** The 0-based positions a sequence set names: message numbers, or uids in a UID command. */
    List<Integer> resolve(SequenceSet set, boolean byUid) throws ImapParseException {
        if (byUid) {
            List<Long> uids = new ArrayList<>();
            for (StoredMessage m : view) {
                uids.add(m.uid());
            }
            return set.uids(uids);
        }
        List<Integer> out = new ArrayList<>();
        for (int n : set.messages(view.size())) {
            out.add(n - 1);
        }
        return out;
    }

    /** Replaces the flags of one message, here and in the maildrop. */
    void setFlags(int index, Set<String> flags) {
        StoredMessage m = view.get(index).withFlags(flags);
        view.set(index, m);
        maildrop.setFlags(m.uid(), m.flags());
    }

    /**
     * STORE (RFC 3501 §6.4.6): {@code mode} is '+', '-' or ' ' (replace); answers one untagged FETCH with the new
     * flags per message unless {@code silent}, with the UID in a UID STORE.
     */
    void store(List<Integer> indexes, char mode, List<String> flags, boolean silent, boolean byUid, ImapResponse r) {
        for (int i : indexes) {
            Set<String> now = new LinkedHashSet<>(mode == ' ' ? Set.of() : view.get(i).flags());
            for (String f : flags) {
                now.removeIf(g -> g.equalsIgnoreCase(f));
                if (mode != '-') {
                    now.add(f);
                }
            }
            setFlags(i, now);
            if (!silent) {
                r.line("* " + (i + 1) + " FETCH (" + (byUid ? "UID " + view.get(i).uid() + " " : "") + "FLAGS "
                        + flagList(view.get(i).flags()) + ")");
            }
        }
    }

    /**
     * Removes the messages flagged \Deleted (RFC 3501 §6.4.3); with {@code report} one "* n EXPUNGE" each, n counted
     * after the earlier ones went (§7.4.1); CLOSE reports nothing (§6.4.2).
     */
    void expunge(boolean report, ImapResponse r) {
        Set<Long> gone = new HashSet<>();
        int removed = 0;
        for (int i = 0; i < view.size(); i++) {
            if (view.get(i).hasFlag(DELETED)) {
                gone.add(view.get(i).uid());
                if (report) {
                    r.line("* " + (i + 1 - removed) + " EXPUNGE");
                }
                removed++;
            }
        }
        if (!gone.isEmpty()) {
            maildrop.expunge(gone);
            view.removeIf(m -> gone.contains(m.uid()));
        }
    }

    /**
     * Catches up with the maildrop at NOOP or CHECK (RFC 3501 §6.1.2, §7.4.1): EXPUNGE for messages removed
     * elsewhere, FETCH FLAGS for flags changed elsewhere, EXISTS when messages arrived.
     */
    void sync(ImapResponse r) {
        Map<Long, StoredMessage> now = new HashMap<>();
        List<StoredMessage> current = maildrop.messages();
        for (StoredMessage m : current) {
            now.put(m.uid(), m);
        }
        long lastKnown = view.isEmpty() ? 0 : view.get(view.size() - 1).uid();
        for (int i = 0; i < view.size(); i++) {
            StoredMessage fresh = now.get(view.get(i).uid());
            if (fresh == null) {
                r.line("* " + (i + 1) + " EXPUNGE");
                view.remove(i--);
            } else if (!fresh.flags().equals(view.get(i).flags())) {
                view.set(i, fresh);
                r.line("* " + (i + 1) + " FETCH (FLAGS " + flagList(fresh.flags()) + ")");
            }
        }
        int before = view.size();
        for (StoredMessage m : current) {
            if (m.uid() > lastKnown) {
                view.add(m);
            }
        }
        if (view.size() != before) {
            r.line("* " + view.size() + " EXISTS");
        }
    }

    /** The system flags and every keyword in use here (for the FLAGS response). */
    private List<String> allFlags() {
        List<String> out = new ArrayList<>(SYSTEM_FLAGS);
        Set<String> keywords = new TreeSet<>();
        for (StoredMessage m : view) {
            for (String f : m.flags()) {
                if (!f.startsWith("\\")) {
                    keywords.add(f);
                }
            }
        }
        out.addAll(keywords);
        return out;
    }

    /** A parenthesized flag list (RFC 3501 §9 flag-list). */
    static String flagList(java.util.Collection<String> flags) {
        return "(" + String.join(" ", flags) + ")";
    }

    /**
     * One flag as a client wrote it, in its stored form: a system flag in its RFC spelling, a keyword as given
     * (RFC 3501 §2.3.2); \Recent and unknown backslash flags are refused.
     */
    static String canonicalFlag(String flag) throws ImapParseException {
        if (!flag.startsWith("\\")) {
            return flag;
        }
        for (String f : SYSTEM_FLAGS) {
            if (f.equalsIgnoreCase(flag)) {
                return f;
            }
        }
        throw new ImapParseException(flag.toLowerCase(Locale.ROOT).equals("\\recent")
                ? "\\Recent cannot be stored" : "Unknown system flag \\" + ImapArgs.render(flag.substring(1)));
    }
}
