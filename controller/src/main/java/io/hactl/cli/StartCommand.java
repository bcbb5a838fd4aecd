package io.hactl.cli;

import io.hactl.pair.LocalNode;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import io.hactl.ops.app.ServicesStart;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** start.sh: start the application services on a node, in the configured order ({@link ServicesStart}). */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the application services on a node (start.sh).",
                "All when none are named, in the configured start order; each waits for its process and port",
                "within its start_timeout. A running service is skipped.",
                "Refused while the other node's copies of them still answer on their ports or run",
                "(two active application servers): stop them there first (master-unset or stop)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all named services running", "1:a service did not start (its log file is named)",
                "2:refused (unknown service or node, or the other node's copies still answer)", "3:bad config"})
public final class StartCommand extends OperationCommand {

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to start (default: all).")
    List<String> names;

    @Override
    int run(Pair pair, OperationRunner runner) {
        return new ServicesStart(pair.config(), pair.shells()::forNode).run(runner,
                LocalNode.resolve(pair.config(), options.node), pair.services().select(names));
    }
}
