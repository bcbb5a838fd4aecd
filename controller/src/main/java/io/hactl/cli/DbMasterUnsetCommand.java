package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.NodeShells;
import io.hactl.pair.LocalNode;
import io.hactl.pair.Refused;
import io.hactl.ops.db.DbMasterUnset;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** db_master_unset.sh: detach the DB VIP from a node, nothing else. */
@Command(name = "db-master-unset", mixinStandardHelpOptions = true,
        description = {"Detach the DB VIP from a node (the seed's db_master_unset.sh).",
                "It does NOT change the master/replica configuration: the node's database stays",
                "as it is. Use it to resolve an IP conflict (hactl check: SPLIT-BRAIN,",
                "two MACs answer for the DB VIP).", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or nothing to do (the node does not hold the VIP)", "1:failed",
                "2:refused (the node cannot be reached): nothing changed", "3:bad config"})
public final class DbMasterUnsetCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    OperationOptions operation;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        HactlConfig cfg = configOption.load(DbMasterUnset.NAME, err);
        if (cfg == null) {
            return 3;
        }
        NodeConfig node;
        try {
            node = LocalNode.resolve(cfg, operation.node);
        } catch (Refused r) {
            err.println(DbMasterUnset.NAME + ": " + r.reason() + "; " + r.fix());
            err.flush();
            return 3;
        }
        try (NodeShells shells = new NodeShells()) {
            return new DbMasterUnset(cfg, shells::forNode)
                    .run(operation.runner(cfg, spec.commandLine().getOut(), CommandLines.original(spec)), node);
        }
    }
}
