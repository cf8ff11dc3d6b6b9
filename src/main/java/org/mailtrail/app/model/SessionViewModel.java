package org.mailtrail.app.model;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseSegments;
import org.mailtrail.timeline.TimelineEvent;

/**
 * A session being stepped through: which journey is shown, the current step, and playback.
 * Step -1 means "before the first step"; every view follows {@link #stepProperty()}.
 */
public final class SessionViewModel {
    private final ObjectProperty<SimulationResult> result = new SimpleObjectProperty<>();
    private final ObjectProperty<Journey> journey = new SimpleObjectProperty<>();
    private final IntegerProperty step = new SimpleIntegerProperty(-1);
    private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final DoubleProperty speed = new SimpleDoubleProperty(4.0);
    private final ObjectBinding<TimelineEvent> current;
    private final ReadOnlyObjectWrapper<List<PhaseSegment>> segments = new ReadOnlyObjectWrapper<>(List.of());
    private final IntegerProperty horizon = new SimpleIntegerProperty(Integer.MAX_VALUE);

    public SessionViewModel() {
        result.addListener((o, old, r) -> {
            playing.set(false);
            journey.set(r == null || r.journeys().isEmpty() ? null : r.journeys().get(0));
        });
        journey.addListener((o, old, j) -> {
            // first, so that every view listening to the journey or the step finds the segments of the new one
            segments.set(j == null ? List.of() : partsInView());
            size.set(j == null ? 0 : j.timeline().size());
            step.set(shown() == 0 ? -1 : 0);
        });
        horizon.addListener((o, old, h) -> {
            // what a lesson hides is in no view: the steps, the ladder, the transcript show the steps before it
            int keep = step.get();
            segments.set(journey.get() == null ? List.of() : partsInView());
            step.set(shown() == 0 ? -1 : Math.min(keep < 0 ? 0 : keep, shown() - 1));
        });
        step.addListener((o, old, s) -> {
            int n = shown();
            int clamped = n == 0 ? -1 : Math.max(0, Math.min(n - 1, s.intValue()));
            if (clamped != s.intValue()) {
                step.set(clamped);
            }
        });
        current = Bindings.createObjectBinding(() -> {
            Journey j = journey.get();
            int s = step.get();
            return j == null || s < 0 || s >= j.timeline().size() ? null : j.timeline().get(s);
        }, journey, step);
    }

    public ObjectProperty<SimulationResult> resultProperty() {
        return result;
    }

    public ObjectProperty<Journey> journeyProperty() {
        return journey;
    }

    public IntegerProperty stepProperty() {
        return step;
    }

    /**
     * How many steps the shown journey has, those a lesson's {@link #horizonProperty() horizon} still hides included:
     * the status bar's "Step 26 of 85" (a tester read "of 26" at a checkpoint as the end of the session). Where the
     * player may go is {@link #events()}.
     */
    public ReadOnlyIntegerProperty sizeProperty() {
        return size.getReadOnlyProperty();
    }

    public BooleanProperty playingProperty() {
        return playing;
    }

    /** Steps per second while playing. */
    public DoubleProperty speedProperty() {
        return speed;
    }

    public ObjectBinding<TimelineEvent> currentProperty() {
        return current;
    }

    /**
     * The parts of the shown journey ({@link PhaseSegments}), recomputed whenever another journey is shown (a live
     * session shows a new snapshot of its journey for every event that arrives).
     */
    public ReadOnlyObjectProperty<List<PhaseSegment>> segmentsProperty() {
        return segments.getReadOnlyProperty();
    }

    /** The segments of the shown journey, in order; none when nothing is shown. */
    public List<PhaseSegment> segments() {
        return segments.get();
    }

    /** The segment that begins with the step of this index, or null when the step continues one. */
    public PhaseSegment segmentStartingAt(int index) {
        for (PhaseSegment s : segments.get()) {
            if (s.first() == index) {
                return s;
            }
            if (s.first() > index) {
                break;
            }
        }
        return null;
    }

    /** The segment that holds the step of this index, or null. */
    public PhaseSegment segmentAt(int index) {
        return PhaseSegments.at(segments.get(), index);
    }

    /**
     * The segment of the step with this index as it stands at that step ({@link PhaseSegments#upTo}): the servers
     * contacted so far, the parts begun so far; what the explanation of that step shows, so that it gives no later step
     * away and reads the same in a lesson (whose horizon cuts the journey there) as without. Without a total: counted
     * up to the step, the second of four relay legs would read "Relay 2 of 2" ("Relay 2"). Null when there is none.
     */
    public PhaseSegment segmentUpTo(int index) {
        PhaseSegment s = PhaseSegments.upTo(events(), index);
        return s == null || s.of() < 2 ? s : s.withoutTotal();
    }

    /**
     * The parts of the steps in view; while a lesson's horizon hides steps, without their totals ("Relay 2", not
     * "Relay 2 of 2": a tester read that the next hop would be the last in "Before MX").
     */
    private List<PhaseSegment> partsInView() {
        List<PhaseSegment> parts = PhaseSegments.of(events()); // counted in view: "1 of 1" is the name alone
        return shown() < journey.get().timeline().size()
                ? parts.stream().map(p -> p.of() > 1 ? p.withoutTotal() : p).toList() : parts;
    }

    /** The events of the shown journey up to the {@link #horizonProperty() horizon}, or none. */
    public List<TimelineEvent> events() {
        Journey j = journey.get();
        if (j == null) {
            return List.of();
        }
        List<TimelineEvent> all = j.timeline().events();
        int h = horizon.get();
        return h >= all.size() - 1 ? all : all.subList(0, Math.max(0, h + 1));
    }

    /**
     * The last step any view may show (a lesson hides what the class is to predict, docs/lessons.md); every step
     * when it is {@link Integer#MAX_VALUE}, the default. Steps after it are not in {@link #events()} or the segments,
     * so the player cannot go there either; the {@link #sizeProperty() size} still counts them.
     */
    public IntegerProperty horizonProperty() {
        return horizon;
    }

    /** How many steps are in view: up to the horizon. */
    private int shown() {
        return events().size();
    }

    public boolean canForward() {
        return step.get() < shown() - 1;
    }

    public boolean canBack() {
        return step.get() > 0;
    }

    public void forward() {
        if (canForward()) {
            step.set(step.get() + 1);
        }
    }

    public void back() {
        if (canBack()) {
            step.set(step.get() - 1);
        }
    }

    public void first() {
        if (size.get() > 0) {
            step.set(0);
        }
    }

    public void last() {
        if (shown() > 0) {
            step.set(shown() - 1);
        }
    }

    /** Jumps to a step (clamped to the timeline). */
    public void goTo(int index) {
        if (size.get() > 0) {
            step.set(index);
        }
    }

    /** Starts or pauses playback; playing from the last step starts again at the first. */
    public void togglePlay() {
        if (!playing.get() && !canForward()) {
            first();
        }
        playing.set(!playing.get() && size.get() > 0);
    }

    /** One tick of playback: the next step, stopping at the end. */
    public void tick() {
        if (!playing.get()) {
            return;
        }
        forward();
        if (!canForward()) {
            playing.set(false);
        }
    }

    /** Back to the first step, playback stopped. */
    public void reset() {
        playing.set(false);
        first();
    }

    /** Shows another journey of the same result (compare), keeping the step where possible. */
    public void showJourney(int index) {
        SimulationResult r = result.get();
        if (r != null && index >= 0 && index < r.journeys().size()) {
            int keep = step.get();
            journey.set(r.journeys().get(index));
            goTo(keep);
        }
    }
}
