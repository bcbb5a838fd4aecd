package io.hactl.cli;

import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.pair.LocalNode;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import io.hactl.ops.app.ServicesStart;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** stop.sh: stop the application services on a node, in reverse start order. */
@Command(name = "stop", mixinStandardHelpOptions = true,
        description = {"Stop the application services on a node (stop.sh).",
                "All when none are named, in reverse start order; each waits until its processes are gone",
                "within its stop_timeout. A stopped service is skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all named services stopped", "1:a service did not stop (its log file is named)",
                "2:refused (unknown service or node)", "3:bad config"})
public final class StopCommand extends OperationCommand {

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to stop (default: all).")
    List<String> names;

    @Override
    int run(Pair pair, OperationRunner runner) {
        NodeConfig node = LocalNode.resolve(pair.config(), options.node);
        List<ServiceConfig> services = pair.services().select(names);
        try (Operation op = runner.begin("stop", "stop " + ServicesStart.names(services) + " on " + node.name())) {
            pair.services().stopAll(op, node, services);
            op.succeed(ServicesStart.names(services) + " stopped on " + node.name());
        }
        return 0;
    }
}
