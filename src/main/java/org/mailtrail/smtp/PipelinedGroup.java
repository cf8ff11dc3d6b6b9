package org.mailtrail.smtp;

import static org.mailtrail.smtp.RecipientLedger.resultOf;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** MAIL, every RCPT and DATA of {@link SmtpClient} sent as one group, and their replies matched in order (RFC 2920). */
final class PipelinedGroup {

    private final SmtpClient client;
    private final MailTransaction transaction;
    private final List<String> recipients;
    private final RecipientLedger ledger;
    /** How many replies are still due before the one to DATA (MAIL, then each RCPT). */
    private int due;
    private int rcptIndex;
    private Reply mailRefused;
    private boolean emptyData;

    /** The group of {@code transaction} for {@code recipients}, whose RCPT replies go to {@code ledger}. */
    PipelinedGroup(SmtpClient client, MailTransaction transaction, List<String> recipients, RecipientLedger ledger) {
        this.client = client;
        this.transaction = transaction;
        this.recipients = recipients;
        this.ledger = ledger;
    }

    /** RFC 2920 §3.1: MAIL, the RCPTs and DATA as one group, DATA last; the replies come in the same order. */
    void send(Command mail) {
        client.send(mail, ClientState.PIPELINE_SENT);
        for (String r : recipients) {
            client.send(Command.rcptTo(r), ClientState.PIPELINE_SENT);
        }
        client.send(Command.data(), ClientState.PIPELINE_SENT);
        due = 1 + recipients.size();
        rcptIndex = 0;
    }

    /** A reply within the group: MAIL's, then one per RCPT in order, then DATA's (RFC 2920 §3.1). */
    void onReply(Reply reply) {
        if (!(reply.isPositive() || reply.isIntermediate() || reply.isTransient() || reply.isPermanent())) {
            client.unexpected(reply, "a reply to the pipelined MAIL, RCPT or DATA");
            return;
        }
        if (due == 1 + recipients.size()) { // MAIL
            due--;
            if (!reply.isPositive()) {
                mailRefused = reply; // the RCPT and DATA replies that follow are sequence errors: read, not counted
            }
            return;
        }
        if (due > 0) { // one RCPT
            due--;
            String rcpt = recipients.get(rcptIndex++);
            if (mailRefused == null) {
                transaction.noteRcptReply(rcpt, reply);
            }
            return;
        }
        // DATA
        boolean nothingToSend = mailRefused != null || ledger.noneAccepted();
        if (reply.isIntermediate()) {
            if (nothingToSend) {
                // the server took DATA although nothing was accepted: end it at once with a lone dot (RFC 2920 §3.1)
                emptyData = true;
                client.sendData(new ClientEvent.Send(".\r\n".getBytes(StandardCharsets.US_ASCII), List.of("."), null));
            } else {
                transaction.sendContent();
            }
        } else if (mailRefused != null) {
            refuseMail();
        } else if (ledger.noneAccepted()) {
            client.quit("no recipient accepted");
        } else if (reply.isTransient() || reply.isPermanent()) {
            ledger.decideAccepted(resultOf(reply), reply, "DATA refused");
            client.quit("DATA refused: " + reply.text());
        } else {
            client.unexpected(reply, "354 to DATA");
        }
    }

    /** True if DATA got 354 although nothing was accepted, so only a lone dot was sent. */
    boolean emptyData() {
        return emptyData;
    }

    /** The reply to that lone dot: the session ends for the reason nothing was sent. */
    void onEmptyDataEnd() {
        if (mailRefused != null) {
            refuseMail();
        } else {
            client.quit("no recipient accepted");
        }
    }

    private void refuseMail() {
        client.failAndQuit(resultOf(mailRefused), mailRefused, "MAIL FROM refused: " + mailRefused.text());
    }
}
