package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * Mail Trail end to end on loopback: {@code send} resolves through the lab DNS server ({@code dns-serve}) and
 * delivers to Mail Trail's own receiving servers ({@code serve}) on 127.0.0.2 (mx1) and 127.0.0.3 (mx2), for each
 * MX case of RFC 5321 §5.1 and RFC 7505, with STARTTLS, and with relaying refused.
 */
@Timeout(60)
class SendToServeTest {
    @TempDir
    Path store;
    private LoopbackLab lab;
    private final List<SmtpReceiver> receivers = new ArrayList<>();
    private final List<ReceivedSession> sessions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        lab = LoopbackLab.start();
    }

    @AfterEach
    void stop() {
        receivers.forEach(SmtpReceiver::close);
        lab.close();
    }

    private SmtpReceiver serve(String address, SSLContext tls, String... domains) throws Exception {
        ReceiverConfig c = ReceiverConfig.defaults(domains)
                .withListen(new InetSocketAddress(InetAddress.getByName(address), lab.port))
                .withHostname(address.equals("127.0.0.2") ? "mx1.example.test" : "mx2.example.test")
                .withStoreDir(store.resolve(address));
        SmtpReceiver r = SmtpReceiver.start(tls == null ? c : c.withTls(tls));
        r.onSession(sessions::add);
        receivers.add(r);
        return r;
    }

    private static LiveResult send(LiveSender.Options o) throws Exception {
        return new LiveSender(o, new LiveRecorder(), null).run();
    }

    private static List<TimelineEvent> events(LiveResult r) {
        return r.session().journeys().get(0).timeline().events();
    }

    private long stored(String address) throws Exception {
        // only maildir/new: the sessions folder next to it may still be written (a transcript's temporary file
        // renamed while a walk looks at it)
        Path dir = store.resolve(address).resolve("maildir").resolve("new");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".eml")).count();
        }
    }

    private void awaitSessions(int n) throws InterruptedException {
        for (int i = 0; i < 200 && sessions.size() < n; i++) {
            Thread.sleep(25);
        }
        assertThat(sessions).hasSizeGreaterThanOrEqualTo(n);
    }

    @Test
    void thePreferredMxReceivesAndStoresTheMessageWithItsReceivedLine() throws Exception {
        serve("127.0.0.2", null, "example.test");
        serve("127.0.0.3", null, "example.test");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(stored("127.0.0.2")).isEqualTo(1);
        assertThat(stored("127.0.0.3")).isZero();
        awaitSessions(1);
        ReceivedSession s = sessions.get(0);
        assertThat(s.heloName()).isEqualTo("client.example.org");
        String eml = Files.readString(s.messageFiles().get(0));
        assertThat(eml).startsWith("Return-Path: <alice@example.org>").contains("Received: from client.example.org",
                "by mx1.example.test", "for <bob@example.test>", "Subject: Lab test");
        // the two ends saw the same conversation
        List<String> sent = events(r).stream().filter(e -> e.kind() == EventKind.SMTP_COMMAND).map(TimelineEvent::summary)
                .toList();
        List<String> received = s.result().journeys().get(0).timeline().events().stream()
                .filter(e -> e.kind() == EventKind.SMTP_COMMAND).map(TimelineEvent::summary).toList();
        assertThat(received).isEqualTo(sent);
        // at both ends, no reply is shown as starting before the command it answers was sent (or read)
        repliesFollowTheirCommands(events(r));
        repliesFollowTheirCommands(s.result().journeys().get(0).timeline().events());
    }

    private static void repliesFollowTheirCommands(List<TimelineEvent> events) {
        long lastCommand = Long.MIN_VALUE;
        for (TimelineEvent e : events) {
            if (e.kind() == EventKind.SMTP_COMMAND) {
                lastCommand = Math.max(lastCommand, e.timeMicros());
            } else if (e.kind() == EventKind.SMTP_REPLY) {
                assertThat(e.timeMicros()).as("%s", e.summary()).isGreaterThanOrEqualTo(lastCommand);
            }
        }
    }

    @Test
    void whenThePreferredMxIsDownTheBackupReceives() throws Exception {
        serve("127.0.0.3", null, "backup.example.test");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@backup.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(events(r)).anyMatch(e -> e.kind() == EventKind.TCP_FAILED && e.summary().contains("mx1.example.test"));
        assertThat(stored("127.0.0.3")).isEqualTo(1);
    }

    @Test
    void theImplicitMxReceives() throws Exception {
        serve("127.0.0.3", null, "implicit.example.test");
        LiveResult r = send(lab.direct(TlsMode.OFF, "carol@implicit.example.test"));
        assertThat(r.exitCode()).isZero();
        assertThat(events(r)).anyMatch(e -> e.explanationKey().equals("mx.implicit"));
        assertThat(stored("127.0.0.3")).isEqualTo(1);
    }

    @Test
    void nullMxAndNxdomainNeverReachAServer() throws Exception {
        serve("127.0.0.2", null, "example.test", "nullmx.example.test", "nosuch.example.test");
        LiveResult nullMx = send(lab.direct(TlsMode.OFF, "dave@nullmx.example.test"));
        LiveResult nxdomain = send(lab.direct(TlsMode.OFF, "erin@nosuch.example.test"));
        assertThat(nullMx.exitCode()).isEqualTo(5);
        assertThat(nxdomain.exitCode()).isEqualTo(5);
        // the sender's own record says it never opened a connection (no fixed sleep waiting for a session)
        assertThat(events(nullMx)).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
        assertThat(events(nxdomain)).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
        assertThat(sessions).isEmpty();
        assertThat(stored("127.0.0.2")).isZero();
    }

    @Test
    void theServerDoesNotRelayForForeignDomains() throws Exception {
        serve("127.0.0.2", null, "other.example.test");
        LiveResult r = send(lab.direct(TlsMode.OFF, "bob@example.test"));
        assertThat(r.exitCode()).isEqualTo(5);
        // the same reply as the simulation's hosts give (ReceivingPolicy), whatever the transport
        assertThat(events(r)).anyMatch(e -> e.kind() == EventKind.SMTP_REPLY
                && e.summary().startsWith("S: 554 5.7.1 <bob@example.test>: Relay access denied"));
        assertThat(stored("127.0.0.2")).isZero();
    }

    @Test
    void starttlsWithTheLabCertificateIsTrustedAtBothEnds() throws Exception {
        serve("127.0.0.2", LoopbackLab.labServerContext(), "example.test");
        LiveResult r = send(new LiveSender.Options(LoopbackLab.compose("bob@example.test"), lab.dns.address(), null, 587,
                lab.port, "client.example.org", TlsMode.REQUIRE, SmtpTimeouts.all(java.time.Duration.ofSeconds(5)),
                List.of(LoopbackLab.labCert()), null, false));
        assertThat(r.exitCode()).isZero();
        TimelineEvent tls = events(r).stream().filter(e -> e.kind() == EventKind.TLS_NEGOTIATED).findFirst().orElseThrow();
        assertThat(tls.detail("verdict")).startsWith("trusted");
        awaitSessions(1);
        assertThat(sessions.get(0).tls()).isTrue();
        assertThat(Files.readString(sessions.get(0).messageFiles().get(0))).contains("with ESMTPS");
    }

}
