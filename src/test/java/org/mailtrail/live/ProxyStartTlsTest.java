package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailtrail.live.ProxyGreenMailTest.LOOPBACK;
import static org.mailtrail.live.ProxyGreenMailTest.commands;
import static org.mailtrail.live.ProxyGreenMailTest.events;
import static org.mailtrail.live.ProxyGreenMailTest.readReply;
import static org.mailtrail.live.ProxyGreenMailTest.replyLines;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * STARTTLS through the proxy: two TLS sessions, each with its verdict on the timeline. GreenMail 2.1.5 offers no
 * STARTTLS over SMTP, so the TLS upstream here is Mail Trail's own receiver ({@code serve --tls-keystore}, the lab
 * certificate); GreenMail is the upstream without STARTTLS ({@code auto} keeps that side in plain text,
 * {@code require} refuses).
 */
@Timeout(60)
class ProxyStartTlsTest {
    private SmtpReceiver tlsUpstream;
    private GreenMail green;
    private SmtpProxy proxy;
    private final BlockingQueue<ReceivedSession> done = new LinkedBlockingQueue<>();
    private final BlockingQueue<ReceivedSession> upstreamDone = new LinkedBlockingQueue<>();

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (tlsUpstream != null) {
            tlsUpstream.close();
        }
        if (green != null) {
            green.stop();
        }
    }

    private int serveWithTls() throws Exception {
        tlsUpstream = SmtpReceiver.start(ReceiverConfig.defaults("example.test")
                .withListen(new InetSocketAddress(LOOPBACK, 0)).withTls(ProxyTls.lab()), null, upstreamDone::add);
        return tlsUpstream.address().getPort();
    }

    private int greenMail() throws Exception {
        green = new GreenMail(new ServerSetup(LoopbackLab.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        green.start();
        return green.getSmtp().getPort();
    }

    private ReceivedSession next() throws InterruptedException {
        ReceivedSession s = done.poll(20, TimeUnit.SECONDS);
        assertThat(s).as("a finished session").isNotNull();
        return s;
    }

    /** A client that trusts any certificate (it is a test; the verdicts are the proxy's). */
    static SSLContext trustAll() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
        return ctx;
    }

    /** EHLO, STARTTLS, TLS, EHLO, one message, QUIT; every reply line the client read. */
    private List<String> sendWithStartTls(int port) throws Exception {
        List<String> seen = new ArrayList<>();
        try (Socket raw = new Socket(LOOPBACK, port)) {
            raw.setSoTimeout(10_000);
            InputStream in = raw.getInputStream();
            OutputStream out = raw.getOutputStream();
            seen.addAll(readReply(in));
            out.write("EHLO client.example.test\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.addAll(readReply(in));
            List<String> ready = readReply(in);
            seen.addAll(ready);
            assertThat(ready.get(0)).startsWith("220");
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(raw, "127.0.0.1", port, true);
            tls.startHandshake();
            in = tls.getInputStream();
            out = tls.getOutputStream();
            out.write("EHLO client.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.addAll(readReply(in));
            out.write(("MAIL FROM:<bob@example.net>\r\nRCPT TO:<alice@example.test>\r\nDATA\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                seen.addAll(readReply(in));
            }
            out.write("Subject: over two TLS sessions\r\n\r\nHi\r\n.\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            seen.addAll(readReply(in));
            seen.addAll(readReply(in));
        }
        return seen;
    }

    private static List<TimelineEvent> tls(ReceivedSession s) {
        return events(s).stream().filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).toList();
    }

    @Test
    void startTlsGivesTwoTlsSessionsEachWithItsVerdict() throws Exception {
        proxy = SmtpProxy.start(ProxyGreenMailTest.config(serveWithTls()).withClientTls(ProxyTls.lab()), null,
                done::add);
        List<String> seen = sendWithStartTls(proxy.address().getPort());
        ReceivedSession s = next();
        assertThat(replyLines(s)).containsExactlyElementsOf(seen);
        assertThat(commands(s)).containsExactly("EHLO client.example.test", "STARTTLS", "EHLO client.example.test",
                "MAIL FROM:<bob@example.net>", "RCPT TO:<alice@example.test>", "DATA", "QUIT");
        List<TimelineEvent> tls = tls(s);
        assertThat(tls).hasSize(2);
        TimelineEvent upstream = tls.get(0); // the proxy does the upstream's handshake first
        TimelineEvent client = tls.get(1);
        assertThat(upstream.source()).isEqualTo(ProxyLog.PROXY);
        assertThat(upstream.detail("verdict")).startsWith("TLS session 2 of 2 (proxy - upstream): not trusted");
        assertThat(upstream.detail("certificate")).contains("CN=Mail Trail lab");
        assertThat(client.destination()).isEqualTo(ProxyLog.PROXY);
        assertThat(client.detail("verdict")).startsWith("TLS session 1 of 2 (client - proxy)")
                .contains("the proxy's own certificate");
        assertThat(client.detail("protocol")).startsWith("TLSv1.");
        // the 220 the client got was the upstream's, forwarded after the upstream's TLS was up
        assertThat(events(s).stream().filter(e -> e.kind() == EventKind.SMTP_REPLY && e.lines().get(0).startsWith("220 2"))
                .findFirst().orElseThrow().detail(ProxyLog.ORIGIN)).isEmpty();
        ReceivedSession up = upstreamDone.poll(20, TimeUnit.SECONDS);
        assertThat(up).isNotNull();
        assertThat(up.tls()).isTrue();
        assertThat(up.messagesStored()).isEqualTo(1);
        assertThat(s.tls()).isTrue();
    }

    @Test
    void autoKeepsAnUpstreamWithoutStartTlsInPlainTextAndSaysSo() throws Exception {
        proxy = SmtpProxy.start(ProxyGreenMailTest.config(greenMail()).withClientTls(ProxyTls.lab()), null, done::add);
        List<String> seen = sendWithStartTls(proxy.address().getPort());
        ReceivedSession s = next();
        assertThat(green.getReceivedMessages()).hasSize(1);
        assertThat(replyLines(s)).containsExactlyElementsOf(seen);
        List<TimelineEvent> tls = tls(s);
        assertThat(tls).hasSize(1);
        assertThat(tls.get(0).detail("verdict")).contains("stays in PLAIN TEXT", "does not offer STARTTLS");
        TimelineEvent ready = events(s).stream().filter(e -> e.kind() == EventKind.SMTP_REPLY
                && e.lines().get(0).startsWith("220 2.0.0")).findFirst().orElseThrow();
        assertThat(ready.detail(ProxyLog.ORIGIN)).isEqualTo("proxy");
    }

    @Test
    void requireClosesWith421WhenTheUpstreamCannotDoTls() throws Exception {
        proxy = SmtpProxy.start(ProxyGreenMailTest.config(greenMail()).withClientTls(ProxyTls.lab())
                .withTlsUpstream(ProxyConfig.UpstreamTls.REQUIRE), null, done::add);
        try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            readReply(in);
            c.getOutputStream().write("EHLO x.test\r\nSTARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            readReply(in);
            assertThat(readReply(in).get(0)).startsWith("421 4.7.0 ").contains("require");
            assertThat(in.read()).isEqualTo(-1);
        }
        ReceivedSession s = next();
        assertThat(tls(s)).isEmpty();
        List<TimelineEvent> replies = events(s).stream().filter(e -> e.kind() == EventKind.SMTP_REPLY).toList();
        assertThat(replies.stream().filter(e -> !e.destination().equals(ProxyLog.PROXY)).toList()).last()
                .satisfies(e -> assertThat(e.lines().get(0)).as("the client's last reply").startsWith("421 4.7.0"));
        assertThat(replies).last().as("the upstream is not at fault: it got the proxy's QUIT and answered it")
                .satisfies(e -> assertThat(e.lines().get(0)).startsWith("221"))
                .satisfies(e -> assertThat(e.destination()).isEqualTo(ProxyLog.PROXY));
        assertThat(events(s)).anyMatch(e -> e.explanationKey().equals("tls.failed"));
    }

    @Test
    void withoutACertificateStartTlsIsRemovedAndRefusedNeverPassedOnEncrypted() throws Exception {
        proxy = SmtpProxy.start(ProxyGreenMailTest.config(serveWithTls()), null, done::add); // no client certificate
        try (Socket c = new Socket(LOOPBACK, proxy.address().getPort())) {
            c.setSoTimeout(10_000);
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            readReply(in);
            out.write("EHLO x.test\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> ehlo = readReply(in);
            assertThat(ehlo).noneMatch(l -> l.toUpperCase().contains("STARTTLS"));
            assertThat(ehlo.get(ehlo.size() - 1)).matches("250 .*");
            out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readReply(in).get(0)).startsWith("454 4.7.0 ");
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readReply(in).get(0)).startsWith("221");
        }
        ReceivedSession s = next();
        assertThat(tls(s)).isEmpty();
        // the upstream never saw the STARTTLS: the proxy answered it itself
        ReceivedSession up = upstreamDone.poll(20, TimeUnit.SECONDS);
        assertThat(up).isNotNull();
        assertThat(events(up).stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND).flatMap(e -> e.lines().stream()))
                .containsExactly("EHLO x.test", "QUIT");
        assertThat(up.tls()).isFalse();
    }

    @Test
    void aPemCertificateAndKeyOfTheUsersOwnServeTheClientSide(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("src/test/resources/tls/other.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        String alias = java.util.Collections.list(ks.aliases()).stream().filter(a -> {
            try {
                return ks.isKeyEntry(a);
            } catch (java.security.KeyStoreException e) {
                return false;
            }
        }).findFirst().orElseThrow();
        X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
        java.security.Key key = ks.getKey(alias, "changeit".toCharArray());
        java.util.Base64.Encoder b64 = java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        java.nio.file.Path certFile = dir.resolve("proxy.pem");
        java.nio.file.Path keyFile = dir.resolve("proxy.key");
        java.nio.file.Files.writeString(certFile, "-----BEGIN CERTIFICATE-----\n" + b64.encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        java.nio.file.Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n" + b64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        proxy = SmtpProxy.start(ProxyGreenMailTest.config(greenMail())
                .withClientTls(ProxyTls.fromPem(certFile, keyFile)), null, done::add);
        sendWithStartTls(proxy.address().getPort());
        ReceivedSession s = next();
        assertThat(tls(s)).singleElement().extracting(e -> e.detail("certificate"))
                .isEqualTo(cert.getSubjectX500Principal().getName());
        java.nio.file.Path pkcs1 = dir.resolve("rsa.key");
        java.nio.file.Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProxyTls.fromPem(certFile, pkcs1))
                .hasMessageContaining("rsa.key").hasMessageContaining("openssl pkcs8");
    }
}
