package org.mailtrail.smtp;

/** An address or path that is not valid RFC 5321 syntax; says why and where. */
public final class AddressException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final String reason;
    private final int position;

    /** Creates the exception; {@code position} is the 0-based index in {@code input}, or -1. */
    public AddressException(String input, String reason, int position) {
        super("invalid address " + quote(input) + ": " + reason + (position >= 0 ? " (at position " + position + ")" : ""));
        this.input = input;
        this.reason = reason;
        this.position = position;
    }

    /** The text that was being parsed. */
    public String input() {
        return input;
    }

    /** Why it is invalid, in plain English. */
    public String reason() {
        return reason;
    }

    /** The 0-based position of the problem in {@link #input()}, or -1 when it concerns the whole. */
    public int position() {
        return position;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + Text.visible(s) + "\"";
    }
}
