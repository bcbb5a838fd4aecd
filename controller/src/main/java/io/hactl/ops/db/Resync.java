package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.time.Duration;
import java.util.function.Function;

/**
 * Rebuilds an out-of-date node from the master (Master failure II; the controller's resync
 * proposal): {@link ReplicaRebuild} copies the application database from the master in one
 * consistent stream and makes the node replicate from exactly the GTID of that snapshot, so
 * the transactions the master commits during and after the copy reach it by replication. The
 * operation is named {@value #NAME}; each step is printed and logged.
 */
public final class Resync {

    public static final String NAME = "resync";

    private final ReplicaRebuild rebuild;

    public Resync(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, ReplicaRebuild.CATCH_UP);
    }

    public Resync(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                  Duration catchUp) {
        this.rebuild = new ReplicaRebuild(cfg, shells, connector, catchUp);
    }

    /** Rebuilds {@code node} from {@code master}; 0 done, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, NodeConfig master) {
        return runner.run(NAME, "rebuild " + node.name() + " from master " + master.name(), op -> {
            ReplicaRebuild.Result r = rebuild.run(op, runner.out(), node, master);
            op.succeed(node.name() + " rebuilt from " + master.name() + " and replicating: " + r.summary());
            return 0;
        });
    }
}
