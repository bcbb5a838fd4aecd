package io.hactl.ops.app;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The seed's start.sh: start application services on a node in the configured order, each
 * waited for (process, port) within its start timeout; a running one is skipped. Run by
 * {@code hactl start} and by the controller's RESTART_SERVICES proposal. Refused, before any
 * change, while the other node's copies still answer on their ports or run
 * ({@link ActiveCopies}): two active application servers.
 */
public final class ServicesStart {

    public static final String NAME = "start";

    private final AppServices app;

    public ServicesStart(HactlConfig cfg, Function<NodeConfig, NodeShell> shells) {
        this.app = new AppServices(cfg, shells);
    }

    /** Starts {@code services} (in start order) on {@code node}: 0 done, 1 a service did not start, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, List<ServiceConfig> services) {
        return runner.run(NAME, "start " + names(services) + " on " + node.name(), op -> {
            Map<String, List<Long>> running = app.services.pidsAll(node);
            List<ServiceConfig> toStart = services.stream()
                    .filter(s -> running.getOrDefault(s.name(), List.of()).isEmpty()).toList();
            if (!toStart.isEmpty()) {
                NodeConfig other = app.cfg.peerOf(node);
                app.copies.refuseIfActive(op, node, other, toStart, app.unreachable(other));
            }
            app.services.startAll(op, node, services, running);
            op.succeed(names(services) + " running on " + node.name());
            return 0;
        });
    }

    /** "backend, tomcat". */
    public static String names(List<ServiceConfig> services) {
        return String.join(", ", services.stream().map(ServiceConfig::name).toList());
    }
}
