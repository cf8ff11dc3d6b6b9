package org.mailtrail.imap;

import java.util.List;

/** Events produced by {@link ImapServer#nextEvent()}, in the h11 style. */
public sealed interface ImapServerEvent permits ImapServerEvent.NeedData, ImapServerEvent.CommandReceived,
        ImapServerEvent.Send, ImapServerEvent.StartTls, ImapServerEvent.Close {

    /** The server waits for more bytes from the client. */
    record NeedData() implements ImapServerEvent {
    }

    /**
     * A whole command arrived (its literals included). {@code tag} is "*" when the line had none; {@code verb} is
     * upper-case, "UID FETCH" style for UID commands, "" when none could be read; {@code shownLine} is safe to
     * display: the LOGIN password is {@code ********}, literals are shown inline.
     */
    record CommandReceived(String tag, String verb, String shownLine) implements ImapServerEvent {
    }

    /**
     * Bytes to write: the greeting, a "+" continuation, or everything one command produced (untagged responses and
     * the tagged completion); {@code lines} shows them line by line, a literal's octets included.
     */
    record Send(List<String> lines, byte[] bytes) implements ImapServerEvent {
        /** Copies the lines. */
        public Send {
            lines = List.copyOf(lines);
        }
    }

    /** The tagged OK to STARTTLS has been sent; the transport does the handshake, then calls tlsEstablished(). */
    record StartTls() implements ImapServerEvent {
    }

    /** The transport must close the connection (after LOGOUT, a fatal error or too many bad commands). */
    record Close() implements ImapServerEvent {
    }
}
