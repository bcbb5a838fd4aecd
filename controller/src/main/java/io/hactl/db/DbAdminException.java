package io.hactl.db;

/** A statement failed or a node's database could not be reached; the message names the node and the statement. */
public class DbAdminException extends RuntimeException {

    private final int errorCode;

    public DbAdminException(String message, int errorCode) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The server's error number, 0 when the failure was not an SQL error (connection, timeout). */
    public int errorCode() {
        return errorCode;
    }
}
