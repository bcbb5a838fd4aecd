package io.hactl.cli;

/**
 * The config a command was told to read cannot be read (a --config or $HACTL_CONFIG naming no
 * file): thrown from {@code call()}, Main prints the message and exits 3 ("bad config"),
 * before anything is done.
 */
final class BadConfig extends RuntimeException {

    private static final long serialVersionUID = 1L;

    BadConfig(String message) {
        super(message);
    }
}
