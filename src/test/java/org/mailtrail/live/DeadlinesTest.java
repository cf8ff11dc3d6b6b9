package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The deadline sweeper on real loopback sockets: a blocked read ends at its deadline, a disarmed one never. */
@Timeout(30)
class DeadlinesTest {
    private ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();

    @BeforeEach
    void listen() throws IOException {
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
        listener.close();
    }

    /** A connected client socket whose peer never sends anything. */
    private Socket silentPeer() throws IOException {
        Socket c = new Socket(listener.getInetAddress(), listener.getLocalPort());
        sockets.add(c);
        sockets.add(listener.accept());
        return c;
    }

    private static long millisSince(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @Test
    void aBlockedReadEndsAtItsDeadline() throws IOException {
        Socket s = silentPeer();
        try (Deadlines.Watch w = Deadlines.SENDS.open(s)) {
            long t0 = System.nanoTime();
            w.arm(t0 + TimeUnit.MILLISECONDS.toNanos(300));
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(IOException.class);
            long took = millisSince(t0);
            assertThat(took).isBetween(290L, 1_500L); // a tick late at most, plus scheduling on a busy machine
            assertThat(w.fired()).isTrue();
            assertThat(w.disarm()).as("disarm after the deadline fired").isFalse();
            assertThat(s.isClosed()).isTrue();
            w.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            assertThat(w.fired()).as("a fired watch stays fired").isTrue();
        }
    }

    @Test
    void aDisarmedDeadlineNeverFires() throws Exception {
        Socket s = silentPeer();
        Socket other = silentPeer();
        try (Deadlines.Watch w = Deadlines.SENDS.open(s); Deadlines.Watch sentinel = Deadlines.SENDS.open(other)) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150);
            w.arm(deadline);
            sentinel.arm(deadline);
            assertThat(w.disarm()).isTrue();
            // no fixed sleep: once the same deadline has fired for the sentinel, it has passed for w too
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!sentinel.fired() && System.nanoTime() < until) {
                Thread.sleep(5); // polling for an event, not waiting to prove one did not happen
            }
            assertThat(sentinel.fired()).as("the same deadline fired for an armed watch").isTrue();
            assertThat(w.fired()).isFalse();
            assertThat(s.isClosed()).isFalse();
            // armed again for the next operation, which finishes in time
            w.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            s.getOutputStream().write('x');
            assertThat(w.disarm()).isTrue();
        }
    }

    @Test
    void aWatchOpenedWhileTheSweeperSleepsWakesIt() throws Exception {
        Deadlines own = new Deadlines("test-deadlines");
        for (int round = 0; round < 3; round++) {
            // the sweeper parks without a deadline once no watch is open; opening one must wake it
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!own.idle() && System.nanoTime() < until) {
                Thread.sleep(5); // polling for the sweeper to go to sleep, not proving anything by waiting
            }
            assertThat(own.idle()).as("sweeper asleep with no watch open, round %d", round).isTrue();
            Socket s = silentPeer();
            try (Deadlines.Watch w = own.open(s)) {
                long t0 = System.nanoTime();
                w.arm(t0 + TimeUnit.MILLISECONDS.toNanos(200));
                assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(IOException.class);
                assertThat(w.fired()).as("round %d", round).isTrue();
                assertThat(millisSince(t0)).isBetween(190L, 5_000L);
            }
        }
    }

    @Test
    void aWatchOpenedWhileTheSweeperTicksFiresToo() throws Exception {
        Deadlines own = new Deadlines("test-deadlines-2");
        Socket first = silentPeer();
        try (Deadlines.Watch far = own.open(first)) {
            far.arm(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)); // keeps the sweeper ticking, not asleep
            for (int i = 0; i < 3; i++) {
                Socket s = silentPeer();
                try (Deadlines.Watch w = own.open(s)) {
                    w.arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(150));
                    assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(IOException.class);
                    assertThat(w.fired()).as("watch %d", i).isTrue();
                }
            }
            assertThat(far.fired()).isFalse();
            assertThat(own.idle()).as("a watch is open: the sweeper ticks").isFalse();
        }
    }

    private static boolean allEvenFired(List<Deadlines.Watch> watches) {
        for (int i = 0; i < watches.size(); i += 2) {
            if (!watches.get(i).fired()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void manyWatchesEachFireAtTheirOwnDeadline() throws Exception {
        int n = 40;
        List<Socket> peers = new ArrayList<>();
        List<Deadlines.Watch> watches = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Socket s = silentPeer();
            peers.add(s);
            Deadlines.Watch w = Deadlines.SENDS.open(s);
            watches.add(w);
            // odd ones far in the future, even ones within a second, staggered
            w.arm(i % 2 == 1 ? t0 + TimeUnit.SECONDS.toNanos(60) : t0 + TimeUnit.MILLISECONDS.toNanos(200 + 20L * i));
        }
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < until && !allEvenFired(watches)) {
                Thread.sleep(20);
            }
            assertThat(millisSince(t0)).as("the last near deadline").isLessThan(5_000);
            for (int i = 0; i < n; i++) {
                assertThat(watches.get(i).fired()).as("watch %d", i).isEqualTo(i % 2 == 0);
                assertThat(peers.get(i).isClosed()).as("socket %d", i).isEqualTo(i % 2 == 0);
            }
        } finally {
            for (Deadlines.Watch w : watches) {
                w.close();
            }
        }
    }
}
