package org.mailtrail.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken lesson files are reported with file, line and field; nothing half-read is used. */
class LessonLoaderTest {
    @TempDir
    Path dir;

    private static final String GOOD = """
            title: Test
            scenario: unknown-user
            checkpoints:
              - predict: reply-code
                before: {reply-to: "RCPT TO:<nobody@example.net>", from: mx1.example.net}
              - note: The bounce
                at: {kind: bounce-generated}
            """;

    private Path write(String text) throws Exception {
        Path f = dir.resolve("my-lesson.yaml");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aGoodFileLoadsAndResolves() throws Exception {
        Lesson l = new LessonLoader().load(write(GOOD).toString());
        assertThat(l.name()).isEqualTo("my-lesson");
        assertThat(l.checkpoints()).hasSize(2);
        LessonPlan p = LessonPlan.of(l);
        assertThat(p.stops().get(0).answer().right()).isEqualTo("550");
        assertThat(p.stops().get(0).answer().enhanced()).isEqualTo("5.1.1");
        assertThat(p.stops().get(0).answer().accepts("550 5.1.1")).isTrue();
        assertThat(p.stops().get(0).answer().accepts("550 5.1.2")).isFalse();
        assertThat(p.stops().get(0).answer().accepts("450")).isFalse();
    }

    @Test
    void anUnknownConditionKeyNamesLineAndField() throws Exception {
        Path f = write(GOOD.replace("from: mx1.example.net", "form: mx1.example.net"));
        assertThatThrownBy(() -> new LessonLoader().load(f.toString()))
                .isInstanceOf(LessonException.class)
                .hasMessageStartingWith(f + ":5: checkpoints[0].before.form: unknown field 'form'")
                .satisfies(e -> assertThat(((LessonException) e).line()).isEqualTo(5));
    }

    @Test
    void aBadKindNamesItsLine() throws Exception {
        Path f = write(GOOD.replace("kind: bounce-generated", "kind: bounced"));
        assertThatThrownBy(() -> new LessonLoader().load(f.toString()))
                .hasMessageStartingWith(f + ":7: checkpoints[1].at.kind: 'bounced' is not a kind of step");
    }

    @Test
    void aMissingLanguageNamesTheText() throws Exception {
        Path f = write("""
                title: {en: Test, de: Test}
                languages: [en, de]
                scenario: direct
                checkpoints:
                  - note: {en: Only English}
                    at: {kind: tcp-syn}
                """);
        assertThatThrownBy(() -> new LessonLoader().load(f.toString()))
                .hasMessage(f + ":5: checkpoints[0].note: no 'de' text (the lesson's languages are en, de)");
    }

    @Test
    void yamlSyntaxErrorsGiveTheLine() throws Exception {
        Path f = write("title: Test\nscenario: [direct\ncheckpoints: []\n");
        assertThatThrownBy(() -> new LessonLoader().load(f.toString()))
                .isInstanceOf(LessonException.class)
                .satisfies(e -> assertThat(((LessonException) e).line()).isGreaterThan(1));
    }

    @Test
    void aConditionThatMatchesNothingIsReportedWithTheCheckpointsLine() throws Exception {
        Path f = write(GOOD.replace("nobody@example.net", "carol@example.net"));
        Lesson l = new LessonLoader().load(f.toString());
        assertThatThrownBy(() -> LessonPlan.of(l))
                .hasMessageStartingWith(f + ":4: checkpoints[0] (before: {reply-to:RCPT TO:<carol@example.net>")
                .hasMessageContaining("no step of the direct route of unknown-user matches");
    }

    @Test
    void aWrongChoiceThatIsRightIsRefused() throws Exception {
        Path f = write(GOOD.replace("    before: {reply-to", "    choices: [{answer: \"550\"}]\n    before: {reply-to"));
        Lesson l = new LessonLoader().load(f.toString());
        assertThatThrownBy(() -> LessonPlan.of(l)).hasMessageContaining("choices[0]: '550' is the right answer");
    }

    /** Tester finding: {@code lesson check} pointed to the checkpoint's line, not to the wrong choice's own. */
    @Test
    void aWrongChoiceThatIsRightIsReportedAtItsOwnLine() throws Exception {
        Path f = write(GOOD.replace("    before: {reply-to", "    choices:\n      - answer: \"450\"\n"
                + "      - answer: \"550\"\n        why: it is not\n    before: {reply-to"));
        assertThat(Files.readAllLines(f).get(6)).contains("answer: \"550\""); // line 7 of the file
        Lesson l = new LessonLoader().load(f.toString());
        assertThatThrownBy(() -> LessonPlan.of(l)).isInstanceOf(LessonException.class)
                .hasMessageStartingWith(f + ":7: checkpoints[0].choices[1]: '550' is the right answer")
                .satisfies(e -> assertThat(((LessonException) e).line()).isEqualTo(7));
    }

    @Test
    void aPredictionWithoutANextStepOfItsKindIsAnError() throws Exception {
        Path f = write(GOOD.replace("predict: reply-code", "predict: next-host")
                .replace("before: {reply-to: \"RCPT TO:<nobody@example.net>\", from: mx1.example.net}",
                        "at: {kind: mailbox-retrieved}"));
        Lesson l = new LessonLoader().load(f.toString());
        assertThatThrownBy(() -> LessonPlan.of(l)).hasMessageContaining(":4: ").hasMessageContaining("nothing to predict");
    }

    @Test
    void aBuiltInNameOrAFileIsNeeded() {
        assertThatThrownBy(() -> new LessonLoader().load("no-such-lesson"))
                .hasMessageContaining("no such lesson or file").hasMessageContaining("how-mail-finds-its-way");
    }
}
