package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The receiver's settings are checked with messages that say what is wrong; so is starting it. */
@Timeout(30)
class ReceiverConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreSafe() {
        ReceiverConfig c = ReceiverConfig.defaults("Example.TEST.");
        assertThat(c.listen()).isEqualTo(new InetSocketAddress("127.0.0.1", 2525));
        assertThat(c.hostname()).isEqualTo("mailtrail.test");
        assertThat(c.domains()).containsExactly("example.test");
        assertThat(c.storeDir()).isNull();
        assertThat(c.maxMessageSize()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.maxRecipients()).isEqualTo(100);
        assertThat(c.maxConnections()).isEqualTo(50);
        assertThat(c.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.tls()).isNull();
    }

    @Test
    void relayDecisions() {
        ReceiverConfig c = ReceiverConfig.defaults("example.test", "example.net");
        assertThat(c.accepts("bob@example.test")).isTrue();
        assertThat(c.accepts("bob@EXAMPLE.NET")).isTrue();
        assertThat(c.accepts("bob@example.net.")).isTrue();
        assertThat(c.accepts("\"a@b\"@example.net")).isTrue();
        assertThat(c.accepts("postmaster")).isTrue();
        assertThat(c.accepts("Postmaster")).isTrue();
        assertThat(c.accepts("postmaster@elsewhere.test")).isFalse();
        assertThat(c.accepts("bob@sub.example.test")).isFalse();
        assertThat(c.accepts("bob@example.test.evil.test")).isFalse();
        assertThat(c.accepts("bob@[127.0.0.1]")).isFalse();
        assertThat(c.accepts("bob")).isFalse();
        assertThat(c.accepts("")).isFalse();
    }

    @Test
    void badSettingsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> ReceiverConfig.defaults(List.of())).hasMessageContaining("at least one domain");
        assertThatThrownBy(() -> ReceiverConfig.defaults("bad domain")).hasMessageContaining("'bad domain'")
                .hasMessageContaining("not a domain name");
        assertThatThrownBy(() -> ReceiverConfig.defaults("[127.0.0.1]")).hasMessageContaining("address literal");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withHostname("mx.example.test\r\nRCPT"))
                .hasMessageContaining("CR or LF");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withHostname("not a name"))
                .hasMessageContaining("not a domain name");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withMaxMessageSize(0))
                .hasMessageContaining("message size");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withMaxRecipients(0))
                .hasMessageContaining("recipients");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withMaxConnections(0))
                .hasMessageContaining("connections");
        assertThatThrownBy(() -> ReceiverConfig.defaults("example.test").withIdleTimeout(Duration.ZERO))
                .hasMessageContaining("idle timeout");
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ReceiverConfig c = ReceiverConfig.defaults("example.test")
                    .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort()));
            assertThatThrownBy(() -> SmtpReceiver.start(c)).isInstanceOf(IOException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void aStoreThatIsAFileIsReportedWithThePath() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        ReceiverConfig c = ReceiverConfig.defaults("example.test").withStoreDir(file)
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        assertThatThrownBy(() -> SmtpReceiver.start(c)).isInstanceOf(IOException.class)
                .hasMessageContaining("plain-file");
    }

    @Test
    void theStoreIsAMaildir() throws IOException {
        ReceiverConfig c = ReceiverConfig.defaults("example.test").withStoreDir(dir.resolve("store"))
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        try (SmtpReceiver r = SmtpReceiver.start(c)) {
            assertThat(r.address().getPort()).isPositive();
            for (String sub : new String[] {"maildir/tmp", "maildir/new", "maildir/cur", "sessions"}) {
                assertThat(dir.resolve("store").resolve(sub)).isDirectory();
            }
        }
    }
}
