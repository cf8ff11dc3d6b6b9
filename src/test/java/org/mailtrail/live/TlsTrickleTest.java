package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

/**
 * After a good STARTTLS handshake the server sends its next reply one byte at a time. Over TLS one read must collect
 * a whole record, so without a deadline of its own the client would wait (bytes in the record) × (read timeout):
 * the whole reply must still end at its deadline.
 */
@Timeout(30)
class TlsTrickleTest {

    /** The accepted connection, whose output can be slowed down once the handshake is over. */
    private static final class SlowSocket extends Socket {
        private final Socket raw;
        final AtomicBoolean slow = new AtomicBoolean();

        SlowSocket(Socket raw) {
            this.raw = raw;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return raw.getInputStream();
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return new FilterOutputStream(raw.getOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (!slow.get()) {
                        out.write(b, off, len);
                        return;
                    }
                    for (int i = 0; i < len; i++) {
                        out.write(b[off + i]);
                        out.flush();
                        try {
                            Thread.sleep(300);
                        } catch (InterruptedException e) {
                            throw new IOException("interrupted", e);
                        }
                    }
                }
            };
        }

        @Override
        public boolean isConnected() {
            return raw.isConnected();
        }

        @Override
        public boolean isClosed() {
            return raw.isClosed();
        }

        @Override
        public InetAddress getInetAddress() {
            return raw.getInetAddress();
        }

        @Override
        public int getPort() {
            return raw.getPort();
        }

        @Override
        public SocketAddress getRemoteSocketAddress() {
            return raw.getRemoteSocketAddress();
        }

        @Override
        public InetAddress getLocalAddress() {
            return raw.getLocalAddress();
        }

        @Override
        public int getLocalPort() {
            return raw.getLocalPort();
        }

        @Override
        public synchronized void setSoTimeout(int timeout) throws java.net.SocketException {
            raw.setSoTimeout(timeout);
        }

        @Override
        public synchronized int getSoTimeout() throws java.net.SocketException {
            return raw.getSoTimeout();
        }

        @Override
        public synchronized void close() throws IOException {
            raw.close();
        }

        @Override
        public void shutdownInput() throws IOException {
            raw.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            raw.shutdownOutput();
        }
    }

    @Test
    void aReplyTrickledInsideTlsEndsAtItsDeadline() throws Exception {
        SSLContext ctx = LoopbackLab.labServerContext();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket raw = listener.accept()) {
                    OutputStream out = raw.getOutputStream();
                    BufferedReader in = new BufferedReader(new InputStreamReader(raw.getInputStream(),
                            StandardCharsets.US_ASCII));
                    out.write("220 mx.example.test ESMTP\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // EHLO
                    out.write("250-mx.example.test\r\n250 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    in.readLine(); // STARTTLS
                    out.write("220 2.0.0 Ready to start TLS\r\n".getBytes(StandardCharsets.US_ASCII));
                    SlowSocket slow = new SlowSocket(raw);
                    SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(slow, "127.0.0.1",
                            raw.getPort(), false);
                    tls.setUseClientMode(false);
                    tls.startHandshake();
                    BufferedReader tin = new BufferedReader(new InputStreamReader(tls.getInputStream(),
                            StandardCharsets.US_ASCII));
                    tin.readLine(); // EHLO again, over TLS
                    slow.slow.set(true);
                    tls.getOutputStream().write("250-mx.example.test\r\n250 SIZE 100000\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException | RuntimeException e) {
                    // the client gave up: expected
                }
            }, "trickling-tls-server");
            server.setDaemon(true);
            server.start();
            LiveSender.Options o = new LiveSender.Options(LoopbackLab.compose("bob@example.net"),
                    new InetSocketAddress("127.0.0.1", 9), "127.0.0.1", listener.getLocalPort(), 25, "client.example.org",
                    TlsMode.REQUIRE, SmtpTimeouts.all(Duration.ofSeconds(2)), List.of(LoopbackLab.labCert()), null, false);
            long t0 = System.nanoTime();
            LiveResult r = new LiveSender(o, new LiveRecorder(), null).run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(seconds).as("ends at the 2 s deadline, not after the whole record").isLessThan(6);
            assertThat(r.exitCode()).isEqualTo(3);
            List<TimelineEvent> events = r.session().journeys().get(0).timeline().events();
            assertThat(events).anyMatch(e -> e.kind() == EventKind.TLS_NEGOTIATED);
            assertThat(events).anyMatch(e -> e.explanationKey().equals("smtp.timeout"));
        }
    }
}
