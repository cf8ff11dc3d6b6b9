package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailtrail.smtp.Command;
import org.mailtrail.smtp.Reply;
import org.mailtrail.timeline.EventKind;
import org.mailtrail.timeline.TimelineEvent;

class LiveConnectionTest {
    @Test
    void aReplyNeverStartsBeforeTheCommandItAnswersWasSent() {
        LiveRecorder recorder = new LiveRecorder();
        LiveConnection c = new LiveConnection(recorder, "c1", "client.example.org", "127.0.0.1", 40000,
                "mx.example.net", "127.0.0.2", 25);
        // a slow connect (20 ms: a cold JVM, say) gives a half round trip of about 10 ms ...
        long now = recorder.now();
        c.opened(now - 20_000, "SMTP");
        assertThat(c.halfRtt()).isGreaterThanOrEqualTo(9_000);
        // ... while the reply comes 1 ms after the command
        long sent = now + 5_000;
        TimelineEvent cmd = c.command(sent, new Command("MAIL", "FROM:<a@example.org>"),
                List.of("MAIL FROM:<a@example.org>"), false, false);
        TimelineEvent reply = c.reply(sent + 1_000, Reply.of(250, "2.1.0 Ok"), List.of("250 2.1.0 Ok"));
        assertThat(cmd.kind()).isEqualTo(EventKind.SMTP_COMMAND);
        assertThat(reply.timeMicros()).isGreaterThanOrEqualTo(cmd.timeMicros()).isLessThanOrEqualTo(reply.endMicros());
        // a reply long after the command still starts half a round trip before it was complete
        TimelineEvent late = c.reply(sent + 100_000, Reply.of(250, "2.1.0 Ok"), List.of("250 2.1.0 Ok"));
        assertThat(late.timeMicros()).isEqualTo(sent + 100_000 - c.halfRtt());
    }
}
