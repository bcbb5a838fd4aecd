package io.hactl.lab;

/** A lab operation failed. {@link #exitCode()} is 2 for a missing precondition (root, a program), 1 otherwise. */
public class LabException extends RuntimeException {

    private final int exitCode;

    public LabException(String message) {
        this(message, 1, null);
    }

    public LabException(String message, Throwable cause) {
        this(message, 1, cause);
    }

    public LabException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static LabException precondition(String message) {
        return new LabException(message, 2, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
