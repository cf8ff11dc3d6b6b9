package org.mailtrail.smtp;

import java.util.List;

/** Events produced by {@link SmtpClient#nextEvent()}, in the h11 style. */
public sealed interface ClientEvent permits ClientEvent.NeedData, ClientEvent.ReplyReceived, ClientEvent.Send,
        ClientEvent.StartTls, ClientEvent.RecipientRejected, ClientEvent.Finished, ClientEvent.ProtocolError {

    /** The client waits for more bytes from the server. */
    record NeedData() implements ClientEvent {
    }

    /** A reply arrived; emitted before the client's reaction to it. */
    record ReplyReceived(Reply reply, List<String> rawLines) implements ClientEvent {
        /** Copies the raw lines. */
        public ReplyReceived {
            rawLines = List.copyOf(rawLines);
        }
    }

    /**
     * Bytes to write; {@code lines} are the wire lines without CRLF; {@code command} is null for the message data
     * block and for an AUTH continuation line (then {@code authResponse} is true, RFC 4954 §4).
     */
    record Send(byte[] bytes, List<String> lines, Command command, boolean authResponse) implements ClientEvent {
        /** Copies the lines. */
        public Send {
            lines = List.copyOf(lines);
        }

        /** A command or the data block. */
        public Send(byte[] bytes, List<String> lines, Command command) {
            this(bytes, lines, command, false);
        }

        /** True if the lines carry credentials: an AUTH command or an answer to a 334 challenge. */
        public boolean secret() {
            return authResponse || (command != null && command.verb().equals("AUTH"));
        }
    }

    /** The transport must do the TLS handshake now, then call tlsEstablished() or tlsFailed() (RFC 3207 §4). */
    record StartTls() implements ClientEvent {
    }

    /** The server refused one recipient at RCPT. */
    record RecipientRejected(String recipient, Reply reply) implements ClientEvent {
    }

    /** The session is over; the transport should close the connection. */
    record Finished(Outcome outcome) implements ClientEvent {
    }

    /** The server broke the protocol (garbage or unexpected reply); a Finished follows. */
    record ProtocolError(String message) implements ClientEvent {
    }
}
