package io.hactl.ops.app;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.util.function.Function;

/**
 * The seed's master_unset.sh: stop a node's application services and detach the app VIP from
 * it. Run by {@code hactl master-unset} and by the controller's DETACH_APP_VIP (an IP conflict
 * on the app VIP), which names the node that keeps it: that node then announces the VIP
 * (gratuitous ARP, so clients that cached the detached node's MAC come back) and ARP is checked
 * to be answered by it alone.
 */
public final class AppMasterUnset {

    public static final String NAME = "master-unset";

    private final AppServices app;

    public AppMasterUnset(HactlConfig cfg, Function<NodeConfig, NodeShell> shells) {
        this.app = new AppServices(cfg, shells);
    }

    /** Stops {@code node}'s services and detaches the app VIP there: 0 done, 1 a step failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node) {
        return run(runner, node, null);
    }

    /** As {@link #run(OperationRunner, NodeConfig)}; {@code keeper} (null: none named) keeps the VIP. */
    public int run(OperationRunner runner, NodeConfig node, NodeConfig keeper) {
        VipConfig vip = app.cfg.appVip();
        return runner.run(NAME, "detach app VIP " + vip.address() + " from " + node.name() + " and stop its services",
                op -> {
                    app.services.stopAll(op, node, app.cfg.services());
                    if (app.vips.holds(node, vip)) {
                        op.step(node.name(), "detach app VIP " + vip.cidr(), () -> app.vips.remove(node, vip));
                    } else {
                        op.skip(node.name(), "detach app VIP " + vip.cidr(), "not there");
                    }
                    String kept = "";
                    if (keeper != null) {
                        if (app.vips.holds(keeper, vip)) {
                            op.step(keeper.name(), "announce app VIP " + vip.address() + " (gratuitous ARP): clients"
                                    + " that cached " + node.name() + "'s MAC send to " + keeper.name() + " again",
                                    () -> app.vips.announce(keeper, vip));
                            op.step(node.name(), "verify " + vip.address() + " is answered by " + keeper.name()
                                    + " only", () -> app.vips.verifyOnly(keeper, node, vip, true));
                            kept = "; " + keeper.name() + " alone answers for it";
                        } else {
                            op.note(keeper.name(), "does not hold app VIP " + vip.address() + " either: attach it"
                                    + " where the services run (hactl master-set --node NODE)");
                            kept = "; no node holds it now";
                        }
                    }
                    op.succeed(node.name() + " no longer holds app VIP " + vip.address() + kept);
                    return 0;
                });
    }
}
