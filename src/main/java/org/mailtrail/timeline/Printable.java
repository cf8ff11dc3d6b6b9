package org.mailtrail.timeline;

/** Text from the network or a file made safe for a terminal or a viewer. */
public final class Printable {
    private Printable() {
    }

    /**
     * Text from the network made safe to show: C0 control characters but tab (ESC, NUL, …), DEL, C1 controls
     * (CSI, …) and the bidirectional formatting characters (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F) become
     * visible escapes such as backslash-x1B. Reply text should be printable US-ASCII (RFC 5321 §4.2); bytes that are
     * not UTF-8 already arrive as U+FFFD.
     */
    public static String of(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = (c < 0x20 && c != '\t') || (c >= 0x7f && c < 0xa0);
            boolean bidi = (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f;
            if (control || bidi) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    /** Each line made safe to show. */
    public static java.util.List<String> all(java.util.List<String> lines) {
        java.util.List<String> out = new java.util.ArrayList<>(lines.size());
        for (String l : lines) {
            out.add(of(l));
        }
        return out;
    }
}
