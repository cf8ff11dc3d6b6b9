package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's limits at their exact edges, and what a transaction carries from one message to the next. */
class SmtpServerBoundariesTest extends ServerDriver {

    private List<Transaction> received() {
        return events.stream().filter(e -> e instanceof ServerEvent.MessageReceived)
                .map(e -> ((ServerEvent.MessageReceived) e).transaction()).toList();
    }

    @Test
    void theSecondMessageOfASessionGoesOnlyToItsOwnRecipients() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        send(s, "EHLO client.example.org\r\n");
        send(s, "MAIL FROM:<alice@example.org>\r\nRCPT TO:<bob@example.net>\r\nDATA\r\n");
        assertThat(send(s, "first\r\n.\r\n")).singleElement().asString().startsWith("250");
        assertThat(send(s, "MAIL FROM:<carol@example.org>\r\n")).singleElement().asString().startsWith("250");
        send(s, "RCPT TO:<dave@example.net>\r\nDATA\r\n");
        assertThat(send(s, "second\r\n.\r\n")).singleElement().asString().startsWith("250");

        List<Transaction> messages = received();
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).recipients()).containsExactly("bob@example.net");
        assertThat(messages.get(1).reversePath()).isEqualTo("carol@example.org");
        assertThat(messages.get(1).recipients()).containsExactly("dave@example.net");
        assertThat(new String(messages.get(1).content(), StandardCharsets.US_ASCII)).isEqualTo("second\r\n");
        assertThat(events).filteredOn(e -> e instanceof ServerEvent.TransactionReset)
                .containsExactly(new ServerEvent.TransactionReset(ServerEvent.TransactionReset.MESSAGE_END),
                        new ServerEvent.TransactionReset(ServerEvent.TransactionReset.MESSAGE_END));
    }

    @Test
    void afterAMessageDataWithoutANewTransactionIsASequenceError() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        send(s, "EHLO client.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
        send(s, "x\r\n.\r\n");
        assertThat(s.state()).isEqualTo(ServerState.READY);
        assertThat(send(s, "RCPT TO:<c@example.net>\r\n")).singleElement().asString().startsWith("503");
        assertThat(send(s, "DATA\r\n")).singleElement().asString().startsWith("503");
    }

    /** A body of exactly {@code octets} octets as the server stores it (CRLF line ends included). */
    private static String body(int octets) {
        StringBuilder b = new StringBuilder();
        while (octets - b.length() > 60) {
            b.append("x".repeat(58)).append("\r\n");
        }
        int rest = octets - b.length();
        b.append("y".repeat(rest - 2)).append("\r\n");
        assertThat(b.length()).isEqualTo(octets);
        return b.toString();
    }

    private List<String> message(long max, int octets) {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withMaxMessageSize(max));
        send(s, "EHLO client.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
        return send(s, body(octets) + ".\r\n");
    }

    @Test
    void aMessageOfExactlyTheSizeLimitIsAcceptedAndOneOctetMoreIsRefused() {
        assertThat(message(200, 200)).singleElement().asString().startsWith("250");
        assertThat(received()).singleElement().extracting(t -> t.content().length).isEqualTo(200);
        events.clear();
        assertThat(message(200, 201)).containsExactly("552 5.3.4 Error: message file too big");
        assertThat(received()).isEmpty();
    }

    @Test
    void aDeclaredSizeAtTheLimitIsAcceptedAndOneOverIsRefused() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withMaxMessageSize(1000));
        send(s, "EHLO client.example.org\r\n");
        assertThat(send(s, "MAIL FROM:<a@example.org> SIZE=1001\r\n")).singleElement().asString().startsWith("552");
        assertThat(s.state()).isEqualTo(ServerState.READY);
        assertThat(s.errorCount()).as("too big is no client error").isZero();
        assertThat(send(s, "MAIL FROM:<a@example.org> SIZE=1000\r\n")).singleElement().asString().startsWith("250");
        assertThat(s.state()).isEqualTo(ServerState.MAIL);
    }

    /** A NOOP command line (its argument is ignored, RFC 5321 §4.1.1.9) of exactly {@code octets} octets incl. CRLF. */
    private static String noopLine(int octets) {
        String line = "NOOP " + "a".repeat(octets - 2 - 5);
        assertThat(line.length() + 2).isEqualTo(octets);
        return line + "\r\n";
    }

    @Test
    void aCommandLineOfExactly512OctetsIsTakenAnd513AreTooLong() {
        // RFC 5321 §4.5.3.1.4: 512 octets including the CRLF
        SmtpServer s = started(ServerConfig.defaults("mx.example.net"));
        send(s, "EHLO client.example.org\r\n");
        assertThat(send(s, noopLine(513))).containsExactly("500 5.5.0 Error: line too long");
        assertThat(s.errorCount()).isEqualTo(1);
        assertThat(send(s, noopLine(512))).singleElement().asString().startsWith("250");
        assertThat(s.errorCount()).isEqualTo(1);
    }

    @Test
    void theParserDrawsTheSameLine() {
        String ok = noopLine(512);
        String tooLong = noopLine(513);
        assertThat(Command.parse(ok.substring(0, ok.length() - 2))).isInstanceOf(CommandParse.Ok.class);
        assertThat(Command.parse(tooLong.substring(0, tooLong.length() - 2))).isInstanceOf(CommandParse.Error.class);
    }
}
