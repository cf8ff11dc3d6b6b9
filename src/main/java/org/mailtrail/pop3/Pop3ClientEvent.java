package org.mailtrail.pop3;

import java.util.List;

/** Events produced by {@link Pop3Retriever#nextEvent()}, in the h11 style. */
public sealed interface Pop3ClientEvent permits Pop3ClientEvent.NeedData, Pop3ClientEvent.Send,
        Pop3ClientEvent.Response, Pop3ClientEvent.StartTls, Pop3ClientEvent.Finished {

    /** The client waits for more bytes from the server. */
    record NeedData() implements Pop3ClientEvent {
    }

    /**
     * Bytes to write: one command; {@code line} is without CRLF, {@code shownLine} is safe to display (the PASS
     * argument is {@code ********}), {@code verb} is the upper-case command name.
     */
    record Send(String line, String shownLine, String verb, byte[] bytes) implements Pop3ClientEvent {
    }

    /**
     * One whole response as received: its wire lines without CRLF (a multi-line one still dot-stuffed, with its
     * final "."); {@code ok} for +OK; {@code kind} names what it answers (greeting, capa, stls, ok, stat, retr, quit)
     * or is {@code err} for any -ERR.
     */
    record Response(List<String> lines, boolean ok, String kind) implements Pop3ClientEvent {
        /** Copies the lines. */
        public Response {
            lines = List.copyOf(lines);
        }
    }

    /** The transport must do the TLS handshake now, then call tlsEstablished() (RFC 2595 §4). */
    record StartTls() implements Pop3ClientEvent {
    }

    /**
     * The session is over; the transport closes the connection. {@code content} is the fetched message (null if
     * none was fetched), {@code error} says what went wrong (null if the message was fetched and the session ended
     * well).
     */
    record Finished(byte[] content, String error) implements Pop3ClientEvent {
    }
}
