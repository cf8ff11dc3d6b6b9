package org.mailtrail.smtp;

import static org.mailtrail.smtp.RecipientLedger.resultOf;

import java.util.List;
import java.util.OptionalLong;

/**
 * The mail transaction of {@link SmtpClient} (RFC 5321 §3.3): MAIL FROM, one RCPT per recipient, DATA, the
 * dot-stuffed content and the reply to its end; MAIL, RCPT and DATA go as one {@link PipelinedGroup} when asked for.
 */
final class MailTransaction {

    private final SmtpClient client;
    private final boolean pipelining;
    private final String reversePath;
    private final List<String> recipients;
    private final byte[] wireContent;
    private final byte[] messageContent;
    private final RecipientLedger ledger;
    /** The pipelined MAIL/RCPT/DATA group; null unless one was sent (RFC 2920). */
    private PipelinedGroup pipeline;
    private int rcptIndex;

    /** The transaction of {@code client} for {@code envelope}; {@code messageContent} is kept as given. */
    MailTransaction(SmtpClient client, boolean pipelining, Envelope envelope, byte[] messageContent,
            RecipientLedger ledger) {
        this.client = client;
        this.pipelining = pipelining;
        this.reversePath = envelope.reversePath();
        this.recipients = envelope.recipients();
        this.messageContent = messageContent;
        this.wireContent = DotStuffing.encode(messageContent);
        this.ledger = ledger;
    }

    /** The message size announced with SIZE=n: the dot-stuffed content without the terminator. */
    long messageSize() {
        return wireContent.length - 3L;
    }

    /**
     * MAIL FROM, with SIZE=n when the server advertises SIZE (RFC 1870), alone or as the start of a pipelined group
     * when the config asks for it and the server offers PIPELINING (RFC 2920); nothing if SIZE is too small.
     */
    void start(EhloInfo ehloInfo) {
        OptionalLong max = ehloInfo == null ? OptionalLong.empty() : ehloInfo.maxSize();
        if (max.isPresent() && max.getAsLong() > 0 && messageSize() > max.getAsLong()) {
            client.failAndQuit(Result.PERMANENT, null, "message of " + messageSize()
                    + " octets exceeds the server's SIZE limit of " + max.getAsLong() + " (RFC 1870 §6); not sent");
            return;
        }
        Command mail = ehloInfo != null && ehloInfo.supports("SIZE")
                ? Command.mailFrom(reversePath, "SIZE=" + messageSize())
                : Command.mailFrom(reversePath);
        if (pipelining && ehloInfo != null && ehloInfo.pipelining()) {
            pipeline = new PipelinedGroup(client, this, recipients, ledger);
            pipeline.send(mail);
            return;
        }
        client.send(mail, ClientState.MAIL_SENT);
    }

    /** The reply in MAIL_SENT. */
    void onMailReply(Reply reply) {
        if (reply.isPositive()) {
            sendRcpt();
        } else if (reply.isTransient() || reply.isPermanent()) {
            client.failAndQuit(resultOf(reply), reply, "MAIL FROM refused: " + reply.text());
        } else {
            client.unexpected(reply, "250 to MAIL");
        }
    }

    /** The reply in RCPT_SENT: the next RCPT, else DATA if anyone was accepted, else QUIT. */
    void onRcptReply(Reply reply) {
        if (!noteRcptReply(recipients.get(rcptIndex), reply)) {
            return;
        }
        rcptIndex++;
        if (rcptIndex < recipients.size()) {
            sendRcpt();
        } else if (ledger.noneAccepted()) {
            client.quit("no recipient accepted");
        } else {
            client.send(Command.data(), ClientState.DATA_SENT);
        }
    }

    /** The reply in DATA_SENT: 354 gets the content. */
    void onDataReply(Reply reply) {
        if (reply.isIntermediate()) {
            sendContent();
        } else if (reply.isTransient() || reply.isPermanent()) {
            ledger.decideAccepted(resultOf(reply), reply, "DATA refused");
            client.quit("DATA refused: " + reply.text());
        } else {
            client.unexpected(reply, "354 to DATA");
        }
    }

    /** The reply in PIPELINE_SENT. */
    void onPipelinedReply(Reply reply) {
        pipeline.onReply(reply);
    }

    /** The reply in CONTENT_SENT, to the end of the data: it decides every recipient accepted at RCPT. */
    void onEndOfDataReply(Reply reply) {
        if (pipeline != null && pipeline.emptyData()) {
            pipeline.onEmptyDataEnd();
        } else if (reply.isPositive()) {
            ledger.decideAccepted(Result.ACCEPTED, reply, "accepted; the server took responsibility (RFC 5321 §6.1)");
            client.quit("delivered to " + ledger.acceptedCount() + " of " + recipients.size() + " recipient(s)");
        } else if (reply.isTransient() || reply.isPermanent()) {
            ledger.decideAccepted(resultOf(reply), reply, "message refused after data");
            client.quit("message refused after data: " + reply.text());
        } else {
            client.unexpected(reply, "reply to the end of data");
        }
    }

    /** Notes the reply to one recipient's RCPT; false (after a protocol error) when it is no reply to RCPT. */
    boolean noteRcptReply(String rcpt, Reply reply) {
        if (reply.isPositive()) {
            ledger.acceptedAtRcpt(rcpt);
        } else if (reply.isTransient() || reply.isPermanent()) {
            ledger.refusedAtRcpt(rcpt, reply);
            client.emit(new ClientEvent.RecipientRejected(rcpt, reply));
        } else {
            client.unexpected(reply, "250 to RCPT");
            return false;
        }
        return true;
    }

    /** The dot-stuffed message as one Send, after 354 (RFC 5321 §4.5.2). */
    void sendContent() {
        client.sendData(new ClientEvent.Send(wireContent.clone(), DotStuffing.wireLines(messageContent), null));
    }

    private void sendRcpt() {
        client.send(Command.rcptTo(recipients.get(rcptIndex)), ClientState.RCPT_SENT);
    }
}
