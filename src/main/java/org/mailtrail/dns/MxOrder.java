package org.mailtrail.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.xbill.DNS.MXRecord;

/** The order MX hosts are tried in: by preference, ties shuffled, a relay's own MX and worse dropped (RFC 5321 §5.1). */
final class MxOrder {

    private MxOrder() {
    }

    /** Sorts by preference; ties are put in name order, then shuffled with {@code random}; notes each shuffle. */
    static List<MXRecord> order(List<MXRecord> mxs, RandomGenerator random, List<String> notes) {
        Map<Integer, List<MXRecord>> byPreference = new TreeMap<>();
        for (MXRecord m : mxs) {
            byPreference.computeIfAbsent(m.getPriority(), p -> new ArrayList<>()).add(m);
        }
        List<MXRecord> out = new ArrayList<>();
        for (Map.Entry<Integer, List<MXRecord>> e : byPreference.entrySet()) {
            List<MXRecord> group = e.getValue();
            if (group.size() > 1) {
                // Name order first, so the result depends only on the seed, not on the server's RRset order.
                group.sort((x, y) -> x.getTarget().compareTo(y.getTarget()));
                for (int i = group.size() - 1; i > 0; i--) { // Fisher-Yates
                    int j = random.nextInt(i + 1);
                    MXRecord t = group.get(i);
                    group.set(i, group.get(j));
                    group.set(j, t);
                }
                notes.add(MxNotes.tiesShuffled(e.getKey(), group));
            }
            out.addAll(group);
        }
        return out;
    }

    /**
     * For a relay whose own host names ({@linkplain #normalize normalized}) are {@code self}: drops the relay's best
     * MX and every MX of the same or worse preference, noting it; {@code ordered} itself if the relay is no MX.
     */
    static List<MXRecord> removeSelf(List<MXRecord> ordered, Set<String> self, List<String> notes) {
        if (self.isEmpty()) {
            return ordered;
        }
        MXRecord me = null;
        for (MXRecord m : ordered) {
            if (self.contains(normalize(m.getTarget().toString())) && (me == null
                    || m.getPriority() < me.getPriority())) {
                me = m;
            }
        }
        if (me == null) {
            return ordered;
        }
        List<MXRecord> kept = new ArrayList<>();
        for (MXRecord m : ordered) {
            if (m.getPriority() < me.getPriority()) {
                kept.add(m);
            }
        }
        notes.add(MxNotes.selfDropped(me, kept.size()));
        return kept;
    }

    /** A host name for comparison: trimmed, lower case, without trailing dots. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        return h;
    }
}
