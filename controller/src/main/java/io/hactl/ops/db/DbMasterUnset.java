package io.hactl.ops.db;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.util.function.Function;

/**
 * {@code hactl db-master-unset --node N}: detaches the DB VIP from N only (the seed's
 * db_master_unset.sh, the fix for an IP conflict). No role change: N's database is left
 * as it is (writable or not, replicating or not).
 */
public final class DbMasterUnset {

    public static final String NAME = "db-master-unset";

    private final HactlConfig cfg;
    private final VipManager vips;

    public DbMasterUnset(HactlConfig cfg, Function<NodeConfig, NodeShell> shells) {
        this.cfg = cfg;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
    }

    /** 0 done or nothing to do, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node) {
        String cidr = cfg.dbVip().cidr();
        try (Operation op = runner.begin(NAME, "detach DB VIP " + cidr + " from " + node.name() + " (no role change)")) {
            boolean holds;
            try {
                holds = vips.holds(node, cfg.dbVip());
            } catch (StepFailed e) {
                throw op.refuse("cannot run commands on " + node.name() + ": " + e.getMessage(),
                        "fix ssh first: hactl ssh test " + node.name());
            }
            if (!holds) {
                op.succeed("nothing to do: " + node.name() + " does not hold DB VIP " + cidr);
                return 0;
            }
            try {
                op.step(node.name(), "remove DB VIP " + cidr, () -> vips.remove(node, cfg.dbVip()));
            } catch (StepFailed e) {
                op.fail(node.name() + " still holds DB VIP " + cidr);
                return 1;
            }
            op.note(node.name(), "its database is unchanged (no role change). Clients reach the database only through"
                    + " a node that holds the DB VIP: hactl check shows which; hactl db-master-set --node NAME attaches it");
            op.succeed(op.dryRun() ? "The plan: remove DB VIP " + cidr + " from " + node.name() + "."
                    : node.name() + " no longer holds DB VIP " + cidr + ".");
            return 0;
        } catch (Refused r) {
            return 2;
        }
    }
}
