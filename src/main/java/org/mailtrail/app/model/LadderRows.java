package org.mailtrail.app.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mailtrail.timeline.PhaseSegment;

/**
 * The rows of a ladder diagram: a header band at the start of each part of the journey ({@link PhaseSegment}), then
 * one row per step; optionally padded so that two ladders line up part by part (the compare view puts the direct and
 * the relayed journey side by side, each phase at the same height).
 */
public final class LadderRows {
    /** What a row shows. */
    public enum Kind {
        /** The header band of a segment. */
        HEADER,
        /** One step. */
        EVENT,
        /** Nothing: room left so that the next part lines up with the other ladder's. */
        PAD
    }

    /**
     * One row.
     *
     * @param kind    what it shows
     * @param segment the segment it belongs to (null for padding that stands for a part this journey lacks)
     * @param event   the step's index (a header: its segment's first step; padding: -1)
     */
    public record Row(Kind kind, PhaseSegment segment, int event) {
    }

    /**
     * A part of a ladder and the rows it takes, its header included.
     *
     * @param key  {@link #key(PhaseSegment)}
     * @param rows how many rows
     */
    public record Slot(String key, int rows) {
    }

    private final List<Row> rows;
    private final int[] rowOfEvent;

    private LadderRows(List<Row> rows, int events) {
        this.rows = List.copyOf(rows);
        this.rowOfEvent = new int[events];
        java.util.Arrays.fill(rowOfEvent, -1);
        for (int i = 0; i < this.rows.size(); i++) {
            Row r = this.rows.get(i);
            if (r.kind() == Kind.EVENT && r.event() >= 0 && r.event() < events) {
                rowOfEvent[r.event()] = i;
            }
        }
    }

    /** Names a segment within its journey, the same for the same part of two journeys: {@code transfer#1}. */
    public static String key(PhaseSegment s) {
        return s.phase().id() + "#" + s.ordinal();
    }

    /**
     * The step of another journey that matches {@code step} of this one, part by part: the same offset into the
     * segment with the same {@link #key} (clamped to its end); where the other journey has no such part, the last
     * step of its latest part before it (or its first step). Compare uses this to step two ladders together.
     */
    public static int matchingStep(List<PhaseSegment> from, int step, List<PhaseSegment> to) {
        if (to.isEmpty()) {
            return -1;
        }
        PhaseSegment here = null;
        for (PhaseSegment s : from) {
            if (s.contains(step)) {
                here = s;
                break;
            }
        }
        if (here == null) {
            return to.get(0).first();
        }
        String k = key(here);
        for (PhaseSegment t : to) {
            if (key(t).equals(k)) {
                return Math.min(t.last(), t.first() + (step - here.first()));
            }
        }
        // no such part there (a relay leg in the direct route): stay at the end of what came before it
        java.util.Set<String> before = new java.util.HashSet<>();
        for (PhaseSegment s : from) {
            if (s == here) {
                break;
            }
            before.add(key(s));
        }
        int best = to.get(0).first();
        for (PhaseSegment t : to) {
            if (before.contains(key(t))) {
                best = t.last();
            }
        }
        return best;
    }

    /** The rows of a journey of {@code events} steps cut into these segments, unaligned. */
    public static LadderRows of(List<PhaseSegment> segments, int events) {
        return of(segments, events, null);
    }

