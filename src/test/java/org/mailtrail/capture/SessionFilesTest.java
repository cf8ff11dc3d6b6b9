package org.mailtrail.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening a store's day log of text transcripts (tester finding: a one-session log was read as a bare transcript). */
class SessionFilesTest {
    @TempDir
    Path dir;

    private static final String ONE = "20261207T080000Z-abcdef-000001";
    private static final String TWO = "20261207T080001Z-abcdef-000002";

    private static String transcript(String id) {
        return "Mail Trail session: " + id + " - SMTP session from 127.0.0.1:40000 to mx.example.test\n"
                + "World: mailtrail serve on 127.0.0.1:2525  seed: 0\n\n=== Route: direct ===\n"
                + "0:00:00.000100  mx.example.test > [127.0.0.1]\n    S: 220 mx.example.test ESMTP\n"
                + "0:00:00.000200  [127.0.0.1] > mx.example.test\n    C: QUIT\n"
                + "0:00:00.000300  mx.example.test > [127.0.0.1]\n    S: 221 Bye\n";
    }

    @Test
    void aDaysLogOfOneSessionOpensItsJsonFileWhenItIsThere() throws Exception {
        Path log = Files.writeString(dir.resolve("2026-12-07.log"), transcript(ONE));
        assertThat(SessionFiles.openable(log)).as("no JSON beside it: the text, as a transcript").isEqualTo(log);
        Path json = Files.writeString(dir.resolve(ONE + ".json"), "{}");
        assertThat(SessionFiles.openable(log)).isEqualTo(json.toAbsolutePath());
    }

    @Test
    void aDaysLogOfSeveralSessionsIsRefusedWithAJsonFileThatIsThere() throws Exception {
        Path log = Files.writeString(dir.resolve("2026-12-07.log"), transcript(ONE) + "\n" + transcript(TWO));
        assertThatThrownBy(() -> SessionFiles.openable(log)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("a log of 2 Mail Trail sessions").hasMessageContaining("none of their JSON files (" + ONE + ".json …) is in the same folder");
        Files.writeString(dir.resolve(TWO + ".json"), "{}"); // the first was pruned, the second is kept
        assertThatThrownBy(() -> SessionFiles.openable(log)).isInstanceOf(CaptureFormatException.class)
                .hasMessageStartingWith(log + ": a log of 2 Mail Trail sessions")
                .hasMessageContaining("e.g. " + TWO + ".json in the same folder");
    }

    @Test
    void otherFilesAreOpenedAsTheyAre() throws Exception {
        Path own = Files.writeString(dir.resolve("direct.txt"), transcript("direct"));
        Files.writeString(dir.resolve("direct.json"), "{}");
        assertThat(SessionFiles.openable(own)).as("Mail Trail's text of a simulation").isEqualTo(own);
        Path swaks = Files.writeString(dir.resolve("swaks.txt"), "<-  220 hi\n -> QUIT\n<-  221 bye\n");
        assertThat(SessionFiles.openable(swaks)).isEqualTo(swaks);
        Path json = Files.writeString(dir.resolve(ONE + ".json"), "{\"version\": 2}");
        assertThat(SessionFiles.openable(json)).isEqualTo(json);
    }
}
