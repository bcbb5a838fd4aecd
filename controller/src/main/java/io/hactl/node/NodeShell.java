package io.hactl.node;

import java.time.Duration;

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

    @Override
    default void close() {
    }
}
