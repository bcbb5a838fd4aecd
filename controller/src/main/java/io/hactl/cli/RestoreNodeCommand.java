package io.hactl.cli;

import io.hactl.backup.BackupStore;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.node.NodeShells;
import io.hactl.ops.db.RestoreNode;
import io.hactl.pair.Refused;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Rebuild a node from a day's physical backup, then let it catch up from the master. */
@Command(name = "restore-node", mixinStandardHelpOptions = true,
        description = {"Rebuild --node N from the physical backup of --from DATE (hactl backup, method",
                "physical), then make it a replica of the master (the other node) from the backup's GTID.",
                "Steps:",
                " 1. checks: the day's manifest has a physical database copy and its file is the one",
                "    written (size, SHA-256, it decompresses); N is not the master and does not hold the",
                "    DB VIP; N, the master and the backup are the same MariaDB major version; N has room",
                "    for the unpacked copy next to its data directory (database.server.free_margin_mb);",
                " 2. the backup decompressed here and streamed into tar -x in an empty directory on N",
                "    (it was prepared when it was taken); progress every few seconds;",
                " 3. N's server stopped (database.server.stop), its data directory swapped (the old one",
                "    kept until the new one has started: a failed start puts it back), started;",
                " 4. N replicates from the master from exactly the backup's GTID, read-only, and the",
                "    command waits until it has caught up; ends with db-sync-check.",
                "The master is not touched (no copy is read from it). A refusal (exit 2) changes nothing.",
                "Every step is printed and written to the transition log.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done: N replicates from the master",
                "1:failed; the step and the state left are printed",
                "2:refused: nothing changed; why and the fix printed",
                "3:bad config"})
public final class RestoreNodeCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Mixin
    OperationOptions operation;

    @Option(names = "--from", paramLabel = "DATE", required = true,
            description = "The day of the backup: YEAR-MONTH-DAY (hactl backup list shows them).")
    String from;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "The backup directory (default:"
            + " backup.directory).")
    Path directory;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
            description = "How long to wait for N to catch up after the copy (default: 60s; replication goes on).")
    String timeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Duration t = OperationOptions.duration(spec, RestoreNode.NAME, "--timeout", timeout);
        if (operation.node == null) {
            throw new BadUsage(spec, RestoreNode.NAME + ": --node is required: name the node to rebuild (not the master)");
        }
        LocalDate day;
        try {
            day = BackupCommand.day(from);
        } catch (Refused e) {
            throw new BadUsage(spec, RestoreNode.NAME + ": --from " + e.reason() + "; " + e.fix());
        }
        HactlConfig cfg = configOption.load(RestoreNode.NAME, err);
        if (cfg == null) {
            return 3;
        }
        NodeConfig node = operation.namedNode(cfg, RestoreNode.NAME, err);
        if (node == null) {
            return 3;
        }
        BackupStore store = new BackupStore(directory != null ? directory : cfg.backupDirectory());
        PrintWriter out = spec.commandLine().getOut();
        int exit;
        try (NodeShells shells = new NodeShells()) {
            exit = new RestoreNode(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()), t)
                    .run(operation.runner(cfg, out, CommandLines.original(spec)), node, store.dayDir(day), day.toString());
        }
        if (exit == 0 && !operation.dryRun) {
            DbSyncCheckCommand.afterRebuild(cfg, out);
        }
        out.flush();
        return exit;
    }
}
