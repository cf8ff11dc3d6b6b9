package org.mailtrail.cli;

/** A failure the command line reports in one line with its exit code. */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int code;

    public CliException(int code, String message) {
        super(message);
        this.code = code;
    }

    public CliException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public int code() {
        return code;
    }
}
