package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ReceiverLingerTest} with the sessions on event loops. */
class ReceiverLingerOnLoopsTest extends ReceiverLingerTest {
    @Override
    boolean eventLoops() {
        return true;
    }

    /**
     * Tester finding: the idle timeout's 421 was followed by a reset for a client that sent something after it (the
     * watchdog had shut the input down to end the read, so the close could not drain what came). On a loop the read
     * ends on the loop with the input open, and the close lingers.
     */
    @Test
    void aClientSendingAfterTheIdleTimeoutsReplyCanWriteOnAndReadsAnOrderlyEnd() throws Exception {
        ReceiverConfig config = ReceiverLimitsTest.config(dir).withIdleTimeout(Duration.ofMillis(300));
        try (Socket s = startAndConnect(config)) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 ");
            assertThat(in.readLine()).as("the client said nothing for the idle timeout").startsWith("421 4.4.2 ");
            OutputStream out = s.getOutputStream();
            ReceiverLingerTest.writeAMegabyte(out); // after the 421: into a closed socket this fails with a reset
            assertThat(in.readLine()).as("the end of the stream, nothing more and no reset").isNull();
        }
    }

    /**
     * Tester finding: a stop ended the lingering closes at once, so a client still sending after its {@code 421 4.3.2}
     * could get a reset instead of the end of the stream (and a session on a loop was ended by shutting its input down,
     * after which what the client sent could not be drained). On a loop the stop now ends the read there, with the
     * input open, and waits for the lingering closes (within its grace period). On a thread (TLS on connect, where
     * no close lingers) the input is still shut down.
     */
    @Test
    void aClientStillSendingWhenTheServerStopsReadsThe421AndAnOrderlyEnd() throws Exception {
        try (Socket s = startAndConnect()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("220 ");
            Thread stopper = new Thread(receiver()::close, "stopper");
            stopper.start();
            OutputStream out = s.getOutputStream();
            out.write("EHLO client.example.org\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            do {
                line = in.readLine();
                assertThat(line).as("told 421 4.3.2 before the end").isNotNull();
            } while (!line.startsWith("421 "));
            assertThat(line).startsWith("421 4.3.2 ");
            try {
                ReceiverLingerTest.writeAMegabyte(out);
                assertThat(in.readLine()).as("the end of the stream, nothing more").isNull();
            } catch (SocketException e) {
                throw new AssertionError("reset after the 421 4.3.2 of a stop", e);
            }
            s.close(); // the client's end: the lingering close is over, and so is the stop
            stopper.join(10_000);
            assertThat(stopper.isAlive()).as("the stop returned").isFalse();
        }
    }
}
