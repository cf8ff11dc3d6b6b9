package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AUTH replies no scenario sends (issue 16, second round): a 334 to PLAIN's initial response, a second 334 after the
 * credentials, a 250 to AUTH.
 */
class SmtpClientAuthRepliesTest {

    private static SmtpClient authSent() {
        SmtpClient c = new SmtpClient(new ClientConfig("client.example.org", TlsMode.OFF, true,
                new Credentials("alice", "s3cret")),
                new Envelope("alice@example.org", List.of("bob@example.net")), SmtpClientTest.MESSAGE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250-mx.example.net\r\n250 AUTH PLAIN\r\n");
        assertThat(c.state()).isEqualTo(ClientState.AUTH_SENT);
        return c;
    }

    private static String protocolError(List<ClientEvent> events) {
        return events.stream().filter(e -> e instanceof ClientEvent.ProtocolError)
                .map(e -> ((ClientEvent.ProtocolError) e).message()).findFirst().orElseThrow();
    }

    @Test
    void aChallengeToPlainGetsTheCredentialsAgainAndASecondOneIsAProtocolError() {
        SmtpClient c = authSent();
        List<ClientEvent> answer = Pump.feed(c, "334 \r\n");
        ClientEvent.Send send = answer.stream().filter(e -> e instanceof ClientEvent.Send)
                .map(e -> (ClientEvent.Send) e).reduce((a, b) -> b).orElseThrow();
        String plain = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(send.bytes(), StandardCharsets.US_ASCII)).isEqualTo(plain + "\r\n");
        assertThat(c.state()).isEqualTo(ClientState.AUTH_PASSWORD_SENT);
        List<ClientEvent> again = Pump.feed(c, "334 \r\n");
        assertThat(protocolError(again)).contains("expected 235 after the credentials");
        assertThat(again).last().isInstanceOf(ClientEvent.Finished.class);
    }

    @Test
    void aPositiveReplyOtherThan235IsAProtocolError() {
        SmtpClient c = authSent();
        List<ClientEvent> events = Pump.feed(c, "250 2.0.0 fine\r\n");
        assertThat(protocolError(events)).contains("expected 235 or 334 to AUTH");
        assertThat(c.authenticated()).isFalse();
    }
}
