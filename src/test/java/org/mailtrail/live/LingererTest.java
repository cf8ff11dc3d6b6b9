package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The lingering close on its own, over loopback socket pairs: the server's end of each pair is given to it. */
@Timeout(60)
class LingererTest {
    private final List<SocketChannel> opened = new ArrayList<>();
    private Lingerer lingerer;

    @AfterEach
    void closeAll() {
        if (lingerer != null) {
            lingerer.close();
        }
        opened.forEach(SmtpReceiver::closeQuietly);
    }

    /** A connected pair on loopback: [the server's end, the client's end]. */
    private SocketChannel[] pair() throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(l.getLocalAddress());
            SocketChannel server = l.accept();
            opened.add(client);
            opened.add(server);
            return new SocketChannel[] {server, client};
        }
    }

    private static void await(BooleanSupplier what, String as) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!what.getAsBoolean()) {
            assertThat(System.nanoTime() - until).as(as).isNegative();
            Thread.sleep(5);
        }
    }

    /** Reads what the peer sent until the end of its stream: the bytes read. */
    private static long readToEnd(SocketChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        long total = 0;
        for (int n; (n = ch.read(b)) >= 0; b.clear()) {
            total += n;
        }
        return total;
    }

    @Test
    void theClientReadsWhatWasSentAndAnEndThenWhatItSendsIsDrainedUntilItCloses() throws Exception {
        lingerer = new Lingerer(4, 30_000);
        SocketChannel[] p = pair();
        p[0].write(ByteBuffer.wrap("421 bye\r\n".getBytes()));
        lingerer.close(p[0]);
        assertThat(lingerer.lingering()).isEqualTo(1);
        assertThat(readToEnd(p[1])).as("the reply, then the end of the stream").isEqualTo(9);
        ByteBuffer junk = ByteBuffer.allocate(4 << 20); // far more than the socket buffers hold: it must be read
        while (junk.hasRemaining()) {
            p[1].write(junk);
        }
        assertThat(p[0].isOpen()).as("still open: the client has not closed").isTrue();
        p[1].close();
        await(() -> lingerer.lingering() == 0 && !p[0].isOpen(), "closed once the client closed");
    }

    @Test
    void aClientThatNeverClosesIsClosedWhenItsTimeIsUp() throws Exception {
        lingerer = new Lingerer(4, 300);
        SocketChannel[] p = pair();
        long t0 = System.nanoTime();
        lingerer.close(p[0]);
        await(() -> !p[0].isOpen(), "closed when its time was up");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("not before").isGreaterThanOrEqualTo(300);
        assertThat(lingerer.lingering()).isZero();
    }

    @Test
    void beyondItsLimitAConnectionIsClosedAtOnceAndStoppingClosesTheRest() throws Exception {
        lingerer = new Lingerer(2, 30_000);
        SocketChannel[] a = pair();
        SocketChannel[] b = pair();
        SocketChannel[] c = pair();
        lingerer.close(a[0]);
        lingerer.close(b[0]);
        lingerer.close(c[0]);
        assertThat(c[0].isOpen()).as("the third, beyond the limit of 2").isFalse();
        assertThat(lingerer.lingering()).isEqualTo(2);
        assertThat(a[0].isOpen()).isTrue();
        lingerer.close();
        assertThat(a[0].isOpen()).isFalse();
        assertThat(b[0].isOpen()).isFalse();
        assertThat(lingerer.lingering()).isZero();
        SocketChannel[] d = pair();
        lingerer.close(d[0]);
        assertThat(d[0].isOpen()).as("after stopping: closed at once").isFalse();
    }
}
