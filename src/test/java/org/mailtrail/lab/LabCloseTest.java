package org.mailtrail.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.Compose;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;
import org.mailtrail.world.Retrieval;
import org.mailtrail.world.Route;
import org.mailtrail.world.World;

/**
 * Stopping a lab waits for the queue's task in hand: a delivery blocked on a server that never answers is not left
 * running (to write on its journey and into the store after the lab said it stopped); its connection is closed, it
 * ends its attempt, and only then does {@link Lab#close()} return. A task that will not end is left behind after a
 * bound, and that is said.
 */
class LabCloseTest {

    /**
     * mx1 is down in this world, so the lab does not listen there; the test does, on mx1's lab address and SMTP port,
     * with a server that accepts and never says a word. The submission server's delivery task waits for mx1's
     * greeting (up to the lab's timeout, a minute) when the lab is closed.
     */
    @Test
    @Timeout(60)
    void closeReturnsOnlyOnceTheDeliveryInHandHasEnded(@TempDir Path dir) throws Exception {
        World w = LabStoreTest.bothMxDown(dir, "silent-mx");
        Lab.Options o = new Lab.Options("127.83.0.0", LabParityTest.freePorts(), 1, Route.DIRECT, Retrieval.NONE,
                false, Duration.ofSeconds(60), dir.resolve("store"));
        World.Defaults d = w.defaults();
        List<Socket> accepted = new ArrayList<>();
        CountDownLatch waiting = new CountDownLatch(1);
        Lab lab = Lab.start(w, o);
        String mx1 = lab.plan().entries().stream().filter(e -> e.host().name().equals("mx1.example.net"))
                .findFirst().orElseThrow().address();
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getByName(mx1), lab.plan().ports().smtp()));
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(silent.accept()); // and never a word: the client waits for the greeting
                    waiting.countDown();
                } catch (Exception ignored) {
                    // closed at the end of the test
                }
            }, "silent-mx1");
            acceptor.setDaemon(true);
            acceptor.start();
            LabJourneys.LabJourney j;
            try {
                j = lab.send(new Compose(d.from(), d.to(), d.cc(), d.subject(), d.body()), Route.DIRECT);
                assertThat(waiting.await(30, TimeUnit.SECONDS)).as("the delivery connected to mx1").isTrue();
            } finally {
                lab.close();
            }
            // close has returned: the delivery in hand has ended its attempt, with the message still queued
            List<TimelineEvent> events = j.recorder().events();
            assertThat(events).as("the attempt ended before close returned")
                    .anyMatch(e -> e.kind() == EventKind.RETRY_SCHEDULED);
            assertThat(lab.errors()).noneMatch(t -> String.valueOf(t.getMessage()).contains("left behind"));
            // the store holds the message as the host kept it when it accepted it
            try (var files = Files.walk(dir.resolve("store/queue"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".json")).count()).isGreaterThanOrEqualTo(1);
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    /** A task that does not end (it ignores the interrupt) is waited for up to the bound, then left, and said. */
    @Test
    @Timeout(30)
    void aTaskThatDoesNotEndIsLeftBehindAndThatIsSaid() throws Exception {
        List<Throwable> errors = new ArrayList<>();
        LabClock clock = new LabClock(1);
        LabScheduler s = new LabScheduler(clock, "test-queue", errors::add);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        s.schedule(clock.now(), () -> {
            started.countDown();
            boolean done = false;
            while (!done) {
                try {
                    done = release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    // as a socket read would: the stop's interrupt does not end it
                }
            }
            ended.countDown();
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        s.close();
        assertThat(s.awaitStopped(200)).contains("still running 200 ms after the stop", "left behind",
                "nothing it does is kept in --store");
        assertThat(ended.getCount()).as("the task was indeed still running").isEqualTo(1);
        release.countDown();
        assertThat(s.awaitStopped(10_000)).as("once it ends, nothing to say").isNull();
        assertThat(errors).isEmpty();
    }
}
