package io.hactl.cli;

import io.hactl.backup.BackupDays;
import io.hactl.backup.BackupRun;
import io.hactl.backup.BackupStore;
import io.hactl.backup.BackupVerifier;
import io.hactl.backup.Journal;
import io.hactl.backup.Manifest;
import io.hactl.backup.Progress;
import io.hactl.backup.RestoreCheck;
import io.hactl.config.BackupConfig;
import io.hactl.config.HactlConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.node.NodeShells;
import io.hactl.ops.db.PhysicalBackup;
import io.hactl.pair.Refused;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** backup.sh: the database and the file components, one directory per day. */
@Command(name = "backup", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        subcommands = {BackupCommand.Verify.class, BackupCommand.ListDays.class},
        description = {"Back up the pair (backup.sh): the database and the file components of backup.components",
                "(the seed's indexes, tomcat, polopoly, project), the ones named or, with none named, all.",
                "Written to <backup.directory>/YEAR/MONTH/DAY/ on this machine: one zstd file per component and a",
                "manifest.json (size, SHA-256, times, the node read, the database's GTID, server version and method).",
                "The database is read from the replica when it is healthy (no load on the master), else from the",
                "master: physical (mariadb-backup: the whole server, prepared on this machine, one zstd tar; what",
                "restore-node copies back) or logical (mariadb-dump of the application database), by --method or",
                "backup.database.method (auto: physical when this machine and the node have mariadb-backup of the",
                "server's major version; MySQL is logical). Files are tar'ed on the node where the application is",
                "active. A second backup on the",
                "same day replaces that day's, but only once it is complete: until its manifest is written the",
                "day's previous backup stays as it was (a crash, a kill or a full disk never leaves a half file)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:backed up", "1:failed (the day's previous backup is kept)", "2:refused (nothing written)",
                "3:bad config"})
public final class BackupCommand implements Callable<Integer> {

    @Mixin
    ConfigOption configOption;

    @Parameters(paramLabel = "COMPONENT", arity = "0..*",
            description = "database and/or file components of the config (default: all).")
    List<String> components = new ArrayList<>();

    @Option(names = "--keep-days", paramLabel = "N",
            description = "Keep N days, today included; older days are deleted after a backup that succeeded."
                    + " Default: backup.keep_days (none: keep all).")
    Integer keepDays;

    @Option(names = "--from", paramLabel = "NODE", description = "Dump the database from NODE (default: the replica"
            + " when healthy, else the master).")
    String from;

    @Option(names = "--method", paramLabel = "auto|physical|logical", description = "How to copy the database"
            + " (default: backup.database.method, else auto). physical: mariadb-backup, the whole server, prepared;"
            + " logical: mariadb-dump of the application database; auto: physical when it can be, and says why.")
    String method;

    @Option(names = "--files-from", paramLabel = "NODE", description = "Read the files on NODE (default: the node where"
            + " the application is active).")
    String filesFrom;

