package org.mailtrail.lesson;

/** A lesson file that cannot be used; the message names the file, the line and the field (docs/lessons.md). */
public final class LessonException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    public LessonException(String file, int line, String problem) {
        this(file, line, problem, null);
    }

    public LessonException(String file, int line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
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
