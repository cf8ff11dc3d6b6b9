package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
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
            byte[] chunk = ("NOOP" + " ".repeat(1018) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 1_000; i++) { // 1 MB after the 421: into a closed socket this fails with a reset
                out.write(chunk);
            }
            out.flush();
            assertThat(in.readLine()).as("the end of the stream, nothing more and no reset").isNull();
        }
    }
}
