package io.hactl.ops;

import io.hactl.config.NodeConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.time.Duration;

/** Can hactl run a command on a node (SSH login within the connect timeout)? */
public final class Reachability {

    private Reachability() {
    }

    /** Null when a command runs there, else why not (the shell's error, or the exit code). */
    public static String unreachableReason(NodeShell shell, NodeConfig node) {
        CommandResult r = shell.run("true", node.ssh().connectTimeout().plus(Duration.ofSeconds(3)));
        return r.ok() ? null : r.err().isBlank() ? "exit " + r.exit() : r.err().strip();
    }
}
