package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.dns.WorldZones;
import org.mailtrail.export.JsonSession;
import org.mailtrail.live.DnsServer;
import org.mailtrail.live.LiveAutosave;
import org.mailtrail.timeline.EventKind;

/**
 * The Live tab's view model against a real loopback world (lab DNS + GreenMail): run at once, step by step with
 * the autosave file growing, Stop keeping what was recorded, bad settings refused, a left-behind session recovered.
 */
@Timeout(60)
class LiveViewModelTest {
    private static final String ZONE = "$TTL 300\n$ORIGIN example.test.\n@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
            + "  IN NS ns1\n  IN MX 10 mx1\nns1 IN A 127.0.0.1\nmx1 IN A 127.0.0.1\n";

    @TempDir
    Path recovery;
    private DnsServer dns;
    private GreenMail mx;
    private ComposeViewModel compose;
    private SessionViewModel session;
    private LiveViewModel live;

    @BeforeEach
    void start() throws Exception {
        dns = DnsServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), WorldZones.parse(ZONE, "lab.zone"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        mx = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mx.start();
        compose = new ComposeViewModel();
        compose.fromProperty().set("alice@example.org");
        compose.toProperty().set("bob@example.test");
        compose.subjectProperty().set("Live from the GUI");
        compose.bodyProperty().set("Hello");
        session = new SessionViewModel();
        live = new LiveViewModel(TaskRunner.inline(), compose, session, recovery);
        live.dnsProperty().set("127.0.0.1:" + dns.address().getPort());
        live.mxPortProperty().set(Integer.toString(port));
        live.timeoutProperty().set("5");
    }

