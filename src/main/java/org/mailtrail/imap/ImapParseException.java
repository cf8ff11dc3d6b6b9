package org.mailtrail.imap;

/** A command that does not follow the grammar of RFC 3501 §9; the server answers it with a tagged BAD. */
final class ImapParseException extends Exception {
    private static final long serialVersionUID = 1L;

    ImapParseException(String message) {
        super(message, null, false, false);
    }
}
