package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.log.TransitionLog;
import io.hactl.log.Who;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** Options every operator command shares: which node is "this server", dry run, and why. */
public final class OperationOptions {

    @Option(names = {"-n", "--node"}, paramLabel = "NAME",
            description = "The node to act as \"this server\" (default: the node whose address is on this machine).")
    public String node;

    @Option(names = "--dry-run", description = "Print the plan, step by step, and change nothing.")
    public boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT",
            description = "Why you run this; written to the transition log (default: the command line).")
    public String reason;

    /** A duration option's value; {@link BadUsage} "COMMAND: FLAG why" when it is not one. */
    static java.time.Duration duration(CommandSpec spec, String command, String flag, String value) {
        try {
            return io.hactl.config.Durations.parse(value);
        } catch (IllegalArgumentException e) {
            throw new BadUsage(spec, command + ": " + flag + " " + e.getMessage());
        }
    }

    /** The {@code --node} named in {@code cfg}; null, the nodes listed on {@code err}, when the config has none so named. */
    io.hactl.config.NodeConfig namedNode(HactlConfig cfg, String command, PrintWriter err) {
        io.hactl.config.NodeConfig n = cfg.node(node).orElse(null);
        if (n == null) {
            err.println(command + ": no node " + node + " in " + cfg.source() + "; the nodes are "
                    + cfg.nodes().stream().map(io.hactl.config.NodeConfig::name).toList());
            err.flush();
        }
        return n;
    }

    public OperationRunner runner(HactlConfig cfg, PrintWriter out, String commandLine) {
        return new OperationRunner(new TransitionLog(cfg.stateDirectory()), out, cfg.clusterName(), Who.current(),
                reason != null ? reason : "operator ran: hactl " + commandLine, dryRun);
    }
}
