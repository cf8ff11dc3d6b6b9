package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store's journal ({@link MailJournal}): what a crash leaves is read back up to the first record that does not
 * fit, messages lost with a reboot are written again while those a reader took within the same boot are not, a
 * segment is deleted only after its messages were made durable, an idle store closes its segment on a timer, and a
 * journal that cannot be forced fails the delivery without leaving the message behind.
 */
@Timeout(60)
class MailJournalTest {
    @TempDir
    Path dir;

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private Path newDir() {
        return dir.resolve("maildir/new");
    }

    private List<Path> segments() throws IOException {
        return ReceiverLimitsTest.files(dir.resolve("journal")).stream()
                .filter(p -> p.getFileName().toString().endsWith(".log")).toList();
    }

    /** Writes a segment as a crashed server would have left it: the header of {@code boot}, then {@code records}. */
    private Path leftSegment(String boot, byte[]... records) throws IOException {
        Files.createDirectories(dir.resolve("journal"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(JournalRecords.header(boot));
        for (byte[] r : records) {
            out.writeBytes(r);
        }
        Path p = dir.resolve("journal/0000000000000007.log");
        Files.write(p, out.toByteArray());
        return p;
    }

    @Test
    void readingStopsAtATornTailOrADamagedRecord() throws IOException {
        byte[] a = JournalRecords.encode("q.a", message("a"));
        byte[] b = JournalRecords.encode("q.b", message("b"));
        byte[] c = JournalRecords.encode("q.c", message("c"));
        byte[] torn = java.util.Arrays.copyOf(c, c.length - 3);
        Path p = leftSegment("boot-A", a, b, torn);
        JournalRecords.Contents read = JournalRecords.read(p);
        assertThat(read.bootId()).isEqualTo("boot-A");
        assertThat(read.ignoredBytes()).isEqualTo(torn.length);
        assertThat(read.entries()).extracting(JournalRecords.Entry::name).containsExactly("q.a", "q.b");
        assertThat(read.entries().get(1).content()).isEqualTo(message("b"));

        byte[] damaged = b.clone();
        damaged[damaged.length - 2] ^= 1; // one bit of the content: the checksum no longer fits
        p = leftSegment("boot-A", a, damaged, c);
        assertThat(JournalRecords.read(p).entries()).extracting(JournalRecords.Entry::name).containsExactly("q.a");

        p = leftSegment("boot-A", a, b); // the last record ends where the file ends
        assertThat(JournalRecords.read(p).entries()).extracting(JournalRecords.Entry::name).containsExactly("q.a", "q.b");
        assertThat(JournalRecords.read(p).ignoredBytes()).isZero();

        p = leftSegment("boot-A", a, new byte[64]); // zeros after a power cut: no record
        assertThat(JournalRecords.read(p).entries()).hasSize(1);

        p = leftSegment("boot-A", JournalRecords.encode("../escape", message("x")));
        assertThat(JournalRecords.read(p).entries()).as("a name that is not a queue id ends it").isEmpty();

        Files.write(p, new byte[] {'M', 'T'}); // not even the header
        assertThat(JournalRecords.read(p).entries()).isEmpty();
    }

    @Test
    void afterARebootMessagesMissingOrDamagedAreWrittenAgainAndTheSegmentIsDeleted() throws IOException {
        Files.createDirectories(newDir());
        Files.createDirectories(dir.resolve("maildir/cur"));
        Files.write(newDir().resolve("q.kept.eml"), message("kept"));
        Files.write(newDir().resolve("q.zeros.eml"), new byte[message("zeros").length]); // size right, data lost
        Files.write(dir.resolve("maildir/cur/q.read.eml:2,S"), message("read")); // a reader moved it on
        Files.write(dir.resolve("maildir/cur/q.lostX.eml:2,S"), message("lost")); // the same bytes, another name
        Path left = leftSegment("boot-A", JournalRecords.encode("q.kept", message("kept")),
                JournalRecords.encode("q.lost", message("lost")), JournalRecords.encode("q.zeros", message("zeros")),
                JournalRecords.encode("q.read", message("read")));
        StoreDurabilityTest.WatchedDisk disk = new StoreDurabilityTest.WatchedDisk();
        try (MaildirStore store = MaildirStore.open(dir, disk, 1 << 20, 60_000, "boot-B")) {
            assertThat(store.restored()).isEqualTo(2);
            assertThat(Files.readAllBytes(newDir().resolve("q.lost.eml"))).isEqualTo(message("lost"));
            assertThat(Files.readAllBytes(newDir().resolve("q.zeros.eml"))).isEqualTo(message("zeros"));
            assertThat(disk.dataForced).as("written again and forced").contains("q.lost.eml", "q.zeros.eml");
            assertThat(Files.exists(newDir().resolve("q.read.eml"))).as("in cur/ already").isFalse();
            assertThat(left).as("checkpointed and deleted at open").doesNotExist();
            assertThat(segments()).extracting(p -> p.getFileName().toString())
                    .as("numbered after the one left").containsExactly("0000000000000008.log");
        }
    }

    @Test
    void withinTheSameBootAMessageAReaderTookIsNotBroughtBack() throws IOException {
        StoreDurabilityTest.WatchedDisk disk = new StoreDurabilityTest.WatchedDisk();
        MaildirStore store = MaildirStore.open(dir, disk, 1 << 20, 60_000, "boot-A");
        for (String m : List.of("one", "two", "three")) {
            store.deliver("q." + m, message(m));
            assertThat(Files.readAllBytes(newDir().resolve("q." + m + ".eml"))).isEqualTo(message(m));
        }
        store.abandon(); // killed: the journal still holds all three
        assertThat(segments()).hasSize(1);
        Files.delete(newDir().resolve("q.two.eml")); // read and deleted by a mail client
        try (MaildirStore again = MaildirStore.open(dir, disk, 1 << 20, 60_000, "boot-A")) {
            assertThat(again.restored()).isZero();
            assertThat(Files.exists(newDir().resolve("q.two.eml"))).isFalse();
        }
        assertThat(segments()).isEmpty();

        store = MaildirStore.open(dir, disk, 1 << 20, 60_000, "boot-A");
        store.deliver("q.four", message("four"));
        store.abandon();
        Files.delete(newDir().resolve("q.four.eml")); // as if a power cut had taken it: another boot
        try (MaildirStore again = MaildirStore.open(dir, disk, 1 << 20, 60_000, "boot-B")) {
            assertThat(again.restored()).isEqualTo(1);
            assertThat(Files.readAllBytes(newDir().resolve("q.four.eml"))).isEqualTo(message("four"));
        }
    }

    @Test
    void aFullSegmentIsClosedByTheSyncThatFillsItAndTheNextOneIsNamedInTurn() throws IOException {
        StoreDurabilityTest.WatchedDisk disk = new StoreDurabilityTest.WatchedDisk();
        long exactly = JournalRecords.header("boot-A").length + JournalRecords.encode("q.full", message("full")).length;
        try (MaildirStore store = MaildirStore.open(dir, disk, exactly, 60_000, "boot-A")) {
            assertThat(disk.renameForced).as("the first segment's name forced at open").contains("0000000000000000.log");
            store.deliver("q.full", message("full"));
            // the sync that made q.full durable found the segment full and began the next one
            assertThat(Files.exists(dir.resolve("journal/0000000000000001.log"))).isTrue();
            assertThat(disk.renameForced).as("its name forced too").contains("0000000000000001.log");
            assertThat(JournalRecords.read(dir.resolve("journal/0000000000000001.log")).entries()).isEmpty();
        }
    }

    @Test
    void aBusyStoreAsksHowManySessionsAreOpenAndSyncsTheMessagesThatCameTogetherOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger segmentForces = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch inFirst = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean holding = new java.util.concurrent.atomic.AtomicBoolean();
        MaildirStore.Disk held = new MaildirStore.Disk() { // the first sync after the test begins waits for it
            @Override
            public void force(FileChannel ch, Path file) throws IOException {
                if (file.getFileName().toString().endsWith(".log")) {
                    segmentForces.incrementAndGet();
                    if (holding.compareAndSet(true, false)) {
                        inFirst.countDown();
                        try {
                            release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
                MaildirStore.REAL.force(ch, file);
            }

            @Override
            public void forceFolder(Path folder) throws IOException {
                MaildirStore.REAL.forceFolder(folder);
            }
        };
        try (MaildirStore store = MaildirStore.open(dir, held, 1 << 20, 60_000, "boot-A")) {
            java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
            store.gatherSyncs(() -> {
                asked.incrementAndGet();
                return MaildirStore.GATHER_SIBLINGS;
            });
            int before = segmentForces.get();
            holding.set(true);
            java.util.concurrent.CountDownLatch durable = new java.util.concurrent.CountDownLatch(3);
            long a = store.place("q.a", message("a")).change();
            store.whenDurable(a, failure -> durable.countDown());
            assertThat(inFirst.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (String name : List.of("q.b", "q.c")) { // two sessions' messages while that sync runs
                long c = store.place(name, message(name)).change();
                store.whenDurable(c, failure -> durable.countDown());
            }
            release.countDown();
            assertThat(durable.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(asked.get()).as("the open sessions were asked once two messages came together").isPositive();
            assertThat(segmentForces.get() - before).as("one sync for the first, one for the two").isEqualTo(2);
        }
    }

    @Test
    void theSystemsBootIdIsReadWhereThereIsOne() throws IOException {
        Path boot = Path.of("/proc/sys/kernel/random/boot_id");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(boot), "no boot id on this system");
        assertThat(MailJournal.systemBootId()).isEqualTo(Files.readString(boot).trim()).isNotEmpty();
    }

    @Test
    void aCheckpointThatFailsKeepsItsSegmentSaysSoAndTheNextStartFinishesIt() throws Exception {
        MaildirStore.Disk noSpace = new MaildirStore.Disk() {
            @Override
            public void force(FileChannel ch, Path file) throws IOException {
                MaildirStore.REAL.force(ch, file);
            }

            @Override
            public void forceFolder(Path folder) throws IOException {
                if (folder.endsWith("new")) {
                    throw new IOException("No space left on device");
                }
                MaildirStore.REAL.forceFolder(folder);
            }
        };
        java.util.concurrent.BlockingQueue<String> problems = new java.util.concurrent.LinkedBlockingQueue<>();
        MaildirStore store = MaildirStore.open(dir, noSpace, 1, 60_000, "boot-A"); // every sync closes its segment
        store.onProblem(problems::add);
        store.deliver("q.kept", message("kept"));
        String problem = problems.poll(20, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(problem).as("reported").isNotNull().contains("0000000000000000.log")
                .contains("kept in the journal until the next start").contains("No space left on device");
        store.abandon();
        assertThat(dir.resolve("journal/0000000000000000.log")).as("kept").exists();
        try (MaildirStore again = MaildirStore.open(dir, MaildirStore.REAL, 1 << 20, 60_000, "boot-A")) {
            assertThat(dir.resolve("journal/0000000000000000.log")).as("finished at the next start").doesNotExist();
            assertThat(Files.readAllBytes(newDir().resolve("q.kept.eml"))).isEqualTo(message("kept"));
        }
    }

    @Test
    void aMessageTakenBackIsNotBroughtBackAfterAReboot() throws IOException {
        MaildirStore store = MaildirStore.open(dir, MaildirStore.REAL, 1 << 20, 60_000, "boot-A");
        store.deliver("q.kept", message("kept"));
        Path back = store.deliver("q.back", message("back"));
        store.takeBack("q.back", back); // its 250 could not be sent: the client sends it again
        assertThat(back).doesNotExist();
        store.abandon();
        Files.delete(newDir().resolve("q.kept.eml")); // lost with the power cut
        try (MaildirStore again = MaildirStore.open(dir, MaildirStore.REAL, 1 << 20, 60_000, "boot-B")) {
            assertThat(again.restored()).isEqualTo(1);
            assertThat(ReceiverLimitsTest.files(newDir())).extracting(p -> p.getFileName().toString())
                    .containsExactly("q.kept.eml");
        }
        // also when the note is in a later segment than the message
        leftSegment("boot-A", JournalRecords.encode("q.later", message("later")));
        java.io.ByteArrayOutputStream later = new java.io.ByteArrayOutputStream();
        later.writeBytes(JournalRecords.header("boot-A"));
        later.writeBytes(JournalRecords.encode("q.later", new byte[0]));
        Files.write(dir.resolve("journal/0000000000000009.log"), later.toByteArray());
        try (MaildirStore again = MaildirStore.open(dir, MaildirStore.REAL, 1 << 20, 60_000, "boot-C")) {
            assertThat(again.restored()).isZero();
            assertThat(newDir().resolve("q.later.eml")).doesNotExist();
        }
    }

    @Test
    void aFileWhereAFolderOfTheStoreGoesIsNamedAndNothingIsMade() throws IOException {
        Files.write(dir.resolve("journal"), new byte[] {1});
        assertThatThrownBy(() -> MaildirStore.open(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.resolve("journal").toString()).hasMessageContaining("it is a file");
        assertThat(dir.resolve("maildir")).as("nothing half made").doesNotExist();
        Files.delete(dir.resolve("journal"));
        Files.createDirectories(dir.resolve("maildir"));
        Files.write(dir.resolve("maildir/new"), new byte[] {1});
        assertThatThrownBy(() -> MaildirStore.open(dir)).hasMessageContaining("maildir/new")
                .hasMessageContaining("it is a file");
        assertThat(dir.resolve("sessions")).doesNotExist();
    }

    @Test
    void theProxysTranscriptsOnlyStoreHasNoJournalAndSharesTheFolderWithAServer() throws IOException {
        try (MaildirStore proxy = MaildirStore.openForTranscripts(dir)) {
            assertThat(dir.resolve("journal")).doesNotExist();
            assertThat(dir.resolve("maildir")).as("no empty Maildir beside the transcripts").doesNotExist();
            assertThat(dir.resolve("sessions")).isDirectory();
            try (MaildirStore serve = MaildirStore.open(dir)) { // serve behind the proxy, on the same store
                serve.deliver("q.both", message("both"));
                proxy.writeSession("s1", java.time.Instant.EPOCH, "{}".getBytes(StandardCharsets.US_ASCII), "text");
            }
            assertThat(proxy.restored()).isZero();
            assertThat(proxy.recoverySummary()).isEmpty();
        }
        assertThat(newDir().resolve("q.both.eml")).exists();
    }

    @Test
    void aMessageFileACrashLeftInTmpIsRemovedAtTheNextStartAndSaidSo() throws IOException {
        // tester finding: after kill -9 under load a 0-byte tmp/<id>.eml survived every later start and stop
        Files.createDirectories(dir.resolve("maildir/tmp"));
        Path stray = Files.writeString(dir.resolve("maildir/tmp/20261207T170327Z-86d242-000035.45.eml"), "");
        Path other = Files.writeString(dir.resolve("maildir/tmp/notes.txt"), "not ours");
        Path foreign = Files.writeString(dir.resolve("maildir/tmp/1733590000.M1P2.host.eml"), "another program's");
        try (MaildirStore store = MaildirStore.open(dir)) {
            assertThat(stray).doesNotExist();
            assertThat(other).exists();
            assertThat(foreign).exists();
            assertThat(store.recoverySummary()).isEqualTo("store: 1 unfinished message file(s) left in "
                    + dir.toAbsolutePath().normalize().resolve("maildir/tmp") + " by a crash removed (never acknowledged)");
        }
        try (MaildirStore again = MaildirStore.open(dir)) {
            assertThat(again.recoverySummary()).isEmpty();
        }
    }

    @Test
    void anUnknownBootCountsAsAReboot() throws IOException {
        leftSegment("", JournalRecords.encode("q.x", message("x")));
        try (MaildirStore store = MaildirStore.open(dir, MaildirStore.REAL, 1 << 20, 60_000, "")) {
            assertThat(store.restored()).isEqualTo(1);
        }
    }

    @Test
    void theServerSaysHowManyItRecovered() throws IOException {
        byte[] cut = java.util.Arrays.copyOf(JournalRecords.encode("q.cut", message("cut")), 12);
        leftSegment("", JournalRecords.encode("q.y", message("y")), JournalRecords.encode("q.z", message("z")), cut);
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir))) {
            assertThat(r.messagesRestored()).isEqualTo(2);
            assertThat(r.recoverySummary()).contains("1 segment(s) left").contains("holding 2 message(s)")
                    .contains("2 written again into " + newDir().toAbsolutePath())
                    .contains("1 segment(s) ended in a record cut off");
        }
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir))) {
            assertThat(r.recoverySummary()).as("a normal stop leaves nothing to recover").isEmpty();
        }
        leftSegment(MailJournal.systemBootId(), JournalRecords.encode("q.y", message("y")));
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir))) {
            assertThat(r.recoverySummary()).contains("holding 1 message(s): none had to be written again")
                    .doesNotContain("cut off");
        }
        assertThat(ReceiverLimitsTest.files(newDir())).hasSize(2);
    }

    @Test
    void anIdleStoreClosesItsSegmentOnATimerAndCheckpointsIt() throws Exception {
        StoreDurabilityTest.WatchedDisk disk = new StoreDurabilityTest.WatchedDisk();
        try (MaildirStore store = MaildirStore.open(dir, disk, 1 << 20, 400, "boot-A")) {
            long delivered = System.nanoTime();
            store.deliver("q.idle", message("idle"));
            Path first = segments().get(0);
            assertThat(JournalRecords.read(first).entries()).hasSize(1);
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (Files.exists(first) && System.nanoTime() < deadline) {
                Thread.sleep(20); // waiting for the timer to do it (no more mail comes to trigger it)
            }
            assertThat(first).as("closed and checkpointed without more mail").doesNotExist();
            assertThat(System.nanoTime() - delivered).as("not before it was 400 ms old")
                    .isGreaterThanOrEqualTo(400_000_000L);
            assertThat(disk.fileSystemSyncs.get() > 0 || disk.dataForced.contains("q.idle.eml"))
                    .as("its message made durable before the segment went").isTrue();
            assertThat(segments()).as("a new, empty segment").hasSize(1);
            assertThat(JournalRecords.read(segments().get(0)).entries()).isEmpty();
        }
    }

    @Test
    void whereTheFileSystemCannotBeSyncedEachFileAndTheFolderAreForced() throws IOException {
        StoreDurabilityTest.WatchedDisk watched = new StoreDurabilityTest.WatchedDisk();
        MaildirStore.Disk fileByFile = new MaildirStore.Disk() { // no syncFileSystem: the default says it cannot
            @Override
            public void force(FileChannel ch, Path file) throws IOException {
                watched.force(ch, file);
            }

            @Override
            public void forceFolder(Path folder) throws IOException {
                watched.forceFolder(folder);
            }
        };
        try (MaildirStore store = MaildirStore.open(dir, fileByFile, 1 << 20, 60_000, "boot-A")) {
            store.deliver("q.one", message("one"));
            store.deliver("q.two", message("two"));
        }
        assertThat(watched.dataForced).containsExactlyInAnyOrder("q.one.eml", "q.two.eml");
        assertThat(watched.renameForced).contains("q.one.eml", "q.two.eml");
        assertThat(segments()).isEmpty();
    }

    @Test
    void aJournalThatCannotBeForcedFailsTheDeliveryAndTakesTheMessageBack() throws IOException {
        MaildirStore.Disk failing = new MaildirStore.Disk() {
            @Override
            public void force(FileChannel ch, Path file) throws IOException {
                throw new IOException("Input/output error");
            }

            @Override
            public void forceFolder(Path folder) throws IOException {
                MaildirStore.REAL.forceFolder(folder);
            }
        };
        MaildirStore store = MaildirStore.open(dir, failing, 1 << 20, 60_000, "boot-A");
        try {
            assertThatThrownBy(() -> store.deliver("q.fail", message("fail")))
                    .isInstanceOf(IOException.class).hasMessageContaining("journal")
                    .hasMessageContaining("Input/output error");
            assertThat(ReceiverLimitsTest.files(newDir())).isEmpty();
            assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        } finally {
            store.abandon();
        }
    }

    @Test
    void aSecondServerOnTheSameStoreIsRefused() throws IOException {
        try (MaildirStore store = MaildirStore.open(dir)) {
            assertThatThrownBy(() -> MaildirStore.open(dir)).isInstanceOf(IOException.class)
                    .hasMessageContaining("in use by another Mail Trail server");
            store.deliver("q.still", message("still"));
        }
        try (MaildirStore again = MaildirStore.open(dir)) { // let go at close
            assertThat(again.restored()).isZero();
        }
    }
}
