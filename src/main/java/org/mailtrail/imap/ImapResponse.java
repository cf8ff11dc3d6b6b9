package org.mailtrail.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes the server writes for one command: untagged lines, literals (RFC 3501 §4.3: {@code {n}}, CRLF, then n
 * octets) and the tagged completion; and the same as display lines.
 */
final class ImapResponse {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** Appends text (ASCII or UTF-8) to the current line. */
    ImapResponse text(String s) {
        bytes.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** Appends a literal: its size marker, a line end and the octets exactly. */
    ImapResponse literal(byte[] octets) {
        text("{" + octets.length + "}\r\n");
        bytes.write(octets, 0, octets.length);
        return this;
    }

    /** Ends the current line. */
    ImapResponse crlf() {
        return text("\r\n");
    }

    /** A whole line. */
    ImapResponse line(String s) {
        return text(s).crlf();
    }

    boolean isEmpty() {
        return bytes.size() == 0;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    /** The bytes as display lines: split at each LF, a CR before it dropped, the final line end not shown. */
    List<String> lines() {
        return displayLines(bytes.toByteArray());
    }

    static List<String> displayLines(byte[] b) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                int end = i > start && b[i - 1] == '\r' ? i - 1 : i;
                out.add(new String(b, start, end - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (start < b.length) {
            out.add(new String(b, start, b.length - start, StandardCharsets.UTF_8));
        }
        return out;
    }
}
