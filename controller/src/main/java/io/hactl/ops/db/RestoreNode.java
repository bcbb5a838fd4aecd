package io.hactl.ops.db;

import io.hactl.config.BackupConfig;
import io.hactl.backup.BackupVerifier;
import io.hactl.backup.Manifest;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.model.DurationText;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.ops.OperationRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code hactl restore-node --node N --from DATE}: rebuilds N from the day's physical backup
 * instead of a copy of the master (the master stays untouched: no mariadb-backup on it), then N
 * replicates from the backup's GTID and catches up from the master. Refused (nothing changed)
 * when the day has no physical database copy, when its file is not the one written (size,
 * SHA-256, it decompresses: {@link BackupVerifier}), when N is the master or holds the DB VIP, and
 * by the rebuild's checks (same flavor and major version as the master's and the backup's, room
 * for the unpacked copy next to N's data directory). Then {@link ReplicaRebuild}'s steps with
 * {@link BackupRebuild}'s copy: one implementation of the swap, the start and the catch-up.
 */
public final class RestoreNode {

    public static final String NAME = "restore-node";

    private final HactlConfig cfg;
    private final Function<NodeConfig, DbAdmin> connector;
    private final ReplicaRebuild rebuild;

    public RestoreNode(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                       Duration catchUp) {
        this.cfg = cfg;
        this.connector = connector;
        this.rebuild = new ReplicaRebuild(cfg, shells, connector, catchUp);
    }

    /** Rebuilds {@code node} from the backup in {@code day} (a day's directory); 0 done, 1 failed, 2 refused. */
    public int run(OperationRunner runner, NodeConfig node, Path day, String date) {
        NodeConfig master = cfg.peerOf(node);
        return runner.run(NAME, "rebuild " + node.name() + " from the physical backup of " + date + " (" + day
                + "), then replicate from " + master.name(), op -> {
                    Manifest.Entry e = entry(op, day, date);
                    long t0 = System.nanoTime();
                    BackupVerifier.Check c = BackupVerifier.check(day, e);
                    if (!c.ok()) {
                        throw op.refuse("the backup's file " + day.resolve(e.file()) + " is not the one written: "
                                + c.problem(), "restore from another day (hactl backup list), and take a new backup");
                    }
                    op.note(null, "the backup's file " + e.file() + " is the one written (size, SHA-256, it"
                            + " decompresses to the end): checked in " + DurationText.seconds(Duration.ofNanos(
                            System.nanoTime() - t0)));
                    try (Connections dbs = new Connections(connector)) {
                        ReplicaRebuild.connect(op, dbs, node);
                        DbAdmin ma = ReplicaRebuild.connect(op, dbs, master);
                        ReplicaInit.refuseIfMaster(op, rebuild, cfg, node, master, ma.state(), NAME);
                    }
                    ReplicaRebuild.Result r = rebuild.run(op, runner.out(), node, master, "physical, from the backup of "
                            + date + " (" + e.node() + " at GTID " + ReplicaRebuild.shown(e.gtid()) + "), then"
                            + " replication from " + master.name() + " from that GTID",
                            new BackupRebuild(rebuild.physical(), cfg.database().server() != null, day, e));
                    op.succeed(op.dryRun() ? node.name() + " rebuilt from the backup of " + date + " by the steps above"
                            : node.name() + " is a replica of " + master.name() + ", rebuilt from the backup of " + date
                            + ": " + r.summary());
                    return 0;
                });
    }

    /** The day's physical database copy, or the refusal that says what the day has instead. */
    private static Manifest.Entry entry(Operation op, Path day, String date) {
        Optional<Manifest> m;
        try {
            m = Manifest.read(day);
        } catch (IOException ex) {
            throw op.refuse("the manifest of " + date + " cannot be read: " + ex.getMessage(),
                    "restore from another day (hactl backup list)");
        }
        if (m.isEmpty()) {
            throw op.refuse("no backup of " + date + " in " + day + " (no manifest)",
                    "name a day that has one (hactl backup list), or the backup directory: -d DIR");
        }
        Manifest.Entry e = m.get().entry(BackupConfig.DATABASE).orElse(null);
        if (e == null) {
            throw op.refuse("the backup of " + date + " has no database component",
                    "restore from a day that has one (hactl backup list)");
        }
        if (!e.physical()) {
            throw op.refuse("the backup of " + date + " has a logical dump of the database (" + e.file() + "), not a"
                    + " physical copy", "load it with hactl db-restore -f " + day.resolve(e.file()) + ", or rebuild"
                    + " the node from the master: hactl db-replica-init --node NODE; next time back up with"
                    + " --method physical");
        }
        return e;
    }
}
