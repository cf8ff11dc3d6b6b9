package org.mailtrail.smtp;

import java.util.List;

/** Events produced by {@link SmtpServer#nextEvent()}, in the h11 style. */
public sealed interface ServerEvent permits ServerEvent.NeedData, ServerEvent.CommandReceived, ServerEvent.DataReceived,
        ServerEvent.Send, ServerEvent.StartTls, ServerEvent.MessageReceived, ServerEvent.Close {

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
}