    @AfterEach
    void stop() {
        live.stop();
        mx.stop();
        dns.close();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void runningAtOnceDeliversAndShowsTheSessionInTheMainViews() throws Exception {
        assertThat(live.start(false)).isTrue();
        await(() -> !live.runningProperty().get());
        assertThat(live.statusProperty().get()).isEqualTo("live.status.exit0");
        assertThat(mx.getReceivedMessages()).hasSize(1);
        assertThat(session.resultProperty().get().info().mode()).isEqualTo("live");
        assertThat(session.events()).anyMatch(e -> e.kind() == EventKind.SMTP_REPLY && e.summary().startsWith("S: 250"));
        assertThat(session.stepProperty().get()).isEqualTo(session.sizeProperty().get() - 1);
        assertThat(LiveAutosave.pending(recovery)).as("a finished session leaves no recovery file").isEmpty();
    }

    @Test
    void stepByStepSendsNothingUntilStepAndAutosavesWhatHappened() throws Exception {
        assertThat(live.start(true)).isTrue();
        await(() -> live.waitingProperty().get());
        assertThat(live.nextProperty().get()).startsWith("DNS: look up the mail exchangers of example.test");
        assertThat(session.resultProperty().get()).isNull();
        live.step();
        await(() -> live.waitingProperty().get() && live.nextProperty().get().startsWith("TCP: connect"));
        assertThat(session.events()).anyMatch(e -> e.kind() == EventKind.DNS_ANSWER);
        assertThat(session.events()).noneMatch(e -> e.kind() == EventKind.TCP_SYN);
        await(() -> !LiveAutosave.pending(recovery).isEmpty());
        Path saved = LiveAutosave.pending(recovery).get(0);
        await(() -> {
            try {
                return JsonSession.read(Files.readString(saved), saved.toString()).journeys().get(0).timeline().events()
                        .stream().anyMatch(e -> e.kind() == EventKind.MX_DECISION);
            } catch (Exception e) {
                return false;
            }
        });
        live.step(); // connect
        await(() -> live.waitingProperty().get() && live.nextProperty().get().startsWith("C: EHLO"));
        assertThat(session.events()).anyMatch(e -> e.summary().startsWith("S: 220"));
        live.stop();
        await(() -> !live.runningProperty().get());
        assertThat(live.statusProperty().get()).isEqualTo("live.status.exit3");
        assertThat(mx.getReceivedMessages()).isEmpty();
        assertThat(session.events()).anyMatch(e -> e.summary().startsWith("S: 220")); // kept
        assertThat(session.events()).anyMatch(e -> e.summary().contains("Cancelled"));
        assertThat(LiveAutosave.pending(recovery)).isEmpty();
    }

    @Test
    void aSmartHostsAcceptanceIsNotCalledDelivery() throws Exception {
        live.smartHostProperty().set("127.0.0.1:" + mx.getSmtp().getPort());
        assertThat(live.start(false)).isTrue();
        await(() -> !live.runningProperty().get());
        assertThat(live.statusProperty().get()).isEqualTo("live.status.exit0.relay");
        assertThat(mx.getReceivedMessages()).hasSize(1);
    }

    @Test
    void runSendsTheRestAfterSomeSteps() throws Exception {
        live.start(true);
        await(() -> live.waitingProperty().get());
        live.step();
        await(() -> live.waitingProperty().get() && live.nextProperty().get().startsWith("TCP"));
        live.runRest();
        await(() -> !live.runningProperty().get());
        assertThat(live.statusProperty().get()).isEqualTo("live.status.exit0");
        assertThat(mx.getReceivedMessages()).hasSize(1);
    }

    @Test
    void settingsErrorsInGerman() {
        live.useMessages(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.GERMAN));
        live.mxPortProperty().set("99999");
        assertThat(live.ready()).isFalse();
        assertThat(live.settingsErrorProperty().get()).isEqualTo("MX-Port: \u201e99999\u201c ist kein Port (1\u201365535)");
        live.mxPortProperty().set("25");
        live.timeoutProperty().set("0");
        assertThat(live.ready()).isFalse();
        assertThat(live.settingsErrorProperty().get()).startsWith("Zeitlimit: 1 bis 3600 Sekunden");
        live.timeoutProperty().set("");
        live.authUserProperty().set("alice");
        live.authPasswordProperty().set("s3cret");
        live.tlsProperty().set(org.mailtrail.smtp.TlsMode.OFF);
        assertThat(live.ready()).isFalse();
        assertThat(live.settingsErrorProperty().get()).startsWith("Benutzer: Zugangsdaten werden nur \u00fcber TLS")
                .doesNotContain("s3cret");
        live.useMessages(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.ENGLISH));
        assertThat(live.ready()).isFalse();
        assertThat(live.settingsErrorProperty().get())
                .isEqualTo("user: credentials are only sent over TLS; choose STARTTLS auto or require");
    }

    @Test
    void badSettingsOrABadFormStartNothing() {
        live.mxPortProperty().set("99999");
        assertThat(live.start(false)).isFalse();
        assertThat(live.settingsErrorProperty().get()).contains("MX port", "99999");
        live.mxPortProperty().set("25");
        live.smartHostProperty().set("smtp.example.test:abc");
        assertThat(live.start(false)).isFalse();
        assertThat(live.settingsErrorProperty().get()).contains("smart host", "'abc' is not a port");
        live.smartHostProperty().set("");
        live.authUserProperty().set("alice");
        live.authPasswordProperty().set("s3cret");
        live.tlsProperty().set(org.mailtrail.smtp.TlsMode.OFF);
        assertThat(live.start(false)).isFalse();
        assertThat(live.settingsErrorProperty().get()).contains("only sent over TLS").doesNotContain("s3cret");
        live.authUserProperty().set("");
        live.tlsProperty().set(org.mailtrail.smtp.TlsMode.AUTO);
        compose.toProperty().set("not an address");
        assertThat(live.start(false)).isFalse();
        assertThat(compose.toErrorProperty().get()).isNotEmpty();
        assertThat(live.runningProperty().get()).isFalse();
        assertThat(live.confirmationText(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.ENGLISH)))
                .contains("alice@example.org").contains("recipient's domain");
        assertThat(live.confirmationText(org.mailtrail.app.MailTrailApp.bundle(java.util.Locale.GERMAN)))
                .contains("alice@example.org").contains("echte Nachricht").doesNotContain("This sends");
        // what start() would refuse is refused before anyone is asked to confirm
        compose.toProperty().set("bob@example.test");
        live.mxPortProperty().set("abc");
        assertThat(live.ready()).isFalse();
        assertThat(live.settingsErrorProperty().get()).contains("abc");
        live.mxPortProperty().set("2525");
        assertThat(live.ready()).isTrue();
        assertThat(live.settingsErrorProperty().get()).isEmpty();
        assertThat(live.runningProperty().get()).isFalse();
    }

    @Test
    void aLeftBehindSessionIsRecoveredOnceAndKept() throws Exception {
        live.start(false);
        await(() -> !live.runningProperty().get());
        Files.createDirectories(recovery);
        Path left = recovery.resolve("live-20261128-120000-999999999-a.json");
        Files.writeString(left, JsonSession.render(session.resultProperty().get()));
        assertThat(LiveAutosave.pending(recovery)).containsExactly(left);
        MainViewModel main = new MainViewModel(TaskRunner.inline());
        main.recover(left);
        assertThat(main.session().resultProperty().get().info().mode()).isEqualTo("live");
        assertThat(LiveAutosave.pending(recovery)).isEmpty();
        assertThat(recovery.resolve("recovered").resolve(left.getFileName())).exists();
        assertThat(main.errorProperty().get()).isEmpty();
        List<Path> none = LiveAutosave.pending(recovery.resolve("nowhere"));
        assertThat(none).isEmpty();
        // the file of a session that another, still running Mail Trail is recording is not offered
        Path running = recovery.resolve("live-20261128-120001-" + ProcessHandle.current().parent().orElseThrow().pid()
                + "-b.json");
        Files.writeString(running, "{}");
        assertThat(LiveAutosave.pending(recovery)).doesNotContain(running);
    }
}
