package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A sender's connection over a blocking channel: its socket is of the target's address family, it reports the local
 * address and port the server sees, it closes with a FIN (the server reads the end of the stream, not a reset), and a
 * deadline or the user's Stop ends a blocked read.
 */
@Timeout(30)
class SenderLinkTest {

    private static void talks(InetAddress loopback) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 5, loopback)) {
            SenderLink link = SenderLink.open(loopback);
            try {
                link.connect(new InetSocketAddress(loopback, server.getLocalPort()), Duration.ofSeconds(5));
                try (Socket accepted = server.accept()) {
                    assertThat(link.socket().getLocalAddress()).isEqualTo(accepted.getInetAddress());
                    assertThat(link.socket().getLocalAddress().getClass()).isEqualTo(loopback.getClass());
                    assertThat(link.socket().getLocalPort()).isEqualTo(accepted.getPort());
                    link.write(link.socket().getOutputStream(), "QUIT\r\n".getBytes(StandardCharsets.US_ASCII),
                            Duration.ofSeconds(5));
                    accepted.getOutputStream().write("221 bye\r\n".getBytes(StandardCharsets.US_ASCII));
                    byte[] buf = new byte[64];
                    int n = link.read(link.socket().getInputStream(), buf,
                            System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
                    assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).isEqualTo("221 bye\r\n");
                    link.close();
                    InputStream in = accepted.getInputStream();
                    assertThat(new String(in.readNBytes(6), StandardCharsets.US_ASCII)).isEqualTo("QUIT\r\n");
                    assertThat(in.read()).as("the end of the stream: a FIN, not a reset").isEqualTo(-1);
                }
            } finally {
                link.close();
            }
        }
    }

    @Test
    void anIpv4LinkReportsTheAddressTheServerSeesAndClosesWithAFin() throws IOException {
        talks(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void anIpv6TargetGetsAnIpv6Socket() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try (ServerSocket probe = new ServerSocket(0, 1, v6)) {
            assertThat(probe.getInetAddress()).isInstanceOf(Inet6Address.class);
        } catch (IOException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
        }
        talks(v6);
    }

    @Test
    void aDeadlineEndsABlockedReadAndAStopEndsItWithoutOne() throws Exception {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        assertThat(lo).isInstanceOf(Inet4Address.class);
        try (ServerSocket server = new ServerSocket(0, 5, lo)) {
            SenderLink timed = SenderLink.open(lo);
            SenderLink stopped = SenderLink.open(lo);
            try {
                timed.connect(new InetSocketAddress(lo, server.getLocalPort()), Duration.ofSeconds(5));
                stopped.connect(new InetSocketAddress(lo, server.getLocalPort()), Duration.ofSeconds(5));
                try (Socket a = server.accept(); Socket b = server.accept()) { // both silent
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> timed.read(timed.socket().getInputStream(), new byte[16],
                            t0 + TimeUnit.MILLISECONDS.toNanos(200))).isInstanceOf(SocketTimeoutException.class);
                    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isGreaterThanOrEqualTo(190);
                    assertThat(timed.socket().isClosed()).isTrue();

                    InputStream in = stopped.socket().getInputStream();
                    Thread stop = new Thread(stopped::cancel);
                    stop.start(); // before or during the read: either way the read fails, and not as a deadline
                    assertThatThrownBy(() -> stopped.read(in, new byte[16],
                            System.nanoTime() + TimeUnit.SECONDS.toNanos(20)))
                            .isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
                    stop.join();
                }
            } finally {
                timed.close();
                stopped.close();
            }
        }
    }
}
