package org.mailtrail.smtp;

/**
 * Cuts the command bytes of {@link SmtpServer} into lines at CRLF. A line longer than the AUTH limit (RFC 4954 §4,
 * {@link Command#MAX_AUTH_LINE_OCTETS}) is discarded as it arrives and reported as {@link #TOO_LONG} at its end;
 * {@link Command#parse} enforces the 512-octet limit of the other commands. RFC 5321 §2.3.8 allows CR and LF only
 * together as CRLF: a bare LF ends the line all the same, and a CR followed by anything but LF ends it at the CR;
 * either way {@link #bareLineEnd()} says so, for the server to refuse it.
 */
final class CommandLines {

    /** Stands for a line that was too long and discarded (compared by identity). */
    static final String TOO_LONG = new String("(line too long, discarded)");

    private final ByteBuf line = new ByteBuf(128);
    private long octets;
    private boolean discarding;
    /** The last byte was a CR (not yet part of the line: it must be the CR of a CRLF). */
    private boolean cr;
    private String bareLineEnd;

    /** One byte: a complete line without its CRLF, {@link #TOO_LONG}, or null while the line goes on. */
    String feed(byte b) {
        if (b == '\n') {
            bareLineEnd = cr ? null : "LF";
            cr = false;
            if (discarding) {
                discarding = false;
                octets = 0;
                return TOO_LONG;
            }
            String text = line.decode(line.length());
            clear();
            return text;
        }
        if (cr) { // a CR not followed by LF
            cr = false;
            bareLineEnd = "CR";
            String text = discarding ? TOO_LONG : line.decode(line.length());
            discarding = false;
            clear();
            return text;
        }
        octets++;
        if (b == '\r') {
            cr = true;
            return null;
        }
        if (discarding) {
            return null;
        }
        if (octets + 2 > Command.MAX_AUTH_LINE_OCTETS) {
            discarding = true;
            line.clear();
            return null;
        }
        line.append(b);
        return null;
    }

    /**
     * {@code "LF"} if the line just returned ended with a bare LF, {@code "CR"} if a bare CR ended it (RFC 5321
     * §2.3.8), null if it ended with CRLF.
     */
    String bareLineEnd() {
        return bareLineEnd;
    }

    /** Drops the bytes of the line begun (after STARTTLS: they came in clear text, RFC 3207 §4.2). */
    void clear() {
        line.clear();
        octets = 0;
        cr = false;
    }
}
