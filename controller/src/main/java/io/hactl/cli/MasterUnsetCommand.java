package io.hactl.cli;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.ops.LocalNode;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import picocli.CommandLine.Command;

/** master_unset.sh: detach the app VIP from a node and stop its services there. */
@Command(name = "master-unset", mixinStandardHelpOptions = true,
        description = {"Detach the app VIP from NODE and stop its services (master_unset.sh).",
                "Use it e.g. to resolve an IP conflict on the app VIP."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a step failed", "2:refused (nothing changed)", "3:bad config"})
public final class MasterUnsetCommand extends OperationCommand {

    @Override
    void run(Pair pair, OperationRunner runner) {
        NodeConfig node = LocalNode.resolve(pair.config(), options.node);
        VipConfig vip = pair.config().appVip();
        try (Operation op = runner.begin("master-unset", "detach app VIP " + vip.address() + " from " + node.name()
                + " and stop its services")) {
            pair.services().stopAll(op, node, pair.config().services());
            if (pair.vips().holds(node, vip)) {
                op.step(node.name(), "detach app VIP " + vip.cidr(), () -> pair.vips().remove(node, vip));
            } else {
                op.skip(node.name(), "detach app VIP " + vip.cidr(), "not there");
            }
            op.succeed(node.name() + " no longer holds app VIP " + vip.address());
        }
    }
}
