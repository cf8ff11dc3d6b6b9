package org.mailtrail.imap;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * A cursor over the arguments of one command (RFC 3501 §9): atoms, quoted strings and literals, read left to right
 * across the pieces {@link ImapLineReader} cut at each literal.
 */
final class ImapArgs {
    private final List<String> texts;
    private final List<byte[]> literals;
    private int part;
    private int pos;

    ImapArgs(ImapLineReader.Command command) {
        this.texts = command.texts();
        this.literals = command.literals();
    }

    /** True at the end of the command. */
    boolean atEnd() {
        return part == texts.size() - 1 && pos == texts.get(part).length();
    }

    /** The next character without taking it, or -1 at the end of a piece. */
    int peek() {
        String t = texts.get(part);
        return pos < t.length() ? t.charAt(pos) : -1;
    }

    /** Takes the next character if it is {@code c}. */
    boolean take(char c) {
        if (peek() == c) {
            pos++;
            return true;
        }
        return false;
    }

    /** Takes the characters of the current piece while they match, possibly none. */
    String takeWhile(IntPredicate p) {
        String t = texts.get(part);
        int start = pos;
        while (pos < t.length() && p.test(t.charAt(pos))) {
            pos++;
        }
        return t.substring(start, pos);
    }

    /** Takes {@code c} or fails. */
    void expect(char c, String what) throws ImapParseException {
        if (!take(c)) {
            throw new ImapParseException("Expected " + what);
        }
    }

    /** Takes the single space between arguments. */
    void sp() throws ImapParseException {
        expect(' ', "a space");
    }

    /** Fails unless the command ends here. */
    void end() throws ImapParseException {
        if (!atEnd()) {
            throw new ImapParseException("Unexpected extra arguments");
        }
    }

    /**
     * 1*ATOM-CHAR; with {@code bracket}, "]" counts as an atom character (ASTRING-CHAR). Non-ASCII characters are
     * accepted too, as UTF8=ACCEPT servers do (RFC 6855 §3), so a user name can be sent as it is written.
     */
    String atom(boolean bracket) throws ImapParseException {
        int start = pos;
        String t = texts.get(part);
        while (pos < t.length() && (isAtomChar(t.charAt(pos)) || t.charAt(pos) >= 0x80
                || bracket && t.charAt(pos) == ']')) {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException("Expected an atom");
        }
        return t.substring(start, pos);
    }

    /** An atom (with "]"), a quoted string or a literal (RFC 3501 §9 astring). */
    String astring() throws ImapParseException {
        int c = peek();
        return c == '"' || c == '{' ? string() : atom(true);
    }

    /** A quoted string or a literal (RFC 3501 §4.3), decoded as UTF-8. */
    String string() throws ImapParseException {
        if (take('"')) {
            StringBuilder b = new StringBuilder();
            String t = texts.get(part);
            while (pos < t.length()) {
                char c = t.charAt(pos++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    if (pos == t.length() || t.charAt(pos) != '"' && t.charAt(pos) != '\\') {
                        throw new ImapParseException("Bad escape in quoted string");
                    }
                    c = t.charAt(pos++);
                }
                b.append(c);
            }
            throw new ImapParseException("Unterminated quoted string");
        }
        String t = texts.get(part);
        if (peek() == '{' && part < literals.size() && ImapLineReader.literalMarker(t) == pos) {
            byte[] literal = literals.get(part);
            part++;
            pos = 0;
            return new String(literal, StandardCharsets.UTF_8);
        }
        throw new ImapParseException("Expected a string");
    }

    /** A number (RFC 3501 §9 number: up to 4294967295). */
    long number() throws ImapParseException {
        String t = texts.get(part);
        int start = pos;
        while (pos < t.length() && t.charAt(pos) >= '0' && t.charAt(pos) <= '9') {
            pos++;
        }
        if (pos == start || pos - start > 10 || Long.parseLong(t.substring(start, pos)) > 0xFFFF_FFFFL) {
            throw new ImapParseException("Expected a number");
        }
        return Long.parseLong(t.substring(start, pos));
    }

    /** RFC 3501 §9 ATOM-CHAR: a CHAR except atom-specials ( ) { SP CTL % * " \ ]. */
    static boolean isAtomChar(char c) {
        return c > 0x20 && c < 0x7f && "(){%*\"\\]".indexOf(c) < 0;
    }

    /** {@link #isAtomChar(char)} for an int, as {@link #takeWhile} wants. */
    static boolean isAtomCharInt(int c) {
        return c < 0x80 && isAtomChar((char) c);
    }

    /** RFC 3501 §9 tag: ASTRING-CHARs except "+". */
    static boolean isTag(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '+' || !isAtomChar(c) && c != ']') {
                return false;
            }
        }
        return true;
    }

    /** The string as an atom when it can be one, else quoted; "{n}" when it cannot be shown on one line. */
    static String render(String s) {
        if (!s.isEmpty() && s.chars().allMatch(c -> isAtomChar((char) c) || c == ']')) {
            return s;
        }
        if (s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "{" + s.getBytes(StandardCharsets.UTF_8).length + "}";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
