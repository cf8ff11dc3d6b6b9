package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * How the proxy ends a session with a 421 of its own ({@link ProxyEnding}), found by testers: the upstream saw its
 * connection closed without QUIT in the middle of the session, and a client still sending after the 421 got a reset.
 */
@Timeout(60)
class ProxyEndingTest {
    private static final Duration IDLE = Duration.ofMillis(400);

    private static ProxyConfig config(int upstreamPort) {
        return ProxyGreenMailTest.config(upstreamPort).withTimeouts(Duration.ofSeconds(5), IDLE);
    }

    /** An upstream that greets, answers QUIT with 221 and closes. */
    private static ScriptedServer quittingUpstream() throws java.io.IOException {
        return ScriptedServer.start(p -> p.write("220 mx.example.net ESMTP scripted\r\n").answer("QUIT", "221 2.0.0 Bye")
                .close());
    }

    @Test
    void anIdleClientIsToldAndTheUpstreamGetsTheProxysOwnQuitWhoseAnswerTheClientNeverSees() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.write("220 mx.example.net ESMTP scripted\r\n").answer("EHLO", "250 mx.example.net");
            p.answer("QUIT", "221 2.0.0 mx.example.net closing").close();
        })) {
            SmtpProxy proxy = SmtpProxy.start(config(upstream.port()), null, done::add);
            List<String> seen;
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                BufferedReader in = reader(c);
                c.getOutputStream().write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
                seen = List.of(in.readLine(), in.readLine(), String.valueOf(in.readLine()), String.valueOf(in.readLine()));
            } finally {
                proxy.close();
            }
            assertThat(seen.get(2)).as("the idle client is told").startsWith("421 4.4.2 [127.0.0.1] idle for too long");
            assertThat(seen.get(3)).as("nothing after the 421: not the upstream's 221").isEqualTo("null");
            ScriptedServer.Peer peer = upstream.peers().get(0);
            assertThat(peer.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(upstream.failures()).as("the upstream's script ran to its end").isEmpty();
            assertThat(peer.received()).containsExactly("EHLO client.example", "QUIT");
            ReceivedSession s = finished(done);
            List<TimelineEvent> events = ProxyGreenMailTest.events(s);
            TimelineEvent quit = events.stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND
                    && e.lines().equals(List.of("QUIT"))).findFirst().orElseThrow();
            assertThat(quit.source()).as("the proxy's own QUIT").isEqualTo(ProxyLog.PROXY);
            TimelineEvent bye = events.stream().filter(e -> e.kind() == EventKind.SMTP_REPLY
                    && e.lines().get(0).startsWith("221")).findFirst().orElseThrow();
            assertThat(bye.destination()).as("answered to the proxy, not forwarded to the client")
                    .isEqualTo(ProxyLog.PROXY);
            assertThat(events.indexOf(bye)).isGreaterThan(events.indexOf(quit));
            TimelineEvent own421 = events.stream().filter(e -> e.kind() == EventKind.SMTP_REPLY
                    && e.lines().get(0).startsWith("421")).findFirst().orElseThrow();
            assertThat(events.indexOf(quit)).as("the QUIT after the client's 421").isGreaterThan(events.indexOf(own421));
            List<TimelineEvent> closes = events.stream().filter(e -> e.kind() == EventKind.TCP_CLOSE).toList();
            assertThat(closes).extracting(TimelineEvent::source).as("the upstream closed after its 221, the proxy"
                    + " the client's connection after its 421").containsExactlyInAnyOrder("localhost", ProxyLog.PROXY);
            assertThat(s.closeReason()).startsWith("idle timeout");
        }
    }

    @Test
    void aClientThatResetsItsConnectionIsRecordedAsLostAndTheUpstreamIsClosedWithoutQuit() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.write("220 mx.example.net ESMTP scripted\r\n").answer("EHLO", "250 mx.example.net");
            p.awaitClientClose();
        })) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()), null, done::add);
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                BufferedReader in = reader(c);
                assertThat(in.readLine()).startsWith("220 ");
                c.getOutputStream().write("EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("250 ");
                c.setSoLinger(true, 0); // the close is a reset
            }
            ReceivedSession s;
            try {
                s = finished(done);
            } finally {
                proxy.close();
            }
            assertThat(s.closeReason()).startsWith("connection lost: ");
            assertThat(ProxyGreenMailTest.events(s)).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                    && e.summary().contains("the client connection failed while reading"));
            ScriptedServer.Peer peer = upstream.peers().get(0);
            assertThat(peer.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(peer.received()).as("a lost client is no end of the proxy's own: no QUIT in its name")
                    .containsExactly("EHLO client.example");
        }
    }

    @Test
    void aClientStillSendingAfterTheIdle421CanWriteOnAndReadsAnOrderlyEndAndTheDroppedOctetsAreNoted()
            throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = quittingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(config(upstream.port()), null, done::add);
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                BufferedReader in = reader(c);
                assertThat(in.readLine()).startsWith("220 ");
                assertThat(in.readLine()).as("the client said nothing for the idle timeout").startsWith("421 4.4.2 ");
                OutputStream out = c.getOutputStream();
                ReceiverLingerTest.writeAMegabyte(out); // after the 421: into a closed socket this fails with a reset
                assertThat(in.readLine()).as("the end of the stream, nothing more and no reset").isNull();
            } finally {
                proxy.close();
            }
            ReceivedSession s = finished(done);
            assertThat(ProxyGreenMailTest.events(s)).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                    && e.summary().matches(".*\\d+ octets from the client not forwarded: the session was over.*")
                    && e.source().startsWith("[127.0.0.1]"));
            assertThat(ProxyGreenMailTest.commands(s)).as("none of the dropped lines forwarded or recorded as sent")
                    .doesNotContain("NOOP");
        }
    }

    @Test
    void aClientIdleInTheMiddleOfTheMessageDataGetsNoQuitSentInItsNameAndWhatCameIsRecordedAsCutOff()
            throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.upToRcpt().answer("RCPT TO:", "250 2.1.5 Ok").answer("DATA", "354 go ahead");
            p.awaitClientClose(); // a QUIT now would be a line of the message
        })) {
            SmtpProxy proxy = SmtpProxy.start(config(upstream.port()), null, done::add);
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                BufferedReader in = reader(c);
                OutputStream out = c.getOutputStream();
                assertThat(in.readLine()).startsWith("220 ");
                for (String cmd : new String[] {"EHLO c.example", "MAIL FROM:<a@example.org>", "RCPT TO:<b@example.net>",
                        "DATA"}) {
                    out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    assertThat(in.readLine()).doesNotStartWith("4").doesNotStartWith("5");
                }
                out.write("Subject: half a message\r\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("421 4.4.2 ");
                assertThat(in.readLine()).isNull();
            } finally {
                proxy.close();
            }
            ScriptedServer.Peer peer = upstream.peers().get(0);
            assertThat(peer.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(peer.received()).contains("Subject: half a message").doesNotContain("QUIT");
            ReceivedSession s = finished(done);
            TimelineEvent part = ProxyGreenMailTest.events(s).stream().filter(e -> e.lines().contains(
                    "Subject: half a message")).findFirst().orElseThrow(); // it was forwarded: it is on the record
            assertThat(part.lines()).last().asString().startsWith("(cut off here").doesNotStartWith(".");
        }
    }

    @Test
    void aCommandLineWithoutItsLineEndIsNotedAsNotForwarded() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = quittingUpstream()) {
            SmtpProxy proxy = SmtpProxy.start(config(upstream.port()), null, done::add);
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(10_000);
                BufferedReader in = reader(c);
                assertThat(in.readLine()).startsWith("220 ");
                c.getOutputStream().write("NOOP".getBytes(StandardCharsets.US_ASCII));
                assertThat(in.readLine()).startsWith("421 4.4.2 ");
            } finally {
                proxy.close();
            }
            ReceivedSession s = finished(done);
            assertThat(ProxyGreenMailTest.events(s)).anyMatch(e -> e.summary().contains(
                    "4 octets of a command line without its line end (CR LF), not forwarded"));
            assertThat(upstream.peers().get(0).received()).containsExactly("QUIT");
        }
    }

    /**
     * Tester finding: a stop with clients that pipelined thousands of commands and read none of the replies took
     * 6-11 s and lost every transcript (each 421 waited, one after the other, behind a write to a client that
     * reads nothing, for as long as the idle timeout allows).
     */
    @Test
    void aStopWithAClientThatReadsNothingStillEndsTheSessionAndWritesItsTranscript(@TempDir Path store)
            throws Exception {
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.write("220 mx.example.net ESMTP scripted\r\n");
            String big = ("250-" + "x".repeat(60) + "\r\n").repeat(32) + "250 2.0.0 Ok\r\n"; // 2 KB a reply
            while (p.readLine() != null) {
                p.write(big);
            }
        })) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()).withStoreDir(store), null,
                    null);
            try (Socket c = new Socket()) {
                c.setReceiveBufferSize(4096);
                c.connect(new java.net.InetSocketAddress(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort()));
                c.getOutputStream().write("NOOP\r\n".repeat(5_000).getBytes(StandardCharsets.US_ASCII));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                // 5 MB of replies: more than the buffers between the proxy and this client hold, so the proxy's
                // side that forwards them is stuck in a write to a client that reads nothing
                while (upstream.peers().isEmpty() || upstream.peers().get(0).bytesWritten() < 5_000_000) {
                    assertThat(System.nanoTime() - until).as("the replies pile up").isNegative();
                    Thread.sleep(10);
                }
                proxy.close();
            }
            assertThat(proxy.sessionsFinished()).as("the session ended before the stop returned").isEqualTo(1);
            assertThat(ReceiverLimitsTest.files(store.resolve("sessions"))).filteredOn(f -> f.toString()
                    .endsWith(".json")).as("its transcript").hasSize(1);
        }
    }

    /**
     * Tester finding: a client pipelining 30,000 commands in one write got its 421 near the limit of 50,000 events,
     * but the transcript grew to 60,000-92,000: the replies the upstream still owed, recorded one by one after the
     * end. They are counted in one line now, and the limit is checked as replies come too.
     */
    @Test
    void aClientPipeliningPastTheLimitIsCutAndItsTranscriptStaysNearIt() throws Exception {
        BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
        try (ScriptedServer upstream = ScriptedServer.start(p -> {
            p.write("220 mx.example.net ESMTP scripted\r\n");
            while (p.readLine() != null) {
                p.write("250 2.0.0 Ok\r\n");
            }
        })) {
            SmtpProxy proxy = SmtpProxy.start(ProxyGreenMailTest.config(upstream.port()), null, done::add);
            String last = null;
            try (Socket c = new Socket(ProxyGreenMailTest.LOOPBACK, proxy.address().getPort())) {
                c.setSoTimeout(20_000);
                BufferedReader in = reader(c);
                c.getOutputStream().write("NOOP\r\n".repeat(30_000).getBytes(StandardCharsets.US_ASCII));
                for (String l; (l = in.readLine()) != null; ) {
                    last = l;
                }
            } finally {
                proxy.close();
            }
            assertThat(last).startsWith("421 4.3.0 ").contains("too long");
            ReceivedSession s = finished(done);
            assertThat(ProxyGreenMailTest.events(s).size()).as("the transcript's events")
                    .isBetween(ProxySession.MAX_EVENTS, ProxySession.MAX_EVENTS + 200);
        }
    }

    /** The session the proxy reported finished (waiting up to 20 s for it). */
    private static ReceivedSession finished(BlockingQueue<ReceivedSession> done) throws InterruptedException {
        ReceivedSession s = done.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a finished session").isNotNull();
        return s;
    }

    private static BufferedReader reader(Socket c) throws java.io.IOException {
        return new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
    }
}
