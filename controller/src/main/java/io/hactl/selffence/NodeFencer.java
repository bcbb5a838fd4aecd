package io.hactl.selffence;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.VipManager;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The self-fence's steps on this controller's own node, as an operation in the transition log
 * ({@code self-fence}, its steps, its end): the DB VIP detached, then, if the database is
 * writable, read-only with its client sessions ended. Both through the node's own address, which
 * answers on the node even with its link down. Every step is harmless on a node that is already
 * fenced (a replica): the VIP is "not there", read_only is left as it is and no session is ended.
 */
public final class NodeFencer implements SelfFence.Fencer, AutoCloseable {

    public static final String OPERATION = "self-fence";

    private final HactlConfig cfg;
    private final NodeConfig node;
    private final TransitionLog log;
    private final PrintWriter out;
    private final VipManager vips;
    private final Function<NodeConfig, DbAdmin> connector;
    private final AutoCloseable shellsOwned;
    private final Function<NodeConfig, NodeShell> shells;

    /** {@code shellsOwned}: what holds the shells' sessions, closed with this fencer (null: nothing). */
    public NodeFencer(HactlConfig cfg, NodeConfig node, TransitionLog log, PrintWriter out,
                      Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                      AutoCloseable shellsOwned) {
        this.shellsOwned = shellsOwned;
        this.cfg = cfg;
        this.node = node;
        this.log = log;
        this.out = out;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.shells = shells;
        this.connector = connector;
    }

    /**
     * Opens the SSH session to this node now, through its own address: it is reused when the node is cut
     * off (a session to the node's own address does not cross its link), so the fence does not pay for a
     * handshake on a node whose controller may be starved then (measured: up to 5.6 s from link down to
     * fenced on a loaded lab without it).
     */
    @Override
    public void prepare() {
        String failed = io.hactl.ops.Reachability.unreachableReason(shells.apply(node), node);
        if (failed != null) {
            throw new IllegalStateException("ssh to " + node.name() + " itself: " + failed);
        }
    }

    /** What was done; throws when a step failed (the self-fence looks again). */
    @Override
    public String fence(String why) {
        List<String> done = new ArrayList<>();
        OperationRunner runner = new OperationRunner(log, out, cfg.clusterName(), "controller on " + node.name(), why,
                false);
        int exit = runner.run(OPERATION, "fence " + node.name() + " itself: cut off from ZooKeeper and the other node",
                op -> {
                    op.step(node.name(), "detach DB VIP " + cfg.dbVip().address(), () -> {
                        String r = vips.remove(node, cfg.dbVip());
                        done.add(r.contains("removed") ? "DB VIP detached" : "DB VIP not held");
                        return r;
                    });
                    try (DbAdmin a = connector.apply(node)) {
                        op.step(node.name(), "end client sessions, read-only (if writable)", () -> {
                            if (a.state().readOnly()) {
                                done.add("already read-only");
                                return "already read-only: no session ended";
                            }
                            String ended = "ended " + a.endSessionsAndSetReadOnly() + " session(s)";
                            done.add("read-only, " + ended);
                            return ended;
                        });
                    }
                    op.succeed(node.name() + " fenced itself: " + String.join(", ", done));
                    return 0;
                });
        if (exit != 0) {
            throw new IllegalStateException("exit " + exit + " after: " + (done.isEmpty() ? "nothing"
                    : String.join(", ", done)) + " (hactl history shows the step)");
        }
        return "done: " + String.join(", ", done);
    }

    @Override
    public void close() throws Exception {
        if (shellsOwned != null) {
            shellsOwned.close();
        }
    }
}
