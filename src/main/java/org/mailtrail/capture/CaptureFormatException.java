package org.mailtrail.capture;

/**
 * A file that is not a capture or transcript Mail Trail reads, or one damaged where nothing can be read: the message
 * names the file and the place ({@code file: offset 24: ...}, {@code file:12: ...}). Readers of untrusted input throw
 * this and nothing else for bad input.
 */
public final class CaptureFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    /** A message that already names the file and the place (a session log's own error). */
    public CaptureFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public CaptureFormatException(String file, String where, String problem) {
        super(file + (where.isEmpty() ? "" : ": " + where) + ": " + problem);
    }
}
