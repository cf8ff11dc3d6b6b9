package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.Compose;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.LiveResult;
import org.mailtrail.live.LiveSender;
import org.mailtrail.live.ReceivedSession;
import org.mailtrail.live.SmtpTimeouts;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;

/** The Server tab's view model with a real receiving server on loopback and Mail Trail's own live client. */
@Timeout(60)
class ServerViewModelTest {
    @TempDir
    Path store;
    private final SessionViewModel session = new SessionViewModel();
    private final ServerViewModel server = new ServerViewModel(TaskRunner.inline(), session);

    @AfterEach
    void stop() {
        server.shutdown();
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

    private LiveResult send(String to) throws Exception {
        String[] hp = server.addressProperty().get().split(":");
        LiveSender.Options o = new LiveSender.Options(new Compose("alice@example.org", List.of(to), List.of(), "Hi",
                "Hello server tab\n"), new InetSocketAddress("127.0.0.1", 9), hp[0], Integer.parseInt(hp[1]), 25,
                "client.example.org", TlsMode.OFF, SmtpTimeouts.all(Duration.ofSeconds(5)), List.of(), null, false);
        return new LiveSender(o, new LiveRecorder(), null).run();
    }

    @Test
    void receivedSessionsAppearAndOpenAsTimelines() throws Exception {
        server.listenProperty().set("127.0.0.1:0");
        server.domainsProperty().set("example.test, example.net");
        server.storeDirProperty().set(store.toString());
        assertThat(server.start()).isTrue();
        await(() -> server.runningProperty().get());
        assertThat(server.addressProperty().get()).startsWith("127.0.0.1:");
        assertThat(send("bob@example.test").exitCode()).isZero();
        assertThat(send("eve@elsewhere.example.org").exitCode()).as("no relaying").isEqualTo(5);
        await(() -> server.sessions().size() == 2 && server.sessions().stream().allMatch(ReceivedSession::finished));
        ReceivedSession first = server.sessions().get(0);
        assertThat(first.messagesStored()).isEqualTo(1);
        assertThat(first.heloName()).isEqualTo("client.example.org");
        assertThat(server.sessions().get(1).messagesStored()).isZero();
        try (var files = Files.walk(store)) {
            assertThat(files.filter(p -> p.toString().endsWith(".eml")).count()).isEqualTo(1);
        }
        server.open(first);
        assertThat(session.resultProperty().get().info().mode()).isEqualTo("live");
        assertThat(session.events()).anyMatch(e -> e.kind() == EventKind.SMTP_COMMAND
                && e.summary().equals("C: RCPT TO:<bob@example.test>"));
        server.stop();
        await(() -> !server.runningProperty().get());
        assertThat(server.sessions()).hasSize(2); // the list stays
    }

    @Test
    void badSettingsStartNothing() {
        server.listenProperty().set("127.0.0.1:99999");
        assertThat(server.start()).isFalse();
        assertThat(server.errorProperty().get()).contains("99999", "port");
        server.listenProperty().set("127.0.0.1:0");
        server.domainsProperty().set("  ");
        assertThat(server.start()).isFalse();
        assertThat(server.errorProperty().get()).contains("domain");
        server.domainsProperty().set("not a domain!");
        assertThat(server.start()).isFalse();
        assertThat(server.errorProperty().get()).isNotEmpty();
        assertThat(server.runningProperty().get()).isFalse();
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            server.listenProperty().set("127.0.0.1:" + taken.getLocalPort());
            server.start();
            await(() -> !server.busyProperty().get());
            assertThat(server.runningProperty().get()).isFalse();
            assertThat(server.errorProperty().get()).contains("cannot listen on", Integer.toString(taken.getLocalPort()));
        }
    }
}
