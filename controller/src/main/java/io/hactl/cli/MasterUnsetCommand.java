package io.hactl.cli;

import io.hactl.pair.LocalNode;
import io.hactl.ops.OperationRunner;
import io.hactl.ops.Pair;
import io.hactl.ops.app.AppMasterUnset;
import picocli.CommandLine.Command;

/** master_unset.sh: detach the app VIP from a node and stop its services there ({@link AppMasterUnset}). */
@Command(name = "master-unset", mixinStandardHelpOptions = true,
        description = {"Detach the app VIP from NODE and stop its services (master_unset.sh).",
                "Use it e.g. to resolve an IP conflict on the app VIP."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:a step failed", "2:refused (nothing changed)", "3:bad config"})
public final class MasterUnsetCommand extends OperationCommand {

    @Override
    int run(Pair pair, OperationRunner runner) {
        return new AppMasterUnset(pair.config(), pair.shells()::forNode).run(runner,
                LocalNode.resolve(pair.config(), options.node));
    }
}
