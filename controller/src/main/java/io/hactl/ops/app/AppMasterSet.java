package io.hactl.ops.app;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.util.List;
import java.util.function.Function;

/**
 * The seed's master_set.sh: make a node the active application server. The other node's
 * services are stopped and checked stopped (no process, no port answering), its app VIP
 * detached, the VIP attached on the node and announced (gratuitous ARP), the services started
 * there, and ARP checked to be answered by the node alone. When the other node cannot be
 * reached it is assumed down and the node "takes control anyway", but only when nobody answers
 * ARP for the app VIP (else refused unless forced) and none of its service ports answers (never
 * two active application servers, forced or not). Run by {@code hactl master-set} and by the
 * controller's MOVE_APP, ATTACH_APP_VIP and NODE_FAILOVER.
 */
public final class AppMasterSet {

    public static final String NAME = "master-set";

    private final AppServices app;

    public AppMasterSet(HactlConfig cfg, Function<NodeConfig, NodeShell> shells) {
        this.app = new AppServices(cfg, shells);
    }

    /**
     * Makes {@code node} active: 0 done (or nothing to do), 1 a step failed, 2 refused. {@code force}:
     * take the app VIP though something still answers ARP for it while the other node is unreachable.
     */
    public int run(OperationRunner runner, NodeConfig node, boolean force) {
        return run(runner, node, force, null);
    }

    /**
     * As {@link #run(OperationRunner, NodeConfig, boolean)}; {@code otherUnreachable} (null: ask) is why the other
     * node could not be reached by the operation this one is part of, a moment before (a node failover's database
     * half): not asked again (its connect timeout, 2 s in the lab, off a lost node's failover). What guards taking
     * control anyway stays live: nobody may answer ARP for the app VIP, and none of the other node's service ports.
     */
    public int run(OperationRunner runner, NodeConfig node, boolean force, String otherUnreachable) {
        HactlConfig cfg = app.cfg;
        NodeConfig other = cfg.peerOf(node);
        VipConfig vip = cfg.appVip();
        return runner.run(NAME, "make " + node.name() + " the active application server", op -> {
            String unreachable = otherUnreachable != null ? otherUnreachable : app.unreachable(other);
            if (otherUnreachable != null) {
                op.note(other.name(), "unreachable a moment ago in this operation (" + otherUnreachable + "): not asked"
                        + " again; what could still answer for it is asked: ARP for " + vip.address() + ", its service ports");
            }
            if (unreachable == null && app.vips.holds(node, vip) && !app.vips.holds(other, vip)
                    && app.services.running(other).isEmpty()
                    && app.services.running(node).size() == cfg.services().size()) {
                op.succeed("nothing to do: " + node.name() + " already holds app VIP " + vip.address()
                        + " and runs all services");
                return 0;
            }
            if (unreachable != null) {
                String nodeUnreachable = app.unreachable(node);
                if (nodeUnreachable != null) {
                    throw op.refuse(node.name() + " itself cannot be reached: " + nodeUnreachable,
                            "fix SSH access to " + node.name() + " (hactl ssh test " + node.name() + ")");
                }
                List<String> answering = app.vips.holds(node, vip) ? List.of() : app.vips.answeringMacs(node, vip);
                if (!answering.isEmpty() && !force) {
                    throw op.refuse(other.name() + " is unreachable (" + unreachable + ") but app VIP " + vip.address()
                            + " is still answered by " + answering + ": taking it would create an IP conflict",
                            "find and stop the host that answers (hactl check), or, if you are sure it is gone, rerun"
                                    + " with --force");
                }
                app.copies.refuseIfActive(op, node, other, cfg.services(), unreachable);
                op.note(other.name(), "UNREACHABLE (" + unreachable + "): assumed down; " + node.name()
                        + " takes control anyway" + (answering.isEmpty() ? " (nobody answers ARP for " + vip.address()
                        + ")" : " (--force: " + answering + " still answers)"));
            } else {
                app.services.stopAll(op, other, cfg.services());
                op.step(other.name(), "check that no application service runs or answers on " + other.name(),
                        () -> app.copies.checkStopped(node, other, cfg.services()));
                op.step(other.name(), "detach app VIP " + vip.cidr(), () -> app.vips.remove(other, vip));
            }
            op.step(node.name(), "attach app VIP " + vip.cidr() + " and announce it (gratuitous ARP)",
                    () -> app.vips.addAndAnnounce(node, vip));
            app.services.startAll(op, node, cfg.services());
            // verified after the services start: the check waits for ARP replies, and the
            // application is unavailable until its services run
            op.step(unreachable == null ? other.name() : node.name(), "verify " + vip.address() + " is answered by "
                    + node.name() + " only", () -> app.vips.verifyOnly(node, other, vip, unreachable == null));
            op.succeed(node.name() + " is the active application server"
                    + (unreachable != null ? "; " + other.name() + " was unreachable: check it before it comes back" : ""));
            return 0;
        });
    }
}
