package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH PLAIN and LOGIN (RFC 4954, RFC 4616) in the client, against scripted server replies. */
class SmtpClientAuthTest {

    private static final Credentials ALICE = new Credentials("alice", "s3cret");

    private static SmtpClient client(TlsMode tls, boolean tlsActive, Credentials credentials) {
        return new SmtpClient(new ClientConfig("client.example.org", tls, tlsActive, credentials),
                new Envelope("alice@example.org", List.of("bob@example.net")), SmtpClientTest.MESSAGE);
    }

    private static ClientEvent.Send lastSend(List<ClientEvent> events) {
        ClientEvent.Send last = null;
        for (ClientEvent e : events) {
            if (e instanceof ClientEvent.Send s) {
                last = s;
            }
        }
        return last;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plainSendsTheInitialResponseAndGoesOnToMailAfter235() {
        SmtpClient c = client(TlsMode.OFF, true, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        ClientEvent.Send auth = lastSend(Pump.feed(c, "250-mx.example.net\r\n250 AUTH LOGIN PLAIN\r\n"));
        assertThat(auth.command()).isEqualTo(Command.auth("PLAIN", b64("\0alice\0s3cret")));
        assertThat(auth.secret()).isTrue();
        assertThat(c.state()).isEqualTo(ClientState.AUTH_SENT);
        ClientEvent.Send mail = lastSend(Pump.feed(c, "235 2.7.0 Authentication successful\r\n"));
        assertThat(mail.command().verb()).isEqualTo("MAIL");
        assertThat(mail.secret()).isFalse();
        assertThat(c.authenticated()).isTrue();
    }

    @Test
    void loginAnswersBothChallengesAsContinuationLines() {
        SmtpClient c = client(TlsMode.OFF, true, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        ClientEvent.Send auth = lastSend(Pump.feed(c, "250-mx.example.net\r\n250 AUTH LOGIN\r\n"));
        assertThat(auth.command()).isEqualTo(Command.auth("LOGIN", null));
        ClientEvent.Send user = lastSend(Pump.feed(c, "334 VXNlcm5hbWU6\r\n"));
        assertThat(user.command()).isNull();
        assertThat(user.authResponse()).isTrue();
        assertThat(user.secret()).isTrue();
        assertThat(user.lines()).containsExactly(b64("alice"));
        assertThat(new String(user.bytes(), StandardCharsets.US_ASCII)).isEqualTo(b64("alice") + "\r\n");
        ClientEvent.Send password = lastSend(Pump.feed(c, "334 UGFzc3dvcmQ6\r\n"));
        assertThat(password.lines()).containsExactly(b64("s3cret"));
        assertThat(c.state()).isEqualTo(ClientState.AUTH_PASSWORD_SENT);
        ClientEvent.Send mail = lastSend(Pump.feed(c, "235 2.7.0 ok\r\n"));
        assertThat(mail.command().verb()).isEqualTo("MAIL");
    }

    @Test
    void credentialsAreNeverSentWithoutTls() {
        SmtpClient c = client(TlsMode.AUTO, false, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        List<ClientEvent> events = Pump.feed(c, "250-mx.example.net\r\n250 AUTH PLAIN LOGIN\r\n");
        ClientEvent.Send sent = lastSend(events);
        assertThat(sent.command()).isEqualTo(Command.quit());
        assertThat(events).noneMatch(e -> e instanceof ClientEvent.Send s && s.secret());
        Pump.feed(c, "221 bye\r\n");
        Outcome o = c.outcome().orElseThrow();
        // not the server's refusal: a local problem, nothing was sent
        assertThat(o.recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
        assertThat(c.securityFailed()).isTrue();
        assertThat(o.summary()).contains("only sent over TLS");
    }

    @Test
    void aRefusedStarttlsInAutoModeStillKeepsTheCredentials() {
        SmtpClient c = client(TlsMode.AUTO, false, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250-mx.example.net\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n");
        List<ClientEvent> events = Pump.feed(c, "454 4.7.0 TLS not available\r\n");
        assertThat(lastSend(events).command()).isEqualTo(Command.quit());
        assertThat(events).noneMatch(e -> e instanceof ClientEvent.Send s && s.secret());
    }

    @Test
    void rejectedCredentialsArePermanentAndEndTheSession() {
        SmtpClient c = client(TlsMode.OFF, true, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250-mx.example.net\r\n250 AUTH PLAIN\r\n");
        ClientEvent.Send quit = lastSend(Pump.feed(c, "535 5.7.8 Authentication credentials invalid\r\n"));
        assertThat(quit.command()).isEqualTo(Command.quit());
        Pump.feed(c, "221 bye\r\n");
        assertThat(c.outcome().orElseThrow().recipients().get("bob@example.net").result()).isEqualTo(Result.PERMANENT);
        assertThat(c.outcome().orElseThrow().summary()).contains("authentication failed");
        assertThat(c.securityFailed()).isFalse();
    }

    @Test
    void aTemporaryAuthFailureIsTransient() {
        SmtpClient c = client(TlsMode.OFF, true, ALICE);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        Pump.feed(c, "250-mx.example.net\r\n250 AUTH PLAIN\r\n");
        Pump.feed(c, "454 4.7.0 Temporary authentication failure\r\n");
        Pump.feed(c, "221 bye\r\n");
        assertThat(c.outcome().orElseThrow().recipients().get("bob@example.net").result()).isEqualTo(Result.TRANSIENT);
    }

    @Test
    void serverWithoutAuthOrWithoutACommonMechanismGetsNoCredentials() {
        SmtpClient none = client(TlsMode.OFF, true, ALICE);
        Pump.feed(none, "220 mx.example.net ESMTP\r\n");
        assertThat(lastSend(Pump.feed(none, "250-mx.example.net\r\n250 SIZE 1000\r\n")).command()).isEqualTo(Command.quit());
        SmtpClient other = client(TlsMode.OFF, true, ALICE);
        Pump.feed(other, "220 mx.example.net ESMTP\r\n");
        assertThat(lastSend(Pump.feed(other, "250-mx.example.net\r\n250 AUTH CRAM-MD5 XOAUTH2\r\n")).command())
                .isEqualTo(Command.quit());
        Pump.feed(other, "221 bye\r\n");
        assertThat(other.outcome().orElseThrow().summary()).contains("no common AUTH mechanism", "CRAM-MD5");
    }

    @Test
    void withoutCredentialsNoAuthIsSentEvenWhenOffered() {
        SmtpClient c = client(TlsMode.OFF, true, null);
        Pump.feed(c, "220 mx.example.net ESMTP\r\n");
        assertThat(lastSend(Pump.feed(c, "250-mx.example.net\r\n250 AUTH PLAIN\r\n")).command().verb()).isEqualTo("MAIL");
    }

    @Test
    void credentialsHideThePasswordAndRefuseNul() {
        assertThat(ALICE.toString()).doesNotContain("s3cret");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Credentials("a\0b", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL");
    }
}
