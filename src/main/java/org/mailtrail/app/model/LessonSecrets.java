package org.mailtrail.app.model;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import org.mailtrail.app.model.LessonViewModel.State;
import org.mailtrail.lesson.LessonPlan;

/**
 * What the views keep back while a lesson is under way, so that the class predicts rather than reads the answer
 * (found by a tester: in "MX preference and backup" the map wrote "MX 10 (down)" and the scenario's title said "The
 * preferred MX is down" before the first question). From the first checkpoint to the end of the lesson the map draws
 * no host as down and the scenario's title and description give way to the lesson's title; a finished or ended
 * lesson shows them again.
 */
public final class LessonSecrets {
    private LessonSecrets() {
    }

    /** Whether a lesson (not predict mode on a plain session) is open and not finished. */
    public static BooleanBinding kept(LessonViewModel lessons) {
        return Bindings.createBooleanBinding(() -> lessons.planProperty().get() != null
                        && lessons.stateProperty().get() != State.OFF && lessons.stateProperty().get() != State.FINISHED,
                lessons.planProperty(), lessons.stateProperty());
    }

    /** The lesson's title in the lesson's language while {@link #kept} holds; empty otherwise. */
    public static StringBinding title(LessonViewModel lessons) {
        BooleanBinding kept = kept(lessons);
        return Bindings.createStringBinding(() -> {
            LessonPlan p = lessons.planProperty().get();
            return kept.get() && p != null ? p.lesson().title().in(lessons.words().lang()) : "";
        }, kept, lessons.planProperty());
    }
}
