package org.mailtrail.export;

/** A session log that cannot be read: the message names the file, the place in it and the problem. */
public final class SessionFormatException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String where;

    public SessionFormatException(String file, String where, String problem) {
        super(file + ": " + (where.isEmpty() ? "" : where + ": ") + problem);
        this.where = where;
    }

    /** The place: {@code line N, column M} for syntax, a path such as {@code journeys[0].events[3].kind} otherwise. */
    public String where() {
        return where;
    }
}
