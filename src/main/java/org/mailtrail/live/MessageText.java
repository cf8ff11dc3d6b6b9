package org.mailtrail.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Text taken from a received message or written for the receiver's transcript: subject, lines, durations. */
final class MessageText {
    private MessageText() {
    }

    /** The unfolded Subject: of a message's header (RFC 5322 §2.2.3), control characters removed, at most 900 characters. */
    static String subjectOf(byte[] content) {
        String head = new String(content, 0, headerLength(content), StandardCharsets.UTF_8);
        String[] lines = head.split("\r\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].regionMatches(true, 0, "Subject:", 0, 8)) {
                StringBuilder b = new StringBuilder(lines[i].substring(8).strip());
                for (int k = i + 1; k < lines.length && !lines[k].isEmpty()
                        && (lines[k].charAt(0) == ' ' || lines[k].charAt(0) == '\t'); k++) {
                    b.append(' ').append(lines[k].strip());
                }
                String s = printableLine(decodeWords(b.toString()));
                return s.length() > 900 ? s.substring(0, 900) : s;
            }
        }
        return "";
    }

    /**
     * The subject as a reader sees it: RFC 2047 encoded words ({@code =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=})
     * decoded by Angus Mail; text with a malformed word or an unknown charset stays as it came.
     */
    private static String decodeWords(String raw) {
        if (!raw.contains("=?")) {
            return raw;
        }
        try {
            return jakarta.mail.internet.MimeUtility.decodeText(raw);
        } catch (java.io.UnsupportedEncodingException | RuntimeException e) {
            return raw;
        }
    }

    /** Control characters (a decoded word may hold CR or LF) as spaces: the subject is one line. */
    private static String printableLine(String s) {
        char[] c = s.toCharArray();
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0x20 || c[i] == 0x7f) {
                c[i] = ' ';
            }
        }
        return new String(c);
    }

    private static int headerLength(byte[] c) {
        int max = Math.min(c.length, 64 * 1024);
        for (int i = 0; i + 3 < max; i++) {
            if (c[i] == '\r' && c[i + 1] == '\n' && c[i + 2] == '\r' && c[i + 3] == '\n') {
                return i;
            }
        }
        return max;
    }

    /** The lines of a CRLF-terminated text, without the empty line after the last CRLF (as {@code split} gives). */
    static List<String> crlfLines(String text) {
        List<String> out = new ArrayList<>(4);
        if (text.isEmpty()) {
            out.add(text); // as split gives
            return out;
        }
        int from = 0;
        for (int at = text.indexOf("\r\n"); at >= 0; at = text.indexOf("\r\n", from)) {
            out.add(text.substring(from, at));
            from = at + 2;
        }
        if (from < text.length()) {
            out.add(text.substring(from));
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1); // split drops trailing empty strings
        }
        return out;
    }

    /** A duration in seconds as the transcript says it: {@code 300 s}, {@code 0.250 s}. */
    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.3f s", ms / 1000.0);
    }
}
