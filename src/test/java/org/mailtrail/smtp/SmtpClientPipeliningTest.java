package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** PIPELINING (RFC 2920) in the client: MAIL, RCPT and DATA as one group, replies matched in order. */
class SmtpClientPipeliningTest {

    private static SmtpClient client(String... recipients) {
        return new SmtpClient(new ClientConfig("client.example.org", TlsMode.OFF, false, null, true),
                new Envelope("alice@example.org", List.of(recipients)), SmtpClientTest.MESSAGE);
    }

    private static SmtpServer server(ServerPolicy policy) {
        return new SmtpServer(ServerConfig.defaults("mx.example.net"), policy);
    }

    @Test
    void theGroupGoesOutBeforeAnyReplyAndTheMessageArrivesIntact() {
        SmtpClient c = client("bob@example.net", "carol@example.net");
        Pump pump = new Pump(c, server(ServerPolicy.acceptAll()));
        Outcome o = pump.run();
        assertThat(o.allAccepted()).isTrue();
        List<String> t = pump.transcript;
        int data = t.indexOf("C: DATA");
        int firstReplyAfterEhlo = t.indexOf("S: 250 2.1.0 Ok");
        assertThat(data).isPositive().isLessThan(firstReplyAfterEhlo);
        assertThat(t.subList(t.indexOf("C: MAIL FROM:<alice@example.org> SIZE=" + c.messageSize()), data + 1))
                .containsExactly("C: MAIL FROM:<alice@example.org> SIZE=" + c.messageSize(),
                        "C: RCPT TO:<bob@example.net>", "C: RCPT TO:<carol@example.net>", "C: DATA");
        ServerEvent.MessageReceived m = pump.serverEvents.stream().filter(e -> e instanceof ServerEvent.MessageReceived)
                .map(e -> (ServerEvent.MessageReceived) e).findFirst().orElseThrow();
        assertThat(m.transaction().content()).isEqualTo(SmtpClientTest.MESSAGE);
    }

    @Test
    void aRefusedRecipientIsMatchedToItsOwnReply() {
        ServerPolicy noCarol = new ServerPolicy() {
            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return recipient.startsWith("carol") ? Reply.of(550, "5.1.1 <" + recipient + ">: unknown user")
                        : Reply.of(250, "2.1.5 Ok");
            }
        };
        Outcome o = new Pump(client("bob@example.net", "carol@example.net", "dave@example.net"), server(noCarol)).run();
        Map<String, RecipientStatus> r = o.recipients();
        assertThat(r.get("bob@example.net").result()).isEqualTo(Result.ACCEPTED);
        assertThat(r.get("carol@example.net").result()).isEqualTo(Result.PERMANENT);
        assertThat(r.get("carol@example.net").reply().code()).isEqualTo(550);
        assertThat(r.get("dave@example.net").result()).isEqualTo(Result.ACCEPTED);
    }

    @Test
    void whenNoRecipientIsAcceptedNoDataIsSent() {
        ServerPolicy nobody = new ServerPolicy() {
            @Override
            public Reply onRcpt(String reversePath, String recipient) {
                return Reply.of(450, "4.2.0 try later");
            }
        };
        Pump pump = new Pump(client("bob@example.net"), server(nobody));
        Outcome o = pump.run();
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(pump.clientEvents).noneMatch(e -> e instanceof ClientEvent.Send s && s.command() == null);
        assertThat(pump.transcript).contains("C: QUIT");
    }

    @Test
    void aRefusedMailFromDecidesEveryRecipientAfterTheWholeGroupIsRead() {
        ServerPolicy noAlice = new ServerPolicy() {
            @Override
            public Reply onMail(String reversePath, Map<String, String> params) {
                return Reply.of(553, "5.7.1 <" + reversePath + ">: sender rejected");
            }
        };
        Pump pump = new Pump(client("bob@example.net", "carol@example.net"), server(noAlice));
        Outcome o = pump.run();
        assertThat(o.recipients().values()).allMatch(s -> s.result() == Result.PERMANENT && s.reply().code() == 553);
        assertThat(o.summary()).contains("MAIL FROM refused");
        assertThat(pump.transcript).contains("C: QUIT").doesNotContain("== protocol error");
    }

    @Test
    void aServerThatTakesDataWithNobodyAcceptedGetsALoneDot() {
        SmtpClient c = client("bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n");
        Pump.feed(c, "250-mx\r\n250 PIPELINING\r\n");
        List<ClientEvent> ev = Pump.feed(c, "250 ok\r\n550 no\r\n354 go on\r\n");
        ClientEvent.Send last = (ClientEvent.Send) ev.stream().filter(e -> e instanceof ClientEvent.Send)
                .reduce((a, b) -> b).orElseThrow();
        assertThat(last.lines()).containsExactly(".");
        assertThat(new String(last.bytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(".\r\n");
        List<ClientEvent> after = Pump.feed(c, "554 no valid recipients\r\n");
        assertThat(after).anyMatch(e -> e instanceof ClientEvent.Send s && s.command() != null
                && s.command().verb().equals("QUIT"));
    }

    @Test
    void withoutPipeliningOfferedTheClientWaitsForEachReply() {
        SmtpClient c = client("bob@example.net");
        Pump.feed(c, "220 mx ESMTP\r\n");
        List<ClientEvent> ev = Pump.feed(c, "250-mx\r\n250 SIZE 100000\r\n");
        assertThat(ev.stream().filter(e -> e instanceof ClientEvent.Send)).hasSize(1);
        assertThat(c.state()).isEqualTo(ClientState.MAIL_SENT);
    }
}
