package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;
import org.mailtrail.timeline.EventKind;

/** Implicit TLS (RFC 8314, port 465): TLS from the first byte, no STARTTLS inside (issue 16). */
@Timeout(60)
class ReceiverImplicitTlsTest {
    @TempDir
    Path dir;

    private SmtpReceiver receiver;
    private final BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private void start() throws Exception {
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withTls(ReceiverTlsTest.serverContext())
                .withTlsOnConnect(true));
        receiver.onSession(sessions::add);
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    @Test
    void aTlsClientIsGreetedOverTlsAndItsMessageIsStoredWithEsmtps() throws Exception {
        start();
        InetSocketAddress a = receiver.address();
        SSLSocket ssl = (SSLSocket) ReceiverTlsTest.clientContext().getSocketFactory()
                .createSocket(a.getAddress(), a.getPort());
        try (Smtp c = new Smtp(ssl, null)) {
            ssl.startHandshake();
            assertThat(c.reply()).startsWith("220 mailtrail.test ");
            String ehlo = c.cmd("EHLO client.example.org");
            assertThat(ehlo).startsWith("250-").doesNotContain("STARTTLS");
            assertThat(c.cmd("STARTTLS")).startsWith("5"); // TLS is on already: not offered, refused
            assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(ReceiverLimitsTest.message("over tls", "from the first byte"))).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = nextSession();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(s.result().journeys().get(0).timeline().events())
                .anyMatch(e -> e.kind() == EventKind.TLS_NEGOTIATED);
        List<Path> stored = ReceiverLimitsTest.files(dir.resolve("maildir/new"));
        assertThat(stored).hasSize(1);
        assertThat(Files.readString(stored.get(0))).contains("with ESMTPS");
    }

    @Test
    void aPlainTextClientFailsTheHandshakeAndIsRecorded() throws Exception {
        start();
        try (Smtp c = new Smtp(receiver.address())) {
            c.write("EHLO plain.example.org\r\n"); // not a TLS ClientHello
            String r = c.line();
            assertThat(r == null || !r.startsWith("220")).as("no greeting in clear text: " + r).isTrue();
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("TLS handshake failed");
        assertThat(s.result().journeys().get(0).timeline().events())
                .anyMatch(e -> e.summary().contains("implicit TLS"));
    }

    @Test
    void tlsOnConnectNeedsACertificate() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReceiverLimitsTest.config(dir).withTlsOnConnect(true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("key and certificate");
    }

    @Test
    void aConnectionTurnedAwayGetsNoReplyInClearText() throws Exception {
        // tester finding: with TLS on connect the 421 went out in clear text, which a TLS client reads as garbage
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withTls(ReceiverTlsTest.serverContext())
                .withTlsOnConnect(true).withMaxConnections(1)
                .withGuards(ReceiverGuards.defaults().withSlotWait(java.time.Duration.ZERO)));
        receiver.onSession(sessions::add);
        InetSocketAddress a = receiver.address();
        SSLSocket ssl = (SSLSocket) ReceiverTlsTest.clientContext().getSocketFactory()
                .createSocket(a.getAddress(), a.getPort());
        try (Smtp holder = new Smtp(ssl, null)) {
            ssl.startHandshake();
            assertThat(holder.reply()).startsWith("220 ");
            try (Smtp c = new Smtp(receiver.address())) {
                c.write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5}); // the start of a handshake
                assertThat(c.in.read()).as("closed without a byte, and without a reset (tester finding)")
                        .isEqualTo(-1);
            }
            ReceivedSession away = nextSession();
            assertThat(away.closeReason()).isEqualTo("too many connections");
            assertThat(away.result().journeys().get(0).timeline().events())
                    .noneMatch(e -> e.kind() == EventKind.SMTP_REPLY)
                    .anyMatch(e -> e.summary().contains("closed without a reply: with TLS on connect"));
            assertThat(receiver.turnedAwayUnanswered()).isEqualTo(1);
        }
    }
}
