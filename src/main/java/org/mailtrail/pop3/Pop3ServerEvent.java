package org.mailtrail.pop3;

import java.util.List;

/** Events produced by {@link Pop3Server#nextEvent()}, in the h11 style. */
public sealed interface Pop3ServerEvent permits Pop3ServerEvent.NeedData, Pop3ServerEvent.CommandReceived,
        Pop3ServerEvent.Send, Pop3ServerEvent.StartTls, Pop3ServerEvent.Close {

    /** The server waits for more bytes from the client. */
    record NeedData() implements Pop3ServerEvent {
    }

    /**
     * A command line arrived. {@code verb} is upper-cased ("" for an empty or over-long line); {@code shownLine} is
     * the line safe to display: the argument of PASS (and of AUTH) is replaced by {@code ********}.
     */
    record CommandReceived(String line, String verb, String shownLine) implements Pop3ServerEvent {
    }

    /** Bytes to write: one whole response; {@code lines} are its wire lines without CRLF (stuffed, final "."). */
    record Send(List<String> lines, byte[] bytes) implements Pop3ServerEvent {
        /** Copies the lines. */
        public Send {
            lines = List.copyOf(lines);
        }

        /** True for a positive response ({@code +OK}, RFC 1939 §3). */
        public boolean ok() {
            return lines.get(0).startsWith("+OK");
        }
    }

    /** "+OK Begin TLS negotiation" has been sent; the transport does the handshake, then calls tlsEstablished(). */
    record StartTls() implements Pop3ServerEvent {
    }

    /** The transport must close the connection (after QUIT or too many errors). */
    record Close() implements Pop3ServerEvent {
    }
}
