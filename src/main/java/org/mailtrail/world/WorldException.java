package org.mailtrail.world;

/** A world, scenario or zone file that cannot be used; the message names the file, the place and the problem. */
public class WorldException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String file;
    private final int line;

    public WorldException(String file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public WorldException(String file, int line, String problem, Throwable cause) {
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
