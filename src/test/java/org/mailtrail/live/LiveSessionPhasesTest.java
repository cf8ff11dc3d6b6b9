package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.mailtrail.live.ReceiverLimitsTest.Smtp;
import org.mailtrail.timeline.Phase;
import org.mailtrail.timeline.PhaseSegment;
import org.mailtrail.timeline.PhaseSegments;

/**
 * The parts of a session {@code serve} received (a tester: one connection showed "Transfer 1 of 2" and "2 of 2",
 * because storing the message into the mailbox, between the 250 and QUIT, cut the transfer in two).
 */
@Timeout(60)
class LiveSessionPhasesTest {
    @TempDir
    Path dir;

    @Test
    void oneConnectionIsOneTransferAlsoAroundTheStoringOfItsMessage() throws Exception {
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add);
             Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
            assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
            assertThat(c.data(ReceiverLimitsTest.message("one", "body"))).startsWith("250 ");
            assertThat(c.cmd("QUIT")).startsWith("221 ");
        }
        ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
        assertThat(s).isNotNull();
        List<PhaseSegment> parts = PhaseSegments.of(s.result().journeys().get(0).timeline().events());
        assertThat(parts).extracting(PhaseSegment::phase)
                .containsExactly(Phase.TRANSFER, Phase.DELIVERY, Phase.TRANSFER);
        PhaseSegment before = parts.get(0);
        PhaseSegment after = parts.get(2);
        assertThat(List.of(before.ordinal(), before.of(), after.ordinal(), after.of())).containsOnly(1);
        assertThat(after.port()).as("the same connection").isEqualTo(before.port()).isPositive();
        assertThat(after.servers()).isEqualTo(before.servers()).isNotEmpty();
        assertThat(after.protocol()).isEqualTo("SMTP");
    }

    @Test
    void aSecondConnectionIsASecondTransfer() throws Exception {
        BlockingQueue<ReceivedSession> ended = new LinkedBlockingQueue<>();
        try (SmtpReceiver r = SmtpReceiver.start(ReceiverLimitsTest.config(dir), null, ended::add)) {
            try (Smtp c = new Smtp(r.address()).hello("alice@example.org")) {
                assertThat(c.cmd("RCPT TO:<bob@example.test>")).startsWith("250 ");
                assertThat(c.data(ReceiverLimitsTest.message("two", "body"))).startsWith("250 ");
                assertThat(c.cmd("QUIT")).startsWith("221 ");
            }
            ReceivedSession s = ended.poll(20, TimeUnit.SECONDS);
            assertThat(s).isNotNull();
            var events = new java.util.ArrayList<>(s.result().journeys().get(0).timeline().events());
            int n = events.size();
            // the same session again after it closed, as a log of two connections would hold: a new part
            for (var e : s.result().journeys().get(0).timeline().events()) {
                events.add(new org.mailtrail.timeline.TimelineEvent(n + e.index(), e.timeMicros(), e.endMicros(),
                        e.kind(), e.source(), e.destination(), e.summary(), e.lines(), e.explanationKey(), e.rfc(),
                        e.details(), e.phase()));
            }
            List<PhaseSegment> parts = PhaseSegments.of(events);
            assertThat(parts).filteredOn(p -> p.phase() == Phase.TRANSFER).extracting(PhaseSegment::ordinal)
                    .containsExactly(1, 1, 2, 2);
            assertThat(parts).filteredOn(p -> p.phase() == Phase.TRANSFER).extracting(PhaseSegment::of)
                    .containsOnly(2);
        }
    }
}