    @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "Write under DIR instead of backup.directory.")
    Path directory;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Stop a component when no byte has come for this long (default 5m).")
    String stallTimeout;

    @Option(names = "--dry-run", description = "Say what would be backed up, from where, and deleted; write nothing.")
    boolean dryRun;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why; written to the transition log.")
    String reason;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (keepDays != null && keepDays < 1) {
            throw new BadUsage(spec, "backup: --keep-days " + keepDays + ": keep at least 1 day (today)");
        }
        Duration stall = DbCli.duration(spec, "--stall-timeout", stallTimeout);
        if (method != null && !List.of("auto", "physical", "logical").contains(method)) {
            throw new BadUsage(spec, "backup: --method " + method + " is none of the three: write auto, physical or"
                    + " logical");
        }
        HactlConfig cfg = configOption.load("backup", err);
        if (cfg == null) {
            return 3;
        }
        Journal journal = DbCli.journal(out, cfg, "backup", reason, DbCli.commandLine(spec));
        try (NodeShells shells = new NodeShells()) {
            PhysicalBackup physical = new PhysicalBackup(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()));
            BackupRun run = new BackupRun(cfg, shells, journal, Progress.forCopy(out, err), Clock.systemDefaultZone(),
                    version(), physical);
            return run.run(new BackupRun.Options(components, from, filesFrom, keepDays, directory, stall, dryRun,
                    method)) ? 0 : 1;
        } catch (Refused e) {
            journal.refuse(e.reason(), e.fix());
            return 2;
        }
    }

    /** The subcommand's own --config, else the one given to 'backup' (hactl backup -c F verify). */
    static ConfigOption parentConfig(BackupCommand parent, ConfigOption own) {
        return own.config == null && parent != null && parent.configOption.config != null ? parent.configOption : own;
    }

    static String version() {
        return new Main.Version().getVersion()[0].replaceFirst("^hactl ", "");
    }

    static LocalDate day(String text) {
        try {
            return LocalDate.parse(text.replace('/', '-'));
        } catch (DateTimeParseException e) {
            throw new Refused("'" + text + "' is not a date", "write it as YEAR-MONTH-DAY, e.g. "
                    + LocalDate.now() + " (or YEAR/MONTH/DAY)");
        }
    }

    /** hactl backup verify [DATE]. */
    @Command(name = "verify", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Re-read a day's backup against its manifest: every file present, its size and SHA-256 as",
                    "recorded, it decompresses to the end, and a database dump ends with '-- Dump completed'.",
                    "With --restore (slow: the whole server unpacked and read), a physical database copy is also",
                    "unpacked into a temporary directory, a throw-away mariadbd started on it (its own socket, no",
                    "network; stopped by its PID after) and every table checked (mariadb-check, CHECK TABLE).",
                    "DATE: YEAR-MONTH-DAY (default: the latest day). Changes nothing; the temporary directory goes."},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:every file is good", "1:a file is missing, damaged or changed; or no backup that day",
                    "3:bad config"})
    static final class Verify implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @ParentCommand
        BackupCommand parent;

        @Parameters(paramLabel = "DATE", arity = "0..1", description = "The day (default: the latest).")
        String date;

        @Option(names = "--all", description = "Verify every day.")
        boolean all;

        @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "The backup directory (default:"
                + " backup.directory).")
        Path directory;

        @Option(names = "--restore", description = "Also start a physical database copy in a throw-away mariadbd"
                + " and check every table (slow).")
        boolean restore;

        @Option(names = "--scratch", paramLabel = "DIR", description = "Where --restore unpacks the copy (default:"
                + " the backup directory; it needs the copy's unpacked size free).")
        Path scratch;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HactlConfig cfg = parentConfig(parent, configOption).load("backup verify", spec.commandLine().getErr());
            if (cfg == null) {
                return 3;
            }
            BackupStore store = new BackupStore(directory != null ? directory : cfg.backupDirectory());
            try {
                List<LocalDate> days = store.days();
                List<LocalDate> chosen;
                if (all) {
                    chosen = days;
                } else if (date != null) {
                    chosen = List.of(day(date));
                } else {
                    chosen = days.isEmpty() ? List.of() : List.of(days.get(days.size() - 1));
                }
                if (chosen.isEmpty()) {
                    out.println("backup verify: no backup in " + store.root());
                    return 1;
                }
                boolean ok = true;
                RestoreCheck trial = restore ? new RestoreCheck(scratch != null ? scratch : store.root(), line -> {
                    out.println("    " + line);
                    out.flush();
                }) : null;
                for (LocalDate d : chosen) {
                    ok &= verifyDay(out, store, d, trial);
                }
                return ok ? 0 : 1;
            } catch (Refused e) {
                out.println("backup verify: " + e.reason() + (e.fix() != null ? "; " + e.fix() : ""));
                return 1;
            } catch (IOException e) {
                out.println("backup verify: cannot read " + store.root() + ": " + e.getMessage());
                return 1;
            }
        }

        private static boolean verifyDay(PrintWriter out, BackupStore store, LocalDate d, RestoreCheck trial)
                throws IOException {
            Path day = store.dayDir(d);
            Optional<BackupVerifier.Report> r;
            try {
                r = BackupVerifier.verify(day);
            } catch (IOException e) {
                out.println("backup verify: " + day + ": cannot read the manifest: " + e.getMessage());
                return false;
            }
            if (r.isEmpty()) {
                out.println("backup verify: " + day + ": no manifest (no complete backup that day)");
                return false;
            }
            Manifest m = r.get().manifest();
            out.println("backup verify: " + day + " (run " + m.run() + ", " + m.components().size() + " file(s))");
            for (BackupVerifier.Check c : r.get().checks()) {
                out.printf("  %-10s %-28s %10s  %s%n", c.component(), c.file(), Progress.bytes(c.bytes()),
                        c.ok() ? "ok" : "BAD: " + c.problem());
            }
            r.get().warnings().forEach(w -> out.println("  warning: " + w));
            boolean restored = trial == null || restore(out, r.get(), trial);
            out.println(r.get().ok() && restored ? "  good: every file matches the manifest"
                    + (trial != null ? "; the database copy starts and its tables check OK" : "")
                    : "  BAD: this backup cannot be trusted; take a new one (hactl backup)");
            out.flush();
            return r.get().ok() && restored;
        }

        /** --restore: the day's physical database copy started in a throw-away server; false when it fails. */
        private static boolean restore(PrintWriter out, BackupVerifier.Report r, RestoreCheck trial) {
            Optional<Manifest.Entry> db = r.manifest().entry(BackupConfig.DATABASE);
            if (db.isEmpty() || !db.get().physical()) {
                out.println("  test restore: no physical database copy in this backup (a mariadb-dump is checked by its"
                        + " checksums and its last line)");
                return true;
            }
            boolean good = r.checks().stream().filter(c -> c.file().equals(db.get().file())).allMatch(
                    BackupVerifier.Check::ok);
            if (!good) {
                out.println("  test restore of " + db.get().file() + ": not tried, the file is damaged (above)");
                return false;
            }
            out.println("  test restore of " + db.get().file() + " (physical, from " + db.get().node() + ", GTID "
                    + db.get().gtid() + "):");
            out.flush();
            RestoreCheck.Result res = trial.run(r.day(), db.get());
            out.println("  test restore: " + (res.ok() ? "ok: " : "BAD: ") + res.summary());
            return res.ok();
        }
    }

    /** hactl backup list. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the days in the backup directory: components, sizes, where the database came from, its GTID.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:listed (also when there is no backup yet)", "1:the backup directory cannot be read",
                    "3:bad config"})
    static final class ListDays implements Callable<Integer> {

        @Mixin
        ConfigOption configOption;

        @ParentCommand
        BackupCommand parent;

        @Option(names = {"-d", "--directory"}, paramLabel = "DIR", description = "The backup directory (default:"
                + " backup.directory).")
        Path directory;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            HactlConfig cfg = parentConfig(parent, configOption).load("backup list", spec.commandLine().getErr());
            if (cfg == null) {
                return 3;
            }
            BackupStore store = new BackupStore(directory != null ? directory : cfg.backupDirectory());
            try {
                List<BackupDays.Day> days = BackupDays.read(store);
                if (days.isEmpty()) {
                    out.println("no backup in " + store.root());
                    return 0;
                }
                out.printf("%-10s  %-6s  %-40s  %10s  %s%n", "DAY", "RUN", "COMPONENTS", "SIZE", "DATABASE");
                for (BackupDays.Day d : days) {
                    if (d.manifest() == null) {
                        out.printf("%-10s  (%s)%n", d.date(), d.problem());
                        continue;
                    }
                    out.printf("%-10s  %-6s  %-40s  %10s  %s%n", d.date(), d.manifest().run(),
                            String.join(",", d.components()), Progress.bytes(d.bytes()), d.database());
                }
                return 0;
            } catch (IOException e) {
                out.println("cannot read " + store.root() + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
