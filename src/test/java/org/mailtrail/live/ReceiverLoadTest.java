package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * 100 concurrent clients send 10,000 messages over raw sockets (pipelining MAIL, RCPT and DATA), some to a foreign
 * domain only and some abandoned in the middle of the data: every message answered 250 is stored exactly once, and
 * nothing else is.
 */
@Timeout(120)
class ReceiverLoadTest {
    /** True to serve sessions on event loops (the subclass ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }
    private static final int CLIENTS = 100;
    private static final int MESSAGES_PER_CLIENT = 100;
    private static final int MESSAGES_PER_SESSION = 10;
    private static final Pattern TOKEN = Pattern.compile("token-\\d+-\\d+");

    @TempDir
    Path dir;

    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicInteger okAfterData = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger aborted = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger turnedAway = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();

    @Test
    void everyMessageAnswered250IsStoredExactlyOnceAndNothingElse() throws Exception {
        ReceiverConfig config = ReceiverConfig.defaults("example.test").withStoreDir(dir)
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).withMaxConnections(250);
        long t0;
        long sent;
        long elapsed;
        SmtpReceiver receiver = SmtpReceiver.start(config, null, null, eventLoops());
        try {
            t0 = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int client = c;
                    done.add(pool.submit(() -> {
                        client(receiver.address(), client);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(100, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            elapsed = System.nanoTime() - t0;
            sent = (long) CLIENTS * MESSAGES_PER_CLIENT;
            // the server writes each transcript after its client has gone: wait for the last ones
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (receiver.sessionsFinished() < connections.get() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            System.out.printf("serve load: %d turned away with 421, %d dropped, %d sessions of %d finished%n",
                    turnedAway.get(), dropped.get(), receiver.sessionsFinished(), connections.get());
            assertThat(receiver.sessionsFinished()).isEqualTo(connections.get());
            assertThat(receiver.messagesStored()).isEqualTo(okAfterData.get());
        } finally {
            receiver.close();
        }
        System.out.printf("serve load: %d messages (%d answered 250, %d refused, %d abandoned mid-DATA) over %d "
                        + "connections from %d clients in %.2f s: %.0f messages/s%n", sent, okAfterData.get(),
                refused.get(), aborted.get(), connections.get(), CLIENTS, elapsed / 1e9, sent / (elapsed / 1e9));

        List<Path> files = ReceiverLimitsTest.files(dir.resolve("maildir/new"));
        assertThat(files).hasSize(okAfterData.get());
        Map<String, Integer> seen = new HashMap<>();
        for (Path f : files) {
            Matcher m = TOKEN.matcher(Files.readString(f));
            assertThat(m.find()).as("a token in %s", f).isTrue();
            seen.merge(m.group(), 1, Integer::sum);
            assertThat(m.find()).as("only one token in %s", f).isFalse();
        }
        assertThat(seen.values()).allMatch(n -> n == 1);
        assertThat(seen.keySet()).isEqualTo(accepted);
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        StoredSessions.assertCount(dir.resolve("sessions"), connections.get());
        assertThat(refused.get()).isPositive();
        assertThat(aborted.get()).isPositive();
        assertThat(okAfterData.get()).isGreaterThan(9_000);
    }

    /** One client: its messages in sessions of ten, some refused, some abandoned (which ends that session). */
    private void client(InetSocketAddress address, int client) throws IOException {
        Random random = new Random(client);
        int n = 0;
        while (n < MESSAGES_PER_CLIENT) {
            Socket socket = new Socket();
            try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(socket, address)) {
                String greeting = c.reply();
                if (greeting == null) {
                    dropped.incrementAndGet(); // turned away without a word (and without a transcript)
                    continue;
                }
                connections.incrementAndGet();
                if (!greeting.startsWith("220 ")) {
                    turnedAway.incrementAndGet(); // 421 too many connections: try again
                    continue;
                }
                expect(c.cmd("EHLO load" + client + ".example.org"), "250");
                boolean open = true;
                for (int k = 0; k < MESSAGES_PER_SESSION && n < MESSAGES_PER_CLIENT && open; k++, n++) {
                    String token = "token-" + client + "-" + n;
                    int kind = random.nextInt(100);
                    if (kind < 5) { // foreign domain only: nothing to deliver
                        c.write("MAIL FROM:<load@example.org>\r\nRCPT TO:<user@foreign.test>\r\nDATA\r\nRSET\r\n");
                        expect(c.reply(), "250");
                        expect(c.reply(), "554 5.7.1"); // relay access denied, as in the simulation
                        expect(c.reply(), "554 5.5.1"); // DATA without a recipient
                        expect(c.reply(), "250");
                        refused.incrementAndGet();
                    } else if (kind < 8) { // abandoned in the middle of the data
                        c.write("MAIL FROM:<load@example.org>\r\nRCPT TO:<user@example.test>\r\nDATA\r\n");
                        expect(c.reply(), "250");
                        expect(c.reply(), "250");
                        expect(c.reply(), "354");
                        c.write("Subject: " + token + "\r\n\r\nthis message is never finished: " + token + "\r\n");
                        if (kind == 7) {
                            socket.setSoLinger(true, 0); // a reset rather than a FIN
                        }
                        aborted.incrementAndGet();
                        open = false;
                    } else {
                        String rcpt = kind < 10 ? "RCPT TO:<user@foreign.test>\r\nRCPT TO:<user" + n
                                + "@example.test>\r\n" : "RCPT TO:<user" + n + "@EXAMPLE.test>\r\n";
                        c.write("MAIL FROM:<load@example.org>\r\n" + rcpt + "DATA\r\n");
                        expect(c.reply(), "250");
                        if (kind < 10) {
                            expect(c.reply(), "554 5.7.1");
                        }
                        expect(c.reply(), "250");
                        expect(c.reply(), "354");
                        c.write("From: load@example.org\r\nSubject: load " + n + "\r\n\r\nmessage " + token
                                + "\r\n.starts with a dot\r\n" + "x".repeat(random.nextInt(200)) + "\r\n.\r\n");
                        String r = c.reply();
                        if (r != null && r.startsWith("250 ")) {
                            okAfterData.incrementAndGet();
                            accepted.add(token);
                        }
                    }
                }
                if (open) {
                    expect(c.cmd("QUIT"), "221");
                }
            }
        }
    }

    private static void expect(String reply, String code) {
        if (reply == null || !reply.startsWith(code)) {
            throw new AssertionError("expected " + code + " but got " + reply);
        }
    }
}
