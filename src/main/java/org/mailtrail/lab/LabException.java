package org.mailtrail.lab;

/** A lab that cannot start as asked: a bad address base, a port in use, a world it cannot run. Nothing listens. */
public final class LabException extends Exception {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
