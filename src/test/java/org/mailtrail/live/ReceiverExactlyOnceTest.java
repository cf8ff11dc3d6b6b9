package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.engine.RecipientOutcome;
import org.mailtrail.timeline.EventKind;

/**
 * The one place where exactly-once needs care: the message is stored, then its 250 cannot be sent. A scripted
 * socket makes that write fail every time; the stored copy must be taken back, as the client will send it again.
 */
@Timeout(30)
class ReceiverExactlyOnceTest {
    @TempDir
    Path dir;

    /** A socket that plays a script to the server and breaks when the server says "queued". */
    private static final class ScriptedSocket extends Socket {
        private final InputStream in;
        private final ByteArrayOutputStream written = new ByteArrayOutputStream();
        private final String breakOn;

        ScriptedSocket(String script, String breakOn) {
            this.in = new ByteArrayInputStream(script.getBytes(StandardCharsets.US_ASCII));
            this.breakOn = breakOn;
        }

        @Override
        public InputStream getInputStream() {
            return in;
        }

        @Override
        public OutputStream getOutputStream() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    String s = new String(b, off, len, StandardCharsets.US_ASCII);
                    if (breakOn != null && s.contains(breakOn)) {
                        throw new SocketException("Connection reset");
                    }
                    written.write(b, off, len);
                }
            };
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        }

        @Override
        public InetAddress getLocalAddress() {
            return InetAddress.getLoopbackAddress();
        }

        @Override
        public int getLocalPort() {
            return 2525;
        }

        @Override
        public void setSoTimeout(int timeout) {
        }

        @Override
        public void setTcpNoDelay(boolean on) {
        }

        @Override
        public void shutdownInput() {
        }
    }

    private static final String SCRIPT = "EHLO client.example.org\r\nMAIL FROM:<alice@example.org>\r\n"
            + "RCPT TO:<bob@example.test>\r\nDATA\r\nSubject: once\r\n\r\nexactly once\r\n.\r\nQUIT\r\n";

    private ReceivedSession play(String breakOn) throws Exception {
        BlockingQueue<ReceivedSession> sessions = new LinkedBlockingQueue<>();
        try (SmtpReceiver owner = SmtpReceiver.start(ReceiverLimitsTest.config(dir.resolve("owner")));
             MaildirStore store = MaildirStore.open(dir)) {
            owner.onSession(sessions::add);
            ReceiverSession session = new ReceiverSession(owner, store, new ScriptedSocket(SCRIPT,
                    breakOn), "scripted-" + (breakOn == null ? "ok" : "broken"));
            session.run();
            ReceivedSession s = sessions.poll(10, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            assertThat(owner.messagesStored()).isEqualTo(s.messagesStored());
            return s;
        }
    }

    @Test
    void aStoredMessageWhose250CannotBeSentIsTakenBack() throws Exception {
        ReceivedSession s = play("Ok: queued as");
        assertThat(s.messagesStored()).isZero();
        assertThat(s.messageFiles()).isEmpty();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).isEmpty();
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/tmp"))).isEmpty();
        assertThat(s.closeReason()).isEqualTo("connection lost while sending the 250");
        assertThat(s.result().journeys().get(0).outcomes().get("bob@example.test").status())
                .isEqualTo(RecipientOutcome.Status.QUEUED);
        assertThat(s.result().journeys().get(0).timeline().events()).anyMatch(e -> e.kind() == EventKind.PROTOCOL_ERROR
                && e.summary().contains("the stored copy was removed"));
        assertThat(s.result().journeys().get(0).timeline().events()).noneMatch(e -> e.kind() == EventKind.DELIVERED);
    }

    @Test
    void theSameScriptWithAWorkingConnectionStoresTheMessageOnce() throws Exception {
        ReceivedSession s = play(null);
        assertThat(s.messagesStored()).isEqualTo(1);
        assertThat(ReceiverLimitsTest.files(dir.resolve("maildir/new"))).hasSize(1).containsExactlyElementsOf(
                s.messageFiles());
        assertThat(s.closeReason()).isEqualTo("QUIT");
    }
}
