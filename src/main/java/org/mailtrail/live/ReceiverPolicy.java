package org.mailtrail.live;

import org.mailtrail.smtp.Reply;
import org.mailtrail.smtp.ServerPolicy;
import org.mailtrail.smtp.Transaction;

/**
 * The receiver's decisions for its {@link org.mailtrail.smtp.SmtpServer}: mail only for its own domains (no relaying,
 * RFC 5321 §3.6.2; refused with the same reply as the simulation gives), and each message stored before its 250
 * ({@link MessageIntake}). It also notes the client's EHLO name for the session's record.
 */
final class ReceiverPolicy implements ServerPolicy {
    private final ReceiverConfig config;
    private final SessionTally tally;
    private final MessageIntake intake;

    ReceiverPolicy(ReceiverConfig config, SessionTally tally, MessageIntake intake) {
        this.config = config;
        this.tally = tally;
        this.intake = intake;
    }

    /** The refusal of a recipient in another domain, as Postfix and the simulated hosts say it. */
    static Reply relayDenied(String recipient) {
        return Reply.of(554, "5.7.1 <" + recipient + ">: Relay access denied");
    }

    @Override
    public Reply onHelo(String verb, String domain) {
        tally.helo(LiveConnection.printable(domain)); // the standard reply follows, always 250
        return null;
    }

    @Override
    public Reply onRcpt(String reversePath, String recipient) {
        return config.accepts(recipient) ? Reply.of(250, "2.1.5 Ok") : relayDenied(recipient);
    }

    @Override
    public Reply onMessage(Transaction t) {
        return intake.decide(t);
    }
}
