package org.mailtrail.smtp;

import java.util.Map;

/**
 * Decisions of a simulated or real server, as return values (no I/O). Returning {@code null}
 * (where documented) lets {@link SmtpServer} build its standard reply. The server enforces
 * sequence, syntax and limits itself before asking the policy.
 */
public interface ServerPolicy {

    /** The greeting (RFC 5321 §4.3.1); null → {@code 220 <greetingText>}. 554 = no service, 421 = closing. */
    default Reply onConnect() {
        return null;
    }

    /** Reply to EHLO/HELO; null → the standard reply (EHLO: hostname and extensions). */
    default Reply onHelo(String verb, String domain) {
        return null;
    }

    /** Reply to a syntactically valid MAIL FROM (path without brackets, "" for {@code <>}). */
    default Reply onMail(String reversePath, Map<String, String> params) {
        return Reply.of(250, "2.1.0 Ok");
    }

    /** Reply to a syntactically valid RCPT TO. */
    default Reply onRcpt(String reversePath, String recipient) {
        return Reply.of(250, "2.1.5 Ok");
    }

    /** Reply to DATA; null → {@code 354 End data with <CR><LF>.<CR><LF>}. */
    default Reply onData(Transaction t) {
        return null;
    }

    /**
     * True to close the connection after the final dot without any reply (a server that crashes, a middlebox that
     * cuts the line): the message is not kept, and the client must treat it as a temporary failure (RFC 5321
     * §4.1.1.4, §6.1). Asked instead of {@link #onMessage} for a complete message within the limits.
     */
    default boolean dropAfterData(Transaction t) {
        return false;
    }

    /** Final reply after the message content (RFC 5321 §4.1.1.4, §6.1). */
    default Reply onMessage(Transaction t) {
        return Reply.of(250, "2.0.0 Ok");
    }

    /**
     * The credentials of an AUTH exchange (RFC 4954): null accepts them ({@code 235 2.7.0}); otherwise the refusal.
     * By default nobody is accepted: {@code 535 5.7.8 Error: authentication failed}.
     */
    default Reply onAuth(String user, String password) {
        return Reply.of(535, "5.7.8 Error: authentication failed");
    }

    /** Reply to QUIT; the server closes after it. */
    default Reply onQuit() {
        return Reply.of(221, "2.0.0 Bye");
    }

    /** A policy that accepts everything with the defaults. */
    static ServerPolicy acceptAll() {
        return new ServerPolicy() {
        };
    }
}
