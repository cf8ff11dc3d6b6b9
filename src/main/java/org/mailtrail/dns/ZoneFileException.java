package org.mailtrail.dns;

/** A problem in a DNS master (zone) file (RFC 1035 §5), reported as "FILE:LINE: problem". */
public class ZoneFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    /**
     * @param file    the file name used in messages
     * @param line    1-based line number, 0 if unknown
     * @param problem what is wrong, without the location prefix
     * @param cause   the underlying exception, may be null
     */
    public ZoneFileException(String file, int line, String problem, Throwable cause) {
        super(format(file, line, problem), cause);
        this.file = file;
        this.line = Math.max(0, line);
        this.problem = problem;
    }

    public ZoneFileException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    private static String format(String file, int line, String problem) {
        return line > 0 ? file + ":" + line + ": " + problem : file + ": " + problem;
    }

    /** The file name as given for messages. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when it is not known. */
    public int line() {
        return line;
    }

    /** The problem text without the "FILE:LINE: " prefix. */
    public String problem() {
        return problem;
    }
}
