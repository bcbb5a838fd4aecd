package io.hactl.cli;

import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbLoader;
import io.hactl.backup.DbNames;
import io.hactl.backup.DbToolException;
import io.hactl.backup.DumpReader;
import io.hactl.backup.Journal;
import io.hactl.backup.PairLocator;
import io.hactl.backup.Progress;
import io.hactl.backup.ServerFacts;
import io.hactl.backup.SqlClient;
import io.hactl.backup.WritePolicy;
import io.hactl.config.HactlConfig;
import io.hactl.pair.Refused;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** db_restore.sh: load a dump into a database, on the master only. */
@Command(name = "db-restore", usageHelpAutoWidth = true,
        description = {"Load a dump file into a database (db_restore.sh).",
                "Plain SQL, .gz or .zst (told by its first bytes). Without -D, the database named in the dump's header.",
                "On the master only, as the seed says: a replica (read_only, or replication configured), or a node",
                "of the pair that is not its master, is refused unless --force; forced, it is written with the",
                "binary log off for the session, so it gets no GTID of its own."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:failed (the target may be incomplete: the message says)",
                "2:refused (nothing was changed)",
                "3:bad config: the file --config or $HACTL_CONFIG names is missing or has problems"})
public final class DbRestoreCommand implements Callable<Integer> {

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    ConfigOption configOption;

    @Mixin
    DbConnectionOptions db;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The dump to load.")
    Path file;

    @Option(names = "--create", description = "Create the target database when it does not exist.")
    boolean create;

    @Option(names = "--force", description = "Restore into a replica, or a node that is not the master, anyway"
            + " (with the binary log off for the session).")
    boolean force;

    @Option(names = "--binlog", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Binary log of the restore's session: auto (default: off on a replica, on on the master),"
                    + " on, off.")
    String binlog;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Stop when nothing has moved for this long (default 5m).")
    String stallTimeout;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; written to the transition log.")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        HactlConfig cfg = DbCli.optionalConfig(configOption, out, err);
        Journal journal = DbCli.journal(out, cfg, "db-restore", reason, DbCli.commandLine(spec));
        try {
            WritePolicy.Binlog mode = DbCli.binlogMode(spec, binlog);
            Duration stall = DbCli.duration(spec, "--stall-timeout", stallTimeout);
            if (!Files.isRegularFile(file)) {
                throw new Refused(file + " is not a file", "check the path (hactl backup list shows the backups)");
            }
            try (DumpReader reader = new DumpReader(file)) {
                String target = db.database != null ? db.database : reader.headerDatabase();
                if (target == null) {
                    throw new Refused("which database? no -D and the file names none in its header",
                            "add -D DATABASE");
                }
                String bad = DbNames.whyNot(target, db.database != null ? "-D" : "the database in the file's header");
                if (bad != null) {
                    throw new Refused(bad, null);
                }
                DbEndpoint endpoint = db.endpoint(target);
                journal.begin("load " + file + " (" + reader.compression().label() + ", " + Progress.bytes(reader.size())
                        + ") into " + endpoint.describe());
                if (!reader.looksLikeDump()) {
                    journal.note(null, "warning: " + file + " does not start like a mariadb-dump/mysqldump file");
                }
                return restore(journal, reader, endpoint, cfg, mode, stall, out, err);
            } catch (IOException e) {
                journal.fail("cannot read " + file + ": " + e.getMessage() + "; nothing was changed");
                return 1;
            }
        } catch (Refused e) {
            journal.refuse(e.reason(), e.fix());
            return 2;
        }
    }

    private int restore(Journal journal, DumpReader reader, DbEndpoint endpoint, HactlConfig cfg,
                        WritePolicy.Binlog mode, Duration stall, PrintWriter out, PrintWriter err) {
        SqlClient sql = new SqlClient(Duration.ofSeconds(30));
        ServerFacts facts;
        boolean exists;
        try {
            facts = ServerFacts.read(sql, endpoint);
            exists = ServerFacts.databaseExists(sql, endpoint, endpoint.database());
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was changed");
            return 1;
        }
        WritePolicy.Decision decision = WritePolicy.forRestore(mode, facts, PairLocator.place(cfg, endpoint.host()),
                endpoint.server(), force);
        if (decision.refuse()) {
            throw new Refused(decision.refused(), decision.fix());
        }
        if (!exists && !create) {
            throw new Refused("database " + endpoint.database() + " does not exist on " + endpoint.server(),
                    "add --create to create it, or -D to name another");
        }
        journal.note(null, decision.why());
        try {
            if (!exists) {
                sql.execute(endpoint.withDatabase(null), (decision.binlogOff() ? "SET SESSION sql_log_bin=0; " : "")
                        + "CREATE DATABASE " + DbNames.quoted(endpoint.database()));
                journal.note(null, "created database " + endpoint.database());
            } else if (decision.binlogOff()) {
                sql.execute(endpoint.withDatabase(null), "SET SESSION sql_log_bin=0");   // privilege check before loading
            }
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was loaded");
            return 1;
        }
        Progress progress = Progress.forCommand(out, err);
        progress.start("load " + endpoint.database(), reader.size(), 0);
        long t0 = System.nanoTime();
        long sqlBytes;
        try {
            sqlBytes = new DbLoader().load(endpoint, decision.binlogOff(), reader.sql(), reader::fileBytesRead, progress,
                    stall);
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; database " + endpoint.database() + " may be incomplete");
            return 1;
        }
        long nanos = System.nanoTime() - t0;
        if (!reader.scanner().completed()) {
            journal.fail(file + " does not end with mariadb-dump's '-- Dump completed' line: it is truncated, and "
                    + endpoint.database() + " holds only what it had; restore a complete dump");
            return 1;
        }
        journal.step(null, "load " + endpoint.database(), true, Progress.summary(sqlBytes, nanos) + " of SQL, "
                + reader.scanner().tablesStarted() + " tables", nanos);
        journal.done(file.getFileName() + " restored into " + endpoint.describe()
                + (reader.scanner().gtid() != null ? "; the dump was taken at GTID " + reader.scanner().gtid() : ""));
        return 0;
    }
}
