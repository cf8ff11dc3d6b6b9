package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection the server ends while the client is still sending is closed lingering ({@link Lingerer}): the client
 * reads every reply and then the end of the stream, not a reset (tester finding: a client that had pipelined
 * thousands of messages in one write lost the 250s of messages the server had stored).
 */
@Timeout(60)
class ReceiverLingerTest {
    @TempDir
    Path dir;

    private SmtpReceiver receiver;

    /** True to serve sessions on event loops (see the ...OnLoopsTest); false: a thread each. */
    boolean eventLoops() {
        return false;
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** The receiver {@link #startAndConnect} started. */
    SmtpReceiver receiver() {
        return receiver;
    }

    /** Starts the receiver and connects a client to it. */
    Socket startAndConnect() throws IOException {
        return startAndConnect(ReceiverLimitsTest.config(dir));
    }

    /** Starts the receiver with {@code config} and connects a client to it. */
    Socket startAndConnect(ReceiverConfig config) throws IOException {
        receiver = SmtpReceiver.start(config, null, null, eventLoops());
        Socket s = new Socket();
        s.connect(receiver.address(), 5_000);
        s.setSoTimeout(20_000);
        return s;
    }

    /** Writes 1 MB of NOOP lines after the server's last reply: into a closed socket this fails with a reset. */
    static void writeAMegabyte(java.io.OutputStream out) throws IOException {
        byte[] chunk = ("NOOP" + " ".repeat(1018) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 1_000; i++) {
            out.write(chunk);
        }
        out.flush();
    }

    /** Everything the server sends until the end of the stream; a reset fails the test, naming the lines read. */
    static List<String> readToEnd(Socket s) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        try {
            for (String l; (l = in.readLine()) != null; ) {
                lines.add(l);
            }
        } catch (SocketException e) {
            throw new AssertionError("the connection was reset after " + lines.size() + " lines: " + lines, e);
        }
        return lines;
    }

    @Test
    void aClientStillSendingAfterThe421ForTooManyErrorsReadsEveryReplyAndAnOrderlyEnd() throws Exception {
        try (Socket s = startAndConnect()) {
            StringBuilder pipelined = new StringBuilder("EHLO client.example.org\r\n");
            for (int i = 0; i < 25; i++) {
                pipelined.append("BOGUS ").append(i).append("\r\n");
            }
            String junk = ("X".repeat(78) + "\r\n").repeat(25_000); // 2 MB more that the server will not read
            OutputStream out = s.getOutputStream();
            out.write((pipelined + junk).getBytes(StandardCharsets.US_ASCII)); // all of it before reading anything
            out.flush();
            List<String> lines = readToEnd(s);
            assertThat(lines.get(0)).startsWith("220 ");
            assertThat(lines).filteredOn(l -> l.startsWith("500 ")).hasSizeGreaterThanOrEqualTo(19);
            assertThat(lines.get(lines.size() - 1)).startsWith("421 4.7.0 ").contains("too many errors");
        }
    }

    @Test
    void aClientThatQuitsIsClosedAtOnceWithoutLingering() throws Exception {
        try (Socket s = startAndConnect()) {
            s.getOutputStream().write("EHLO client.example.org\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            List<String> lines = readToEnd(s);
            assertThat(lines.get(lines.size() - 1)).startsWith("221 ");
            assertThat(receiver.pools().lingering()).as("closed, not waiting for the client's end").isZero();
        }
    }

    @Test
    void aClientThatNeverClosesIsClosedWhenTheLingeringTimeIsUp() throws Exception {
        try (Socket s = startAndConnect()) {
            s.getOutputStream().write("EHLO client.example.org\r\n".concat("BOGUS\r\n".repeat(25))
                    .getBytes(StandardCharsets.US_ASCII));
            List<String> lines = readToEnd(s); // the server's side is shut: a FIN after the 421
            assertThat(lines.get(lines.size() - 1)).startsWith("421 4.7.0 ");
            assertThat(receiver.pools().lingering()).as("waiting for the client's end").isEqualTo(1);
            long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
            while (receiver.pools().lingering() > 0) { // the client keeps its side open all along
                assertThat(System.nanoTime() - until).as("closed when its time was up").isNegative();
                Thread.sleep(20);
            }
        }
    }
}
