package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.lesson.Ask;
import org.mailtrail.lesson.LessonLoader;
import org.mailtrail.lesson.LessonPlan;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The built-in lessons that ask who takes the message next ask it before the step that gives it away: at the step
 * where the player stops, the map's "holds the message" mark and the message inspector (one computation,
 * {@link MessageAtStep#holders}) are not yet on the host that is the answer (tester finding: "How mail finds its way"
 * asked it at the end of the submission, after the map showed it). A question about who <em>still</em> holds it
 * (who-may-send) is kept back by the views while asked (LessonWindowTest).
 */
class MessageAtCheckpointTest {
    @Test
    void noMessageAtPredictionIsAnsweredOnScreenWhenItIsAsked() throws Exception {
        int asked = 0;
        for (String name : List.of("how-mail-finds-its-way", "before-mx")) {
            LessonPlan plan = LessonPlan.of(new LessonLoader().load(name));
            for (LessonPlan.Stop s : plan.stops()) {
                if (s.checkpoint().ask() != Ask.MESSAGE_AT || s.answer() == null) {
                    continue;
                }
                asked++;
                List<TimelineEvent> events = plan.sessions().get(s.checkpoint().scenario()).journeys()
                        .get(s.journey()).timeline().events();
                MessageAtStep.Holders shown = MessageAtStep.holders(events.subList(0, s.stop() + 1), s.stop());
                String where = name + " " + s.checkpoint().where();
                assertThat(shown.current()).as(where + ": the map marks the holder").isNotEqualTo(s.answer().right());
                assertThat(shown.held()).as(where + ": the map marks the hosts that held it")
                        .doesNotContain(s.answer().right());
                // once revealed, the step shown is the one at which the answer holds it
                assertThat(MessageAtStep.holders(events, s.reveal()).current()).as(where + " revealed")
                        .isEqualTo(s.answer().right());
            }
        }
        assertThat(asked).as("message-at checkpoints in the built-in lessons").isGreaterThanOrEqualTo(2);
    }
}
