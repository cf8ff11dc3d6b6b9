package org.mailtrail.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.PhaseTracker;
import org.mailtrail.timeline.Timeline;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Writes a live session's timeline as it happens, with measured times: microseconds since the recorder was made,
 * from the monotonic clock. Safe to use from several threads; listeners hear of each event on the thread that
 * recorded it (the GUI hands it on to the FX thread, autosave to its own writer).
 */
public final class LiveRecorder implements org.mailtrail.engine.Journal {
    private final Instant start;
    private final long startNanos;
    private final List<TimelineEvent> events = new ArrayList<>();
    private final List<Consumer<TimelineEvent>> listeners = new CopyOnWriteArrayList<>();
    private final PhaseTracker phases = new PhaseTracker();

    /** A recorder whose time 0 is now. */
    public LiveRecorder() {
        this.start = Instant.now();
        this.startNanos = System.nanoTime();
    }

    /** The wall-clock time of time 0. */
    public Instant start() {
        return start;
    }

    /** Microseconds since time 0. */
    public long now() {
        return at(System.nanoTime());
    }

    /** The time of this timeline (as {@link #now}) that {@code nanoTime}, a {@link System#nanoTime} reading, was. */
    public long at(long nanoTime) {
        return (nanoTime - startNanos) / 1_000;
    }

    /** The wall-clock time of a point on the timeline. */
    public Instant instant(long micros) {
        return start.plusNanos(micros * 1_000);
    }

    /** Calls {@code listener} with every event recorded from now on. */
    public void onEvent(Consumer<TimelineEvent> listener) {
        listeners.add(listener);
    }

    /**
     * Appends an event. Times are clamped so that no event starts before time 0 or ends before it starts
     * (estimates such as half a round trip may otherwise cross).
     */
    public TimelineEvent add(long time, long end, EventKind kind, String source, String destination, String summary,
                             List<String> lines, String key, String rfc, Map<String, String> details) {
        long t = Math.max(0, time);
        TimelineEvent e;
        synchronized (events) {
            e = phases.assign(new TimelineEvent(events.size(), t, Math.max(t, end), kind, source, destination, summary,
                    lines, key, rfc, details));
            events.add(e);
        }
        for (Consumer<TimelineEvent> l : listeners) {
            l.accept(e);
        }
        return e;
    }

    /** An event that happens now at one host. */
    public TimelineEvent local(EventKind kind, String host, String summary, List<String> lines, String key, String rfc,
                               Map<String, String> details) {
        long t = now();
        return add(t, t, kind, host, host, summary, lines, key, rfc, details);
    }

    /** The time of the latest event recorded, 0 before the first. */
    public long latest() {
        synchronized (events) {
            return events.isEmpty() ? 0 : events.get(events.size() - 1).timeMicros();
        }
    }

    /** The events so far. */
    public List<TimelineEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The number of events so far. */
    public int size() {
        synchronized (events) {
            return events.size();
        }
    }

    /** A timeline with the events so far. */
    public Timeline timeline() {
        Timeline t = new Timeline();
        synchronized (events) { // straight from the list: no copy of it first
            for (TimelineEvent e : events) {
                t.append(e);
            }
        }
        return t;
    }
}
