package org.mailtrail.app.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.mailtrail.engine.Compose;
import org.mailtrail.live.LiveRecorder;
import org.mailtrail.live.LiveResult;
import org.mailtrail.live.LiveSender;
import org.mailtrail.live.ReceiverConfig;
import org.mailtrail.live.SmtpReceiver;
import org.mailtrail.live.SmtpTimeouts;
import org.mailtrail.smtp.TlsMode;
import org.mailtrail.timeline.TimelineEvent;

/**
 * "Message at this hop" for a live send, whose timeline is the client's: the server's own trace fields are not on it,
 * but once the server has answered the data with 250 the message is there, as it was sent (tester finding: the last
 * step said "the message has not been sent yet").
 */
@Timeout(30)
class MessageAtStepLiveTest {
    @Test
    void afterTheServerTookTheDataTheMessageIsAtTheServer() throws Exception {
        try (SmtpReceiver server = SmtpReceiver.start(ReceiverConfig.defaults("example.test")
                .withListen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))) {
            Compose c = new Compose("alice@example.org", List.of("bob@example.test"), List.of(), "Lunch",
                    "Hi Bob\n");
            LiveSender.Options o = new LiveSender.Options(c, new InetSocketAddress("127.0.0.1", 9), "127.0.0.1",
                    server.address().getPort(), 25, "client.example.org", TlsMode.OFF,
                    SmtpTimeouts.all(Duration.ofSeconds(10)), List.of(), null, false);
            LiveResult r = new LiveSender(o, new LiveRecorder(), null).run();
            assertThat(r.exitCode()).isZero();
            List<TimelineEvent> ev = r.session().journeys().get(0).timeline().events();
            int last = ev.size() - 1;
            MessageAtStep.State end = MessageAtStep.at(ev, last);
            assertThat(end.headers()).as("the message as sent").anyMatch(h -> h.startsWith("Subject: Lunch"));
            assertThat(end.host()).isNotEqualTo(ev.get(0).source()); // at the server, not the sender
            int reply250 = -1;
            for (int i = 0; i < ev.size(); i++) {
                if (ev.get(i).summary().contains("queued as")) {
                    reply250 = i;
                }
            }
            assertThat(reply250).isPositive();
            assertThat(MessageAtStep.at(ev, reply250 - 1).host()).as("before the 250: with the sender")
                    .isEqualTo(ev.get(0).source());
        }
    }
}
