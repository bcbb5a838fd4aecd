package io.hactl.cli;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.Compression;
import io.hactl.backup.DbDumper;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbNames;
import io.hactl.backup.DbToolException;
import io.hactl.backup.Journal;
import io.hactl.backup.Progress;
import io.hactl.backup.ServerFacts;
import io.hactl.backup.SqlClient;
import io.hactl.config.HactlConfig;
import io.hactl.pair.Refused;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** db_backup.sh: a consistent dump of one database into a file. */
@Command(name = "db-backup", usageHelpAutoWidth = true,
        description = {"Dump one database into FILE (db_backup.sh).",
                "A consistent snapshot (mariadb-dump --single-transaction) with routines, triggers and events; the binary",
                "log position and GTID of the snapshot are recorded in the file (--master-data=2 --gtid) and printed.",
                "FILE ending in .zst is compressed with zstd, .gz with gzip, else plain SQL. FILE appears only once",
                "complete (written beside it under a temporary name, fsynced, renamed): an existing FILE is replaced",
                "only by a complete dump. Without -u/-p: the operating-system user through the socket, as the seed did."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:dumped", "1:failed (cannot connect, dump failed, disk full): FILE untouched",
                "2:refused (a password on the command line, a bad name)",
                "3:bad config: the file --config or $HACTL_CONFIG names is missing or has problems"})
public final class DbBackupCommand implements Callable<Integer> {

    /** zstd's workers for the dump (gzip and plain ignore it): one, beside the thread that reads the dump. */
    static final int DUMP_WORKERS = 1;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    ConfigOption configOption;

    @Mixin
    DbConnectionOptions db;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The dump file to write.")
    Path file;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Stop when no byte has come for this long (default 5m).")
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
        Journal journal = DbCli.journal(out, cfg, "db-backup", reason, DbCli.commandLine(spec));
        try {
            String database = db.database != null ? db.database : cfg != null ? cfg.database().name() : null;
            if (database == null) {
                throw new Refused("which database? no -D and no config to take database.name from", "add -D DATABASE");
            }
            String bad = DbNames.whyNot(database, "-D");
            if (bad != null) {
                throw new Refused(bad, null);
            }
            Duration stall = DbCli.duration(spec, "--stall-timeout", stallTimeout);
            DbEndpoint endpoint = db.endpoint(database);
            Compression compression = Compression.forFileName(file.getFileName().toString());
            journal.begin("dump " + endpoint.describe() + " into " + file + " (" + compression.label() + ")");
            return dump(journal, endpoint, compression, stall, out, err) ? 0 : 1;
        } catch (Refused e) {
            journal.refuse(e.reason(), e.fix());
            return 2;
        }
    }

    private boolean dump(Journal journal, DbEndpoint endpoint, Compression compression, Duration stall, PrintWriter out,
                         PrintWriter err) {
        SqlClient sql = new SqlClient(Duration.ofSeconds(30));
        ServerFacts facts;
        ServerFacts.Size size;
        try {
            ServerFacts.ForDump before = ServerFacts.forDump(sql, endpoint, endpoint.database());
            if (!before.databaseExists()) {
                journal.fail("database " + endpoint.database() + " does not exist on " + endpoint.server()
                        + "; nothing was written");
                return false;
            }
            facts = before.facts();
            size = before.size();
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was written");
            return false;
        }
        journal.print("server " + facts.version() + ", " + facts.role() + "; " + size.tables() + " tables, ~"
                + Progress.bytes(size.bytes()) + " of data");
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            journal.fail("directory " + parent + " does not exist; nothing was written");
            return false;
        }
        boolean replacing = Files.exists(file);
        AtomicFile target;
        try {
            target = AtomicFile.create(file);
        } catch (IOException e) {
            journal.fail("cannot create a file in " + parent + ": " + e.getMessage() + "; nothing was written");
            return false;
        }
        Progress progress = Progress.forCommand(out, err);
        progress.start("dump " + endpoint.database(), size.bytes(), size.tables());
        DbDumper.Result r;
        long t0 = System.nanoTime();
        try {
            // zstd compresses in a worker of its own while this thread scans, hashes and writes, as the zstd program
            // does: at 1 GB 1.08-1.14x the pipe's time against 1.26-1.32x, interleaved; ~40 MB more peak RSS
            // zstd: mariadb-dump | zstd as one pipeline the file comes out of (no byte through this JVM) where this
            // machine has the zstd program; else, and for gzip, compressed here
            DbDumper dumper = new DbDumper();
            r = compression == Compression.ZSTD ? dumper.dumpInto(endpoint, facts, sql, target, size.tables(), progress,
                    stall) : null;
            if (r == null) {
                try (OutputStream z = compression.compress(target, DUMP_WORKERS)) {
                    r = dumper.dump(endpoint, facts, z, progress, stall);
                }
            }
            target.commit();
        } catch (DbToolException e) {
            target.abort();
            journal.fail(e.getMessage() + "; " + (replacing ? file + " was left as it was" : "nothing was written"));
            return false;
        } catch (IOException | UncheckedIOException e) {
            target.abort();
            journal.fail("writing " + file + " failed: " + e.getMessage() + "; "
                    + (replacing ? file + " was left as it was" : "nothing was written"));
            return false;
        }
        long nanos = System.nanoTime() - t0;
        journal.step(null, "dump " + endpoint.database(), true, Progress.summary(r.bytes(), nanos) + " of SQL, "
                + r.tables() + " tables → " + Progress.bytes(target.bytes()) + " " + compression.label() + "; "
                + r.position(), nanos);
        journal.done(endpoint.database() + " from " + endpoint.server() + " in " + file + " (" + Progress.bytes(target.bytes())
                + ", sha256 " + target.sha256().substring(0, 16) + "…)" + (replacing ? "; it replaced the previous file" : ""));
        return true;
    }
}
