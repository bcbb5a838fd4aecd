package io.hactl.notify;

/**
 * A notifier could not deliver. The message says what failed and, where it can, the fix; it
 * never holds a secret (webhook URLs are redacted, passwords scrubbed), and the cause is not
 * chained for the same reason (its class is named in the message instead).
 */
public final class NotifierException extends Exception {

    private final boolean retryable;

    public NotifierException(String message, boolean retryable) {
        super(message, null, false, false);
        this.retryable = retryable;
    }

    /** False when trying again cannot help (a refused login, a webhook URL that does not exist). */
    public boolean retryable() {
        return retryable;
    }
}
