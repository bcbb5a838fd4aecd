package io.hactl.node;

import java.time.Duration;

/**
 * What a command did on a node. {@code exit} is -1 when the command did not finish
 * (timed out or the connection broke); {@code err} then says why.
 */
public record CommandResult(String node, String command, int exit, String out, String err, Duration elapsed) {

    public boolean ok() {
        return exit == 0;
    }

    /** One line naming the node, the command, the exit code and stderr (cut: {@link Excerpt}), for error messages. */
    public String describe() {
        String e = err == null ? "" : Excerpt.of(err);
        return "on node " + node + ": '" + command + "' exited " + exit + (e.isEmpty() ? "" : ": " + e);
    }
}