    /**
     * The rows of a journey, laid out along {@code align} when it is given (see {@link #align}): every slot takes at
     * least its rows, a slot the journey lacks is left empty, and a segment that no slot names follows in place.
     */
    public static LadderRows of(List<PhaseSegment> segments, int events, List<Slot> align) {
        List<Row> out = new ArrayList<>(events + segments.size() * 2);
        int covered = 0;
        if (align == null || align.isEmpty()) {
            for (PhaseSegment s : segments) {
                addSegment(out, s, 0);
                covered = s.last() + 1;
            }
        } else {
            Map<String, PhaseSegment> byKey = new HashMap<>();
            for (PhaseSegment s : segments) {
                byKey.put(key(s), s);
            }
            int next = 0; // the next segment of this journey to place
            for (Slot slot : align) {
                PhaseSegment s = byKey.get(slot.key());
                if (s == null) {
                    for (int i = 0; i < slot.rows(); i++) {
                        out.add(new Row(Kind.PAD, null, -1));
                    }
                    continue;
                }
                // segments the alignment does not name, before this one, follow in place
                while (next < segments.size() && segments.get(next) != s) {
                    PhaseSegment skipped = segments.get(next++);
                    if (!named(align, skipped)) {
                        addSegment(out, skipped, 0);
                    }
                }
                addSegment(out, s, slot.rows());
                next++;
            }
            while (next < segments.size()) {
                PhaseSegment rest = segments.get(next++);
                if (!named(align, rest)) {
                    addSegment(out, rest, 0);
                }
            }
            for (PhaseSegment s : segments) {
                covered = Math.max(covered, s.last() + 1);
            }
        }
        // steps no segment covers (none in a well-formed journey) still get their rows
        for (int i = covered; i < events; i++) {
            out.add(new Row(Kind.EVENT, null, i));
        }
        return new LadderRows(out, events);
    }

    private static boolean named(List<Slot> align, PhaseSegment s) {
        String k = key(s);
        for (Slot slot : align) {
            if (slot.key().equals(k)) {
                return true;
            }
        }
        return false;
    }

    private static void addSegment(List<Row> out, PhaseSegment s, int minRows) {
        out.add(new Row(Kind.HEADER, s, s.first()));
        for (int i = s.first(); i <= s.last(); i++) {
            out.add(new Row(Kind.EVENT, s, i));
        }
        for (int i = s.last() - s.first() + 2; i < minRows; i++) {
            out.add(new Row(Kind.PAD, s, -1));
        }
    }

    /** The slots of one journey: each segment with its header and steps. */
    public static List<Slot> slots(List<PhaseSegment> segments) {
        List<Slot> out = new ArrayList<>(segments.size());
        for (PhaseSegment s : segments) {
            out.add(new Slot(key(s), s.last() - s.first() + 2));
        }
        return out;
    }

    /**
     * One layout for two journeys: their parts merged in order (a part only one of them has keeps its place), each
     * as tall as the taller of the two. Give it to both ladders and the same part starts at the same row in each.
     */
    public static List<Slot> align(List<PhaseSegment> a, List<PhaseSegment> b) {
        List<Slot> x = slots(a);
        List<Slot> y = slots(b);
        List<Slot> out = new ArrayList<>(x.size() + y.size());
        int i = 0;
        int j = 0;
        while (i < x.size() || j < y.size()) {
            if (i == x.size()) {
                out.add(y.get(j++));
            } else if (j == y.size()) {
                out.add(x.get(i++));
            } else if (x.get(i).key().equals(y.get(j).key())) {
                out.add(new Slot(x.get(i).key(), Math.max(x.get(i).rows(), y.get(j).rows())));
                i++;
                j++;
            } else if (!hasKey(y, j, x.get(i).key())) {
                out.add(x.get(i++));
            } else if (!hasKey(x, i, y.get(j).key())) {
                out.add(y.get(j++));
            } else {
                out.add(x.get(i++)); // crossed orders: the first journey's order wins, the other pads
            }
        }
        // a key taken twice (crossed orders) keeps its first place only
        List<Slot> unique = new ArrayList<>(out.size());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Slot s : out) {
            if (seen.add(s.key())) {
                unique.add(s);
            }
        }
        return unique;
    }

    private static boolean hasKey(List<Slot> slots, int from, String key) {
        for (int k = from; k < slots.size(); k++) {
            if (slots.get(k).key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    public List<Row> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    public Row get(int row) {
        return rows.get(row);
    }

    /** The row of a step, or -1. */
    public int rowOf(int event) {
        return event >= 0 && event < rowOfEvent.length ? rowOfEvent[event] : -1;
    }
}
