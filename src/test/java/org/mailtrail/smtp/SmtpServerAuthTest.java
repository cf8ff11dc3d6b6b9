package org.mailtrail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** AUTH in {@link SmtpServer} (RFC 4954, RFC 4616): success, each refusal, EHLO listing, hidden answers to challenges. */
class SmtpServerAuthTest extends ServerDriver {

    private static final ServerPolicy ALICE = new ServerPolicy() {
        @Override
        public Reply onAuth(String user, String password) {
            return user.equals("alice@example.org") && password.equals("mailtrail") ? null
                    : Reply.of(535, "5.7.8 Error: authentication failed");
        }
    };

    private static ServerConfig config(boolean requireTls) {
        return ServerConfig.defaults("mail.example.org").withStartTls(true).withAuth(ServerConfig.AUTH_MECHANISMS,
                requireTls);
    }

    /** A session after STARTTLS and a second EHLO. */
    private SmtpServer afterTls() {
        SmtpServer s = started(config(true), ALICE);
        send(s, "EHLO laptop\r\n");
        assertThat(send(s, "STARTTLS\r\n")).containsExactly("220 2.0.0 Ready to start TLS");
        drain(s);
        s.tlsEstablished();
        assertThat(send(s, "EHLO laptop\r\n")).contains("250-AUTH PLAIN LOGIN");
        events.clear();
        return s;
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String plain(String user, String password) {
        return b64("\0" + user + "\0" + password);
    }

    private List<String> shownLines() {
        List<String> out = new ArrayList<>();
        for (ServerEvent e : events) {
            if (e instanceof ServerEvent.CommandReceived c) {
                out.add(c.line());
            }
        }
        return out;
    }

    @Test
    void plainWithInitialResponseSucceedsEmitsAuthenticatedAndHidesTheResponse() {
        SmtpServer s = afterTls();
        String response = plain("alice@example.org", "mailtrail");
        assertThat(send(s, "AUTH PLAIN " + response + "\r\n")).containsExactly("235 2.7.0 Authentication successful");
        assertThat(events).contains(new ServerEvent.Authenticated("alice@example.org"));
        assertThat(s.authenticatedUser()).isEqualTo("alice@example.org");
        // the AUTH command comes as it is, with its parsed command: the transport hides the initial response
        assertThat(shownLines()).containsExactly("AUTH PLAIN " + response);
        assertThat(s.errorCount()).isZero();
        assertThat(send(s, "MAIL FROM:<alice@example.org>\r\n")).containsExactly("250 2.1.0 Ok");
    }

    @Test
    void plainWithoutInitialResponseGetsAnEmptyChallenge() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH PLAIN\r\n")).containsExactly("334 ");
        assertThat(send(s, plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("235 2.7.0 Authentication successful");
        assertThat(shownLines()).containsExactly("AUTH PLAIN", "********");
    }

    @Test
    void plainWithMatchingAuthzidSucceedsAndOtherAuthzidFails() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH PLAIN " + b64("bob@example.org\0alice@example.org\0mailtrail") + "\r\n"))
                .containsExactly("535 5.7.8 Error: authentication failed");
        assertThat(send(s, "AUTH PLAIN " + b64("alice@example.org\0alice@example.org\0mailtrail") + "\r\n"))
                .containsExactly("235 2.7.0 Authentication successful");
    }

    @Test
    void loginAsksForUserAndPassword() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH LOGIN\r\n")).containsExactly("334 VXNlcm5hbWU6");
        assertThat(send(s, b64("alice@example.org") + "\r\n")).containsExactly("334 UGFzc3dvcmQ6");
        assertThat(send(s, b64("mailtrail") + "\r\n")).containsExactly("235 2.7.0 Authentication successful");
        assertThat(events).contains(new ServerEvent.Authenticated("alice@example.org"));
        assertThat(shownLines()).containsExactly("AUTH LOGIN", "********", "********");
        assertThat(events.toString()).doesNotContain(b64("alice@example.org")).doesNotContain(b64("mailtrail"));
    }

    @Test
    void loginWithInitialUserAndLowerCaseMechanism() {
        SmtpServer s = afterTls();
        assertThat(send(s, "auth login " + b64("alice@example.org") + "\r\n")).containsExactly("334 UGFzc3dvcmQ6");
        assertThat(send(s, b64("mailtrail") + "\r\n")).containsExactly("235 2.7.0 Authentication successful");
    }

