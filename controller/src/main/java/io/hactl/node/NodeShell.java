package io.hactl.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongConsumer;

/**
 * Runs a shell command on one node. Implementations: {@link LocalShell} (this machine)
 * and {@link SshShell} (JSch, host keys checked). A command never runs longer than its
 * timeout; a failure to connect or a timeout comes back as a {@link CommandResult} with
 * exit -1, not as an exception, so a probe of a dead node returns a result.
 */
public interface NodeShell extends AutoCloseable {

    /** The node's name, as in the config. */
    String node();

    /** Runs {@code command} with {@code sh -c}; {@code stdin} may be null. */
    CommandResult run(String command, String stdin, Duration timeout);

    default CommandResult run(String command, Duration timeout) {
        return run(command, null, timeout);
    }

    /**
     * Runs {@code command} with its standard input read from {@code stdin} and its standard output
     * written to {@code stdout} as the bytes come (a copy too large to hold: mariadb-backup's stream
     * from one node into mbstream on the other). {@code onBytes} gets the bytes written so far; no
     * byte for {@code idleLimit} stops it. Only a shell over SSH streams.
     */
    default SshShell.StreamResult stream(String command, InputStream stdin, OutputStream stdout, Duration idleLimit,
                                         LongConsumer onBytes) throws IOException {
        throw new UnsupportedOperationException("node " + node() + ": streaming a command's output needs an SSH shell");
    }

    /**
     * Opens the connection to the node now, so that the first command finds it open (a command
     * opens it anyway when needed). Never fails: a failure shows on the first command.
     */
    default void open() {
    }

    @Override
    default void close() {
    }
}
