package org.mailtrail.smtp;

import static org.mailtrail.smtp.RecipientLedger.resultOf;

/**
 * The opening of {@link SmtpClient}: the 220 greeting, EHLO with the HELO fallback (RFC 5321 §4.1.1.1) and STARTTLS
 * (RFC 3207), up to AUTH or MAIL.
 */
final class ClientHello {

    private final SmtpClient client;
    private final ClientConfig config;
    private boolean tlsActive;
    private boolean usedHeloFallback;
    private EhloInfo ehloInfo;

    /** The opening of {@code client} with {@code config}; TLS is on from the start for implicit TLS (RFC 8314). */
    ClientHello(SmtpClient client, ClientConfig config) {
        this.client = client;
        this.config = config;
        this.tlsActive = config.tlsAlreadyActive();
    }

    /** What the server advertised in its (latest) EHLO reply; null before it, after HELO, or after STARTTLS. */
    EhloInfo ehloInfo() {
        return ehloInfo;
    }

    /** True if EHLO was refused and HELO was used (RFC 5321 §4.1.1.1). */
    boolean usedHeloFallback() {
        return usedHeloFallback;
    }

    /** True if the session is protected by TLS. */
    boolean tlsActive() {
        return tlsActive;
    }

    /** The TLS handshake succeeded: EHLO again, forgetting what the server advertised before (RFC 3207 §4.2). */
    void tlsEstablished() {
        tlsActive = true;
        ehloInfo = null;
        client.send(Command.ehlo(config.heloName()), ClientState.EHLO_SENT);
    }

    /** The reply in AWAIT_GREETING. */
    void onGreeting(Reply reply) {
        if (reply.code() == 220) {
            client.send(Command.ehlo(config.heloName()), ClientState.EHLO_SENT);
        } else if (reply.isTransient() || reply.isPermanent()) {
            client.failAndQuit(resultOf(reply), reply, "server refused the session at greeting: " + reply.text());
        } else {
            client.unexpected(reply, "220 greeting");
        }
    }

    /** The reply to EHLO: 500 or 502 makes the client fall back to HELO (RFC 5321 §4.1.1.1). */
    void onEhloReply(Reply reply) {
        if (reply.isPositive()) {
            ehloInfo = EhloInfo.parse(reply);
            afterHello();
        } else if (reply.code() == 500 || reply.code() == 502) {
            usedHeloFallback = true;
            client.send(Command.helo(config.heloName()), ClientState.HELO_SENT);
        } else if (reply.isTransient() || reply.isPermanent()) {
            client.failAndQuit(resultOf(reply), reply, "EHLO refused: " + reply.text());
        } else {
            client.unexpected(reply, "250 to EHLO");
        }
    }

    /** The reply to HELO. */
    void onHeloReply(Reply reply) {
        if (reply.isPositive()) {
            afterHello();
        } else if (reply.isTransient() || reply.isPermanent()) {
            client.failAndQuit(resultOf(reply), reply, "HELO refused: " + reply.text());
        } else {
            client.unexpected(reply, "250 to HELO");
        }
    }

    /** The reply to STARTTLS: 220 hands over to the transport's TLS handshake (RFC 3207 §4). */
    void onStartTlsReply(Reply reply) {
        if (reply.code() == 220) {
            if (client.hasUnreadData()) {
                client.protocolError("server sent more data after 220 to STARTTLS (RFC 3207 §4.2: possible injection)");
                return;
            }
            client.emit(new ClientEvent.StartTls(), ClientState.TLS_HANDSHAKE);
        } else if (reply.isTransient() || reply.isPermanent()) {
            if (config.tls() == TlsMode.REQUIRE) {
                client.failSecurity(reply, "TLS required but STARTTLS was refused: " + reply.text());
            } else {
                client.authOrMail();
            }
        } else {
            client.unexpected(reply, "220 to STARTTLS");
        }
    }

    /** STARTTLS when offered and wanted, a failure when required but not offered, else AUTH or MAIL (RFC 3207). */
    private void afterHello() {
        boolean offered = ehloInfo != null && ehloInfo.startTls();
        if (!tlsActive && config.tls() != TlsMode.OFF && offered) {
            client.send(Command.startTls(), ClientState.STARTTLS_SENT);
        } else if (!tlsActive && config.tls() == TlsMode.REQUIRE) {
            client.failSecurity(null, "TLS required but the server does not offer STARTTLS (RFC 3207)");
        } else {
            client.authOrMail();
        }
    }
}
