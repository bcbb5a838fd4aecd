package io.hactl.backup;

/** A client program (mariadb, mariadb-dump) failed or is missing; the message says what happened and what to do. */
public class DbToolException extends RuntimeException {

    public DbToolException(String message) {
        super(message);
    }

    public DbToolException(String message, Throwable cause) {
        super(message, cause);
    }
}
