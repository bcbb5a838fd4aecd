package io.hactl.cli;

import io.hactl.pair.LocalNode;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import io.hactl.ops.app.AppMasterSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** master_set.sh: make a node the active application server (app VIP + services; {@link AppMasterSet}). */
@Command(name = "master-set", mixinStandardHelpOptions = true,
        description = {"Make NODE the active application server (master_set.sh).",
                "Stop the services on the other node and check they stopped (no process, no port answering), detach",
                "the app VIP there, attach it on NODE, announce it (gratuitous ARP), start the services on NODE,",
                "verify that only NODE's MAC answers for it.",
                "If the other node cannot be reached it is assumed down and NODE takes control anyway, but only",
                "if nobody answers ARP for the app VIP (else it would create an IP conflict) unless --force,",
                "and never while one of its service ports still answers (two active application servers)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:NODE is active", "1:a step failed", "2:refused (nothing changed)", "3:bad config"})
public final class MasterSetCommand extends OperationCommand {

    @Option(names = "--force", description = "Take the app VIP even if something still answers ARP for it "
            + "while the other node is unreachable.")
    boolean force;

    @Override
    int run(Pair pair, OperationRunner runner) {
        return new AppMasterSet(pair.config(), pair.shells()::forNode).run(runner,
                LocalNode.resolve(pair.config(), options.node), force);
    }
}
