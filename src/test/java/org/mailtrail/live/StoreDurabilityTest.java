package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/**
 * The promise of {@code serve --store} (issue 16): a message's {@code 250} leaves only after a sync of the journal that
 * holds its record has finished, also when many sessions share the journal's syncs and its segments are rotated and
 * checkpointed meanwhile. A store whose syncs are watched records what each sync covered.
 */
@Timeout(60)
class StoreDurabilityTest {
    @TempDir
    Path dir;

    /** The real syncs, noting which messages each made durable. */
    static final class WatchedDisk implements MaildirStore.Disk {
        /** Files of messages whose journal record was read back from a segment before a sync of it that finished. */
        final Set<String> journaled = ConcurrentHashMap.newKeySet();
        /** Other files forced (messages written again by a recovery, files forced at a checkpoint). */
        final Set<String> dataForced = ConcurrentHashMap.newKeySet();
        /** Names in {@code new/} when a folder sync began that has finished since. */
        final Set<String> renameForced = ConcurrentHashMap.newKeySet();
        /** File-system syncs (checkpoints) that finished. */
        final java.util.concurrent.atomic.AtomicInteger fileSystemSyncs = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public void force(FileChannel ch, Path file) throws IOException {
            String name = file.getFileName().toString();
            if (name.endsWith(".log")) { // a journal segment: what it holds now is what this sync makes durable
                List<String> inIt = JournalRecords.read(file).entries().stream().map(e -> e.name() + ".eml").toList();
                MaildirStore.REAL.force(ch, file);
                journaled.addAll(inIt);
            } else {
                MaildirStore.REAL.force(ch, file);
                dataForced.add(name);
            }
        }

        @Override
        public boolean syncFileSystem(Path dir) throws IOException {
            boolean done = MaildirStore.REAL.syncFileSystem(dir);
            if (done) {
                fileSystemSyncs.incrementAndGet();
            }
            return done;
        }

        @Override
        public void forceFolder(Path folder) throws IOException {
            List<String> there;
            try (Stream<Path> s = Files.list(folder)) {
                there = s.map(p -> p.getFileName().toString()).toList();
            }
            MaildirStore.REAL.forceFolder(folder);
            renameForced.addAll(there);
        }

        /** True if the message file {@code name} was durable (its journal record synced) at the moment of the call. */
        boolean durable(String name) {
            return journaled.contains(name);
        }
    }

    @Test
    void concurrentDeliveriesReturnOnlyOnceTheirRecordIsDurable() throws Exception {
        WatchedDisk disk = new WatchedDisk();
        try (MaildirStore store = deliverConcurrently(MaildirStore.open(dir, disk), disk)) {
            assertThat(store.journalSyncs()).as("syncs shared").isBetween(1L, 8L * 40);
        }
        assertThat(segments()).as("checkpointed at close").isEmpty();
    }

    @Test
    void alsoWhileSegmentsAreRotatedAndCheckpointed() throws Exception {
        WatchedDisk disk = new WatchedDisk();
        // segments of 4 KB: a new one every few messages, each checkpointed in the background while others are written
        try (MaildirStore store = deliverConcurrently(MaildirStore.open(dir, disk, 4096, 60_000, "boot-1"), disk)) {
            assertThat(disk.fileSystemSyncs.get() + disk.dataForced.size()).as("checkpoints made").isPositive();
        }
        assertThat(segments()).as("every segment checkpointed and deleted at close").isEmpty();
    }

    private List<Path> segments() throws IOException {
        return ReceiverLimitsTest.files(dir.resolve("journal")).stream()
                .filter(p -> p.getFileName().toString().endsWith(".log")).toList();
    }

    /** 8 threads × 40 deliveries into {@code store}, each checked durable the moment it returns. */
    private MaildirStore deliverConcurrently(MaildirStore store, WatchedDisk disk) throws Exception {
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                results.add(pool.submit(() -> {
                    List<String> early = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String name = "t" + n + "." + i;
                        Path p = store.deliver(name, ("Subject: " + name + "\r\n\r\nbody\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        if (!disk.durable(name + ".eml") || !Files.exists(p)) {
                            early.add(name);
                        }
                    }
                    return early;
                }));
            }
            for (Future<List<String>> f : results) {
                assertThat(f.get()).as("deliveries that returned before they were durable").isEmpty();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(threads * each);
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(store.journalSyncs()).isBetween(1L, (long) threads * each);
        System.out.printf("store: %d deliveries, %d journal syncs%n", threads * each, store.journalSyncs());
        return store;
    }

    @Test
    void the250IsSentOnlyAfterTheMessageAndItsRenameAreOnDisk() throws Exception {
        WatchedDisk disk = new WatchedDisk();
        MaildirStore store = MaildirStore.open(dir, disk);
        int sessions = 4;
        int each = 5;
        try (SmtpReceiver owner = SmtpReceiver.start(ReceiverLimitsTest.config(dir.resolve("owner")));
             ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ExecutorService pool = Executors.newFixedThreadPool(sessions * 2);
            try {
                List<Future<List<String>>> clients = new ArrayList<>();
                for (int c = 0; c < sessions; c++) {
                    clients.add(pool.submit(() -> client(server, disk, each)));
                }
                for (int c = 0; c < sessions; c++) {
                    Socket s = server.accept();
                    ReceiverSession session = new ReceiverSession(owner, store, s, "watched-" + c);
                    pool.submit(session::run);
                }
                for (Future<List<String>> f : clients) {
                    assertThat(f.get()).as("250s read before their message was durable").isEmpty();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(sessions * each);
        store.close();
        assertThat(disk.journaled).hasSize(sessions * each);
    }

    /** One session of {@code each} messages; returns the queue ids whose 250 came before they were durable. */
    private static List<String> client(ServerSocket server, WatchedDisk disk, int each) throws IOException {
        List<String> early = new ArrayList<>();
        try (Smtp c = new Smtp(new Socket(), new java.net.InetSocketAddress(server.getInetAddress(),
                server.getLocalPort()))) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
            for (int i = 0; i < each; i++) {
                assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
                assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                String reply = c.data(ReceiverLimitsTest.message("m" + i, "body"));
                String ok = "250 2.0.0 Ok: queued as ";
                assertThat(reply).startsWith(ok);
                String name = reply.substring(ok.length()).trim() + ".eml";
                if (!disk.durable(name)) { // checked the moment the 250 arrived
                    early.add(name);
                }
            }
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        return early;
    }
}
