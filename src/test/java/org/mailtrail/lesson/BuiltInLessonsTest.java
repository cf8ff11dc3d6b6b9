package org.mailtrail.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailtrail.engine.Journey;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Every built-in lesson end to end: it loads, is written in all four languages, every checkpoint's condition
 * matches a step of its scenario, and every prediction's right answer is what the timeline really does next,
 * checked here from the events themselves rather than through the code that made the answer.
 */
class BuiltInLessonsTest {
    static List<String> lessons() {
        return BuiltInLessons.NAMES;
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void resolvesAndEveryPredictionIsTheRealNextStep(String name) throws Exception {
        Lesson lesson = new LessonLoader().load(name);
        assertThat(lesson.languages()).containsExactly("en", "de", "fr", "es");
        for (String lang : Lesson.LANGUAGES) { // the Lesson menu names it from the bundle, without reading the file
            assertThat(new LessonWords(Locale.forLanguageTag(lang)).get("title." + name)).as(lang)
                    .isEqualTo(lesson.title().in(lang));
        }
        LessonPlan plan = LessonPlan.of(lesson);
        assertThat(plan.stops()).hasSize(lesson.checkpoints().size());
        assertThat(plan.predictions()).isGreaterThanOrEqualTo(2);
        for (LessonPlan.Stop s : plan.stops()) {
            Journey j = plan.sessions().get(s.checkpoint().scenario()).journeys().get(s.journey());
            List<TimelineEvent> ev = j.timeline().events();
            assertThat(j.route()).isEqualTo(s.checkpoint().route());
            assertThat(s.checkpoint().condition().matches(ev, s.matched())).as(s.checkpoint().where()).isTrue();
            for (String lang : Lesson.LANGUAGES) {
                assertThat(new LessonWords(Locale.forLanguageTag(lang)).question(s)).as(lang).isNotBlank();
            }
            if (s.answer() == null) {
                continue;
            }
            if (s.checkpoint().ask() == Ask.NEXT_HOST) {
                // the decision that names the next host is not shown before the question (a tester found the
                // smart host decision, and its address look-up, above "Where does it connect?")
                int opened = -1;
                for (int i = 0; i <= s.stop(); i++) {
                    opened = ev.get(i).kind() == EventKind.TCP_SYN ? i : opened;
                }
                for (int i = opened + 1; i <= s.stop(); i++) {
                    assertThat(ev.get(i).kind()).as(name + " " + s.checkpoint().where() + ": step " + (i + 1)
                            + " " + ev.get(i).summary()).isNotEqualTo(EventKind.MX_DECISION);
                }
            }
            // the step right after the stop, skipping what the question does not ask about
            int hidden = s.stop() + 1;
            String truth = switch (s.checkpoint().ask()) {
                case NEXT_COMMAND -> firstOf(ev, hidden, EventKind.SMTP_COMMAND).lines().get(0);
                case REPLY_CODE -> firstOf(ev, hidden, EventKind.SMTP_REPLY).lines().get(0);
                case NEXT_HOST -> firstOf(ev, hidden, EventKind.TCP_SYN).destination();
                // before: who takes it next, from the hidden step on; at/when: who has it at the checkpoint
                case MESSAGE_AT -> s.checkpoint().placement() == Lesson.Placement.BEFORE ? nextHolder(ev, hidden)
                        : lastHolder(ev, s.stop());
                case RECEIVED_COUNT -> Integer.toString(j.stats().receivedLines());
            };
            assertThat(truth.toUpperCase(Locale.ROOT)).as(name + " " + s.checkpoint().where())
                    .startsWith(s.answer().right().toUpperCase(Locale.ROOT));
            assertThat(s.answer().options()).filteredOn(Answers.Option::right).hasSize(1);
            assertThat(s.answer().options()).hasSizeBetween(2, 4);
            assertThat(s.answer().options()).extracting(Answers.Option::text).doesNotHaveDuplicates();
            assertThat(s.reveal()).isGreaterThanOrEqualTo(s.stop());
            for (String lang : Lesson.LANGUAGES) {
                LessonWords w = new LessonWords(Locale.forLanguageTag(lang));
                for (Answers.Option o : s.answer().options()) {
                    if (!o.right()) {
                        assertThat(w.why(o)).as(lang + " " + o.text()).isNotBlank().doesNotContain("{0}");
                    }
                }
            }
        }
    }

    private static TimelineEvent firstOf(List<TimelineEvent> ev, int from, EventKind kind) {
        return ev.stream().skip(from).filter(e -> e.kind() == kind).findFirst().orElseThrow();
    }

    private static String nextHolder(List<TimelineEvent> ev, int from) {
        return ev.stream().skip(from).filter(e -> e.kind() == EventKind.MESSAGE_ACCEPTED).findFirst().orElseThrow()
                .destination();
    }

    private static String lastHolder(List<TimelineEvent> ev, int upTo) {
        String at = ev.get(0).source();
        for (int i = 0; i <= upTo; i++) {
            if (ev.get(i).kind() == EventKind.MESSAGE_ACCEPTED) {
                at = ev.get(i).destination();
            }
        }
        return at;
    }

    /**
     * A tester: mx1 as a wrong answer to "who is responsible after the submission?" and to "where does it connect
     * after the submission?" on the relay route read "a mail exchanger (MX), but not the one in turn here", though mx1
     * is the very MX that takes the message, later or past the smart host.
     */
    @org.junit.jupiter.api.Test
    void theRecipientsMxAsAWrongAnswerSaysWhenItComesIn() throws Exception {
        LessonPlan plan = LessonPlan.of(new LessonLoader().load("how-mail-finds-its-way"));
        LessonWords en = new LessonWords(Locale.ENGLISH);
        List<String> reasons = new java.util.ArrayList<>();
        for (LessonPlan.Stop s : plan.stops()) {
            if (s.answer() != null) {
                for (Answers.Option o : s.answer().options()) {
                    if (!o.right() && o.text().equals("mx1.example.net")) {
                        reasons.add(s.checkpoint().ask() + ": " + en.why(o));
                    }
                }
            }
        }
        assertThat(reasons).contains("MESSAGE_AT: mx1.example.net is a mail exchanger (MX) of the recipient's domain:"
                        + " it takes the message only later, on a later leg of its journey.",
                "NEXT_HOST: mx1.example.net is the recipient domain's mail exchanger (MX), but on the relay route the"
                        + " message goes to the smart host first.");
    }
}
