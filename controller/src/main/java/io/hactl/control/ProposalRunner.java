package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.db.DbMasterSet;
import io.hactl.ops.db.Failover;
import io.hactl.ops.db.Fence;
import io.hactl.ops.db.Resync;
import io.hactl.ops.db.SwitchPlanner;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Function;

/**
 * Runs the operation of an acknowledged proposal: the same operations as the CLI's commands
 * (one implementation of each thing, two ways to start it), into the same transition log.
 */
final class ProposalRunner implements ControlLoop.Operations {

    /** Exit code as the CLI's (0 done, 1 failed, 2 refused) and a summary. */
    record Result(int exit, String summary) {
    }

    private static final Duration CATCH_UP = Duration.ofSeconds(10);

    private final HactlConfig cfg;
    private final TransitionLog log;
    private final PrintWriter out;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;

    ProposalRunner(HactlConfig cfg, TransitionLog log, PrintWriter out, Function<NodeConfig, NodeShell> shells,
                   Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.log = log;
        this.out = out;
        this.shells = shells;
        this.connector = connector;
    }

    @Override
    public Result run(Proposal p, String who, String comment) {
        OperationRunner runner = new OperationRunner(log, out, cfg.clusterName(), who, "proposal " + p.id()
                + " acknowledged" + (comment == null || comment.isBlank() ? "" : ": " + comment), false);
        NodeConfig node = node(p.node());
        int exit = switch (p.kind()) {
            case FAILOVER -> new Failover(cfg, shells, connector).run(runner, node, p.risk());
            case DETACH_VIP -> new Fence(cfg, shells, connector).run(runner, node, node(p.master()));
            case REJOIN -> new DbMasterSet(cfg, shells, connector).run(runner, node(p.master()),
                    new SwitchPlanner.Options(false, false, CATCH_UP));
            case RESYNC -> new Resync(cfg, shells, connector).run(runner, node, node(p.master()));
        };
        return new Result(exit, switch (exit) {
            case 0 -> "done";
            case 2 -> "refused (see the transition log)";
            default -> "failed (see the transition log)";
        });
    }

    /** A planned switchover requested through the API: db-master-set --node N. */
    @Override
    public Result switchover(NodeConfig node, String who, String reason) {
        OperationRunner runner = new OperationRunner(log, out, cfg.clusterName(), who,
                reason == null || reason.isBlank() ? "switchover requested through the API" : reason, false);
        int exit = new DbMasterSet(cfg, shells, connector).run(runner, node, new SwitchPlanner.Options(false, false,
                CATCH_UP));
        return new Result(exit, exit == 0 ? "done" : "exit " + exit);
    }

    private NodeConfig node(String name) {
        return cfg.node(name).orElseThrow(() -> new IllegalStateException("proposal names node " + name
                + ", which is not in " + cfg.source()));
    }
}
