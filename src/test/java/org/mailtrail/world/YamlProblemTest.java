package org.mailtrail.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.lesson.LessonLoader;

/** YAML syntax errors in world and lesson files are said with line, column and the construct, not the parser's tokens. */
class YamlProblemTest {
    @TempDir
    Path dir;

    private String world(String text) throws Exception {
        Path f = dir.resolve("w.yaml");
        Files.writeString(f, text);
        Throwable t = catchThrowable(() -> new WorldLoader().load(f.toString()));
        assertThat(t).isInstanceOf(WorldException.class);
        return t.getMessage().substring(t.getMessage().indexOf("w.yaml"));
    }

    private String lesson(String text) throws Exception {
        Path f = dir.resolve("l.yaml");
        Files.writeString(f, text);
        Throwable t = catchThrowable(() -> new LessonLoader().load(f.toString()));
        assertThat(t).isInstanceOf(org.mailtrail.lesson.LessonException.class);
        return t.getMessage().substring(t.getMessage().indexOf("l.yaml"));
    }

    @Test
    void anUnclosedBraceNamesWhereItWasOpened() throws Exception {
        assertThat(lesson("title: x\ncheckpoints:\n  - note: {en: \"a\"\n    at: {kind: tcp-syn}\n")).isEqualTo(
                "l.yaml:4: YAML syntax: column 5: expected ',' or '}', but found a value"
                        + " (in the { … } mapping that begins at line 3, column 11)");
    }

    @Test
    void aColonInAPlainValue() throws Exception {
        assertThat(world("name: x\n  bad: : :\n")).startsWith("w.yaml:2: YAML syntax: column 6: a ':' is not allowed here");
    }

    @Test
    void anUnclosedQuoteAndATab() throws Exception {
        assertThat(world("name: x\nhosts:\n  - name: \"a\n")).isEqualTo(
                "w.yaml:3: YAML syntax: column 11: the quote that opens here is never closed (the file ends at line 4)");
        assertThat(world("name: x\n\thosts: []\n")).isEqualTo("w.yaml:2: YAML syntax: column 1: a tab; YAML indents with spaces only");
    }

    /** Found by a tester: "but found :" read as if a word were missing. */
    @Test
    void punctuationTokensAreQuoted() throws Exception {
        assertThat(world("name: x\nlinks: {defaultLatencyMs: 5 : 3}\n")).isEqualTo("w.yaml:2: YAML syntax: column 29:"
                + " expected ',' or '}', but found ':' (in the { … } mapping that begins at line 2, column 8)");
        assertThat(world("name: x\nlinks: [a, b\ntitle: x\n")).isEqualTo("w.yaml:3: YAML syntax: column 6:"
                + " expected ',' or ']', but found ':' (in the [ … ] list that begins at line 2, column 8)");
    }

    @Test
    void noParserTokensAndNoCopyOfTheLineAreLeft() throws Exception {
        for (String bad : new String[] {"a: [1, 2\nb: 3\n", "a:\n  - x\n - y\n", "a: 'x\n", "- a\nb: c\n", "a: *nothing\n"}) {
            String m = world(bad);
            assertThat(m).as(bad).doesNotContain("<scalar>", "<block", "'reader'", "^", "\n").startsWith("w.yaml:");
        }
    }
}
