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
        String log = ids.get(4).substring(0, 4) + "-" + ids.get(4).substring(4, 6) + "-" + ids.get(4).substring(6, 8)
                + ".log";
        if (!left.contains(log)) { // the sessions ran over midnight UTC: the day before's log went with them
            log = left.stream().filter(n -> n.endsWith(".log")).findFirst().orElse(log);
        }
        assertThat(left).containsExactlyInAnyOrder(ids.get(2) + ".json", ids.get(3) + ".json", ids.get(4) + ".json",
                log);
        assertThat(Files.readString(dir.resolve("sessions").resolve(log))).contains(ids.get(4));
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
        Files.writeString(sessions.resolve("2020-01-01.log"), "old");
        Files.setLastModifiedTime(sessions.resolve("2020-01-01.log"), old);
        Files.writeString(sessions.resolve("2020-01-02.log"), "recent");
        Files.writeString(sessions.resolve("notes.md"), "mine");
        Files.setLastModifiedTime(sessions.resolve("notes.md"), old);
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir)
                .withRetention(SessionRetention.parse("2d")))) {
            assertThat(names("sessions")).containsExactlyInAnyOrder("20200101T000000Z-aaaaaa-000002.json",
                    "2020-01-02.log", "notes.md");
        }
    }

    @Test
    void aDaysLogGoesOnlyWhenWrittenBeforeTheOldestSessionKept() throws Exception {
        Path sessions = Files.createDirectories(dir.resolve("sessions"));
        Instant now = Instant.now();
        put(sessions, "2020-01-01.log", now.minus(Duration.ofDays(10))); // before every session: goes
        put(sessions, "20200102T000000Z-aaaaaa-000001.json", now.minus(Duration.ofDays(9))); // beyond the count
        put(sessions, "2020-01-02.log", now.minus(Duration.ofHours(8 * 24 + 12))); // before the oldest kept: goes
        put(sessions, "20200103T000000Z-aaaaaa-000002.json", now.minus(Duration.ofDays(8))); // oldest kept
        put(sessions, "2020-01-03.log", now.minus(Duration.ofDays(8))); // written with the oldest kept: stays
        put(sessions, "20200104T000000Z-aaaaaa-000003.json", now.minus(Duration.ofDays(1)));
        put(sessions, "2020-01-04.log", now);
        put(sessions, "2020-01-04.log.orig", now.minus(Duration.ofDays(30))); // not a log of ours
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir)
                .withRetention(SessionRetention.parse("2")))) {
            assertThat(names("sessions")).containsExactlyInAnyOrder("20200103T000000Z-aaaaaa-000002.json",
                    "2020-01-03.log", "20200104T000000Z-aaaaaa-000003.json", "2020-01-04.log", "2020-01-04.log.orig");
        }
    }

    private static void put(Path folder, String name, Instant written) throws Exception {
        Files.writeString(folder.resolve(name), name);
        Files.setLastModifiedTime(folder.resolve(name), FileTime.from(written));
    }

    @Test
    void retentionIsParsedFromACountOrDays() {
        assertThat(SessionRetention.parse("1000")).isEqualTo(new SessionRetention(1000, null));
        assertThat(SessionRetention.parse("30d")).isEqualTo(new SessionRetention(0, Duration.ofDays(30)));
        assertThat(SessionRetention.parse("30D").toString()).isEqualTo("30d");
        assertThatThrownBy(() -> SessionRetention.parse("0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SessionRetention.parse("ten")).hasMessageContaining("number of transcripts");
        assertThatThrownBy(() -> SessionRetention.parse("-3d")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> SessionRetention.parse("2147483648")).hasMessage("must be at least 1 and at most"
                + " 2147483647 transcripts, not 2147483648"); // tester: it said "at least 1" of a number too large
        assertThatThrownBy(() -> SessionRetention.parse("99999999999999999999")).hasMessage("must be at most"
                + " 2147483647 transcripts, not 99999999999999999999");
        assertThatThrownBy(() -> SessionRetention.parse("36501d")).hasMessage("must be at least 1 and at most"
                + " 36500 days, not 36501");
        assertThat(SessionRetention.parse("2147483647").count()).isEqualTo(Integer.MAX_VALUE);
    }
}
