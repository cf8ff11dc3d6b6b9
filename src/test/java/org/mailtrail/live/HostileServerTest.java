package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.mailtrail.engine.Compose;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.export.Exporter;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * The hostile-server suite (issue 4, Proof): {@code send} pointed at a {@link ScriptedServer} on loopback as its smart
 * host (an address literal, so no DNS is asked), with every step's deadline at 2 s. For each misbehaviour the test
 * asserts (a) the exit status of SPEC §5, (b) a clear error event on the timeline with its explanation key,
 * (c) that the transcript up to the fault is kept, and (d) that the session ended within its deadline — measured,
 * with {@link Timeout} as a backstop against a hang.
 */
@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HostileServerTest {
    /** Every per-step deadline of these sessions. */
    private static final Duration STEP = Duration.ofSeconds(2);
    private static final String BOB = "bob@example.net";
    private static final String CAROL = "carol@example.net";
    /** The smart host as the timeline names it. */
    private static final String HOST = "127.0.0.1";

    private ScriptedServer server;
    private Duration elapsed;
    /** The last session sent. */
    private LiveResult last;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    private LiveResult send(ScriptedServer.Script script, TlsMode tls, String... to) throws Exception {
        server = ScriptedServer.start(script);
        return send(server.port(), tls, LoopbackLab.compose(to));
    }

    private LiveResult send(int port, TlsMode tls, Compose compose) throws Exception {
        LiveSender.Options o = new LiveSender.Options(compose,
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 53), HOST, port, 25, "client.example.org", tls,
                SmtpTimeouts.all(STEP), List.of(), null, false);
        long t0 = System.nanoTime();
        LiveResult r = new LiveSender(o, new LiveRecorder(), null).run();
        elapsed = Duration.ofNanos(System.nanoTime() - t0);
        last = r;
        return r;
    }

    /** A message with a body of about {@code megabytes} MB in 76-octet lines. */
    private static Compose big(int megabytes) {
        String line = "0123456789".repeat(7) + "abcd\n";
        return new Compose("alice@example.org", List.of(BOB), List.of(), "Big", line.repeat(megabytes * 1024 * 1024 / 76));
    }

    private static List<TimelineEvent> events(LiveResult r) {
        return r.session().journeys().get(0).timeline().events();
    }

    private static List<String> summaries(LiveResult r, EventKind kind) {
        return events(r).stream().filter(e -> e.kind() == kind).map(TimelineEvent::summary).collect(Collectors.toList());
    }

    private static List<String> commands(LiveResult r) {
        return summaries(r, EventKind.SMTP_COMMAND);
    }

    private static List<String> replies(LiveResult r) {
        return summaries(r, EventKind.SMTP_REPLY);
    }

    /** The (only) error event of the session, which must carry {@code key}. */
    private static TimelineEvent error(LiveResult r, String key) {
        List<TimelineEvent> errors = events(r).stream().filter(e -> e.kind() == EventKind.PROTOCOL_ERROR)
                .collect(Collectors.toList());
        assertThat(errors).as("error events").hasSize(1);
        TimelineEvent e = errors.get(0);
        assertThat(e.explanationKey()).isEqualTo(key);
        assertThat(e.summary()).startsWith("Error: ");
        return e;
    }

    private static TimelineEvent only(LiveResult r, EventKind kind) {
        List<TimelineEvent> found = events(r).stream().filter(e -> e.kind() == kind).collect(Collectors.toList());
        assertThat(found).as(kind.name()).hasSize(1);
        return found.get(0);
    }

    private static RecipientOutcome outcome(LiveResult r, String rcpt) {
        return r.session().journeys().get(0).outcomes().get(rcpt);
    }

    /** The session was connected (the handshake is on the timeline) and not a single message was accepted. */
    private static void connectedButNotDelivered(LiveResult r) {
        assertThat(summaries(r, EventKind.TCP_ACK)).singleElement().asString().contains("connected to " + HOST);
        assertThat(events(r)).noneMatch(e -> e.kind() == EventKind.MESSAGE_ACCEPTED);
    }

    /**
     * Quick: the session did not wait for any deadline — none ran out (a deadline that runs out is on the timeline as
     * {@code smtp.timeout}; judged by the timeline, not by the wall clock, which a busy machine stretches).
     */
    private void endedQuickly() {
        assertThat(events(last)).noneMatch(e -> "smtp.timeout".equals(e.explanationKey()));
    }

    /**
     * The session waited for one deadline of {@link #STEP} (not less: the lower bound holds on any machine) and then
     * ended: no second SMTP deadline ran out after it (judged by the timeline, where each is {@code smtp.timeout};
     * each test checks the one it expects; an upper bound on the wall clock flaked on the busy 2-core machine).
     */
    private void endedAtTheDeadline() {
        assertThat(elapsed).isGreaterThanOrEqualTo(STEP.minusMillis(100));
        assertThat(events(last)).filteredOn(e -> "smtp.timeout".equals(e.explanationKey())).hasSizeLessThan(2);
    }

    /** No control character (ESC, NUL, …) of the server's bytes reaches the timeline, a terminal or an export. */
    private static void noControlCharacters(String s) {
        assertThat(s.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\r' && c != '\t') || (c >= 0x7f && c < 0xa0)))
                .as("control characters in %s", s).isEmpty();
    }

    // ---------------------------------------------------------------- connecting and greeting

    @Test
    void nothingListeningIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            port = s.getLocalPort();
        }
        LiveResult r = send(port, TlsMode.AUTO, LoopbackLab.compose(BOB));
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent failed = only(r, EventKind.TCP_FAILED);
        assertThat(failed.summary()).contains(HOST, "refused");
        assertThat(failed.explanationKey()).isEqualTo("tcp.failed.refused");
        assertThat(summaries(r, EventKind.TCP_SYN)).hasSize(1);
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcome(r, BOB).detail()).contains("connection refused");
        endedQuickly();
    }

    @Test
    void aConnectThatIsNeverAnsweredEndsAtTheDeadline() throws Exception {
        // a listener that never accepts, its backlog filled: Linux drops further SYNs, so the connect hangs
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            List<java.net.Socket> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    java.net.Socket f = new java.net.Socket();
                    try {
                        f.connect(new InetSocketAddress(HOST, s.getLocalPort()), 300);
                        fillers.add(f);
                    } catch (java.io.IOException e) {
                        f.close(); // the backlog is full: the next connect hangs as well
                        break;
                    }
                }
                LiveResult r = send(s.getLocalPort(), TlsMode.AUTO, LoopbackLab.compose(BOB));
                assertThat(r.exitCode()).isEqualTo(3);
                TimelineEvent failed = only(r, EventKind.TCP_FAILED);
                assertThat(failed.summary()).contains(HOST);
                assertThat(failed.explanationKey()).isEqualTo("tcp.failed.timeout");
                assertThat(outcome(r, BOB).detail()).contains("no answer within 2 s");
                endedAtTheDeadline();
            } finally {
                for (java.net.Socket f : fillers) {
                    f.close();
                }
            }
        }
    }

    @Test
    void aServerThatNeverGreetsTimesOut() throws Exception {
        LiveResult r = send(p -> p.idle(Duration.ofSeconds(8)), TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.timeout");
        assertThat(e.summary()).contains("no complete reply within 2 s", "greeting");
        assertThat(e.rfc()).isEqualTo("RFC 5321 §4.5.3.2.1");
        connectedButNotDelivered(r);
        assertThat(commands(r)).isEmpty();
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        endedAtTheDeadline();
    }

    @Test
    void aGreetingOf554IsPermanentAndTheClientSaysQuit() throws Exception {
        LiveResult r = send(p -> {
            p.write("554 5.3.2 mx.example.net No SMTP service here\r\n");
            p.answer("QUIT", "221 2.0.0 Bye");
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(replies(r)).containsExactly("S: 554 5.3.2 mx.example.net No SMTP service here", "S: 221 2.0.0 Bye");
        assertThat(commands(r)).containsExactly("C: QUIT");
        TimelineEvent failed = only(r, EventKind.DELIVERY_FAILED);
        // refused by the server it talked to, which took nothing: not a bounce (exit code 5 all the same)
        assertThat(failed.summary()).contains(BOB, "127.0.0.1 refused", "for good", "554", "No SMTP service here");
        assertThat(failed.explanationKey()).isEqualTo("delivery.refused");
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(server.firstPeer(STEP).received()).containsExactly("QUIT");
        endedQuickly();
    }

    @Test
    void aGreetingOf421IsTemporary() throws Exception {
        LiveResult r = send(p -> {
            p.write("421 4.3.2 mx.example.net Service shutting down, try later\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(replies(r)).containsExactly("S: 421 4.3.2 mx.example.net Service shutting down, try later");
        assertThat(commands(r)).isEmpty(); // RFC 5321 §3.8: the server is closing; nothing more is said
        TimelineEvent queued = only(r, EventKind.QUEUED);
        assertThat(queued.summary()).contains(BOB, "closing the connection", "Service shutting down");
        assertThat(queued.explanationKey()).isEqualTo("queue.deferred");
        assertThat(r.networkFailures()).isEmpty();
        endedQuickly();
    }

    @Test
    void aServerThatClosesRightAfterTheConnectIsANetworkError() throws Exception {
        LiveResult r = send(p -> p.close(), TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.session.closed");
        assertThat(e.summary()).contains("closed the connection", "greeting");
        TimelineEvent close = only(r, EventKind.TCP_CLOSE);
        assertThat(close.source()).as("closed by the server").isEqualTo(HOST);
        connectedButNotDelivered(r);
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedQuickly();
    }

    @Test
    void oneByteASecondCannotStretchTheDeadlineOfAReply() throws Exception {
        byte[] greeting = "220 mx.example.net ESMTP at the speed of a snail\r\n".getBytes(StandardCharsets.US_ASCII);
        LiveResult r = send(p -> p.trickle(greeting, Duration.ofSeconds(1)), TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.timeout");
        assertThat(e.summary()).contains("no complete reply within 2 s", "greeting");
        connectedButNotDelivered(r);
        assertThat(replies(r)).isEmpty();
        endedAtTheDeadline();
    }

    // ---------------------------------------------------------------- garbage

    @Test
    void aTenMegabyteReplyLineIsAProtocolErrorAtOnce() throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.expect("EHLO");
            p.write("250 ");
            byte[] chunk = "x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 160; i++) { // 10 MB without a line end
                p.write(chunk);
            }
            p.write("\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("longer than 512 octets", "RFC 5321 §4.5.3.1.5");
        assertThat(e.summary().length() + String.join("", e.lines()).length())
                .as("the error shows a preview, not the line").isLessThan(1000);
        assertThat(replies(r)).containsExactly("S: 220 mx.example.net ESMTP");
        assertThat(commands(r)).containsExactly("C: EHLO client.example.org");
        connectedButNotDelivered(r);
        endedQuickly();
    }

    @Test
    void aMultiLineReplyWhoseCodesDifferIsAProtocolError() throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.expect("EHLO");
            p.write("250-mx.example.net\r\n251 SIZE 1000000\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("code 251 differs from 250", "251 SIZE 1000000");
        assertThat(replies(r)).containsExactly("S: 220 mx.example.net ESMTP");
        assertThat(commands(r)).containsExactly("C: EHLO client.example.org"); // no MAIL on a garbled reply
        connectedButNotDelivered(r);
        endedQuickly();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "2x0 ok                      | does not start with a three-digit code",
            "600 x                       | outside 2yz..5yz",
            "199 too small               | outside 2yz..5yz",
            "250x no separator           | followed by a space, '-' or the line end",
            "HTTP/1.1 400 Bad Request    | does not start with a three-digit code"})
    void anInvalidReplyCodeIsAProtocolError(String line, String why) throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.expect("EHLO");
            p.write(line + "\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains(why, line);
        assertThat(replies(r)).containsExactly("S: 220 mx.example.net ESMTP");
        connectedButNotDelivered(r);
        endedQuickly();
    }

    @Test
    void binaryBytesInsteadOfAGreetingAreAProtocolErrorAndStayHarmlessOnTheTimeline() throws Exception {
        // a TLS record header and an escape sequence where "220 …" should be
        byte[] junk = {0x16, 0x03, 0x01, 0x00, (byte) 0xff, 0x1b, '[', '2', 'J', 0x00, (byte) 0x9b, '\r', '\n'};
        LiveResult r = send(p -> {
            p.write(junk);
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("does not start with a three-digit code");
        connectedButNotDelivered(r);
        for (TimelineEvent ev : events(r)) {
            noControlCharacters(ev.summary() + String.join("\n", ev.lines()));
        }
        noControlCharacters(outcome(r, BOB).detail());
        endedQuickly();
    }

    @Test
    void eightBitAndControlBytesInReplyTextAreToleratedButShownSafely() throws Exception {
        // RFC 5321 §4.2: the client acts on the code; the text is for people. UTF-8 "nä", bytes that are not
        // UTF-8 (0xFF 0xFE), an ANSI escape sequence and a NUL.
        byte[] greeting = concat("554 5.3.2 n".getBytes(StandardCharsets.US_ASCII),
                "ä".getBytes(StandardCharsets.UTF_8), new byte[] {' ', (byte) 0xff, (byte) 0xfe, ' ', 0x1b, '[', '2', 'J',
                        0x00, ' '}, "no service\r\n".getBytes(StandardCharsets.US_ASCII));
        LiveResult r = send(p -> {
            p.write(greeting);
            p.answer("QUIT", "221 2.0.0 Bye");
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(5);
        String shown = replies(r).get(0);
        assertThat(shown).startsWith("S: 554 5.3.2 nä \uFFFD\uFFFD ").endsWith("no service");
        assertThat(commands(r)).containsExactly("C: QUIT");
        TimelineEvent failed = only(r, EventKind.DELIVERY_FAILED);
        assertThat(failed.summary()).contains("554", "no service");
        for (TimelineEvent ev : events(r)) {
            noControlCharacters(ev.summary() + String.join("\n", ev.lines()));
        }
        noControlCharacters(outcome(r, BOB).detail());
        String text = new String(Exporter.render(r.session(), Exporter.Format.TEXT, Exporter.Options.defaults())
                .get(0).bytes(), StandardCharsets.UTF_8);
        noControlCharacters(text);
        endedQuickly();
    }

    @Test
    void aReplyOfTheWrongKindIsAProtocolError() throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.answer("EHLO", "250 mx.example.net");
            p.answer("MAIL FROM:", "354 go ahead, I suppose");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("unexpected reply 354", "250 to MAIL");
        assertThat(replies(r)).last().asString().isEqualTo("S: 354 go ahead, I suppose");
        assertThat(commands(r)).last().asString().isEqualTo("C: MAIL FROM:<alice@example.org>");
        connectedButNotDelivered(r);
        endedQuickly();
    }

    // ---------------------------------------------------------------- after RCPT and in DATA

    @Test
    void aResetAfterRcptIsANetworkError() throws Exception {
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.expect("RCPT TO:");
            p.reset();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.session.closed");
        assertThat(e.summary()).containsIgnoringCase("reset").contains("RCPT");
        assertThat(commands(r)).containsExactly("C: EHLO client.example.org", "C: MAIL FROM:<alice@example.org>",
                "C: RCPT TO:<bob@example.net>");
        assertThat(replies(r)).hasSize(3).last().asString().startsWith("S: 250 2.1.0");
        connectedButNotDelivered(r);
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedQuickly();
    }

    @Test
    void a452AtRcptIsTemporary() throws Exception {
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "452 4.5.3 Too many recipients, try later");
            p.answer("QUIT", "221 2.0.0 Bye");
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(4);
        assertThat(commands(r)).containsSubsequence("C: RCPT TO:<bob@example.net>", "C: QUIT")
                .noneMatch(c -> c.startsWith("C: DATA"));
        TimelineEvent queued = only(r, EventKind.QUEUED);
        assertThat(queued.summary()).contains(BOB, "452 4.5.3 Too many recipients");
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(r.networkFailures()).isEmpty();
        endedQuickly();
    }

    @Test
    void a550AtOneRcptRefusesItWhileTheOtherRecipientIsDelivered() throws Exception {
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:<bob@", "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown");
            p.answer("RCPT TO:<carol@", "250 2.1.5 Ok");
            p.answer("DATA", "354 End data with <CR><LF>.<CR><LF>");
            p.readData();
            p.write("250 2.0.0 Ok: queued as 4F2A\r\n");
            p.answer("QUIT", "221 2.0.0 Bye");
        }, TlsMode.AUTO, BOB, CAROL);
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.REFUSED);
        assertThat(outcome(r, CAROL).status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        assertThat(only(r, EventKind.DELIVERY_FAILED).summary()).contains(BOB, "refused", "550 5.1.1", "User unknown")
                .doesNotContain("bounce");
        assertThat(only(r, EventKind.DELIVERY_FAILED).explanationKey()).isEqualTo("delivery.refused");
        String text = org.mailtrail.export.TextTranscript.render(r.session());
        assertThat(text).containsPattern(BOB.replace(".", "\\.") + " +REFUSED +550 5\\.1\\.1").doesNotContain("BOUNCED");
        assertThat(only(r, EventKind.MESSAGE_ACCEPTED).summary()).contains("took responsibility");
        assertThat(commands(r)).containsSubsequence("C: RCPT TO:<bob@example.net>", "C: RCPT TO:<carol@example.net>",
                "C: DATA", "C: QUIT");
        assertThat(r.session().journeys().get(0).delivered()).singleElement()
                .satisfies(d -> assertThat(d.mailbox()).isEqualTo(CAROL));
        endedQuickly();
    }

    @Test
    void aServerThatClosesWhileTheClientSendsTheContentIsANetworkError() throws Exception {
        server = ScriptedServer.start(64 * 1024, p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "250 2.1.5 Ok");
            p.answer("DATA", "354 go ahead");
            p.discard(64 * 1024);
            p.close(); // mid-DATA: unread data makes this a reset
        });
        LiveResult r = send(server.port(), TlsMode.AUTO, big(8));
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.session.closed");
        assertThat(e.summary()).contains("could not send");
        assertThat(replies(r)).last().asString().isEqualTo("S: 354 go ahead");
        assertThat(commands(r)).last().asString().isEqualTo("C: DATA"); // the data block never got out whole
        connectedButNotDelivered(r);
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedQuickly();
    }

    @Test
    void aServerThatStopsReadingTheContentHitsTheBlockDeadline() throws Exception {
        server = ScriptedServer.start(64 * 1024, p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "250 2.1.5 Ok");
            p.answer("DATA", "354 go ahead");
            p.idle(Duration.ofSeconds(8)); // never reads the 8 MB
        });
        LiveResult r = send(server.port(), TlsMode.AUTO, big(8));
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.timeout");
        assertThat(e.summary()).contains("could not write", "within 2 s");
        assertThat(e.rfc()).isEqualTo("RFC 5321 §4.5.3.2.5");
        assertThat(replies(r)).last().asString().isEqualTo("S: 354 go ahead");
        connectedButNotDelivered(r);
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedAtTheDeadline();
    }

    @Test
    void aCloseAfterTheFinalDotWithoutAReplyIsTemporary() throws Exception {
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "250 2.1.5 Ok");
            p.answer("DATA", "354 go ahead");
            p.readData();
            p.close();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).as("RFC 5321 §6.1: not a delivery, but maybe delivered: temporary").isEqualTo(4);
        TimelineEvent e = error(r, "smtp.session.closed");
        assertThat(e.summary()).contains("after the final \".\"", "without a reply");
        assertThat(e.rfc()).isEqualTo("RFC 5321 §6.1");
        assertThat(commands(r)).last().asString().startsWith("C: <message data");
        assertThat(only(r, EventKind.TCP_CLOSE).source()).isEqualTo(HOST);
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(outcome(r, BOB).detail()).contains("may or may not have been delivered");
        assertThat(r.networkFailures()).isEmpty();
        assertThat(events(r)).noneMatch(ev -> ev.kind() == EventKind.MESSAGE_ACCEPTED);
        endedQuickly();
    }

    @Test
    void silenceAfterTheFinalDotIsTemporaryAfterTheDeadline() throws Exception {
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "250 2.1.5 Ok");
            p.answer("DATA", "354 go ahead");
            p.readData();
            p.idle(Duration.ofSeconds(8));
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(4);
        TimelineEvent e = error(r, "smtp.timeout");
        assertThat(e.summary()).contains("after the final \".\"", "may or may not have been delivered");
        assertThat(e.rfc()).isEqualTo("RFC 5321 §4.5.3.2.6");
        assertThat(commands(r)).last().asString().startsWith("C: <message data");
        assertThat(r.networkFailures()).isEmpty();
        endedAtTheDeadline();
    }

    @Test
    void aFinalReplySentBeforeTheContentIsNotADelivery() throws Exception {
        // 354 and 250 in one write: a client that took the 250 as the answer to its data would report a delivery
        // for a message the server never read
        LiveResult r = send(p -> {
            p.upToRcpt();
            p.answer("RCPT TO:", "250 2.1.5 Ok");
            p.expect("DATA");
            p.write("354 go ahead\r\n250 2.0.0 Ok: queued before it came\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("unsolicited");
        assertThat(replies(r)).last().asString().isEqualTo("S: 354 go ahead");
        assertThat(commands(r)).last().asString().isEqualTo("C: DATA");
        connectedButNotDelivered(r);
        endedQuickly();
    }

    @Test
    void aReplyBeforeTheFirstCommandIsUnsolicited() throws Exception {
        // The client never pipelines (RFC 2920 is not used), so after the greeting the server has nothing to say
        // until EHLO: bytes that are already there are out of turn, and would pair every later reply with the
        // wrong command. The client stops before sending anything.
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n250 2.0.0 nobody asked\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("unsolicited", "EHLO");
        assertThat(replies(r)).containsExactly("S: 220 mx.example.net ESMTP");
        assertThat(commands(r)).isEmpty();
        connectedButNotDelivered(r);
        endedQuickly();
    }

    // ---------------------------------------------------------------- EHLO and STARTTLS

    @Test
    void ehloRefusedWith500FallsBackToHeloAndDelivers() throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net SMTP of the old school\r\n");
            p.answer("EHLO", "500 5.5.1 Command unrecognized");
            p.answer("HELO", "250 mx.example.net");
            p.answer("MAIL FROM:", "250 Ok");
            p.answer("RCPT TO:", "250 Ok");
            p.answer("DATA", "354 go ahead");
            p.readData();
            p.write("250 Ok: queued\r\n");
            p.answer("QUIT", "221 Bye");
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isZero();
        assertThat(commands(r)).containsSubsequence("C: EHLO client.example.org", "C: HELO client.example.org",
                "C: MAIL FROM:<alice@example.org>", "C: DATA", "C: QUIT");
        assertThat(events(r)).noneMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR);
        assertThat(outcome(r, BOB).status()).isEqualTo(RecipientOutcome.Status.DELIVERED);
        endedQuickly();
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"AUTO", "REQUIRE"})
    void garbageInsteadOfATlsHandshakeFailsTheSession(TlsMode mode) throws Exception {
        LiveResult r = send(p -> {
            p.upToStartTls();
            p.discard(5); // the client's hello has started: answer it with nonsense
            p.write("this is not TLS at all\r\n".repeat(20));
            p.awaitClientClose();
        }, mode, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "tls.failed");
        assertThat(e.summary()).contains("TLS handshake with " + HOST + " failed");
        assertThat(commands(r)).containsExactly("C: EHLO client.example.org", "C: STARTTLS");
        assertThat(replies(r)).last().asString().isEqualTo("S: 220 2.0.0 Ready to start TLS");
        assertThat(events(r)).noneMatch(ev -> ev.kind() == EventKind.TLS_NEGOTIATED);
        connectedButNotDelivered(r);
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedQuickly();
    }

    @ParameterizedTest
    @EnumSource(value = TlsMode.class, names = {"AUTO", "REQUIRE"})
    void aServerThatHangsUpDuringTheTlsHandshakeFailsTheSession(TlsMode mode) throws Exception {
        LiveResult r = send(p -> {
            p.upToStartTls();
            p.discard(5);
            p.close();
        }, mode, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "tls.failed");
        assertThat(e.summary()).contains("TLS handshake with " + HOST + " failed");
        assertThat(replies(r)).last().asString().isEqualTo("S: 220 2.0.0 Ready to start TLS");
        connectedButNotDelivered(r);
        endedQuickly();
    }

    @Test
    void aTlsHandshakeThatTricklesEndsAtTheDeadline() throws Exception {
        // a TLS record header announcing 16 KB, then one byte a second: each read is quick, the whole is not
        byte[] record = concat(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}, new byte[64]);
        LiveResult r = send(p -> {
            p.upToStartTls();
            p.discard(5);
            p.trickle(record, Duration.ofMillis(900));
        }, TlsMode.REQUIRE, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "tls.failed");
        assertThat(e.summary()).contains("TLS handshake with " + HOST + " failed", "2 s");
        connectedButNotDelivered(r);
        endedAtTheDeadline();
    }

    @Test
    void aStartTls454WithTlsRequiredIsATlsFailureExitThree() throws Exception {
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.answer("EHLO", "250-mx.example.net\r\n250 STARTTLS");
            p.answer("STARTTLS", "454 4.7.0 TLS not available due to local problem");
            p.answer("QUIT", "221 2.0.0 Bye");
        }, TlsMode.REQUIRE, BOB);
        // every TLS failure is exit 3 (README): nothing was sent, nothing was refused
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(commands(r)).containsExactly("C: EHLO client.example.org", "C: STARTTLS", "C: QUIT");
        TimelineEvent queued = only(r, EventKind.QUEUED);
        assertThat(queued.summary()).contains(BOB, "TLS required but STARTTLS was refused", "TLS not available");
        assertThat(r.networkFailures()).containsExactly(BOB);
        endedQuickly();
    }

    @Test
    void bytesInjectedAfterTheStartTls220AreAProtocolError() throws Exception {
        // RFC 3207 §4.2 / CVE-2011-0411: plain-text bytes sent with the 220 would be read as if they came over TLS
        LiveResult r = send(p -> {
            p.write("220 mx.example.net ESMTP\r\n");
            p.answer("EHLO", "250-mx.example.net\r\n250 STARTTLS");
            p.expect("STARTTLS");
            p.write("220 2.0.0 Ready to start TLS\r\n250-injected\r\n250 AUTH PLAIN\r\n");
            p.awaitClientClose();
        }, TlsMode.AUTO, BOB);
        assertThat(r.exitCode()).isEqualTo(3);
        TimelineEvent e = error(r, "smtp.protocol-error");
        assertThat(e.summary()).contains("after 220 to STARTTLS", "injection");
        assertThat(replies(r)).last().asString().isEqualTo("S: 220 2.0.0 Ready to start TLS");
        assertThat(events(r)).noneMatch(ev -> ev.kind() == EventKind.TLS_NEGOTIATED);
        connectedButNotDelivered(r);
        endedQuickly();
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
