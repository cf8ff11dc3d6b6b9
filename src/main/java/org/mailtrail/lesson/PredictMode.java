package org.mailtrail.lesson;

import java.util.ArrayList;
import java.util.List;
import org.mailtrail.engine.Journey;
import org.mailtrail.engine.SimulationResult;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Route;

/**
 * Predict mode for any session, without a lesson file (docs/lessons.md): a prediction before every SMTP command
 * (which one comes next), every SMTP reply (which code) and every new connection (which host), from a given step on.
 */
public final class PredictMode {
    private PredictMode() {
    }

    /** The predictions of one journey of a session, for the steps after {@code fromStep}. */
    public static List<LessonPlan.Stop> stops(SimulationResult result, int journey, int fromStep) {
        Journey j = result.journeys().get(journey);
        List<TimelineEvent> ev = j.timeline().events();
        List<LessonPlan.Stop> out = new ArrayList<>();
        for (int i = Math.max(1, fromStep + 1); i < ev.size(); i++) {
            TimelineEvent e = ev.get(i);
            Ask ask = e.kind() == EventKind.SMTP_COMMAND && !e.verb().isEmpty() ? Ask.NEXT_COMMAND
                    : e.kind() == EventKind.SMTP_REPLY && e.replyCode() > 0 ? Ask.REPLY_CODE
                    : e.kind() == EventKind.TCP_SYN ? Ask.NEXT_HOST : null;
            if (ask == null) {
                continue;
            }
            Answers.Answer a = Answers.of(ask, j, result.info(), i - 1, i, List.of(), i * 31L + 7);
            if (a == null || a.step() != i) {
                continue;
            }
            Lesson.Checkpoint c = new Lesson.Checkpoint("step " + (i + 1), 0, Lesson.Type.PREDICT,
                    Lesson.Placement.BEFORE, new Condition(java.util.Map.of("kind", kindName(e.kind())), 1),
                    result.info().name(), j.route() == null ? Route.DIRECT : j.route(), Lesson.Texts.none(), ask,
                    List.of(), false, List.of(), Lesson.Texts.none());
            out.add(new LessonPlan.Stop(out.size() + 1, c, journey, i, i - 1, i, a));
        }
        return out;
    }

    private static String kindName(EventKind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
