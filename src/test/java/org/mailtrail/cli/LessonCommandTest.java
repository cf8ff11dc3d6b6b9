package org.mailtrail.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mailtrail.lesson.BuiltInLessons;

/** {@code mailtrail lesson list|check|show}: exit codes, file:line for broken lessons, the worksheet and its key. */
class LessonCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MailTrailCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    static java.util.List<String> lessons() {
        return BuiltInLessons.NAMES;
    }

    @Test
    void listNamesEveryBuiltInLessonInTheLanguageAsked() {
        Run r = run("lesson", "list", "--lang", "fr");
        assertThat(r.code()).isZero();
        for (String n : BuiltInLessons.NAMES) {
            assertThat(r.out()).contains(n);
        }
        assertThat(r.out()).contains("Quand la livraison échoue", "historic-relay");
    }

    @ParameterizedTest
    @MethodSource("lessons")
    void everyBuiltInLessonPassesCheckAndShowsInFourLanguages(String name) {
        Run c = run("lesson", "check", name);
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(c.out()).contains("ok,", "en, de, fr, es");
        for (String lang : new String[] {"en", "de", "fr", "es"}) {
            Run s = run("lesson", "show", name, "--lang", lang);
            assertThat(s.code()).as(lang + s.err()).isZero();
            assertThat(s.out()).contains("\f"); // the answer key starts on a page of its own
            Run h = run("lesson", "show", name, "--lang", lang, "--format", "html");
            assertThat(h.code()).isZero();
            assertThat(h.out()).contains("<html lang=\"" + lang + "\">", "class=\"key\"", "page-break-before");
        }
    }

    @Test
    void theWorksheetAsksAndTheKeyAnswers() {
        Run s = run("lesson", "show", "when-delivery-fails", "--lang", "de");
        String sheet = s.out().substring(0, s.out().indexOf('\f'));
        String key = s.out().substring(s.out().indexOf('\f'));
        assertThat(sheet).contains("Arbeitsblatt", "Antwortcode eintragen").doesNotContain("Antwort: 450");
        assertThat(key).contains("Lösungen", "Antwort: 450 4.2.0", "Antwort: 250 2.1.5", "Antwort: 550 5.1.1");
    }

    @Test
    void aWrongHostIsExplainedByWhatTheMxAnswerSaid() {
        String key = run("lesson", "show", "mx-preference-and-backup").out();
        key = key.substring(key.indexOf('\f'));
        // legacy.example.net is an MX, but of its own domain: not "an MX whose turn has not come"
        assertThat(key).contains("legacy.example.net is the mail exchanger of another domain")
                .doesNotContain("legacy.example.net is a mail exchanger (MX), but not the one in turn here")
                .contains("mx2.example.net is a mail exchanger (MX), but not the one in turn here");
    }

    @Test
    void countsAgreeWithTheirNouns() {
        String en = run("lesson", "show", "before-mx").out();
        assertThat(en).contains("1 would mean one server took the message", "4 would mean 4 servers took")
                .doesNotContain("1 servers");
        assertThat(run("lesson", "show", "before-mx", "--lang", "fr").out())
                .contains("1 voudrait dire qu’un seul serveur a pris").doesNotContain("1 serveurs");
        // on the relay route a relay that is not next is not said to belong to another route
        assertThat(en).contains("is a relay on this route, but not the next hop from here")
                .doesNotContain("relay.example.org is a relay; it only comes into play on the relay route");
    }

    @Test
    void aBrokenLessonGivesFileLineAndExitTwo() throws Exception {
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, """
                title: Broken
                scenario: direct
                checkpoints:
                  - predict: next-host
                    befor: {kind: tcp-syn}
                """);
        Run r = run("lesson", "check", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":5: checkpoints[0].befor: unknown field 'befor'");
    }

    @Test
    void aConditionMatchingNothingGivesTheCheckpointsLine() throws Exception {
        Path f = dir.resolve("nomatch.yaml");
        Files.writeString(f, """
                title: No match
                scenario: direct
                checkpoints:
                  - note: first
                    at: {kind: tcp-syn}
                  - note: never
                    at: {kind: bounce-generated}
                """);
        Run r = run("lesson", "check", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(f + ":6: checkpoints[1] (at: {kind:bounce-generated}): no step of the direct "
                + "route of direct matches");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--lang=it", "--format=pdf"})
    void badOptionsAreUsageErrors(String option) {
        Run r = run("lesson", "show", "before-mx", option);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(option.substring(0, option.indexOf('=')) + " must be");
    }

    @Test
    void theWorksheetGoesToTheFileNamedWithDashOAsItWouldBePrinted() throws Exception {
        Path sheet = dir.resolve("sheet.html");
        Run r = run("lesson", "show", "before-mx", "--format", "html", "-o", sheet.toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(sheet)).isEqualTo(run("lesson", "show", "before-mx", "--format", "html").out());

        Run bad = run("lesson", "show", "before-mx", "-o", dir.resolve("no/such/folder/x.txt").toString());
        assertThat(bad.code()).isEqualTo(3);
        assertThat(bad.err()).contains("-o: cannot write", "does not exist");
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void noSuchLessonIsAUsageError() {
        Run r = run("lesson", "check", "no-such-lesson");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-lesson: no such lesson or file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "check", "show"})
    void subcommandHelpListsExitCodes(String sub) {
        Run r = run("lesson", sub, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: mailtrail lesson " + sub, "Exit status:").doesNotContain("WARN");
    }
}
