package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/**
 * A receiver with a store serves its sessions on event loops and parks a session while its message is forced to
 * disk: a message whose journal record is not on disk yet holds neither the loop nor its other sessions, and its 250
 * still comes only once it is durable (docs/serve.md, "Exactly once").
 */
@Timeout(60)
class StoreOnLoopsTest {
    @TempDir
    Path dir;

    /** A disk whose data syncs wait while it is held (the real sync follows), watched as in StoreDurabilityTest. */
    static final class HeldDisk implements MaildirStore.Disk {
        final StoreDurabilityTest.WatchedDisk watched = new StoreDurabilityTest.WatchedDisk();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch waiting = new CountDownLatch(1);
        volatile boolean held;

        @Override
        public void force(FileChannel ch, Path file) throws IOException {
            if (held) {
                waiting.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            watched.force(ch, file);
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            watched.forceFolder(folder);
        }
    }

    @Test
    void aMessageWaitingForTheDiskHoldsNeitherTheLoopNorItsOtherSessions() throws Exception {
        HeldDisk disk = new HeldDisk();
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        // one loop: every session is on it, so a loop held by the disk would hold the second client too
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add, 1, disk);
             Smtp held = new Smtp(r.address()).hello("alice@example.org")) {
            assertThat(held.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(held.cmd("DATA")).startsWith("354 ");
            disk.held = true;
            held.write(ReceiverLimitsTest.message("held", "waits for the disk") + "\r\n.\r\n");
            assertThat(disk.waiting.await(20, TimeUnit.SECONDS)).as("the held message reached the disk").isTrue();

            try (Smtp other = new Smtp(r.address()).hello("carol@example.org")) { // served meanwhile, on the loop
                assertThat(other.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                assertThat(other.cmd("QUIT")).startsWith("221 ");
            }
            ReceivedSession otherSession = ended.poll(20, TimeUnit.SECONDS);
            assertThat(otherSession).as("the other session ended while the first waited").isNotNull();
            assertThat(otherSession.closeReason()).isEqualTo("QUIT");
            assertThat(disk.release.getCount()).as("still held").isEqualTo(1);

            disk.release.countDown();
            String reply = held.reply();
            String ok = "250 2.0.0 Ok: queued as ";
            assertThat(reply).startsWith(ok);
            assertThat(disk.watched.durable(reply.substring(ok.length()).trim() + ".eml"))
                    .as("durable when its 250 came").isTrue();
            // the session is back on its loop: it goes on with a second message and QUIT
            assertThat(held.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(held.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(held.data(ReceiverLimitsTest.message("second", "after the disk"))).startsWith(ok);
            assertThat(held.cmd("QUIT")).startsWith("221 ");
            ReceivedSession first = ended.poll(20, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.messagesStored()).isEqualTo(2);
            assertThat(first.closeReason()).isEqualTo("QUIT");
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(2);
    }

    @Test
    void aCommandSentWhileTheSessionWaitsForTheDiskIsAnsweredAfterThe250() throws Exception {
        HeldDisk disk = new HeldDisk();
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add, 1, disk);
             Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            disk.held = true;
            // a NOOP in the same write as the end of the data (RFC 2920), and one while the session is parked
            c.write(ReceiverLimitsTest.message("held", "waits for the disk") + "\r\n.\r\nNOOP\r\n");
            assertThat(disk.waiting.await(20, TimeUnit.SECONDS)).isTrue();
            c.write("NOOP\r\n"); // comes while the session is parked: read only once it is back
            try (Smtp other = new Smtp(r.address()).hello("carol@example.org")) { // the loop still serves others
                assertThat(other.cmd("QUIT")).startsWith("221 ");
            }
            disk.release.countDown();
            assertThat(c.reply()).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.reply()).startsWith("250 "); // the NOOPs', after the message's
            assertThat(c.reply()).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession first = null;
        for (ReceivedSession s = ended.poll(20, TimeUnit.SECONDS); s != null; s = ended.poll(20, TimeUnit.SECONDS)) {
            if (s.messagesStored() == 1) {
                first = s;
                break;
            }
        }
        assertThat(first).isNotNull();
        // the NOOP is recorded when it was handled, after the 250: the timeline's times never go back (tester finding)
        long before = -1;
        for (org.mailtrail.timeline.TimelineEvent e : first.result().journeys().get(0).timeline().events()) {
            assertThat(e.timeMicros()).as(e.summary()).isGreaterThanOrEqualTo(before);
            before = e.timeMicros();
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(1);
    }

    @Test
    void everyTwoHundredFiftyOnTheLoopsComesOnlyOnceItsMessageIsDurable() throws Exception {
        HeldDisk disk = new HeldDisk(); // never held: only watched
        int sessions = 6;
        int each = 5;
        java.util.Set<String> ids = java.util.concurrent.ConcurrentHashMap.newKeySet();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, e -> ids.add(e.id()), 2,
                disk)) {
            ExecutorService pool = Executors.newFixedThreadPool(sessions);
            try {
                List<Future<List<String>>> clients = new ArrayList<>();
                for (int c = 0; c < sessions; c++) {
                    clients.add(pool.submit(() -> client(r, disk.watched, each)));
                }
                for (Future<List<String>> f : clients) {
                    assertThat(f.get()).as("250s read before their message was durable").isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(r.messagesStored()).isEqualTo((long) sessions * each);
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(sessions * each);
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(ids).hasSize(sessions);
        StoredSessions.assertFiles(dir.resolve("sessions"), ids); // a .json each, the text in the log
    }

    @Test
    void aJournalSyncThatFailsOnTheLoopGets451TheCopyIsTakenBackAndTheSessionGoesOn() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean failing = new java.util.concurrent.atomic.AtomicBoolean();
        MaildirStore.Disk disk = new MaildirStore.Disk() {
            @Override
            public void force(FileChannel ch, Path file) throws IOException {
                if (failing.get() && file.getParent().getFileName().toString().equals("journal")) {
                    throw new IOException("I/O error");
                }
                ch.force(true);
            }

            @Override
            public void forceFolder(Path folder) throws IOException {
                MaildirStore.REAL.forceFolder(folder);
            }
        };
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        BlockingQueue<String> problems = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add, 1, disk);
             Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
            r.onStoreProblem(problems::add);
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            failing.set(true);
            assertThat(c.data(ReceiverLimitsTest.message("lost", "the journal fails")))
                    .isEqualTo("451 4.3.0 Error: cannot store the message, try again later");
            assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).as("its copy taken back").isEmpty();
            failing.set(false);
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(ReceiverLimitsTest.message("kept", "the journal works again")))
                    .startsWith("250 2.0.0 Ok: queued as ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
            ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(s.messagesStored()).isEqualTo(1);
            assertThat(s.storeProblem()).hasValueSatisfying(p -> assertThat(p)
                    .contains("could not be stored: the journal could not be forced to disk (I/O error)"));
            assertThat(problems.poll(5, TimeUnit.SECONDS)).contains("could not be stored");
            String text = org.mailtrail.export.TextTranscript.render(s.result());
            assertThat(text).contains("451 4.3.0 Error: cannot store the message").doesNotContain("250 2.0.0 Ok: "
                    + "queued as " + s.id() + ".1");
        }
        List<Path> kept = ReceiverLimitsTest.files(dir.resolve("maildir/new"));
        assertThat(kept).hasSize(1);
        assertThat(java.nio.file.Files.readString(kept.get(0))).contains("the journal works again");
    }

