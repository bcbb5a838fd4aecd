package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.StepFailed;
import io.hactl.ops.VipManager;
import java.util.function.Function;

/**
 * Split brain: the node that is not the master loses the DB VIP and is made read-only (its
 * client sessions ended), so that only the master takes writes. The master is not touched.
 */
public final class Fence {

    public static final String NAME = "fence";

    private final HactlConfig cfg;
    private final VipManager vips;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;

    public Fence(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.shells = shells;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.connector = connector;
    }

    /** Fences {@code node}; {@code master} keeps the VIP. Returns 0 done, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, NodeConfig master) {
        return runner.run(NAME, "fence " + node.name() + " (split brain): " + master.name() + " stays master", op -> {
            op.step(node.name(), "detach DB VIP " + cfg.dbVip().address(), () -> {
                try {
                    return vips.remove(node, cfg.dbVip());
                } catch (StepFailed e) {
                    throw new StepFailed("cannot detach the DB VIP on " + node.name() + " (" + e.getMessage() + "): fix"
                            + " ssh (hactl ssh test " + node.name() + ") or detach it by hand: ip addr del "
                            + cfg.dbVip().cidr() + " dev " + node.networkInterface());
                }
            });
            try (DbAdmin a = connector.apply(node)) {
                op.step(node.name(), "read-only, end client sessions", () -> {
                    a.setReadOnly(true);
                    return "ended " + a.killClientSessions().size() + " session(s)";
                });
            } catch (StepFailed e) {
                throw e;
            } catch (RuntimeException e) {
                op.note(node.name(), "database does not answer (" + e.getMessage() + "): not made read-only");
            }
            op.step(master.name(), "announce the DB VIP (gratuitous ARP): clients that cached " + node.name()
                    + "'s MAC send to " + master.name() + " again", () -> vips.announce(master, cfg.dbVip()));
            op.step(master.name(), "check that only " + master.name() + " answers for the DB VIP",
                    () -> vips.verifyOnly(master, node, cfg.dbVip(), true));
            op.succeed(node.name() + " fenced; " + master.name() + " alone holds the DB VIP");
            return 0;
        });
    }
}
