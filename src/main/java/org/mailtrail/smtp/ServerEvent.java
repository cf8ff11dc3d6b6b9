package org.mailtrail.smtp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Events produced by {@link SmtpServer#nextEvent()}, in the h11 style.
 *
 * <p>Besides the bytes to send, the machine says what happened to the mail transaction (RFC 5321 §3.3), so that a
 * transport never parses a command again: {@link TransactionStarted}, {@link RecipientAccepted},
 * {@link RecipientRefused} and {@link MessageReceived} come just before the {@link Send} of the reply they go with;
 * {@link TransactionReset} comes once for every {@link TransactionStarted}, when that transaction ends.
 */
public sealed interface ServerEvent permits ServerEvent.NeedData, ServerEvent.CommandReceived, ServerEvent.DataReceived,
        ServerEvent.Send, ServerEvent.StartTls, ServerEvent.MessageReceived, ServerEvent.Close,
        ServerEvent.TransactionStarted, ServerEvent.RecipientAccepted, ServerEvent.RecipientRefused,
        ServerEvent.TransactionReset, ServerEvent.Authenticated, ServerEvent.BareLineEnd {

    /** AUTH succeeded for {@code user} (RFC 4954 §6); emitted just before the Send of the 235. */
    record Authenticated(String user) implements ServerEvent {
    }

    /**
     * The client ended a line with a bare LF, or put a bare CR in it ({@code which}: {@code "LF"} or {@code "CR"}),
     * in a command line or in line {@code line} (from 1) of the message data ({@code inData}): RFC 5321 §2.3.8 allows
     * CR and LF only together as CRLF. Emitted after the CommandReceived or DataReceived of what came, just before the
     * Send of the {@code 521 5.5.2} that refuses it; the server then closes (as Postfix's
     * {@code smtpd_forbid_bare_newline = yes}) and stores nothing.
     */
    record BareLineEnd(String which, boolean inData, long line) implements ServerEvent {
        /** What happened, in words, for a transcript. */
        public String describe() {
            String where = inData ? "line " + line + " of the message data" : "a command line";
            String what = which.equals("LF") ? "ended " + where + " with a bare LF (no CR before it)"
                    : "put a bare CR (no LF after it) in " + where;
            return "the client " + what + "; RFC 5321 section 2.3.8 allows CR and LF only together as CRLF, and a"
                    + " bare line end is how \"SMTP smuggling\" hides a second message in the first: the server"
                    + (inData ? " refuses the message, stores nothing" : " refuses the command") + " and closes the"
                    + " connection";
        }
    }

    /** The server waits for more bytes from the client. */
    record NeedData() implements ServerEvent {
    }

    /** A command line arrived; {@code command} is null if it could not be parsed. */
    record CommandReceived(String line, Command command) implements ServerEvent {
    }

    /** The data block is complete: its wire lines incl. the final "." (re-stuffed from the stored content). */
    record DataReceived(List<String> lines) implements ServerEvent {
        /** Copies the lines. */
        public DataReceived {
            lines = List.copyOf(lines);
        }
    }

    /** Bytes to write: one reply. */
    record Send(Reply reply, byte[] bytes) implements ServerEvent {
    }

    /** The transport must do the TLS handshake now, then call tlsEstablished() (RFC 3207 §4). */
    record StartTls() implements ServerEvent {
    }

    /** A complete message arrived; emitted just before the Send of the final reply. */
    record MessageReceived(Transaction transaction) implements ServerEvent {
    }

    /** The transport must close the connection (after 221 or 421). */
    record Close() implements ServerEvent {
    }

    /**
     * MAIL was accepted with a 2xx (RFC 5321 §4.1.1.2): a transaction begins with this reverse-path ({@code ""} for
     * {@code <>}) and ESMTP parameters (keywords upper-cased, in order). Emitted just before the Send of that reply.
     */
    record TransactionStarted(String reversePath, Map<String, String> params) implements ServerEvent {
        /** Keeps an unmodifiable copy of the parameters, in their order. */
        public TransactionStarted {
            params = params == null || params.isEmpty() ? Map.of()
                    : Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }
    }

    /** RCPT was accepted with a 2xx (RFC 5321 §4.1.1.3); emitted just before the Send of that reply. */
    record RecipientAccepted(String recipient) implements ServerEvent {
    }

    /**
     * RCPT named a recipient and was refused for it ({@code reply}, as sent): by the policy (e.g. relaying) or over
     * the recipient limit (452, RFC 5321 §4.5.3.1.10). Emitted just before the Send of that reply. Sequence and syntax
     * errors (503, 501) say nothing about a recipient and emit none.
     */
    record RecipientRefused(String recipient, Reply reply) implements ServerEvent {
    }

    /**
     * The transaction begun by the last {@link TransactionStarted} is over and its reverse-path and recipients are
     * forgotten (RFC 5321 §4.1.1.5, §4.1.4); {@code why} is one of the constants. For RSET, EHLO, HELO and QUIT it
     * comes just before the Send of the reply to that command; at the end of a message ({@link #MESSAGE_END}) just
     * after the Send of the final reply; when the server closes on errors after its 421 and before Close; when the
     * transport reports the connection closed, at once.
     */
    record TransactionReset(String why) implements ServerEvent {
        /** RSET (RFC 5321 §4.1.1.5). */
        public static final String RSET = "RSET";
        /** A new EHLO (RFC 5321 §4.1.4). */
        public static final String EHLO = "EHLO";
        /** A new HELO (RFC 5321 §4.1.4). */
        public static final String HELO = "HELO";
        /** The message data ended and its final reply was sent, whatever it said (RFC 5321 §4.1.1.4). */
        public static final String MESSAGE_END = "end of message";
        /** QUIT in the middle of a transaction: no message (RFC 5321 §4.1.1.10). */
        public static final String QUIT = "QUIT";
        /** The server closes the session (421 after too many errors). */
        public static final String CLOSING = "server closing";
        /** The connection went away under the transaction (RFC 5321 §3.8). */
        public static final String CONNECTION_CLOSED = "connection closed";

        /** True if the transaction ended without a final reply to a message: QUIT, the server closing, a lost connection. */
        public boolean aborted() {
            return QUIT.equals(why) || CLOSING.equals(why) || CONNECTION_CLOSED.equals(why);
        }
    }
}
