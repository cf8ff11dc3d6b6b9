package org.mailtrail.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Which limit ran out, and what the transcript says about the stress (tester findings: a stress timeout longer than
 * the idle timeout was reported as having "shortened" it; under stress a client that had sent nothing was told its
 * command line was too slow; one interactive client under {@code --max-connections 1} was "under stress").
 */
class ReadDeadlineTest {
    private static final long S = 1_000_000_000L;

    private static ReceiverConfig config(int idle, int command, int data, int stress, int maxConnections) {
        return ReceiverConfig.defaults("example.test").withIdleTimeout(Duration.ofSeconds(idle))
                .withMaxConnections(maxConnections)
                .withGuards(ReceiverGuards.defaults().withTimeouts(Duration.ofSeconds(command),
                        Duration.ofSeconds(data), Duration.ofSeconds(stress)));
    }

    @Test
    void stressNeedsMoreThanEightyPercentOfTheSlotsAndAtLeastTwoConnections() {
        assertThat(ReceiverGuards.stressed(1, 1)).as("one client alone").isFalse();
        assertThat(ReceiverGuards.stressed(2, 2)).isTrue();
        assertThat(ReceiverGuards.stressed(4, 5)).as("80 %, not more").isFalse();
        assertThat(ReceiverGuards.stressed(5, 5)).isTrue();
        assertThat(ReceiverGuards.stressed(41, 50)).isTrue();
        assertThat(ReceiverGuards.stressed(40, 50)).isFalse();
    }

    @Test
    void onlyTheLimitsLongerThanTheStressTimeoutAreShortenedAndSaidToBe() {
        ReadDeadline.Limits l = ReadDeadline.Limits.of(config(2, 300, 600, 10, 5), 5);
        assertThat(l.stress()).isTrue();
        assertThat(l.idle()).isEqualTo(2 * S);
        assertThat(l.command()).isEqualTo(10 * S);
        assertThat(l.data()).isEqualTo(10 * S);
        assertThat(l.shortened(ReadDeadline.Kind.IDLE)).isFalse();
        assertThat(l.shortened(ReadDeadline.Kind.COMMAND)).isTrue();
        assertThat(l.shortened(ReadDeadline.Kind.DATA)).isTrue();
        ReadDeadline.Expiry idle = new ReadDeadline.Expiry(ReadDeadline.Kind.IDLE, Duration.ofSeconds(2), l);
        assertThat(idle.reason()).isEqualTo("idle timeout");
        assertThat(idle.stressNote()).isEmpty();
        ReadDeadline.Expiry command = new ReadDeadline.Expiry(ReadDeadline.Kind.COMMAND, Duration.ofSeconds(10), l);
        assertThat(command.reason()).isEqualTo("command timeout (server under stress)");
        assertThat(command.stressNote()).isEqualTo("; the server is under stress (5 of 5 connections open, more than"
                + " 80 %), so this limit is shortened to 10 s");
        ReadDeadline.Limits equal = ReadDeadline.Limits.of(config(10, 300, 600, 10, 5), 5);
        assertThat(equal.idle()).isEqualTo(10 * S);
        assertThat(equal.shortened(ReadDeadline.Kind.IDLE)).as("as long as the stress timeout: not shortened")
                .isFalse();
        ReadDeadline.Limits calm = ReadDeadline.Limits.of(config(2, 300, 600, 10, 5), 4);
        assertThat(calm.stress()).isFalse();
        assertThat(calm.command()).isEqualTo(300 * S);
        assertThat(new ReadDeadline.Expiry(ReadDeadline.Kind.COMMAND, Duration.ofSeconds(300), calm).stressNote())
                .isEmpty();
    }

    @Test
    void aClientThatSentNothingOfItsLineIsIdleEvenWhenTheCommandDeadlineIsAsShort() {
        ReadDeadline.Limits l = ReadDeadline.Limits.of(config(4, 5, 7, 2, 10), 9); // every limit 2 s
        ReadDeadline d = new ReadDeadline();
        long t0 = 1_000 * S;
        d.begin(false, t0);
        d.received(false, "EHLO client.example\r\n".getBytes(StandardCharsets.US_ASCII), t0);
        assertThat(d.overdue(t0 + 3 * S, t0, l).kind()).isEqualTo(ReadDeadline.Kind.IDLE);
        assertThat(d.overdue(t0 + 2 * S, t0, l)).as("at the limit, not past it").isNull();
        d.received(false, "NO".getBytes(StandardCharsets.US_ASCII), t0 + S); // part of a line: sending slowly
        assertThat(d.overdue(t0 + 4 * S, t0 + S, l)).as("the read has waited 3 s, the line 4 s: too slow, not idle")
                .extracting(ReadDeadline.Expiry::kind).isEqualTo(ReadDeadline.Kind.COMMAND);
        assertThat(d.overdue(t0 + 2 * S, t0 + S, l)).as("the line at its limit").isNull();
        d.received(false, "\n".getBytes(StandardCharsets.US_ASCII), t0 + 20 * S); // its end, alone in a read
        assertThat(d.overdue(t0 + 23 * S, t0 + 20 * S, l).kind()).isEqualTo(ReadDeadline.Kind.IDLE);
        d.received(false, "OP\r\nMA".getBytes(StandardCharsets.US_ASCII), t0 + 24 * S); // a line, part of the next
        assertThat(d.overdue(t0 + 27 * S, t0 + 24 * S, l).kind()).isEqualTo(ReadDeadline.Kind.COMMAND);
        d.begin(true, t0 + 10 * S); // the 354: nothing of the data yet
        assertThat(d.overdue(t0 + 13 * S, t0 + 10 * S, l).kind()).isEqualTo(ReadDeadline.Kind.IDLE);
        d.received(true, "Subject: x\r\n".getBytes(StandardCharsets.US_ASCII), t0 + 11 * S);
        assertThat(d.overdue(t0 + 14 * S, t0 + 11 * S, l).kind()).isEqualTo(ReadDeadline.Kind.DATA);
    }

    @Test
    void anIdleTimeoutInTheMiddleOfALineSaysSo() {
        ReadDeadline.Limits l = ReadDeadline.Limits.of(config(2, 5, 600, 10, 100), 1);
        ReadDeadline d = new ReadDeadline();
        long t0 = 10 * S;
        d.begin(false, t0);
        d.received(false, "EHLO a.test\r\nMAIL FROM:<a@b.te".getBytes(StandardCharsets.US_ASCII), t0);
        ReadDeadline.Expiry e = d.overdue(t0 + 3 * S, t0, l);
        assertThat(e.kind()).as("no byte for 2 s, the line's 5 s not over").isEqualTo(ReadDeadline.Kind.IDLE);
        assertThat(e.partial()).isTrue();
        d.received(false, "b>\r\n".getBytes(StandardCharsets.US_ASCII), t0 + 4 * S);
        assertThat(d.overdue(t0 + 7 * S, t0 + 4 * S, l).partial()).isFalse();
    }

    @Test
    void aSlowLineIsCutByTheCommandDeadlineBeforeTheIdleTimeout() {
        ReadDeadline.Limits l = ReadDeadline.Limits.of(config(300, 5, 600, 10, 100), 1);
        ReadDeadline d = new ReadDeadline();
        long t0 = 50 * S;
        d.begin(false, t0);
        assertThat(d.overdue(t0 + 4 * S, t0, l)).isNull();
        assertThat(d.overdue(t0 + 6 * S, t0, l).kind()).as("nothing came, the idle timeout has not passed")
                .isEqualTo(ReadDeadline.Kind.COMMAND);
    }
}
