package org.mailtrail.world;

/** A world, scenario or zone file that cannot be used; the message names the file, the place and the problem. */
public class WorldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    public WorldException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + oneLine(problem));
        this.file = file;
        this.line = line;
    }

    public WorldException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + oneLine(problem), cause);
        this.file = file;
        this.line = line;
    }

    /**
     * The problem on one line, as {@code file:line: problem} promises: a value quoted from the file with CR, LF or
     * another control character in it (a greeting "220 a\r\n250 b") shows them escaped, not as a break.
     */
    static String oneLine(String problem) {
        if (problem == null || problem.chars().noneMatch(c -> c < 0x20 || c == 0x7F)) {
            return problem;
        }
        StringBuilder b = new StringBuilder(problem.length() + 8);
        for (int i = 0; i < problem.length(); i++) {
            char c = problem.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7F) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The file at fault. */
    public String file() {
        return file;
    }

    /** The line at fault, or 0 when not known. */
    public int line() {
        return line;
    }
}
