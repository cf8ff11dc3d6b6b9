package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;
import org.mailtrail.timeline.EventKind;

/**
 * Slow clients cannot hold the receiver: deadlines per command line and per DATA block that each byte does not reset,
 * and a stress mode that shortens them while the connection slots are (nearly) all taken (issue 16).
 */
@Timeout(120)
class ReceiverGuardsTest {
    private static final String TIMEOUT_421 = "421 4.4.2 mailtrail.test Error: timeout exceeded";

    @TempDir
    Path dir;

    private SmtpReceiver receiver;
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();
    private final List<Trickler> tricklers = new ArrayList<>();

    /** True to serve sessions on event loops (see the ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }

    @AfterEach
    void stop() {
        tricklers.forEach(Trickler::stop);
        if (receiver != null) {
            receiver.close();
        }
    }

    private ReceiverConfig config(Duration command, Duration data, Duration stress) {
        return ReceiverLimitsTest.config(dir).withIdleTimeout(Duration.ofSeconds(60))
                .withGuards(ReceiverGuards.defaults().withTimeouts(command, data, stress));
    }

    private void start(ReceiverConfig c) throws IOException {
        receiver = SmtpReceiver.start(c, null, null, eventLoops());
        receiver.onSession(sessions::add);
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    /** Writes one byte of {@code text} (over and over) every {@code millis} from a thread of its own. */
    private Trickler trickle(Smtp c, String text, long millis) {
        Trickler t = new Trickler(c, text.getBytes(StandardCharsets.US_ASCII), millis);
        tricklers.add(t);
        t.thread.start();
        return t;
    }

    static final class Trickler {
        final Thread thread;
        volatile boolean stopped;

        Trickler(Smtp c, byte[] text, long millis) {
            thread = new Thread(() -> {
                try {
                    for (int i = 0; !stopped; i++) {
                        c.write(new byte[] {text[i % text.length]});
                        Thread.sleep(millis); // the pace of the slow client, not a wait for something to happen
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed the connection: done
                }
            }, "trickler");
            thread.setDaemon(true);
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }

    /**
     * The server has closed the connection: the stream ends, or, when a trickled byte reached the closed socket before
     * this read, the server's kernel answered it with a reset (either way the server ended the connection).
     */
    private static void assertClosedByServer(Smtp c) throws IOException {
        try {
            assertThat(c.line()).isNull();
        } catch (java.net.SocketException e) {
            assertThat(e.getMessage()).contains("reset");
        }
    }

    private static boolean transcriptSays(ReceivedSession s, String words) {
        return s.result().journeys().get(0).timeline().events().stream()
                .anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR && e.summary().contains(words));
    }

    @Test
    void aClientThatConnectsAgainAsSoonAsItReadsThe221IsWithinALimitOfOne() throws Exception {
        // tester finding: with --max-connections 1, a client sending one message per connection was turned away with
        // 421 in 124 of 300 connections, its last connection still counted until the server had closed the socket
        start(ReceiverLimitsTest.config(dir).withMaxConnections(1));
        int turnedAway = 0;
        for (int i = 0; i < 150; i++) {
            try (Smtp c = new Smtp(receiver.address())) {
                String greeting = c.reply();
                if (greeting == null || !greeting.startsWith("220 ")) {
                    turnedAway++;
                    continue;
                }
                assertThat(c.cmd("EHLO client.example.org")).startsWith("250");
                if (i % 3 == 0) { // some with a message: its 250 waits for the disk, with a store
                    assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
                    assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                    assertThat(c.data(ReceiverLimitsTest.message("m" + i, "body"))).startsWith("250 ");
                }
                assertThat(c.cmd("QUIT")).startsWith("221 ");
            }
        }
        assertThat(turnedAway).as("connections turned away although the one before had ended").isZero();
    }

    @Test
    void aClientTricklingOneCommandLineGets421AfterTheCommandTimeout() throws Exception {
        start(config(Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(60)));
        long t0 = System.nanoTime();
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            trickle(c, "EHLO slow.example.org ", 100); // a byte every 100 ms: the idle timeout (60 s) never runs out
            assertThat(c.reply()).isEqualTo(TIMEOUT_421);
            assertClosedByServer(c);
        }
        System.out.printf("command timeout 1 s: a trickling client cut off after %.1f s%n",
                (System.nanoTime() - t0) / 1e9);
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("command timeout");
        assertThat(transcriptSays(s, "not reset by each byte")).isTrue();
        assertThat(transcriptSays(s, "under stress")).isFalse(); // 1 of 50 connections: no stress
    }

    @Test
    void aClientTricklingItsDataGets421AfterTheDataTimeoutAndNothingIsStored() throws Exception {
        start(config(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(60)));
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            trickle(c, "line\r\n", 50); // whole lines, each within every limit but the data's
            assertThat(c.reply()).isEqualTo(TIMEOUT_421);
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("data timeout");
        assertThat(s.messagesStored()).isZero();
        assertThat(transcriptSays(s, "message data within 1 s")).isTrue();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
    }

