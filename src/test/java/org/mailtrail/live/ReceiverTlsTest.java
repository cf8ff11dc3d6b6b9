package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.JsonSession;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/** STARTTLS (RFC 3207) with the test key store {@code tls/lab.p12}; clients trust {@code tls/lab.pem}. */
@Timeout(60)
class ReceiverTlsTest {
    /** True to serve sessions on event loops (the subclass ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }
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

    /** The server side: lab.p12 (password changeit). */
    static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = ReceiverTlsTest.class.getResourceAsStream("/tls/lab.p12")) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** A client side that trusts only lab.pem. */
    static SSLContext clientContext() throws Exception {
        Certificate cert;
        try (InputStream in = ReceiverTlsTest.class.getResourceAsStream("/tls/lab.pem")) {
            cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("lab", cert);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private void start() throws Exception {
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withTls(serverContext()), null, null,
                eventLoops());
        receiver.onSession(sessions::add);
    }

    private ReceivedSession nextSession() throws InterruptedException {
        ReceivedSession s = sessions.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a session ended").isNotNull();
        return s;
    }

    @Test
    void aBusyTlsSessionOutlivesTheIdleTimeout() throws Exception {
        // the idle timeout is about silence: a session that keeps talking over TLS for longer is not cut off
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withTls(serverContext())
                .withIdleTimeout(java.time.Duration.ofSeconds(1)), null, null, eventLoops());
        receiver.onSession(sessions::add);
        try (ReceiverLimitsTest.Smtp plain = new ReceiverLimitsTest.Smtp(receiver.address())) {
            assertThat(plain.reply()).startsWith("220 ");
            assertThat(plain.cmd("EHLO client.example.org")).contains("250-STARTTLS");
            assertThat(plain.cmd("STARTTLS")).startsWith("220 ");
            SSLSocket ssl = (SSLSocket) clientContext().getSocketFactory().createSocket(plain.socket, "127.0.0.1",
                    receiver.address().getPort(), true);
            ssl.setUseClientMode(true);
            ssl.startHandshake();
            try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(ssl, null)) {
                assertThat(c.cmd("EHLO client.example.org")).startsWith("250-");
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2_500);
                while (System.nanoTime() < end) {
                    assertThat(c.cmd("NOOP")).startsWith("250 ");
                    Thread.sleep(250);
                }
                assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
                assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                assertThat(c.data("Subject: long\r\n\r\nstill here")).startsWith("250 ");
                assertThat(c.cmd("QUIT")).startsWith("221 ");
            }
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("QUIT");
        assertThat(s.messagesStored()).isEqualTo(1);
    }

    @Test
    void starttlsWithAnSslSocketClient() throws Exception {
        start();
        try (ReceiverLimitsTest.Smtp plain = new ReceiverLimitsTest.Smtp(receiver.address())) {
            assertThat(plain.reply()).startsWith("220 ");
            assertThat(plain.cmd("EHLO client.example.org")).contains("250-STARTTLS");
            assertThat(plain.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
            assertThat(plain.cmd("STARTTLS")).startsWith("503 "); // not in the middle of a transaction
            assertThat(plain.cmd("RSET")).startsWith("250 ");
            assertThat(plain.cmd("STARTTLS")).startsWith("220 ");
            SSLSocket ssl = (SSLSocket) clientContext().getSocketFactory().createSocket(plain.socket, "127.0.0.1",
                    receiver.address().getPort(), true);
            ssl.setUseClientMode(true);
            javax.net.ssl.SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate names 127.0.0.1
            ssl.setSSLParameters(params);
            ssl.startHandshake();
            try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(ssl, null)) {
                String ehlo = c.cmd("EHLO client.example.org");
                assertThat(ehlo).startsWith("250-").doesNotContain("STARTTLS");
                assertThat(c.cmd("STARTTLS")).startsWith("502 ");
                assertThat(c.cmd("MAIL FROM:<alice@example.org>")).startsWith("250 ");
                assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                assertThat(c.data("Subject: secret\r\n\r\nover TLS")).startsWith("250 ");
                assertThat(c.cmd("QUIT")).startsWith("221 ");
            }
        }
        ReceivedSession s = nextSession();
        assertThat(s.tls()).isTrue();
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(Files.readString(s.messageFiles().get(0))).contains("with ESMTPS id ").contains("over TLS");
        TimelineEvent tls = s.result().journeys().get(0).timeline().events().stream()
                .filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).findFirst().orElseThrow();
        assertThat(tls.detail("protocol")).startsWith("TLS");
        assertThat(tls.detail("certificate")).contains("CN=mx.example.test");
        assertThat(JsonSession.read(Files.readString(s.jsonFile().orElseThrow()), "tls.json").journeys().get(0)
                .timeline().count(EventKind.TLS_NEGOTIATED)).isEqualTo(1);
    }

    @Test
    void angusMailRequiringStarttlsDelivers() throws Exception {
        start();
        Properties p = ReceiverClientsTest.mailProperties(receiver);
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.ssl.socketFactory", clientContext().getSocketFactory());
        MimeMessage m = new MimeMessage(Session.getInstance(p));
        m.setFrom(new InternetAddress("alice@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@example.test"));
        m.setSubject("TLS from Angus Mail");
        m.setText("encrypted on the wire");
        Transport.send(m);
        ReceivedSession s = nextSession();
        assertThat(s.tls()).isTrue();
        assertThat(Files.readString(s.messageFiles().get(0))).contains("with ESMTPS id ");
    }

    @Test
    void aFailedHandshakeEndsTheSessionWithNothingStored() throws Exception {
        start();
        try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).contains("STARTTLS");
            assertThat(c.cmd("STARTTLS")).startsWith("220 ");
            c.write("MAIL FROM:<alice@example.org>\r\n"); // clear text where a TLS ClientHello belongs
            while (c.in.read() >= 0) {
                // a TLS alert perhaps, then the end of the stream
            }
        } catch (java.net.SocketException e) {
            // a reset is as good as a close here
        }
        ReceivedSession s = nextSession();
        assertThat(s.closeReason()).isEqualTo("TLS handshake failed");
        assertThat(s.tls()).isFalse();
        assertThat(s.result().journeys().get(0).timeline().events()).anyMatch(
                e -> e.kind() == EventKind.PROTOCOL_ERROR && "tls.failed".equals(e.explanationKey()));
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
    }

    @Test
    void aClientTricklingTheHandshakeIsCutOffAfterTheIdleTimeout() throws Exception {
        receiver = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withTls(serverContext())
                .withIdleTimeout(java.time.Duration.ofSeconds(1)), null, null, eventLoops());
        receiver.onSession(sessions::add);
        long t0 = System.nanoTime();
        try (ReceiverLimitsTest.Smtp c = new ReceiverLimitsTest.Smtp(receiver.address())) {
            assertThat(c.reply()).startsWith("220 ");
            assertThat(c.cmd("EHLO client.example.org")).contains("STARTTLS");
            assertThat(c.cmd("STARTTLS")).startsWith("220 ");
            // a TLS handshake record of 200 octets, sent one octet every 200 ms: each read is in time, the whole is not
            c.write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 200});
            for (int i = 0; i < 100; i++) {
                Thread.sleep(200);
                c.write(new byte[] {1});
            }
        } catch (java.net.SocketException e) {
            // cut off, as it should be
        }
        ReceivedSession s = nextSession();
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - t0)).isLessThan(java.time.Duration.ofSeconds(10));
        assertThat(s.closeReason()).isEqualTo("TLS handshake failed");
        assertThat(receiver.activeSessions()).isZero();
    }
}
