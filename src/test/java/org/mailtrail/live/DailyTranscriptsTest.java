package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store's text transcripts, one log a day (issue 16: transcripts no longer spend a file each). */
@Timeout(60)
class DailyTranscriptsTest {
    @TempDir
    Path dir;

    private static final Instant MORNING = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void transcriptsAreAppendedInOrderWithABlankLineBetween() throws Exception {
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            Path a = t.append(MORNING, "Session: a\nC: QUIT\n");
            Path b = t.append(MORNING.plusSeconds(60), "Session: b\nS: 221 Bye"); // no line end: one is added
            assertThat(a).isEqualTo(b).isEqualTo(dir.resolve("2026-12-07.log"));
            assertThat(Files.readString(a)).isEqualTo("Session: a\nC: QUIT\n\nSession: b\nS: 221 Bye\n");
        }
    }

    @Test
    void theDayIsTheUtcDayTheSessionEndedAndANewDayStartsANewLog() throws Exception {
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            t.append(Instant.parse("2026-12-07T23:59:59Z"), "Session: late\n");
            t.append(Instant.parse("2026-12-08T00:00:00Z"), "Session: next day\n");
            t.append(Instant.parse("2026-12-07T23:59:59.5Z"), "Session: ended late, written after midnight\n");
        }
        assertThat(Files.readString(dir.resolve("2026-12-07.log")))
                .isEqualTo("Session: late\n\nSession: ended late, written after midnight\n");
        assertThat(Files.readString(dir.resolve("2026-12-08.log"))).isEqualTo("Session: next day\n");
        assertThat(new DailyTranscripts(dir).logOf(Instant.parse("2026-12-08T23:00:00Z")))
                .isEqualTo(dir.resolve("2026-12-08.log"));
    }

    @Test
    void aLogOpenedAgainGoesOnAfterABlankLineAndACutOffTranscriptGetsItsLineEnd() throws Exception {
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            t.append(MORNING, "Session: before the restart\n");
        }
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            t.append(MORNING, "Session: after it\n");
        }
        Path log = dir.resolve("2026-12-07.log");
        assertThat(Files.readString(log)).isEqualTo("Session: before the restart\n\nSession: after it\n");

        Files.writeString(log, "Session: cut short by a crash\nC: DA"); // the last write was cut
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            t.append(MORNING, "Session: next\n");
        }
        assertThat(Files.readString(log)).isEqualTo("Session: cut short by a crash\nC: DA\n\nSession: next\n");
    }

    @Test
    void aTranscriptAppendedAfterCloseIsWrittenAndTheFileNotLeftOpen() throws Exception {
        DailyTranscripts t = new DailyTranscripts(dir);
        t.append(MORNING, "Session: one\n");
        t.close();
        t.close(); // idempotent
        t.append(MORNING, "Session: late, as the receiver drains\n");
        Path log = dir.resolve("2026-12-07.log");
        assertThat(Files.readString(log)).isEqualTo("Session: one\n\nSession: late, as the receiver drains\n");
        Files.delete(log); // the file was closed: deleting and appending again starts a fresh log
        t.append(MORNING, "Session: after\n");
        assertThat(Files.readString(log)).isEqualTo("Session: after\n");
    }

    @Test
    void aFolderThatIsNotThereIsAnErrorAndTheNextAppendTriesAgain() throws Exception {
        Path missing = dir.resolve("gone");
        DailyTranscripts t = new DailyTranscripts(missing);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.append(MORNING, "Session: lost\n"))
                .isInstanceOf(java.io.IOException.class);
        Files.createDirectories(missing);
        t.append(MORNING, "Session: kept\n");
        t.close();
        assertThat(Files.readString(missing.resolve("2026-12-07.log"))).isEqualTo("Session: kept\n");
    }

    @Test
    void concurrentTranscriptsAreNeverInterleaved() throws Exception {
        int writers = 8;
        int each = 200;
        String body = "C: NOOP\nS: 250 2.0.0 Ok\n".repeat(40);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try (DailyTranscripts t = new DailyTranscripts(dir)) {
            List<Future<?>> all = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        t.append(MORNING, "Session: " + writer + "-" + i + "\n" + body);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        String[] records = Files.readString(dir.resolve("2026-12-07.log")).split("\n\n", -1);
        assertThat(records).hasSize(writers * each);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String r : records) {
            String head = r.substring(0, r.indexOf('\n'));
            assertThat(r).as(head).isEqualTo(head + "\n" + body.substring(0, body.length() - 1)
                    + (r == records[records.length - 1] ? "\n" : ""));
            assertThat(seen.add(head)).as(head + " once").isTrue();
        }
    }
}
