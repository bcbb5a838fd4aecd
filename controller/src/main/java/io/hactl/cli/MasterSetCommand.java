package io.hactl.cli;

import io.hactl.config.NodeConfig;
import io.hactl.config.VipConfig;
import io.hactl.ops.LocalNode;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** master_set.sh: make a node the active application server (app VIP + services). */
@Command(name = "master-set", mixinStandardHelpOptions = true,
        description = {"Make NODE the active application server (master_set.sh).",
                "Stop the services on the other node, detach the app VIP there, attach it on NODE, announce it (gratuitous ARP), verify that only NODE's MAC",
                "answers for it, start the services on NODE.",
                "If the other node cannot be reached it is assumed down and NODE takes control anyway, but only",
                "if nobody answers ARP for the app VIP (else it would create an IP conflict) unless --force."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:NODE is active", "1:a step failed", "2:refused (nothing changed)", "3:bad config"})
public final class MasterSetCommand extends OperationCommand {

    @Option(names = "--force", description = "Take the app VIP even if something still answers ARP for it "
            + "while the other node is unreachable.")
    boolean force;

    @Override
    void run(Pair pair, OperationRunner runner) {
        NodeConfig node = LocalNode.resolve(pair.config(), options.node);
        NodeConfig other = pair.peerOf(node);
        VipConfig vip = pair.config().appVip();
        try (Operation op = runner.begin("master-set", "make " + node.name() + " the active application server")) {
            String unreachable = pair.unreachableReason(other);
            if (unreachable == null && pair.vips().holds(node, vip) && !pair.vips().holds(other, vip)
                    && pair.services().running(other).isEmpty()
                    && pair.services().running(node).size() == pair.config().services().size()) {
                op.succeed("nothing to do: " + node.name() + " already holds app VIP " + vip.address()
                        + " and runs all services");
                return;
            }
            if (unreachable != null) {
                String nodeUnreachable = pair.unreachableReason(node);
                if (nodeUnreachable != null) {
                    throw op.refuse(node.name() + " itself cannot be reached: " + nodeUnreachable,
                            "fix SSH access to " + node.name() + " (hactl ssh test " + node.name() + ")");
                }
                List<String> answering = pair.vips().holds(node, vip) ? List.of() : pair.vips().answeringMacs(node, vip);
                if (!answering.isEmpty() && !force) {
                    throw op.refuse(other.name() + " is unreachable (" + unreachable + ") but app VIP " + vip.address()
                            + " is still answered by " + answering + ": taking it would create an IP conflict",
                            "find and stop the host that answers (hactl check), or, if you are sure it is gone, rerun with --force");
                }
                op.note(other.name(), "UNREACHABLE (" + unreachable + "): assumed down; " + node.name()
                        + " takes control anyway" + (answering.isEmpty() ? " (nobody answers ARP for " + vip.address() + ")"
                        : " (--force: " + answering + " still answers)"));
            } else {
                pair.services().stopAll(op, other, pair.config().services());
                op.step(other.name(), "detach app VIP " + vip.cidr(), () -> pair.vips().remove(other, vip));
            }
            op.step(node.name(), "attach app VIP " + vip.cidr() + " and announce it (gratuitous ARP)",
                    () -> pair.vips().addAndAnnounce(node, vip));
            pair.services().startAll(op, node, pair.config().services());
            // verified after the services start: the check waits for ARP replies, and the
            // application is unavailable until its services run
            op.step(unreachable == null ? other.name() : node.name(), "verify " + vip.address() + " is answered by "
                    + node.name() + " only", () -> pair.vips().verifyOnly(node, other, vip, unreachable == null));
            op.succeed(node.name() + " is the active application server"
                    + (unreachable != null ? "; " + other.name() + " was unreachable: check it before it comes back" : ""));
        }
    }
}
