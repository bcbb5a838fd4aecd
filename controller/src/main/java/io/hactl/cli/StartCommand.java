package io.hactl.cli;

import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.ops.LocalNode;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** start.sh: start the application services on a node, in the configured order. */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Start the application services on a node (start.sh).",
                "All when none are named, in the configured start order; each waits for its process and port",
                "within its start_timeout. A running service is skipped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all named services running", "1:a service did not start (its log file is named)",
                "2:refused (unknown service or node)", "3:bad config"})
public final class StartCommand extends OperationCommand {

    @Parameters(paramLabel = "SERVICE", arity = "0..*", description = "Services to start (default: all).")
    List<String> names;

    @Override
    void run(Pair pair, OperationRunner runner) {
        NodeConfig node = LocalNode.resolve(pair.config(), options.node);
        List<ServiceConfig> services = pair.services().select(names);
        try (Operation op = runner.begin("start", "start " + names(services) + " on " + node.name())) {
            pair.services().startAll(op, node, services);
            op.succeed(names(services) + " running on " + node.name());
        }
    }

    static String names(List<ServiceConfig> services) {
        return String.join(", ", services.stream().map(ServiceConfig::name).toList());
    }
}
