package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/**
 * Many connections opened at once beyond {@code --max-connections}: every one is told {@code 421} instead of being
 * closed silently, even when the transcripts of the turned-away connections cannot keep up (issue 16).
 */
@Timeout(120)
class ReceiverFloodTest {
    private static final int FLOOD = 200;
    private static final int MAX = 5;

    @TempDir
    java.nio.file.Path dir;

    /** True to serve sessions on event loops (see the ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }

    @Test
    void everyConnectionTurnedAwayIsToldWith421EvenWhenTheirTranscriptsCannotKeepUp() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger recorded = new AtomicInteger();
        // 5 of 5 slots taken is stress: its short timeouts must not end the holders while the test runs
        ReceiverConfig c = ReceiverLimitsTest.config(dir).withMaxConnections(MAX).withGuards(ReceiverGuards.defaults()
                .withTimeouts(ReceiverGuards.DEFAULT_COMMAND_TIMEOUT, ReceiverGuards.DEFAULT_DATA_TIMEOUT,
                        java.time.Duration.ofSeconds(90)));
        List<Smtp> holders = new ArrayList<>();
        List<Smtp> flood = new ArrayList<>();
        try (SmtpReceiver receiver = SmtpReceiver.start(c, null, s -> {
            if (s.closeReason().equals("too many connections")) {
                recorded.incrementAndGet();
                try {
                    // holds the thread that records turned-away connections, as a slow disk would: its queue fills
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, eventLoops())) {
            for (int i = 0; i < MAX; i++) {
                Smtp h = new Smtp(receiver.address());
                holders.add(h);
                assertThat(h.reply()).startsWith("220 ");
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < FLOOD; i++) { // opened at once: none is read before all are connected
                flood.add(new Smtp(new Socket(), receiver.address()));
            }
            int told = 0;
            for (Smtp f : flood) {
                String r = f.reply();
                if (r != null && r.startsWith("421 4.7.0 ")) {
                    told++;
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            release.countDown();
            System.out.printf("flood: %d connections beyond max %d opened at once: %d told 421 in %.2f s%n",
                    FLOOD, MAX, told, seconds);
            assertThat(told).isEqualTo(FLOOD);
            for (Smtp h : holders) {
                assertThat(h.cmd("QUIT")).startsWith("221 ");
            }
            receiver.close();
            assertThat(receiver.turnedAway()).isEqualTo(FLOOD);
            assertThat(receiver.turnedAwayUnanswered()).isZero();
            assertThat(receiver.turnedAwayUnrecorded()).isPositive(); // the queue of transcripts overflowed
            assertThat(recorded.get() + receiver.turnedAwayUnrecorded()).isEqualTo(FLOOD);
            System.out.printf("flood: %d turned-away transcripts written, %d only counted%n", recorded.get(),
                    receiver.turnedAwayUnrecorded());
        } finally {
            release.countDown();
            for (Smtp s : flood) {
                closeQuietly(s);
            }
            for (Smtp s : holders) {
                closeQuietly(s);
            }
        }
    }

    private static void closeQuietly(Smtp s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
