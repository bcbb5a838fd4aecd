package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.node.NodeShells;
import io.hactl.pair.LocalNode;
import io.hactl.pair.Refused;
import io.hactl.ops.db.DbMasterSet;
import io.hactl.ops.db.SwitchPlanner;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** db_master_set.sh, safer: make a node the database master. */
@Command(name = "db-master-set", mixinStandardHelpOptions = true,
        description = {"Make a node the MySQL/MariaDB master (the seed's db_master_set.sh).",
                "Guarantees:",
                " 1. the app services that ran (on the app VIP's node) are stopped;",
                " 2. the old master is set read_only (MySQL: super_read_only) and its",
                "    client sessions are ended;",
                " 3. the new master must have applied every transaction of the old one",
                "    (GTID equal) within --timeout, else all is rolled back and the",
                "    command refuses, showing the gap;",
                " 4. the new master stops replicating and becomes writable; the DB VIP",
                "    leaves the old master, then is added on the new one and announced",
                "    (gratuitous ARP): never two MACs for it;",
                " 5. the old master replicates from the new one (GTID), read-only;",
                " 6. the services that ran are started again.",
                "Old master's database unreachable: the node is promoted STANDALONE (no",
                "replica, no online backup) only if it was not behind at the last",
                "observation hactl remembers (hactl check records it) and nobody answers",
                "ARP for the DB VIP; --force overrides.",
                "Node already master, other node not replicating: the other node is made",
                "its replica again if it lacks nothing the master has (else refused:",
                "Master failure II; rebuild it with db-replica-init, which copies",
                "with mariadb-backup where both nodes have it, or copy the data with",
                "the application stopped, then --force-sync).",
                "Node the master by replication (replicates from nobody, the other",
                "node replicates from it) but no node holds the DB VIP (a new pair",
                "after db-replica-init): only the VIP is added.",
                "Every step is printed and written to the transition log.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or nothing to do",
                "1:failed; what was rolled back and the state left are printed",
                "2:refused: nothing changed (or all rolled back); why and the fix printed",
                "3:bad config"})
public final class DbMasterSetCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    OperationOptions operation;

    @Option(names = "--force-sync", description = {"Skip the sync check: the data was copied (Master failure"
            + " II). The other node replicates from this node's current position. Right only while no client writes;"
            + " with clients writing, rebuild the other node instead: hactl db-replica-init (a physical copy with"
            + " mariadb-backup, replication from the copy's own GTID)."})
    boolean forceSync;

    @Option(names = "--force", description = {"Promote stand-alone even if this node was behind the",
            "unreachable master when last seen, or another host answers ARP for the DB VIP."})
    boolean force;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long the new master may take to catch up (default: 10s).")
    String timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration t = OperationOptions.duration(spec, DbMasterSet.NAME, "--timeout", timeout);
        HactlConfig cfg = configOption.load(DbMasterSet.NAME, err);
        if (cfg == null) {
            return 3;
        }
        NodeConfig target;
        try {
            target = LocalNode.resolve(cfg, operation.node);
        } catch (Refused r) {
            err.println(DbMasterSet.NAME + ": " + r.reason() + "; " + r.fix());
            err.flush();
            return 3;
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NodeShells shells = new NodeShells()) {
            return new DbMasterSet(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()))
                    .run(operation.runner(cfg, out, CommandLines.original(spec)), target,
                            new SwitchPlanner.Options(forceSync, force, t));
        }
    }
}
