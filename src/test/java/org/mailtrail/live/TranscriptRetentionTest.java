package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/** {@code --keep-sessions}: old transcripts go, messages stay (issue 16). */
@Timeout(60)
class TranscriptRetentionTest {
    @TempDir
    Path dir;

    private List<String> names(String folder) throws Exception {
        List<String> n = new ArrayList<>();
        for (Path p : ReceiverLimitsTest.files(dir.resolve(folder))) {
            n.add(p.getFileName().toString());
        }
        return n;
    }

    @Test
    void onlyTheLastTranscriptsAreKeptAndEveryMessageStays() throws Exception {
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        List<String> ids = new ArrayList<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir)
                .withRetention(SessionRetention.parse("3")), null, ended::add)) {
            for (int i = 0; i < 5; i++) {
                try (Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
                    assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                    assertThat(c.data(ReceiverLimitsTest.message("n" + i, "body"))).startsWith("250 ");
                    assertThat(c.cmd("QUIT")).startsWith("221 ");
                }
                ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
                assertThat(s).isNotNull();
                ids.add(s.id());
            }
        }
        List<String> left = names("sessions");
        assertThat(left).containsExactlyInAnyOrder(ids.get(2) + ".json", ids.get(2) + ".txt", ids.get(3) + ".json",
                ids.get(3) + ".txt", ids.get(4) + ".json", ids.get(4) + ".txt");
        assertThat(names("maildir/new")).hasSize(5);
    }

    @Test
    void transcriptsOlderThanTheAgeAreDeletedAtStartOtherFilesStay() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(3)));
        for (String f : List.of("20200101T000000Z-aaaaaa-000001.json", "20200101T000000Z-aaaaaa-000001.txt")) {
            Files.writeString(sessions.resolve(f), "{}");
            Files.setLastModifiedTime(sessions.resolve(f), old);
        }
        Files.writeString(sessions.resolve("20200101T000000Z-aaaaaa-000002.json"), "{}"); // recent
        Files.writeString(sessions.resolve("notes.md"), "mine");
        Files.setLastModifiedTime(sessions.resolve("notes.md"), old);
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir)
                .withRetention(SessionRetention.parse("2d")))) {
            assertThat(names("sessions")).containsExactlyInAnyOrder("20200101T000000Z-aaaaaa-000002.json",
                    "notes.md");
        }
    }

    @Test
    void retentionIsParsedFromACountOrDays() {
        assertThat(SessionRetention.parse("1000")).isEqualTo(new SessionRetention(1000, null));
        assertThat(SessionRetention.parse("30d")).isEqualTo(new SessionRetention(0, Duration.ofDays(30)));
        assertThat(SessionRetention.parse("30D").toString()).isEqualTo("30d");
        assertThatThrownBy(() -> SessionRetention.parse("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SessionRetention.parse("ten")).hasMessageContaining("number of transcripts");
        assertThatThrownBy(() -> SessionRetention.parse("-3d")).hasMessageContaining("at least 1");
    }
}
