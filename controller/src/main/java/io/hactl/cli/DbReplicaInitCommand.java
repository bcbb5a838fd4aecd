package io.hactl.cli;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.node.NodeShells;
import io.hactl.ops.db.RebuildMethod;
import io.hactl.ops.db.ReplicaInit;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Make a node a replica of the master from scratch (the seed's FAQ: how to configure master/slave replication). */
@Command(name = "db-replica-init", mixinStandardHelpOptions = true,
        description = {"Make --node N a replica of the master (the other node) from scratch.",
                "Steps:",
                " 1. checks: both databases answer; N is not the master (holds the DB VIP,",
                "    or the other node replicates from it); same flavor and major version;",
                "    log_bin and log_slave_updates on both; distinct non-zero server_id;",
                "    MySQL: gtid_mode and enforce_gtid_consistency ON (MariaDB:",
                "    gtid_strict_mode advised). Each problem is named with the my.cnf line;",
                " 2. the method (--method), printed with why it was chosen;",
                " 3. the replication user (database.replication.user) is created where",
                "    missing, its password from the config's password file, never on a",
                "    command line;",
                " 4. the copy:",
                "    physical: mariadb-backup --backup --stream=mbstream on the master",
                "    into mbstream -x in an empty directory on N (straight from node to",
                "    node with socat when both have it and reach each other, else through",
                "    this machine inside SSH: database.copy.direct auto|off, the route",
                "    printed with why), --prepare; N's server stopped",
                "    (database.server.stop), its data directory swapped (the old one kept",
                "    until the new one has started: a failed start puts it back), started",
                "    (database.server.start). First refused if N lacks the free space for",
                "    the master's data + a margin;",
                "    logical: the application database in ONE consistent snapshot,",
                "    streamed, with N's binary log off;",
                "    progress (bytes, rate, ETA) printed every few seconds;",
                " 5. N replicates from the master from exactly the copy's GTID,",
                "    read-only, and the command waits until it has caught up;",
                " 6. ends with db-sync-check.",
                "A refusal (exit 2) changes nothing: the users are created only after",
                "every check. With the logical method, the master's accounts N lacks (the",
                "copy is the database, not mysql.*) are named, with how to add them.",
                "The same rebuild as the controller's resync proposal. Every step is",
                "printed and written to the transition log.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done: N replicates from the master",
                "1:failed; the step and the state left are printed",
                "2:refused: nothing changed; why and the fix printed",
                "3:bad config"})
public final class DbReplicaInitCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    OperationOptions operation;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for N to catch up after the copy (default: 60s; replication goes on).")
    String timeout;

    @Option(names = "--method", paramLabel = "auto|physical|logical", defaultValue = "auto",
            description = {"How to copy (default: auto). physical: mariadb-backup, the whole server's data files"
                    + " (both nodes need mariadb-backup of their MariaDB's major version, and database.server.start"
                    + " and database.server.stop in the config); logical: mariadb-dump of the application database"
                    + " into N. auto: physical when it can be, else logical, and says why. MySQL is always logical:"
                    + " Percona XtraBackup is not packaged here."})
    String method;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration t = OperationOptions.duration(spec, ReplicaInit.NAME, "--timeout", timeout);
        RebuildMethod.Kind kind = RebuildMethod.Kind.of(method);
        if (kind == null) {
            throw new BadUsage(spec, ReplicaInit.NAME + ": --method " + method + " is none of the three: write auto,"
                    + " physical or logical");
        }
        if (operation.node == null) {
            throw new BadUsage(spec, ReplicaInit.NAME + ": --node is required: name the node to make a replica (not the"
                    + " master)");
        }
        HactlConfig cfg = configOption.load(ReplicaInit.NAME, err);
        if (cfg == null) {
            return 3;
        }
        NodeConfig node = operation.namedNode(cfg, ReplicaInit.NAME, err);
        if (node == null) {
            return 3;
        }
        PrintWriter out = spec.commandLine().getOut();
        int exit;
        try (NodeShells shells = new NodeShells()) {
            exit = new ReplicaInit(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()), t, kind)
                    .run(operation.runner(cfg, out, CommandLines.original(spec)), node);
        }
        if (exit == 0 && !operation.dryRun) {
            DbSyncCheckCommand.afterRebuild(cfg, out);
        }
        out.flush();
        return exit;
    }
}
