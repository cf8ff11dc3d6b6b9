package org.mailtrail.live;

import java.time.Duration;
import org.mailtrail.smtp.ClientState;

/**
 * How long a live client waits, per step (RFC 5321 §4.5.3.2): the greeting, MAIL and RCPT 5 minutes, DATA 2
 * minutes, writing the data block 3 minutes, the reply after the final dot 10 minutes. The RFC names no value for
 * EHLO, STARTTLS, AUTH and QUIT; they get 5 minutes like MAIL, QUIT 1 minute. Connect gets 30 seconds. Each wait
 * is a deadline for the whole reply, so a server trickling one byte a second cannot stretch it.
 *
 * @param connect  opening the TCP connection
 * @param greeting the 220 greeting (§4.5.3.2.1)
 * @param command  EHLO, STARTTLS, AUTH, MAIL, RCPT (§4.5.3.2.2, §4.5.3.2.3)
 * @param data     the 354 to DATA (§4.5.3.2.4)
 * @param block    writing the data block (§4.5.3.2.5)
 * @param end      the reply to the final dot (§4.5.3.2.6)
 * @param quit     the reply to QUIT
 */
public record SmtpTimeouts(Duration connect, Duration greeting, Duration command, Duration data, Duration block,
                           Duration end, Duration quit) {

    /** The RFC 5321 defaults. */
    public static final SmtpTimeouts RFC_5321 = new SmtpTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(10),
            Duration.ofMinutes(1));

    public SmtpTimeouts {
        for (Duration d : new Duration[] {connect, greeting, command, data, block, end, quit}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("every timeout must be positive");
            }
        }
    }

    /** The same timeout for every step ({@code --timeout SECONDS}). */
    public static SmtpTimeouts all(Duration d) {
        return new SmtpTimeouts(d, d, d, d, d, d, d);
    }

    /** How long to wait for the reply the client expects in {@code state}. */
    public Duration forReplyIn(ClientState state) {
        switch (state) {
            case AWAIT_GREETING:
                return greeting;
            case DATA_SENT:
                return data;
            case CONTENT_SENT:
                return end;
            case QUIT_SENT:
                return quit;
            default:
                return command;
        }
    }

    /** The RFC section behind the wait in {@code state}. */
    public static String rfcFor(ClientState state) {
        switch (state) {
            case AWAIT_GREETING:
                return "RFC 5321 §4.5.3.2.1";
            case MAIL_SENT:
                return "RFC 5321 §4.5.3.2.2";
            case RCPT_SENT:
                return "RFC 5321 §4.5.3.2.3";
            case DATA_SENT:
                return "RFC 5321 §4.5.3.2.4";
            case CONTENT_SENT:
                return "RFC 5321 §4.5.3.2.6";
            default:
                return "RFC 5321 §4.5.3.2";
        }
    }
}
