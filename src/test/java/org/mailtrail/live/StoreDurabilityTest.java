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
 * The promise of {@code serve --store} (issue 16): a message's {@code 250} leaves only after its data was forced to
 * disk and a sync of {@code new/} that began after its rename has finished, also when many sessions share the folder
 * syncs. A store whose syncs are watched records what each sync covered.
 */
@Timeout(60)
class StoreDurabilityTest {
    @TempDir
    Path dir;

    /** The real syncs, noting which files each made durable. */
    static final class WatchedDisk implements MaildirStore.Disk {
        /** Names of files whose data was forced (in {@code tmp/}, before the rename). */
        final Set<String> dataForced = ConcurrentHashMap.newKeySet();
        /** Names in {@code new/} when a folder sync began that has finished since. */
        final Set<String> renameForced = ConcurrentHashMap.newKeySet();

        @Override
        public void force(FileChannel ch, Path file) throws IOException {
            MaildirStore.REAL.force(ch, file);
            dataForced.add(file.getFileName().toString());
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

        /** True if {@code name} was durable, data and rename, at the moment of the call. */
        boolean durable(String name) {
            return dataForced.contains(name) && renameForced.contains(name);
        }
    }

    @Test
    void concurrentDeliveriesReturnOnlyOnceDataAndRenameAreDurable() throws Exception {
        deliverConcurrently(1);
    }

    @Test
    void alsoWhenFolderSyncsOverlap() throws Exception {
        MaildirStore store = deliverConcurrently(4);
        assertThat(store.folderSyncsAtOnce()).isBetween(1, 4);
    }

    /** 8 threads × 40 deliveries with at most {@code folderSyncs} syncs of {@code new/} at once. */
    private MaildirStore deliverConcurrently(int folderSyncs) throws Exception {
        WatchedDisk disk = new WatchedDisk();
        MaildirStore store = MaildirStore.open(dir, disk, folderSyncs);
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
        assertThat(store.folderSyncs()).isBetween(1L, (long) threads * each);
        System.out.printf("store: %d deliveries, %d folder syncs, at most %d at once (limit %d)%n", threads * each,
                store.folderSyncs(), store.folderSyncsAtOnce(), folderSyncs);
        return store;
    }

    @Test
    void the250IsSentOnlyAfterTheMessageAndItsRenameAreOnDisk() throws Exception {
        WatchedDisk disk = new WatchedDisk();
        MaildirStore store = MaildirStore.open(dir, disk);
        int sessions = 4;
        int each = 5;
        try (SmtpReceiver owner = SmtpReceiver.start(ReceiverLimitsTest.config(dir));
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
        assertThat(disk.dataForced).hasSize(sessions * each);
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
