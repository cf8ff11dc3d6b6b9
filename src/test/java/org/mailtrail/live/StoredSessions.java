package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a store's {@code sessions/} folder holds after a test's sessions: a JSON file each, their text in a day's log. */
final class StoredSessions {
    private StoredSessions() {
    }

    /**
     * Asserts that {@code folder} holds exactly a JSON file for each of {@code ids} and the day's log of their text
     * transcripts (two logs if the sessions ran over midnight UTC), every transcript in it once, and nothing else (no
     * temporary file).
     */
    static void assertFiles(Path folder, java.util.Collection<String> ids) throws IOException {
        List<String> json = new ArrayList<>();
        StringBuilder logs = new StringBuilder();
        int logCount = 0;
        for (Path f : ReceiverLimitsTest.files(folder)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) {
                json.add(name.substring(0, name.length() - 5));
            } else {
                assertThat(name).as("a file in " + folder).matches("\\d{4}-\\d{2}-\\d{2}\\.log");
                logs.append(Files.readString(f));
                logCount++;
            }
        }
        assertThat(json).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(logCount).isBetween(1, 2);
        String text = "\n" + logs.toString(); // each transcript starts a line
        for (String id : ids) {
            String head = "\nMail Trail session: " + java.util.regex.Pattern.quote(id) + " ";
            assertThat(text.split(head, -1)).as(id).hasSize(2);
        }
    }

    /** As {@link #assertFiles} for {@code sessions} sessions whose ids the test did not keep. */
    static void assertCount(Path folder, int sessions) throws IOException {
        List<String> ids = new ArrayList<>();
        for (Path f : ReceiverLimitsTest.files(folder)) {
            String name = f.getFileName().toString();
            if (name.endsWith(".json")) {
                ids.add(name.substring(0, name.length() - 5));
            }
        }
        assertThat(ids).hasSize(sessions);
        assertFiles(folder, ids);
    }
}
