package org.mailtrail.smtp;

import java.nio.charset.StandardCharsets;

/** Small string helpers shared by the package (package-private). */
final class Text {
    private Text() {
    }

    /** Shows CR and LF visibly for error messages. */
    static String visible(String s) {
        if (s == null) {
            return "null";
        }
        String shown = s.replace("\r", "\\r").replace("\n", "\\n");
        return shown.length() > 80 ? shown.substring(0, 80) + "..." : shown;
    }

    /** The length of {@code s} in UTF-8 octets, as {@code s.getBytes(UTF_8).length} (no copy for ASCII text). */
    static int utf8Length(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return s.length();
    }

    static boolean hasCrLf(String s) {
        return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0;
    }

    /** Refuses CR or LF in a field that goes on the wire (command injection, RFC 5321 §2.3.8). */
    static String noCrLf(String what, String value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (hasCrLf(value)) {
            throw new IllegalArgumentException(what + " must not contain CR or LF (RFC 5321 §2.3.8): " + visible(value));
        }
        return value;
    }
}
