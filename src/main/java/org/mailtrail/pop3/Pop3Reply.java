package org.mailtrail.pop3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One POP3 response being built: its wire lines and their exact bytes (RFC 1939 §3). A multi-line response is
 * dot-stuffed line by line and ended with {@link #end()}.
 */
final class Pop3Reply {
    private final List<String> lines = new ArrayList<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final boolean ok;

    private Pop3Reply(boolean ok, String text) {
        this.ok = ok;
        String first = (ok ? "+OK" : "-ERR") + (text.isEmpty() ? "" : " " + text);
        byte[] b = first.getBytes(StandardCharsets.UTF_8);
        raw(b, 0, b.length);
    }

    static Pop3Reply ok(String text) {
        return new Pop3Reply(true, text);
    }

    static Pop3Reply err(String text) {
        return new Pop3Reply(false, text);
    }

    boolean isOk() {
        return ok;
    }

    /** One more line of a multi-line response, stuffed when it starts with a dot. */
    Pop3Reply line(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return stuffed(b, 0, b.length);
    }

    /**
     * The lines of {@code content[from, to)}, stuffed; a CR before LF is dropped and CRLF written. At most
     * {@code maxLines} lines are added (negative: all).
     */
    Pop3Reply content(byte[] content, int from, int to, int maxLines) {
        int start = from;
        int count = 0;
        for (int i = from; i < to && count != maxLines; i++) {
            if (content[i] == '\n') {
                int end = i > start && content[i - 1] == '\r' ? i - 1 : i;
                stuffed(content, start, end);
                count++;
                start = i + 1;
            }
        }
        if (start < to && count != maxLines) {
            stuffed(content, start, to); // a last line without a line end
        }
        return this;
    }

    /** The terminating line holding only a dot. */
    Pop3Reply end() {
        raw(new byte[] {'.'}, 0, 1);
        return this;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }

    private Pop3Reply stuffed(byte[] src, int from, int to) {
        if (to > from && src[from] == '.') {
            bytes.write('.');
            lines.add("." + new String(src, from, to - from, StandardCharsets.UTF_8));
            bytes.write(src, from, to - from);
            bytes.write('\r');
            bytes.write('\n');
            return this;
        }
        return raw(src, from, to - from);
    }

    private Pop3Reply raw(byte[] src, int from, int len) {
        lines.add(new String(src, from, len, StandardCharsets.UTF_8));
        bytes.write(src, from, len);
        bytes.write('\r');
        bytes.write('\n');
        return this;
    }
}
