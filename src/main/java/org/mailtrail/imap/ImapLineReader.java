package org.mailtrail.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts IMAP bytes into logical lines (RFC 3501 §2.2): a line ending in CRLF (a bare LF is tolerated) that may hold
 * literals, {@code {n}} or the non-synchronizing {@code {n+}} of RFC 7888, each followed by a line end and exactly n
 * octets, after which the line goes on. The server reads commands with it, the client responses. Fed one byte at a
 * time, it says what the byte completed.
 */
final class ImapLineReader {

    /** The server's limits: a line piece (line end not counted), a literal (only LOGIN and SELECT use them). */
    static final int SERVER_MAX_LINE_OCTETS = 8192;
    static final int SERVER_MAX_LITERAL_OCTETS = 65_536;
    static final int SERVER_MAX_LITERALS = 8;

    /** What one byte completed. */
    sealed interface Item permits Command, Continue, Refused {
    }

    /**
     * A whole command (or, at the client, response): {@code texts.get(i)} ends with the marker of {@code literals.get(i)}; the last text has no
     * marker, so there is one text more than literals.
     */
    record Command(List<String> texts, List<byte[]> literals) implements Item {
    }

    /** A synchronizing literal was announced: the server must send "+ ..." before the client sends it. */
    record Continue() implements Item {
    }

    /** The command was refused while it was read; {@code fatal}: the connection cannot go on (bytes in flight). */
    record Refused(String tag, String reason, boolean fatal) implements Item {
    }

    private static final Item CONTINUE = new Continue();

    private final int maxLineOctets;
    private final int maxLiteralOctets;
    private final int maxLiterals;

    private byte[] line = new byte[256];
    private int lineLength;
    private boolean discarding;
    private String discardTag;
    private final List<String> texts = new ArrayList<>();
    private final List<byte[]> literals = new ArrayList<>();
    private byte[] literal;
    private int literalFill;

    /** A reader with the server's limits. */
    ImapLineReader() {
        this(SERVER_MAX_LINE_OCTETS, SERVER_MAX_LITERAL_OCTETS, SERVER_MAX_LITERALS);
    }

    /** A reader with other limits: a line piece, one literal, the literals of one line. */
    ImapLineReader(int maxLineOctets, int maxLiteralOctets, int maxLiterals) {
        this.maxLineOctets = maxLineOctets;
        this.maxLiteralOctets = maxLiteralOctets;
        this.maxLiterals = maxLiterals;
    }

    /** Takes one byte; returns what it completed, or null. */
    Item accept(byte b) {
        if (literal != null) {
            literal[literalFill++] = b;
            if (literalFill == literal.length) {
                literals.add(literal);
                literal = null;
            }
            return null;
        }
        if (b == '\n') {
            return endOfLine();
        }
        if (discarding) {
            return null;
        }
        if (lineLength > maxLineOctets) { // one octet over the limit is room for the CR of CRLF
            discardTag = tagOf(texts.isEmpty() ? decode(line, lineLength) : texts.get(0));
            discarding = true;
            return null;
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
        return null;
    }

    /** Forgets everything received (after STARTTLS, RFC 3501 §6.2.1: those bytes came in clear text). */
    void reset() {
        lineLength = 0;
        discarding = false;
        discardTag = null;
        texts.clear();
        literals.clear();
        literal = null;
        literalFill = 0;
    }

    private Item endOfLine() {
        if (discarding) {
            String tag = discardTag;
            reset();
            return new Refused(tag, "Command line too long", false);
        }
        int n = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        String text = decode(line, n);
        lineLength = 0;
        if (n > maxLineOctets) {
            return refuse(text, "Command line too long", false);
        }
        texts.add(text);
        int open = literalMarker(text);
        if (open < 0) {
            Command c = new Command(List.copyOf(texts), List.copyOf(literals));
            reset();
            return c;
        }
        boolean sync = text.charAt(text.length() - 2) != '+';
        String digits = text.substring(open + 1, text.length() - (sync ? 1 : 2));
        long size = digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (size > maxLiteralOctets || literals.size() == maxLiterals) {
            // a synchronizing literal has not been sent yet; a non-synchronizing one is on its way and cannot be skipped
            return refuse(texts.get(0), size > maxLiteralOctets ? "Literal too large" : "Too many literals", !sync);
        }
        literal = new byte[(int) size];
        literalFill = 0;
        if (size == 0) {
            literals.add(literal);
            literal = null;
        }
        return sync ? CONTINUE : null;
    }

    private Item refuse(String firstText, String reason, boolean fatal) {
        String tag = tagOf(firstText);
        reset();
        return new Refused(tag, reason, fatal);
    }

    /** Where the literal marker {n} or {n+} at the end of the line starts, or -1. */
    static int literalMarker(String text) {
        int end = text.length() - 1;
        if (end < 2 || text.charAt(end) != '}') {
            return -1;
        }
        int i = end - 1;
        if (text.charAt(i) == '+') {
            i--;
        }
        int lastDigit = i;
        while (i >= 0 && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i--;
        }
        return i >= 0 && i < lastDigit && text.charAt(i) == '{' ? i : -1;
    }

    /** The tag at the start of a command line if it is a valid one (RFC 3501 §9 tag), else "*". */
    static String tagOf(String text) {
        int sp = text.indexOf(' ');
        String tag = sp < 0 ? text : text.substring(0, sp);
        return ImapArgs.isTag(tag) ? tag : "*";
    }

    private static String decode(byte[] bytes, int length) {
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }
}
