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

    /**
     * Whether a lesson (not predict mode on a plain session) is open and not finished. True already while it starts
     * (its plan set, its state still OFF as it puts its first session in view), so that nothing that follows the
     * session shows that session's answers first (a tester saw the Compare tab brought forward by the lesson).
     */
    public static BooleanBinding kept(LessonViewModel lessons) {
        return Bindings.createBooleanBinding(() -> lessons.planProperty().get() != null
                        && lessons.stateProperty().get() != State.FINISHED,
                lessons.planProperty(), lessons.stateProperty());
    }

    /**
     * Whether the question shown asks who holds the message ({@code predict: message-at}) and is not answered yet:
     * the map marks no host as holding it and the message inspector keeps its copy back until then (a tester saw the
     * map answer "who is responsible for the message now?" while it was asked). Predict mode asks no such question.
     */
    public static BooleanBinding holderAsked(LessonViewModel lessons) {
        return Bindings.createBooleanBinding(() -> {
            LessonPlan.Stop s = lessons.stateProperty().get() == State.ASKING ? lessons.current() : null;
            return s != null && s.answer() != null && s.checkpoint().ask() == org.mailtrail.lesson.Ask.MESSAGE_AT;
        }, lessons.stateProperty(), lessons.planProperty());
    }

    /**
     * Whether the question shown is answered by the message's copy at this hop and is not answered yet: who holds it
     * ({@link #holderAsked}) or how many {@code Received:} lines it will have ({@code predict: received-count}). The
     * message inspector keeps the copy, its host and its count of lines back until then (a tester read "3 Received:
     * line(s)" in the inspector while "How many Received lines will Bob see?" was asked).
     */
    public static BooleanBinding copyAsked(LessonViewModel lessons) {
        return Bindings.createBooleanBinding(() -> {
            LessonPlan.Stop s = lessons.stateProperty().get() == State.ASKING ? lessons.current() : null;
            return s != null && s.answer() != null && (s.checkpoint().ask() == org.mailtrail.lesson.Ask.MESSAGE_AT
                    || s.checkpoint().ask() == org.mailtrail.lesson.Ask.RECEIVED_COUNT);
        }, lessons.stateProperty(), lessons.planProperty());
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
