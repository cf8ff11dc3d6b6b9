package org.mailtrail.imap;

import java.util.List;

/** Events produced by {@link ImapRetriever#nextEvent()}, in the h11 style. */
public sealed interface ImapClientEvent permits ImapClientEvent.NeedData, ImapClientEvent.Send,
        ImapClientEvent.Response, ImapClientEvent.StartTls, ImapClientEvent.Finished {

    /** The client waits for more bytes from the server. */
    record NeedData() implements ImapClientEvent {
    }

    /**
     * Bytes to write: one tagged command; {@code line} is without the final CRLF, {@code shownLine} is safe to
     * display (the LOGIN password is {@code ********}), {@code verb} is the upper-case command name.
     */
    record Send(String line, String shownLine, String verb, byte[] bytes) implements ImapClientEvent {
    }

    /**
     * Everything the server answered to one command (or its greeting): the untagged responses, a literal's octets
     * shown as lines, and the tagged completion. {@code ok} for a tagged OK (an untagged OK for the greeting);
     * {@code kind} names what it answers (greeting, capability, starttls, ok, select, fetch, logout) or is {@code no}
     * or {@code bad} for a refused command.
     */
    record Response(List<String> lines, boolean ok, String kind) implements ImapClientEvent {
        /** Copies the lines. */
        public Response {
            lines = List.copyOf(lines);
        }
    }

    /** The transport must do the TLS handshake now, then call tlsEstablished() (RFC 3501 §6.2.1). */
    record StartTls() implements ImapClientEvent {
    }

    /**
     * The session is over; the transport closes the connection. {@code content} is the fetched message (null if
     * none was fetched), {@code error} says what went wrong (null if the message was fetched and the session ended
     * well).
     */
    record Finished(byte[] content, String error) implements ImapClientEvent {
    }
}
