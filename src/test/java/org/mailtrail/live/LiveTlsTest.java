package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.export.Exporter;
import org.mailtrail.smtp.Credentials;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * TLS and AUTH of {@code send} against GreenMail's SMTPS (implicit TLS, RFC 8314) on loopback, with the lab's
 * self-signed certificate: the trust verdict, {@code require} refusing an untrusted certificate, AUTH PLAIN over
 * TLS only, and AUTH lines redacted in every export unless kept on purpose.
 */
@Timeout(60)
class LiveTlsTest {
    private LoopbackLab lab;
    private GreenMail smtps;

    @BeforeAll
    static void labKeystore() {
        // GreenMail reads its server certificate from these properties when it makes its first TLS socket
        System.setProperty("greenmail.tls.keystore.file", Path.of("src/test/resources/tls/lab.p12").toAbsolutePath().toString());
        System.setProperty("greenmail.tls.keystore.password", "changeit");
        System.setProperty("greenmail.tls.key.password", "changeit");
    }

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
        smtps = new GreenMail(new ServerSetup(lab.port, "127.0.0.3", ServerSetup.PROTOCOL_SMTPS));
        smtps.start();
        smtps.setUser("alice@example.org", "alice", "s3cret");
    }

    @AfterEach
    void stop() {
        smtps.stop();
        lab.close();
    }

    private LiveResult send(TlsMode tls, List<Path> trust, Credentials credentials) throws Exception {
        return new LiveSender(lab.viaSmartHost("smtp.example.test", lab.port, tls, trust, credentials, true,
                "bob@example.net"), new LiveRecorder(), null).run();
    }

    private static TimelineEvent first(LiveResult r, EventKind kind) {
        return r.session().journeys().get(0).timeline().events().stream().filter(e -> e.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind));
    }

    @Test
    void aPinnedLabCertificateIsTrustedAndRequiredTlsDelivers() throws Exception {
        LiveResult r = send(TlsMode.REQUIRE, List.of(LoopbackLab.labCert()), null);
        assertThat(r.exitCode()).isZero();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        TimelineEvent tls = first(r, EventKind.TLS_NEGOTIATED);
        assertThat(tls.detail("verdict")).startsWith("trusted: the lab certificate");
        assertThat(tls.detail("protocol")).startsWith("TLSv1.");
        assertThat(tls.detail("cipher")).startsWith("TLS_");
        assertThat(tls.detail("certificate")).contains("CN=mx.example.test");
        // the smart host's address came from the lab DNS
        assertThat(r.session().journeys().get(0).timeline().events())
                .anyMatch(e -> e.kind() == EventKind.DNS_QUERY && e.summary().contains("smtp.example.test. IN A"));
    }

    @Test
    void opportunisticTlsReportsAnUntrustedCertificateButDelivers() throws Exception {
        LiveResult r = send(TlsMode.AUTO, List.of(), null);
        assertThat(r.exitCode()).isZero();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        assertThat(first(r, EventKind.TLS_NEGOTIATED).detail("verdict"))
                .startsWith("not trusted: no CA in the trust store vouches for it").contains("RFC 7435");
    }

    @Test
    void requiredTlsRefusesAnUntrustedCertificate() throws Exception {
        LiveResult r = send(TlsMode.REQUIRE, List.of(Path.of("src/test/resources/tls/other.pem")), null);
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(smtps.getReceivedMessages()).isEmpty();
        TimelineEvent err = first(r, EventKind.PROTOCOL_ERROR);
        assertThat(err.explanationKey()).isEqualTo("tls.failed");
        assertThat(err.summary()).contains("not trusted");
        assertThat(r.session().journeys().get(0).timeline().events()).noneMatch(e -> e.kind() == EventKind.SMTP_COMMAND);
    }

    @Test
    void authPlainOverTlsIsRedactedInEveryExportUnlessKept() throws Exception {
        LiveResult r = send(TlsMode.REQUIRE, List.of(LoopbackLab.labCert()), new Credentials("alice", "s3cret"));
        assertThat(r.exitCode()).isZero();
        assertThat(smtps.getReceivedMessages()).hasSize(1);
        String secret = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        TimelineEvent auth = r.session().journeys().get(0).timeline().events().stream()
                .filter(e -> e.summary().startsWith("C: AUTH")).findFirst().orElseThrow();
        assertThat(auth.lines()).containsExactly("AUTH PLAIN " + secret); // in memory, as sent
        for (Exporter.Format f : List.of(Exporter.Format.TEXT, Exporter.Format.JSON, Exporter.Format.HTML,
                Exporter.Format.PCAP)) {
            Exporter.Options redacting = new Exporter.Options(null, true, Locale.ENGLISH);
            String out = new String(Exporter.render(r.session(), f, redacting).get(0).bytes(), StandardCharsets.ISO_8859_1);
            assertThat(out).as(f.name()).doesNotContain(secret).doesNotContain("s3cret");
            String kept = new String(Exporter.render(r.session(), f, new Exporter.Options(null, true, Locale.ENGLISH, true))
                    .get(0).bytes(), StandardCharsets.ISO_8859_1);
            assertThat(kept).as(f.name() + " kept").contains(secret);
        }
        assertThat(new String(Exporter.render(r.session(), Exporter.Format.TEXT, Exporter.Options.defaults()).get(0)
                .bytes(), StandardCharsets.UTF_8)).contains("AUTH PLAIN <redacted>");
    }

    @Test
    void rejectedCredentialsArePermanent() throws Exception {
        LiveResult r = send(TlsMode.REQUIRE, List.of(LoopbackLab.labCert()), new Credentials("alice", "wrong"));
        assertThat(r.exitCode()).isEqualTo(5);
        assertThat(smtps.getReceivedMessages()).isEmpty();
        assertThat(r.session().journeys().get(0).outcomes().get("bob@example.net").detail()).contains("535");
    }

    @Test
    void credentialsAreNotSentToAnUntrustedServerEvenInAutoMode() throws Exception {
        LiveResult r = send(TlsMode.AUTO, List.of(), new Credentials("alice", "s3cret"));
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(smtps.getReceivedMessages()).isEmpty();
        assertThat(first(r, EventKind.PROTOCOL_ERROR).summary()).contains("not trusted");
        assertThat(r.session().journeys().get(0).timeline().events())
                .noneMatch(e -> e.kind() == EventKind.SMTP_COMMAND && e.summary().startsWith("C: AUTH"));
    }
}
