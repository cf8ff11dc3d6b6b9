package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.export.TextTranscript;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;

/** A tester: a connection {@code serve} turned away was titled as a session "to" the server, unlike the proxy's. */
@Timeout(60)
class TurnedAwayTitleTest {
    @TempDir
    Path dir;

    @Test
    void aConnectionTurnedAwayIsTitledSo() throws Exception {
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir).withMaxConnections(1), null,
                ended::add);
             Smtp held = new Smtp(r.address())) {
            assertThat(held.reply()).startsWith("220 ");
            try (Smtp away = new Smtp(r.address())) {
                assertThat(away.reply()).startsWith("421 4.7.0 ");
            }
            ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
            assertThat(s).as("the turned-away session").isNotNull();
            assertThat(s.result().info().title()).matches("SMTP session from 127\\.0\\.0\\.1:\\d+ turned away by \\S+");
            assertThat(TextTranscript.render(s.result())).contains("\nMessage: none (no MAIL FROM in this session)\n",
                    "\nOutcome: no recipient\n");
            assertThat(held.cmd("QUIT")).startsWith("221 ");
            ReceivedSession served = ended.poll(20, TimeUnit.SECONDS);
            assertThat(served.result().info().title()).matches("SMTP session from 127\\.0\\.0\\.1:\\d+ to \\S+");
        }
    }
}
