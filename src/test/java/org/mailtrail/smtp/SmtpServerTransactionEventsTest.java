package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The typed transaction events of {@link SmtpServer} (RFC 5321 §3.3): what a transport learns without parsing a
 * command, and where each event stands relative to the Send of its reply.
 */
class SmtpServerTransactionEventsTest extends ServerDriver {

    private static final String EHLO = "EHLO c.example.org\r\n";

    /** A started session after EHLO, its events drained. */
    private SmtpServer afterEhlo(ServerConfig config, ServerPolicy policy) {
        SmtpServer s = started(config, policy);
        receive(s, EHLO);
        return s;
    }

    private SmtpServer afterEhlo() {
        return afterEhlo(ServerConfig.defaults("mx.example.net"), ServerPolicy.acceptAll());
    }

    /** Feeds text and returns the events it caused, in a compact form ({@link #show}). */
    private List<String> feed(SmtpServer s, String text) {
        return show(receive(s, text));
    }

    /** The events as short strings; command lines are left out, replies shown by their first line. */
    private static List<String> show(List<ServerEvent> events) {
        List<String> out = new ArrayList<>();
        for (ServerEvent e : events) {
            if (e instanceof ServerEvent.Send send) {
                out.add("S: " + send.reply().wireLines().get(0));
            } else if (e instanceof ServerEvent.TransactionStarted t) {
                out.add("started <" + t.reversePath() + "> " + t.params());
            } else if (e instanceof ServerEvent.RecipientAccepted r) {
                out.add("accepted " + r.recipient());
            } else if (e instanceof ServerEvent.RecipientRefused r) {
                out.add("refused " + r.recipient() + " " + r.reply().code());
            } else if (e instanceof ServerEvent.TransactionReset r) {
                out.add("reset " + r.why());
            } else if (e instanceof ServerEvent.MessageReceived m) {
                out.add("message <" + m.transaction().reversePath() + "> " + m.transaction().recipients());
            } else if (e instanceof ServerEvent.DataReceived) {
                out.add("data");
            } else if (e instanceof ServerEvent.Close) {
                out.add("close");
            }
        }
        return out;
    }

    @Test
    void acceptedMailAndRcptAreReportedJustBeforeTheirReplies() {
        SmtpServer s = afterEhlo();
        assertThat(feed(s, "MAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<b@example.net>\r\n"
                + "RCPT TO:<c@example.net>\r\n")).containsExactly(
                "started <a@example.org> {SIZE=100, BODY=8BITMIME}", "S: 250 2.1.0 Ok",
                "accepted b@example.net", "S: 250 2.1.5 Ok",
                "accepted c@example.net", "S: 250 2.1.5 Ok");
        assertThat(feed(s, "RSET\r\nMAIL FROM:<>\r\n")).containsExactly("reset RSET", "S: 250 2.0.0 Ok",
                "started <> {}", "S: 250 2.1.0 Ok");
    }

