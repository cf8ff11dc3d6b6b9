package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * {@code serve} against a client that ends lines with a bare LF or sends a bare CR (RFC 5321 §2.3.8), the pattern of
 * "SMTP smuggling": {@code 521 5.5.2} at once, the connection closed, nothing stored, and the transcript says why.
 */
@Timeout(60)
class ReceiverBareLineEndTest {
    @TempDir
    Path dir;

    private SmtpReceiver receiver;
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();

    /** True to serve sessions on event loops (see {@link ReceiverBareLineEndOnLoopsTest}); false: a thread each. */
    boolean eventLoops() {
        return false;
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start() throws IOException {
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, null, eventLoops());
        receiver.onSession(sessions::add);
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    /** The next reply, or null when the server closed the connection (a reset counts as closed). */
    private static String replyOrClosed(Smtp c) throws IOException {
        try {
            return c.reply();
        } catch (SocketException e) {
            return null;
        }
    }

    private static List<TimelineEvent> timeline(ReceivedSession s) {
        return s.result().journeys().get(0).timeline().events();
    }

    @Test
    void aMessageWithBareLineFeedsGets521AndIsNeverStored() throws Exception {
        start();
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.write("Subject: bare lf\nX: y\n\nbody line with bare LF\n.\nstill data\r\n..dotted\r\n.\r\n");
            assertThat(c.reply()).isEqualTo("521 5.5.2 mailtrail.test Error: bare <LF> received");
            assertThat(replyOrClosed(c)).isNull();
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(s.closeReason()).contains("521").contains("bare");
        assertThat(s.result().journeys().get(0).outcomes().get("bob@example.test").status())
                .isEqualTo(RecipientOutcome.Status.REFUSED);
        List<TimelineEvent> events = timeline(s);
        assertThat(events).filteredOn(e -> e.kind() == EventKind.PROTOCOL_ERROR).singleElement()
                .satisfies(e -> assertThat(e.lines()).singleElement().asString()
                        .contains("ended line 1 of the message data with a bare LF"));
        // the data as far as it was read, not a clean CRLF copy of all of it
        assertThat(events).anyMatch(e -> e.lines().equals(List.of("Subject: bare lf")));
        assertThat(events).noneMatch(e -> e.lines().contains("still data"));
        String text = Files.readString(s.textFile().orElseThrow());
        assertThat(text).contains("bare LF").contains("521 5.5.2");
        assertThat(Files.readString(s.jsonFile().orElseThrow())).contains("server.bare-line-end");
    }

    @Test
    void aBareCrInTheDataGets521AndIsNeverStored() throws Exception {
        start();
        try (Smtp c = new Smtp(receiver.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.cmd("DATA")).startsWith("354 ");
            c.write("Subject: bare cr\r\n\r\nbody\r.\rMAIL FROM:<ceo@example.test>\r\n.\r\n");
            assertThat(c.reply()).isEqualTo("521 5.5.2 mailtrail.test Error: bare <CR> received");
            assertThat(replyOrClosed(c)).isNull();
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isZero();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
        assertThat(timeline(s)).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                && e.lines().get(0).contains("bare CR (no LF after it) in line 3 of the message data"));
    }

    @Test
    void aCommandEndedByABareLfGets521AndTheConnectionIsClosed() throws Exception {
        start();
        try (Smtp c = new Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            c.write("EHLO client.example.org\n");
            assertThat(c.reply()).isEqualTo("521 5.5.2 mailtrail.test Error: bare <LF> received");
            assertThat(replyOrClosed(c)).isNull();
        }
        ReceivedSession s = nextSession();
        assertThat(timeline(s)).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                && e.lines().get(0).contains("ended a command line with a bare LF"));
    }
}