    @Test
    void commandsWithinTheirDeadlineAreServedAlthoughTheSessionLastsLonger() throws Exception {
        start(config(Duration.ofMillis(1500), Duration.ofSeconds(60), Duration.ofSeconds(60)));
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            long t0 = System.nanoTime();
            // NOOPs for longer than the command timeout in all: each line is quick, so each gets its own deadline
            while (System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(2_500)) {
                assertThat(c.cmd("NOOP")).startsWith("250 ");
                Thread.sleep(100); // the client's pace: a command every 100 ms
            }
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        assertThat(nextSession().closeReason()).isEqualTo("QUIT");
    }

    @Test
    void slowClientsInEverySlotAreCutOffUnderStressAndANewClientIsServed() throws Exception {
        // 8 s per command normally; under stress (5 of 5 slots taken: more than 80 %) 2 s
        start(config(Duration.ofSeconds(8), Duration.ofSeconds(60), Duration.ofSeconds(2)).withMaxConnections(5));
        List<Smtp> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Smtp c = new Smtp(receiver.address());
                slow.add(c);
                assertThat(c.reply()).startsWith("220 ");
            }
            long t0 = System.nanoTime();
            for (Smtp c : slow) {
                trickle(c, "EHLO slow.example.org ", 200);
            }
            try (Smtp sixth = new Smtp(receiver.address())) { // every slot is taken: told so, not dropped
                assertThat(sixth.reply()).startsWith("421 4.7.0 ");
            }
            ReceivedSession first;
            do { // the first slow client cut off (the sixth's short session may come first)
                first = nextSession();
            } while (!first.closeReason().startsWith("command timeout"));
            double cut = (System.nanoTime() - t0) / 1e9;
            assertThat(first.closeReason()).isEqualTo("command timeout (server under stress)");
            assertThat(transcriptSays(first, "the server is under stress (5 of 5 connections open")).isTrue();
            long t1 = System.nanoTime();
            try (Smtp fresh = new Smtp(receiver.address()).hello("alice@example.org")) {
                assertThat(fresh.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                assertThat(fresh.data(ReceiverLimitsTest.message("served", "at last"))).startsWith("250 ");
                assertThat(fresh.cmd("QUIT")).startsWith("221 ");
            }
            double served = (System.nanoTime() - t1) / 1e9;
            // the others are cut too: under stress while the server is full, by the command timeout at the latest
            for (Smtp c : slow) {
                assertThat(c.reply()).isEqualTo(TIMEOUT_421);
                assertClosedByServer(c);
            }
            System.out.printf("stress: 5 tricklers in 5 slots, the first cut off after %.1f s (stress timeout 2 s),"
                    + " a new client served in %.3f s, all 5 cut off after %.1f s%n", cut, served,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            for (Smtp c : slow) {
                c.close();
            }
        }
    }

    @Test
    void moreConnectionsFromOneAddressThanAllowedGet421WhileOtherAddressesAreServed() throws Exception {
        start(ReceiverLimitsTest.config(dir).withGuards(ReceiverGuards.defaults().withPerClient(2, 0)));
        try (Smtp a = new Smtp(receiver.address()); Smtp b = new Smtp(receiver.address())) {
            assertThat(a.reply()).startsWith("220 ");
            assertThat(b.reply()).startsWith("220 ");
            try (Smtp c = new Smtp(receiver.address())) {
                assertThat(c.reply()).isEqualTo(
                        "421 4.7.0 mailtrail.test Error: too many connections from your address, try again later");
                assertClosedByServer(c);
            }
            ReceivedSession turnedAway = nextSession();
            assertThat(turnedAway.closeReason()).isEqualTo("too many connections from this client");
            assertThat(transcriptSays(turnedAway, "the limit per client address")).isTrue();
            Socket other = new Socket();
            other.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0));
            try (Smtp d = new Smtp(other, receiver.address())) {
                assertThat(d.reply()).startsWith("220 "); // another client address has slots of its own
                assertThat(d.cmd("QUIT")).startsWith("221 ");
            }
            nextSession();
            assertThat(a.cmd("QUIT")).startsWith("221 ");
        }
        nextSession();
        nextSession();
        try (Smtp e = new Smtp(receiver.address())) {
            assertThat(e.reply()).startsWith("220 "); // the address's connections are counted down again
        }
        assertThat(receiver.turnedAway()).isEqualTo(1);
    }

    @Test
    void tooManyCommandsAMinuteFromOneAddressEndTheConnectionWith421() throws Exception {
        start(ReceiverLimitsTest.config(dir).withGuards(ReceiverGuards.defaults().withPerClient(0, 5)));
        String limited = "421 4.7.0 mailtrail.test Error: too many commands from your address, try again later";
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            for (int i = 0; i < 5; i++) {
                assertThat(c.cmd("NOOP")).startsWith("250 ");
            }
            assertThat(c.cmd("NOOP")).isEqualTo(limited);
            assertClosedByServer(c);
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("too many commands per minute");
        assertThat(transcriptSays(s, "more than 5 commands in a minute")).isTrue();
        try (Smtp again = new Smtp(receiver.address())) { // the same address, a new connection: still limited
            assertThat(again.reply()).startsWith("220 ");
            assertThat(again.cmd("NOOP")).isEqualTo(limited);
        }
    }
}
