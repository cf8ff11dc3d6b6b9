package org.mailtrail.smtp;

import static org.mailtrail.smtp.RecipientLedger.resultOf;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** The AUTH exchange of {@link SmtpClient} (RFC 4954): PLAIN (RFC 4616) or LOGIN, over TLS only. */
final class ClientAuth {

    private final SmtpClient client;
    private final Credentials credentials;
    private String mechanism;
    private boolean authenticated;

    /** The AUTH exchange of {@code client} with {@code credentials}. */
    ClientAuth(SmtpClient client, Credentials credentials) {
        this.client = client;
        this.credentials = credentials;
    }

    /** True once AUTH succeeded (235). */
    boolean authenticated() {
        return authenticated;
    }

    /**
     * AUTH (RFC 4954) over TLS only: PLAIN with an initial response (RFC 4616) if offered, else LOGIN. Without TLS,
     * without AUTH in the EHLO reply or without a common mechanism the client sends nothing and gives up; a retry
     * with the same settings could not do better, so that is a permanent failure.
     */
    void start(boolean tlsActive, EhloInfo ehloInfo) {
        if (!tlsActive) {
            client.failSecurity(null, "credentials are only sent over TLS, and this session is not"
                    + " encrypted (RFC 4954 §4: use STARTTLS first)");
            return;
        }
        Set<String> offered = ehloInfo == null ? Set.of() : ehloInfo.authMechanisms();
        if (offered.isEmpty()) {
            client.failSecurity(null,
                    "the server does not offer AUTH (RFC 4954 §3), but credentials were given");
        } else if (offered.contains("PLAIN")) {
            mechanism = "PLAIN";
            client.send(Command.auth("PLAIN", plainResponse()), ClientState.AUTH_SENT);
        } else if (offered.contains("LOGIN")) {
            mechanism = "LOGIN";
            client.send(Command.auth("LOGIN", null), ClientState.AUTH_SENT);
        } else {
            client.failSecurity(null, "no common AUTH mechanism: the server offers "
                    + String.join(" ", offered) + ", the client knows PLAIN and LOGIN");
        }
    }

    /** A reply in AUTH_SENT, AUTH_USER_SENT or AUTH_PASSWORD_SENT: 235 goes on to MAIL, 334 gets the next answer. */
    void onReply(Reply reply, ClientState state) {
        if (reply.code() == 235) {
            authenticated = true;
            client.startMail();
        } else if (reply.code() == 334) {
            if (state == ClientState.AUTH_PASSWORD_SENT) {
                client.unexpected(reply, "235 after the credentials");
            } else if (mechanism.equals("PLAIN")) {
                // the server ignored or did not want the initial response: send it again as the answer (RFC 4954 §4)
                answer(plainResponse(), ClientState.AUTH_PASSWORD_SENT);
            } else if (state == ClientState.AUTH_SENT) {
                answer(base64(credentials.user()), ClientState.AUTH_USER_SENT);
            } else {
                answer(base64(credentials.password()), ClientState.AUTH_PASSWORD_SENT);
            }
        } else if (reply.isTransient() || reply.isPermanent()) {
            client.failAndQuit(resultOf(reply), reply, "authentication failed: " + reply.text() + " (RFC 4954 §6)");
        } else {
            client.unexpected(reply, "235 or 334 to AUTH");
        }
    }

    /** An answer to a 334 challenge: a continuation line, not a command (RFC 4954 §4). */
    private void answer(String line, ClientState next) {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.US_ASCII);
        client.emit(new ClientEvent.Send(bytes, List.of(line), null, true), next);
    }

    /** The PLAIN response: authorization identity (empty), user and password, NUL-separated (RFC 4616 §2). */
    private String plainResponse() {
        return base64("\0" + credentials.user() + "\0" + credentials.password());
    }

    private static String base64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
