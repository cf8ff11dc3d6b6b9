package org.mailtrail.smtp;

/**
 * Cuts the command bytes of {@link SmtpServer} into lines (CRLF, bare LF tolerated). A line longer than the AUTH
 * limit (RFC 4954 §4, {@link Command#MAX_AUTH_LINE_OCTETS}) is discarded as it arrives and reported as
 * {@link #TOO_LONG} at its end; {@link Command#parse} enforces the 512-octet limit of the other commands.
 */
final class CommandLines {

    /** Stands for a line that was too long and discarded (compared by identity). */
    static final String TOO_LONG = new String("(line too long, discarded)");

    private final ByteBuf line = new ByteBuf(128);
    private long octets;
    private boolean discarding;

    /** One byte: a complete line without its CRLF, {@link #TOO_LONG}, or null while the line goes on. */
    String feed(byte b) {
        if (b == '\n') {
            if (discarding) {
                discarding = false;
                octets = 0;
                return TOO_LONG;
            }
            int n = line.length();
            if (n > 0 && line.get(n - 1) == '\r') {
                n--;
            }
            String text = line.decode(n);
            clear();
            return text;
        }
        octets++;
        if (discarding) {
            return null;
        }
        if (octets + (b == '\r' ? 1 : 2) > Command.MAX_AUTH_LINE_OCTETS) {
            discarding = true;
            line.clear();
            return null;
        }
        line.append(b);
        return null;
    }

    /** Drops the bytes of the line begun (after STARTTLS: they came in clear text, RFC 3207 §4.2). */
    void clear() {
        line.clear();
        octets = 0;
    }
}
