package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmtpServerTest extends ServerDriver {

    @Test
    void greetingAndDefaultEhloReply() {
        SmtpServer s = new SmtpServer(ServerConfig.defaults("mx.example.net"), ServerPolicy.acceptAll());
        assertThat(s.state()).isEqualTo(ServerState.GREETING);
        s.start();
        assertThat(replyLines(drain(s))).containsExactly("220 mx.example.net ESMTP Mail Trail");
        assertThat(send(s, "EHLO client.example.org\r\n")).containsExactly("250-mx.example.net", "250-PIPELINING",
                "250-SIZE 10485760", "250-ENHANCEDSTATUSCODES", "250 8BITMIME");
        assertThat(send(s, "HELO client.example.org\r\n")).containsExactly("250 mx.example.net");
        assertThat(s.state()).isEqualTo(ServerState.READY);
    }

    @Test
    void smtpUtf8IsListedOnlyWhenConfiguredAndItsParameterOnlyTakenThen() {
        // a real receiver does not list SMTPUTF8: non-ASCII addresses are not supported
        SmtpServer plain = started();
        send(plain, "EHLO client.example.org\r\n");
        assertThat(send(plain, "MAIL FROM:<a@example.org> SMTPUTF8\r\n")).singleElement().asString().startsWith("555");
        // the simulated Postfix-like servers list it, as Postfix does
        SmtpServer listed = started(ServerConfig.defaults("mx.example.net").withSmtpUtf8Listed(true));
        assertThat(send(listed, "EHLO client.example.org\r\n")).contains("250 SMTPUTF8");
        assertThat(send(listed, "MAIL FROM:<a@example.org> SMTPUTF8\r\n")).singleElement().asString().startsWith("250");
    }

    @Test
    void onlyTheParametersTheEhloReplyAdvertisedAreTaken() {
        SmtpServer s = started();
        assertThat(send(s, "EHLO client.example.org\r\n")).contains("250-SIZE 10485760", "250 8BITMIME")
                .noneMatch(l -> l.contains("DSN") || l.contains("BINARYMIME") || l.contains("AUTH"));
        // RFC 5321 §4.1.1.11: a parameter not recognised, or whose extension was not advertised, is 555
        assertThat(send(s, "MAIL FROM:<a@x.test> BODY=BINARYMIME\r\n"))
                .containsExactly("555 5.5.4 Unsupported option: BODY=BINARYMIME");
        assertThat(send(s, "MAIL FROM:<a@x.test> AUTH=<>\r\n")).containsExactly("555 5.5.4 Unsupported option: AUTH");
        assertThat(send(s, "MAIL FROM:<a@x.test> RET=HDRS\r\n")).containsExactly("555 5.5.4 Unsupported option: RET");
        assertThat(send(s, "MAIL FROM:<a@x.test> SIZE=100 BODY=8bitmime\r\n")).containsExactly("250 2.1.0 Ok");
        assertThat(send(s, "RCPT TO:<bob@example.test> NOTIFY=NEVER\r\n"))
                .containsExactly("555 5.5.4 Unsupported option: NOTIFY");
        assertThat(send(s, "RCPT TO:<bob@example.test> FOO=bar\r\n")).containsExactly("555 5.5.4 Unsupported option: FOO");
        assertThat(send(s, "RCPT TO:<bob@example.test> ORCPT=rfc822;bob@example.test\r\n")).singleElement().asString()
                .startsWith("555 5.5.4");
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.RecipientAccepted);
        assertThat(send(s, "RCPT TO:<bob@example.test>\r\n")).containsExactly("250 2.1.5 Ok");
        assertThat(send(s, "RSET\r\nMAIL FROM:<a@x.test> BODY=7BIT\r\n")).containsExactly("250 2.0.0 Ok", "250 2.1.0 Ok");
        // after HELO no extension was advertised at all
        assertThat(send(s, "HELO client.example.org\r\nMAIL FROM:<a@x.test> BODY=8BITMIME\r\n"))
                .containsExactly("250 mx.example.net", "555 5.5.4 Unsupported option: BODY");
    }

    @Test
    void authOnMailIsTakenOnlyWhenAuthIsAdvertised() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withAuth(List.of("PLAIN"), false));
        assertThat(send(s, "EHLO client.example.org\r\n")).contains("250-AUTH PLAIN");
        assertThat(send(s, "MAIL FROM:<a@x.test> AUTH=<>\r\n")).containsExactly("250 2.1.0 Ok");
    }

    @Test
    void sequenceErrors() {
        SmtpServer s = started();
        assertThat(send(s, "MAIL FROM:<a@example.org>\r\n")).containsExactly("503 5.5.1 Error: send HELO/EHLO first");
        send(s, "EHLO c.example.org\r\n");
        assertThat(send(s, "RCPT TO:<b@example.net>\r\n")).containsExactly("503 5.5.1 Error: need MAIL command");
        assertThat(send(s, "DATA\r\n")).containsExactly("503 5.5.1 Error: need RCPT command");
        assertThat(send(s, "MAIL FROM:<a@example.org>\r\n")).containsExactly("250 2.1.0 Ok");
        assertThat(send(s, "MAIL FROM:<a@example.org>\r\n")).containsExactly("503 5.5.1 Error: nested MAIL command");
        assertThat(send(s, "DATA\r\n")).containsExactly("554 5.5.1 Error: no valid recipients");
        assertThat(s.errorCount()).isEqualTo(5);
    }

    @Test
    void syntaxErrorsAndHarmlessCommands() {
        SmtpServer s = started();
        assertThat(send(s, "BOGUS\r\n")).containsExactly("500 5.5.2 Error: command not recognized");
        assertThat(send(s, "EHLO\r\n")).containsExactly("501 5.5.4 Syntax: EHLO hostname");
        assertThat(send(s, "NOOP\r\n")).containsExactly("250 2.0.0 Ok");
        assertThat(send(s, "VRFY bob\r\n")).first().asString().startsWith("252 2.0.0");
        assertThat(send(s, "HELP\r\n")).first().asString().startsWith("214 ");
        assertThat(send(s, "STARTTLS\r\n")).containsExactly("502 5.5.1 Error: command not implemented");
        assertThat(send(s, "EHLO c.example.org\r\nMAIL FROM:<a@example.org> FOO=1\r\n"))
                .last().isEqualTo("555 5.5.4 Unsupported option: FOO");
    }

    @Test
    void rsetClearsTheTransaction() {
        SmtpServer s = started();
        send(s, "EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n");
        assertThat(s.state()).isEqualTo(ServerState.RCPT);
        assertThat(send(s, "RSET\r\n")).containsExactly("250 2.0.0 Ok");
        assertThat(s.state()).isEqualTo(ServerState.READY);
        assertThat(send(s, "DATA\r\n")).containsExactly("503 5.5.1 Error: need RCPT command");
    }

    @Test
    void tooManyRecipientsGets452AtTheHundredAndFirst() {
        SmtpServer s = started();
        StringBuilder sb = new StringBuilder("EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\n");
        for (int i = 1; i <= 101; i++) {
            sb.append("RCPT TO:<r").append(i).append("@example.net>\r\n");
        }
        List<String> replies = send(s, sb.toString());
        assertThat(replies).hasSize(5 + 1 + 101); // EHLO reply of 5 lines, MAIL, RCPTs
        assertThat(replies.subList(6, 106)).allMatch(l -> l.equals("250 2.1.5 Ok"));
        assertThat(replies.get(106)).isEqualTo("452 4.5.3 Error: too many recipients");
    }

    @Test
    void sizeParameterOverTheLimitIsRefused() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withMaxMessageSize(1000));
        send(s, "EHLO c.example.org\r\n");
        assertThat(send(s, "MAIL FROM:<a@example.org> SIZE=1001\r\n"))
                .containsExactly("552 5.3.4 Message size exceeds fixed limit");
        assertThat(send(s, "MAIL FROM:<a@example.org> SIZE=1000\r\n")).containsExactly("250 2.1.0 Ok");
    }

    @Test
    void messageOverTheLimitIsRefusedAfterData() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withMaxMessageSize(100));
        send(s, "EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
        List<ServerEvent> out = new ArrayList<>();
        s.receiveData(("x".repeat(80) + "\r\n" + "y".repeat(80) + "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII));
        out.addAll(drain(s));
        assertThat(replyLines(out)).containsExactly("552 5.3.4 Error: message file too big");
        assertThat(out).noneMatch(e -> e instanceof ServerEvent.MessageReceived);
        assertThat(s.state()).isEqualTo(ServerState.READY);
    }

    @Test
    void overlongTextLineInDataIsRefusedWith554() {
        SmtpServer s = started();
        send(s, "EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nDATA\r\n");
        assertThat(send(s, "x".repeat(999) + "\r\n.\r\n")).singleElement().asString().startsWith("554 5.6.0");
    }

    @Test
    void pipelinedCommandsInOneChunkAreAnsweredInOrder() {
        SmtpServer s = started();
        s.receiveData(("EHLO c.example.org\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\n"
                + "RCPT TO:<c@example.net>\r\nDATA\r\nSubject: hi\r\n\r\n..x\r\n.\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
        List<ServerEvent> out = drain(s);
        List<Integer> codes = new ArrayList<>();
        ServerEvent.MessageReceived message = null;
        int messageIndex = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) instanceof ServerEvent.Send) {
                codes.add(((ServerEvent.Send) out.get(i)).reply().code());
            } else if (out.get(i) instanceof ServerEvent.MessageReceived) {
                message = (ServerEvent.MessageReceived) out.get(i);
                messageIndex = i;
            }
        }
        assertThat(codes).containsExactly(250, 250, 250, 250, 354, 250, 221);
        assertThat(out.get(out.size() - 1)).isInstanceOf(ServerEvent.Close.class);
        assertThat(message).isNotNull();
        assertThat(out.get(messageIndex + 1)).isInstanceOf(ServerEvent.Send.class);
        assertThat(out.get(messageIndex - 1)).isEqualTo(new ServerEvent.DataReceived(List.of("Subject: hi", "", "..x", ".")));
        Transaction t = message.transaction();
        assertThat(t.heloName()).isEqualTo("c.example.org");
        assertThat(t.esmtp()).isTrue();
        assertThat(t.reversePath()).isEqualTo("a@example.org");
        assertThat(t.recipients()).containsExactly("b@example.net", "c@example.net");
        assertThat(new String(t.content(), StandardCharsets.US_ASCII)).isEqualTo("Subject: hi\r\n\r\n.x\r\n");
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void afterTwentyErrorsTheServerSays421AndCloses() {
        SmtpServer s = started();
        List<String> replies = send(s, "FOO\r\n".repeat(25));
        assertThat(replies).hasSize(21);
        assertThat(replies.subList(0, 20)).allMatch(l -> l.startsWith("500 5.5.2"));
        assertThat(replies.get(20)).isEqualTo("421 4.7.0 mx.example.net Error: too many errors");
        assertThat(events.get(events.size() - 1)).isInstanceOf(ServerEvent.Close.class);
        assertThat(s.state()).isEqualTo(ServerState.CLOSED);
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void commandLineTooLongGets500AndHugeLinesStayBounded() {
        SmtpServer s = started();
        assertThat(send(s, "NOOP " + "x".repeat(600) + "\r\n")).containsExactly("500 5.5.0 Error: line too long");
        byte[] chunk = new byte[1 << 20];
        Arrays.fill(chunk, (byte) 'z');
        for (int i = 0; i < 10; i++) {
            s.receiveData(chunk);
            assertThat(drain(s)).isEmpty();
        }
        assertThat(send(s, "\r\nNOOP\r\n")).containsExactly("500 5.5.0 Error: line too long", "250 2.0.0 Ok");
    }

    @Test
    void enhancedStatusCodesAreStrippedWhenDisabled() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withEnhancedStatusCodes(false));
        List<String> ehlo = send(s, "EHLO c.example.org\r\n");
        assertThat(ehlo).doesNotContain("250-ENHANCEDSTATUSCODES");
        assertThat(send(s, "MAIL FROM:<a@example.org>\r\n")).containsExactly("250 Ok");
        assertThat(send(s, "QUIT\r\n")).containsExactly("221 Bye");
    }

    @Test
    void starttlsResetsTheSessionAndDropsPipelinedCleartext() {
        SmtpServer s = started(ServerConfig.defaults("mx.example.net").withStartTls(true));
        assertThat(send(s, "EHLO c.example.org\r\n")).contains("250-STARTTLS");
        s.receiveData("STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n".getBytes(StandardCharsets.US_ASCII));
        List<ServerEvent> out = drain(s);
        assertThat(replyLines(out)).containsExactly("220 2.0.0 Ready to start TLS");
        assertThat(out.get(out.size() - 1)).isInstanceOf(ServerEvent.StartTls.class);
        assertThat(s.state()).isEqualTo(ServerState.TLS_HANDSHAKE);
        assertThatThrownBy(() -> s.receiveData(new byte[] {'x'})).isInstanceOf(IllegalStateException.class);
        s.tlsEstablished();
        assertThat(s.tlsActive()).isTrue();
        assertThat(send(s, "MAIL FROM:<a@example.org>\r\n")).containsExactly("503 5.5.1 Error: send HELO/EHLO first");
        assertThat(send(s, "EHLO c.example.org\r\n")).doesNotContain("250-STARTTLS");
        assertThat(send(s, "STARTTLS\r\n")).containsExactly("502 5.5.1 Error: command not implemented");
    }

    @Test
    void rejectingGreetingAnswers503UntilQuit() {
        ServerPolicy noService = new ServerPolicy() {
            @Override
            public Reply onConnect() {
                return Reply.of(554, "5.3.2 mx.example.net No SMTP service here");
            }
        };
        SmtpServer s = new SmtpServer(ServerConfig.defaults("mx.example.net"), noService);
        s.start();
        assertThat(replyLines(drain(s))).containsExactly("554 5.3.2 mx.example.net No SMTP service here");
        assertThat(send(s, "EHLO c.example.org\r\n")).containsExactly("503 5.5.1 Error: no SMTP service here");
        assertThat(send(s, "QUIT\r\n")).containsExactly("221 2.0.0 Bye");
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void illegalCallsThrow() {
        SmtpServer s = new SmtpServer(ServerConfig.defaults("mx.example.net"), ServerPolicy.acceptAll());
        assertThatThrownBy(() -> s.receiveData(new byte[0])).isInstanceOf(IllegalStateException.class);
        s.start();
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::tlsEstablished).isInstanceOf(IllegalStateException.class);
        s.connectionClosed();
        assertThat(s.isClosed()).isTrue();
    }

    @Test
    void configRefusesCrLf() {
        assertThatThrownBy(() -> ServerConfig.defaults("mx.example.net\r\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ehloWithAControlOrNonAsciiByteIsASyntaxErrorAndHelpListsOnlyWhatIsOffered() {
        SmtpServer s = started();
        assertThat(send(s, "EHLO a\u0000b.test\r\n")).singleElement().asString().startsWith("501 5.5.2");
        assertThat(send(s, "EHLO caf\u00e9.test\r\n")).singleElement().asString().startsWith("501 5.5.2");
        assertThat(s.state()).isNotEqualTo(ServerState.READY);
        assertThat(send(s, "HELP\r\n")).singleElement().asString().doesNotContain("STARTTLS");
        assertThat(send(s, "EHLO client.example.org\r\n")).first().asString().isEqualTo("250-mx.example.net");
    }
}