    @Test
    void wrongPasswordIs535AndCountsAsAnErrorAndAllowsAnotherTry() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "wrong") + "\r\n"))
                .containsExactly("535 5.7.8 Error: authentication failed");
        assertThat(events).noneMatch(e -> e instanceof ServerEvent.Authenticated);
        assertThat(s.authenticatedUser()).isNull();
        assertThat(s.errorCount()).isEqualTo(1);
        assertThat(send(s, "AUTH LOGIN\r\n")).containsExactly("334 VXNlcm5hbWU6");
        assertThat(send(s, b64("alice@example.org") + "\r\n")).containsExactly("334 UGFzc3dvcmQ6");
        assertThat(send(s, b64("nope") + "\r\n")).containsExactly("535 5.7.8 Error: authentication failed");
    }

    @Test
    void starCancelsTheExchange() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH LOGIN\r\n")).containsExactly("334 VXNlcm5hbWU6");
        assertThat(send(s, "*\r\n")).containsExactly("501 5.7.0 Authentication aborted");
        // the next line is a command again
        assertThat(send(s, "NOOP\r\n")).containsExactly("250 2.0.0 Ok");
    }

    @Test
    void badBase64Is501() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH PLAIN\r\n")).containsExactly("334 ");
        assertThat(send(s, "!!not base64!!\r\n")).containsExactly("501 5.5.2 Cannot decode response");
        assertThat(send(s, "AUTH PLAIN @@@\r\n")).containsExactly("501 5.5.2 Cannot decode response");
        assertThat(send(s, "NOOP\r\n")).containsExactly("250 2.0.0 Ok");
    }

    @Test
    void authBeforeEhloIs503() {
        SmtpServer s = started(config(false), ALICE);
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("503 5.5.1 Error: send EHLO first");
        send(s, "HELO laptop\r\n");
        assertThat(send(s, "AUTH PLAIN\r\n")).containsExactly("503 5.5.1 Error: send EHLO first");
    }

    @Test
    void authTwiceIs503() {
        SmtpServer s = afterTls();
        send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n");
        assertThat(send(s, "AUTH LOGIN\r\n")).containsExactly("503 5.5.1 Error: already authenticated");
    }

    @Test
    void authDuringTransactionIs503() {
        SmtpServer s = afterTls();
        send(s, "MAIL FROM:<alice@example.org>\r\n");
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("503 5.5.1 Error: MAIL transaction in progress");
        assertThat(s.authenticatedUser()).isNull();
    }

    @Test
    void unknownMechanismIs504() {
        SmtpServer s = afterTls();
        assertThat(send(s, "AUTH CRAM-MD5\r\n")).containsExactly("504 5.5.4 Unrecognized authentication type");
        assertThat(send(s, "NOOP\r\n")).containsExactly("250 2.0.0 Ok");
    }

    @Test
    void beforeTlsWhenRequiredIs538AndNotListed() {
        SmtpServer s = started(config(true), ALICE);
        assertThat(send(s, "EHLO laptop\r\n")).contains("250-STARTTLS").noneMatch(l -> l.contains("AUTH"));
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("538 5.7.11 Encryption required for requested authentication mechanism");
        assertThat(s.authenticatedUser()).isNull();
    }

    @Test
    void withoutTlsRequirementItIsListedAndWorksInClearText() {
        SmtpServer s = started(config(false), ALICE);
        assertThat(send(s, "EHLO laptop\r\n")).contains("250-AUTH PLAIN LOGIN");
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("235 2.7.0 Authentication successful");
    }

    @Test
    void offNotListedAnd503() {
        SmtpServer s = started(ServerConfig.defaults("mail.example.org"), ALICE);
        assertThat(send(s, "EHLO laptop\r\n")).noneMatch(l -> l.contains("AUTH"));
        assertThat(send(s, "AUTH PLAIN\r\n")).containsExactly("503 5.5.1 Error: authentication not enabled");
    }

    @Test
    void tlsForgetsAnEarlierAuthentication() {
        SmtpServer s = started(config(false), ALICE);
        send(s, "EHLO laptop\r\n");
        send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n");
        assertThat(s.authenticatedUser()).isEqualTo("alice@example.org");
        send(s, "STARTTLS\r\n");
        s.tlsEstablished();
        assertThat(s.authenticatedUser()).isNull();
    }

    @Test
    void defaultPolicyAcceptsNobody() {
        SmtpServer s = started(config(false), ServerPolicy.acceptAll());
        send(s, "EHLO laptop\r\n");
        assertThat(send(s, "AUTH PLAIN " + plain("alice@example.org", "mailtrail") + "\r\n"))
                .containsExactly("535 5.7.8 Error: authentication failed");
    }
}