    @Test
    void aPolicyThatDropsAfterDataGetsTheWholeMessageThenClosesWithoutAReplyOrAMessage() {
        ServerPolicy drop = new ServerPolicy() {
            @Override
            public boolean dropAfterData(Transaction t) {
                return true;
            }

            @Override
            public Reply onMessage(Transaction t) {
                throw new AssertionError("a dropped message is never handed over");
            }
        };
        SmtpServer s = afterEhlo(ServerConfig.defaults("mx.example.net"), drop);
        feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
        assertThat(feed(s, "Subject: hi\r\n\r\nhello\r\n.\r\n"))
                .containsExactly("data", "reset server closing", "close");
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void theParametersOfTheStartedTransactionCannotBeChanged() {
        SmtpServer s = afterEhlo();
        s.receiveData("MAIL FROM:<a@example.org> SIZE=100\r\n".getBytes(StandardCharsets.US_ASCII));
        ServerEvent.TransactionStarted t = drain(s).stream().filter(e -> e instanceof ServerEvent.TransactionStarted)
                .map(e -> (ServerEvent.TransactionStarted) e).findFirst().orElseThrow();
        assertThat(t.params()).containsExactly(Map.entry("SIZE", "100"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.params().put("BODY", "7BIT"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void refusalsStartNothingAndNameTheRefusedRecipient() {
        ServerPolicy picky = new ServerPolicy() {
            @Override
            public Reply onMail(String reversePath, Map<String, String> params) {
                return reversePath.startsWith("spam") ? Reply.of(550, "5.7.1 go away") : null;
            }

            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return recipient.endsWith("@elsewhere.test")
                        ? Reply.of(554, "5.7.1 <" + recipient + ">: Relay access denied") : null;
            }
        };
        SmtpServer s = afterEhlo(ServerConfig.defaults("mx.example.net"), picky);
        // out of sequence or bad syntax: nothing about a transaction or a recipient
        assertThat(feed(s, "RCPT TO:<b@example.net>\r\nMAIL FROM:<spam@example.org>\r\nMAIL FROM:<a@example.org\r\n"))
                .containsExactly("S: 503 5.5.1 Error: need MAIL command", "S: 550 5.7.1 go away",
                        "S: 501 5.1.7 Bad sender address syntax: path must be enclosed in < >");
        assertThat(feed(s, "RSET\r\n")).as("no transaction was open: nothing to reset").containsExactly("S: 250 2.0.0 Ok");
        assertThat(feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<eve@elsewhere.test>\r\nRCPT TO:<b@example.net>\r\n"))
                .containsExactly("started <a@example.org> {}", "S: 250 2.1.0 Ok",
                        "refused eve@elsewhere.test 554", "S: 554 5.7.1 <eve@elsewhere.test>: Relay access denied",
                        "accepted b@example.net", "S: 250 2.1.5 Ok");
        assertThat(feed(s, "RCPT TO:<b@>\r\n")).singleElement().asString().startsWith("S: 501 5.1.3");
    }

    @Test
    void theRecipientOverTheLimitIsRefusedByName() {
        SmtpServer s = afterEhlo(ServerConfig.defaults("mx.example.net").withMaxRecipients(1), ServerPolicy.acceptAll());
        assertThat(feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\n"))
                .containsExactly("started <a@example.org> {}", "S: 250 2.1.0 Ok", "accepted b@example.net",
                        "S: 250 2.1.5 Ok", "refused c@example.net 452", "S: 452 4.5.3 Error: too many recipients");
    }

    @Test
    void theRefusedRecipientCarriesTheReplyAsSentWhenEnhancedCodesAreOff() {
        ServerPolicy refuse = new ServerPolicy() {
            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return Reply.of(550, "5.1.1 no such user");
            }
        };
        SmtpServer s = afterEhlo(ServerConfig.defaults("mx.example.net").withEnhancedStatusCodes(false), refuse);
        s.receiveData("MAIL FROM:<a@example.org>\r\nRCPT TO:<x@example.net>\r\n".getBytes(StandardCharsets.US_ASCII));
        List<ServerEvent> out = drain(s);
        ServerEvent.RecipientRefused refused = (ServerEvent.RecipientRefused) out.get(out.size() - 2);
        ServerEvent.Send send = (ServerEvent.Send) out.get(out.size() - 1);
        assertThat(refused.reply()).isEqualTo(send.reply());
        assertThat(refused.reply().wireLines()).containsExactly("550 no such user");
    }

    @Test
    void aSecondMessageInOneSessionDoesNotCarryTheFirstMessagesRecipients() {
        SmtpServer s = afterEhlo();
        List<String> events = feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n"
                + "Subject: one\r\n\r\nfirst\r\n.\r\n"
                + "MAIL FROM:<z@example.org>\r\nRCPT TO:<c@example.net>\r\nDATA\r\nSubject: two\r\n\r\nsecond\r\n.\r\n");
        assertThat(events).containsExactly(
                "started <a@example.org> {}", "S: 250 2.1.0 Ok", "accepted b@example.net", "S: 250 2.1.5 Ok",
                "S: 354 End data with <CR><LF>.<CR><LF>", "data", "message <a@example.org> [b@example.net]",
                "S: 250 2.0.0 Ok", "reset end of message",
                "started <z@example.org> {}", "S: 250 2.1.0 Ok", "accepted c@example.net", "S: 250 2.1.5 Ok",
                "S: 354 End data with <CR><LF>.<CR><LF>", "data", "message <z@example.org> [c@example.net]",
                "S: 250 2.0.0 Ok", "reset end of message");
        assertThat(s.state()).isEqualTo(ServerState.READY);
        // after the reset, RCPT needs a new MAIL: the first transaction is gone
        assertThat(feed(s, "RCPT TO:<d@example.net>\r\n")).containsExactly("S: 503 5.5.1 Error: need MAIL command");
    }

    @Test
    void aMessageRefusedAfterItsDataStillEndsTheTransactionAfterTheFinalReply() {
        SmtpServer s = afterEhlo(ServerConfig.defaults("mx.example.net").withMaxMessageSize(100), ServerPolicy.acceptAll());
        assertThat(feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n" + "x".repeat(150)
                + "\r\n.\r\n")).endsWith("S: 354 End data with <CR><LF>.<CR><LF>", "data",
                "S: 552 5.3.4 Error: message file too big", "reset end of message");
    }

    @Test
    void aNewEhloOrHeloResetsBeforeItsReply() {
        SmtpServer s = afterEhlo();
        assertThat(feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nHELO c.example.org\r\n"))
                .endsWith("accepted b@example.net", "S: 250 2.1.5 Ok", "reset HELO", "S: 250 mx.example.net");
        assertThat(feed(s, "MAIL FROM:<a@example.org>\r\n" + EHLO))
                .containsExactly("started <a@example.org> {}", "S: 250 2.1.0 Ok", "reset EHLO", "S: 250-mx.example.net");
        assertThat(feed(s, EHLO)).as("no transaction open").containsExactly("S: 250-mx.example.net");
    }

    @Test
    void quitInATransactionAbortsItBeforeThe221() {
        SmtpServer s = afterEhlo();
        s.receiveData("MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        List<ServerEvent> out = drain(s);
        assertThat(show(out)).endsWith("reset QUIT", "S: 221 2.0.0 Bye", "close");
        ServerEvent.TransactionReset reset = out.stream().filter(e -> e instanceof ServerEvent.TransactionReset)
                .map(e -> (ServerEvent.TransactionReset) e).findFirst().orElseThrow();
        assertThat(reset.aborted()).isTrue();
        assertThat(new ServerEvent.TransactionReset(ServerEvent.TransactionReset.MESSAGE_END).aborted()).isFalse();
        assertThat(new ServerEvent.TransactionReset(ServerEvent.TransactionReset.RSET).aborted()).isFalse();
    }

    @Test
    void aConnectionLostInTheMiddleOfTheDataAbortsTheTransaction() {
        SmtpServer s = afterEhlo();
        feed(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\nSubject: cut\r\n");
        s.connectionClosed();
        assertThat(show(drain(s))).containsExactly("reset connection closed", "close");
        s.connectionClosed(); // again: nothing more to reset
        assertThat(show(drain(s))).containsExactly("close");
    }

    @Test
    void tooManyErrorsInATransactionResetItAfterThe421AndBeforeClose() {
        SmtpServer s = afterEhlo();
        List<String> events = feed(s, "MAIL FROM:<a@example.org>\r\n" + "FOO\r\n".repeat(SmtpServer.MAX_ERRORS));
        assertThat(events).endsWith("S: 421 4.7.0 mx.example.net Error: too many errors", "reset server closing",
                "close");
        assertThat(events.stream().filter(e -> e.startsWith("reset"))).hasSize(1);
    }

    @Test
    void everyStartedTransactionIsResetExactlyOnceInAPipelinedSession() {
        SmtpServer s = new SmtpServer(ServerConfig.defaults("mx.example.net"), ServerPolicy.acceptAll());
        s.start();
        List<String> events = feed(s, EHLO + "MAIL FROM:<a@example.org>\r\nRSET\r\nMAIL FROM:<a@example.org>\r\n"
                + "RCPT TO:<b@example.net>\r\nDATA\r\nhi\r\n.\r\nMAIL FROM:<a@example.org>\r\n" + EHLO
                + "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nQUIT\r\n");
        long started = events.stream().filter(e -> e.startsWith("started")).count();
        assertThat(started).isEqualTo(4);
        assertThat(events.stream().filter(e -> e.startsWith("reset")))
                .containsExactly("reset RSET", "reset end of message", "reset EHLO", "reset QUIT");
        // a reset never comes without a transaction open, and never twice for one
        boolean open = false;
        for (String e : events) {
            if (e.startsWith("started")) {
                assertThat(open).as("nested transaction").isFalse();
                open = true;
            } else if (e.startsWith("reset")) {
                assertThat(open).as("reset without a transaction").isTrue();
                open = false;
            }
        }
        assertThat(open).isFalse();
    }
}