    @Test
    void twoMessagesInOneWriteWhoseClientIsGoneAreBothTakenBack() throws Exception {
        // tester finding: only the message whose 250 failed was taken back; the second, decided in the same read,
        // stayed in new/ without a word in the transcript, and the client sends both again
        HeldDisk disk = new HeldDisk();
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add, 1, disk);
             Smtp c = new Smtp(r.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250");
            disk.held = true;
            StringBuilder both = new StringBuilder();
            for (String subject : new String[] {"one", "two"}) {
                both.append("MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n")
                        .append(ReceiverLimitsTest.message(subject, "body")).append("\r\n.\r\n");
            }
            c.write(both.toString()); // a client that does not wait for replies
            assertThat(disk.waiting.await(20, TimeUnit.SECONDS)).as("the messages reached the disk").isTrue();
            c.socket.setSoLinger(true, 0);
            c.socket.close(); // a reset: the 250s cannot be sent
            disk.release.countDown();
            ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(s.messagesStored()).isZero();
            String text = org.mailtrail.export.TextTranscript.render(s.result());
            assertThat(text).contains("queue id " + s.id() + ".1", "queue id " + s.id() + ".2")
                    .contains("the 250 for queue id " + s.id() + ".2 never went out");
            // the data that came with its DATA command is recorded after the 354: times never go back
            long before = -1;
            for (org.mailtrail.timeline.TimelineEvent e : s.result().journeys().get(0).timeline().events()) {
                assertThat(e.timeMicros()).as(e.summary()).isGreaterThanOrEqualTo(before);
                before = e.timeMicros();
            }
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).as("neither copy kept").isEmpty();
    }

    @Test
    void aSessionWaitingForTheDiskWhenTheServerStopsGets421AndItsCopyIsTakenBack() throws Exception {
        HeldDisk disk = new HeldDisk();
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add, 1, disk);
        Thread closing = new Thread(r::close, "closing");
        try (Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            disk.held = true;
            c.write(ReceiverLimitsTest.message("held", "the server stops meanwhile") + "\r\n.\r\n");
            assertThat(disk.waiting.await(20, TimeUnit.SECONDS)).isTrue();
            closing.start(); // its grace period runs out while the disk holds the message
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith(
                    "mailtrail-smtp-loop-") && t.isAlive())) { // waiting for the loop to end, not for nothing
                assertThat(System.nanoTime()).as("the loop ended").isLessThan(deadline);
                Thread.sleep(20);
            }
            disk.release.countDown();
            assertThat(c.reply()).startsWith("421 4.3.2 ");
        } finally {
            disk.release.countDown();
            closing.join(30_000);
        }
        ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        assertThat(s.messagesStored()).isZero();
        assertThat(s.closeReason()).isEqualTo("server shutting down");
        assertThat(org.mailtrail.export.TextTranscript.render(s.result()))
                .contains("the server stopped before the 250 for queue id " + s.id() + ".1 could be sent; the stored"
                        + " copy was removed");
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
    }

    /** One session of {@code each} messages; returns the queue ids whose 250 came before they were durable. */
    private static List<String> client(SmtpReceiver r, StoreDurabilityTest.WatchedDisk disk, int each)
            throws IOException {
        List<String> early = new ArrayList<>();
        try (Smtp c = new Smtp(r.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
            for (int i = 0; i < each; i++) {
                assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
                assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                String reply = c.data(ReceiverLimitsTest.message("m" + i, "body"));
                String ok = "250 2.0.0 Ok: queued as ";
                assertThat(reply).startsWith(ok);
                if (!disk.durable(reply.substring(ok.length()).trim() + ".eml")) { // checked the moment it came
                    early.add(reply);
                }
            }
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        return early;
    }
}
