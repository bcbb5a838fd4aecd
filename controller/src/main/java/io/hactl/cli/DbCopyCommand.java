package io.hactl.cli;

import io.hactl.backup.DbCopier;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbNames;
import io.hactl.backup.DbToolException;
import io.hactl.backup.Journal;
import io.hactl.backup.PairLocator;
import io.hactl.backup.Progress;
import io.hactl.backup.ServerFacts;
import io.hactl.backup.SqlClient;
import io.hactl.backup.WritePolicy;
import io.hactl.config.HactlConfig;
import io.hactl.model.DurationText;
import io.hactl.ops.Refused;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** db_copy.sh: copy one database into another, streamed, no temporary file. */
@Command(name = "db-copy", usageHelpAutoWidth = true,
        description = {"Copy one database into another (db_copy.sh), streamed.",
                "mariadb-dump of the origin piped straight into the mariadb client of the destination; no temporary file, bounded memory. Refused when origin and",
                "destination are the same database (whatever address names the server).",
                "A destination that is a replica, or a node of the pair that is not its master (the out-of-date node",
                "of the seed's 'Master failure (II)'), is written with the binary log off for the session: it gets no",
                "transaction (GTID) of its own, so replication can be set up on it afterwards",
                "(db-master-set --force-sync). The pair's master is written with the binary log on."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:copied", "1:failed (the destination may be incomplete: the message says)",
                "2:refused (nothing was changed)",
                "3:bad config: the file --config or $HACTL_CONFIG names is missing or has problems"})
public final class DbCopyCommand implements Callable<Integer> {

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Mixin
    ConfigOption configOption;

    @Option(names = "--origin-user", paramLabel = "USER", description = "Default: the operating-system user.")
    String originUser;
    @Option(names = "--origin-password", arity = "0..1", fallbackValue = DbCli.PROMPT, paramLabel = "",
            description = "Ask for the origin's password. A value here is refused (visible in ps).")
    String originPassword;
    @Option(names = "--origin-password-file", paramLabel = "FILE", description = "Origin's password: first line of FILE (0600).")
    Path originPasswordFile;
    @Option(names = "--origin-password-env", paramLabel = "VARIABLE", description = "Origin's password: this environment variable.")
    String originPasswordEnv;
    @Option(names = "--origin-host", paramLabel = "HOST", description = "Default: the local server (socket).")
    String originHost;
    @Option(names = "--origin-port", paramLabel = "PORT")
    Integer originPort;
    @Option(names = "--origin-socket", paramLabel = "FILE")
    String originSocket;
    @Option(names = "--origin-database", required = true, paramLabel = "DATABASE", description = "The database to copy.")
    String originDatabase;

    @Option(names = "--destination-user", paramLabel = "USER", description = "Default: the operating-system user.")
    String destinationUser;
    @Option(names = "--destination-password", arity = "0..1", fallbackValue = DbCli.PROMPT, paramLabel = "",
            description = "Ask for the destination's password. A value here is refused (visible in ps).")
    String destinationPassword;
    @Option(names = "--destination-password-file", paramLabel = "FILE", description = "Destination's password: first line of FILE (0600).")
    Path destinationPasswordFile;
    @Option(names = "--destination-password-env", paramLabel = "VARIABLE", description = "Destination's password: this environment variable.")
    String destinationPasswordEnv;
    @Option(names = "--destination-host", paramLabel = "HOST", description = "Default: the local server (socket).")
    String destinationHost;
    @Option(names = "--destination-port", paramLabel = "PORT")
    Integer destinationPort;
    @Option(names = "--destination-socket", paramLabel = "FILE")
    String destinationSocket;
    @Option(names = "--destination-database", required = true, paramLabel = "DATABASE",
            description = "The database to copy into (created when missing).")
    String destinationDatabase;

    @Option(names = "--binlog", paramLabel = "auto|on|off", defaultValue = "auto",
            description = "Binary log of the destination session: auto (default), on, off (see above).")
    String binlog;

    @Option(names = "--parallel", paramLabel = "N|auto", defaultValue = "auto",
            description = "Copy the tables in N streams at once (auto: one per CPU, at most 4). Each stream is its own"
                    + " snapshot: the copy fails when the origin took a write meanwhile (its GTID moved). 1: one"
                    + " snapshot, consistent even while the origin is written.")
    String parallel;

    @Option(names = "--stall-timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "Stop when no byte has moved for this long (default 5m).")
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
        Journal journal = DbCli.journal(out, cfg, "db-copy", reason, DbCli.commandLine(spec));
        try {
            for (String[] n : new String[][] {{originDatabase, "--origin-database"},
                    {destinationDatabase, "--destination-database"}}) {
                String bad = DbNames.whyNot(n[0], n[1]);
                if (bad != null) {
                    throw new Refused(bad, null);
                }
            }
            WritePolicy.Binlog mode = DbCli.binlogMode(spec, binlog);
            streams(new ServerFacts.Size(1, 0, List.of(), List.of()));     // --parallel checked before anything runs
            Duration stall = DbCli.duration(spec, "--stall-timeout", stallTimeout);
            DbEndpoint origin = new DbEndpoint(originHost, originPort, originSocket, originUser,
                    DbCli.password("--origin-password", originPassword, "--origin-password-file", originPasswordFile,
                            "--origin-password-env", originPasswordEnv, who(originUser, originHost)), originDatabase);
            DbEndpoint destination = new DbEndpoint(destinationHost, destinationPort, destinationSocket, destinationUser,
                    DbCli.password("--destination-password", destinationPassword, "--destination-password-file",
                            destinationPasswordFile, "--destination-password-env", destinationPasswordEnv,
                            who(destinationUser, destinationHost)), destinationDatabase);
            journal.begin("copy " + origin.describe() + " into " + destination.describe());
            return copy(journal, origin, destination, cfg, mode, stall, out, err);
        } catch (Refused e) {
            journal.refuse(e.reason(), e.fix());
            return 2;
        }
    }

    private static String who(String user, String host) {
        return (user != null ? user : System.getProperty("user.name")) + "@" + (host != null ? host : "localhost");
    }

    private int copy(Journal journal, DbEndpoint origin, DbEndpoint destination, HactlConfig cfg, WritePolicy.Binlog mode,
                     Duration stall, PrintWriter out, PrintWriter err) {
        SqlClient sql = new SqlClient(Duration.ofSeconds(30));
        ServerFacts from;
        ServerFacts to;
        ServerFacts.Size size;
        boolean destinationExists;
        List<String> extra = new ArrayList<>();
        try {
            from = ServerFacts.read(sql, origin);
            to = ServerFacts.read(sql, destination);
            if (from.sameServerAs(to) && origin.database().equals(destination.database())) {
                throw new Refused("origin and destination are the same database: " + origin.database() + " on one"
                        + " server (" + to.hostname() + ":" + to.port() + ", server_id " + to.serverId() + ")",
                        "name another destination database or server");
            }
            if (!ServerFacts.databaseExists(sql, origin, origin.database())) {
                throw new Refused("database " + origin.database() + " does not exist on " + origin.server(),
                        "check --origin-database and --origin-host");
            }
            size = ServerFacts.size(sql, origin, origin.database());
            destinationExists = ServerFacts.databaseExists(sql, destination, destination.database());
            if (destinationExists) {
                for (String t : ServerFacts.size(sql, destination, destination.database()).names()) {
                    if (!size.names().contains(t)) {
                        extra.add(t);
                    }
                }
            }
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was changed");
            return 1;
        }
        WritePolicy.Decision decision = WritePolicy.forCopy(mode, to, PairLocator.place(cfg, destination.host()),
                destination.server());
        if (decision.refuse()) {
            throw new Refused(decision.refused(), decision.fix());
        }
        journal.print("origin: " + from.version() + ", " + from.role() + "; " + size.tables() + " tables, ~"
                + Progress.bytes(size.bytes()) + " of data; GTID " + display(from.gtidPosition()));
        journal.note(null, decision.why());
        int streams = streams(size);
        List<String> views = List.of();
        if (streams > 1 && !from.binlogOn()) {
            journal.print("one stream: the origin's binary log is off, so writes during a parallel copy could not be"
                    + " detected");
            streams = 1;
        }
        List<List<String>> groups = streams > 1 ? DbCopier.groups(size.names(), size.sizes(), streams) : List.of();
        if (groups.size() > 1) {
            try {
                views = ServerFacts.views(sql, origin, origin.database());
            } catch (DbToolException e) {
                journal.fail(e.getMessage() + "; nothing was changed");
                return 1;
            }
            // before anything is created: a refusal changes nothing
            DbCopier.UnsafeName unsafe = DbCopier.unsafeName(origin.database(), groups, views);
            if (unsafe != null) {
                throw new Refused(unsafe.reason(), unsafe.fix());
            }
            journal.print(groups.size() + " streams at once (tables by size: " + String.join(" | ",
                    groups.stream().map(g -> String.join(", ", g)).toList()) + "), then routines, events and views;"
                    + " the origin must take no write meanwhile (checked; --parallel 1 copies one snapshot)");
        }
        try {
            if (!destinationExists) {
                sql.execute(destination.withDatabase(null), (decision.binlogOff() ? "SET SESSION sql_log_bin=0; " : "")
                        + "CREATE DATABASE " + DbNames.quoted(destination.database()));
                journal.note(null, "created database " + destination.database() + " on " + destination.server());
            } else if (decision.binlogOff()) {
                sql.execute(destination.withDatabase(null), "SET SESSION sql_log_bin=0");  // privilege check first
            }
        } catch (DbToolException e) {
            journal.fail(e.getMessage() + "; nothing was copied");
            return 1;
        }
        if (!extra.isEmpty()) {
            journal.note(null, "warning: the destination has tables the origin has not, kept as they are: "
                    + String.join(", ", extra));
        }
        Progress progress = Progress.forCommand(out, err);
        progress.start("copy " + origin.database(), size.bytes(), 0);
        long t0 = System.nanoTime();
        long bytes;
        try {
            bytes = groups.size() > 1
                    ? new DbCopier().copyParallel(origin, destination, decision.binlogOff(), groups, views, progress, stall)
                    : new DbCopier().copy(origin, from, destination, decision.binlogOff(), progress, stall);
        } catch (DbToolException e) {
            journal.fail(e.getMessage());
            return 1;
        }
        long nanos = System.nanoTime() - t0;
        String after;
        try {
            after = ServerFacts.read(sql, origin).gtidPosition();
        } catch (DbToolException e) {
            after = null;
        }
        // counted from /proc/PID/io while the dumps ran: the last moments before they exit are not seen
        journal.step(null, "copy " + origin.database(), true, (bytes >= 1 << 20 ? "about "
                + Progress.summary(bytes, nanos) + " of SQL" : DurationText.seconds(Duration.ofNanos(nanos))), nanos);
        if (groups.size() > 1 && (after == null || !after.equals(from.gtidPosition()))) {
            journal.fail("the origin took writes during the copy (GTID " + display(from.gtidPosition()) + " → "
                    + (after == null ? "unknown" : display(after)) + "): its " + groups.size() + " streams may have seen"
                    + " different moments, so " + destination.describe() + " may be inconsistent. Stop the writes (the"
                    + " application) and copy again, or copy one snapshot with --parallel 1");
            return 1;
        }
        String position = after == null ? "" : after.equals(from.gtidPosition())
                ? "; the origin stayed at GTID " + display(after) + " during the copy"
                : "; the origin took writes during the copy (GTID " + display(from.gtidPosition()) + " → "
                + display(after) + "): the copy is its consistent snapshot at the start";
        journal.done(origin.describe() + " copied into " + destination.describe() + position);
        return 0;
    }

    /** --parallel: a number, or auto (one stream per CPU, at most 4); never more streams than tables. */
    private int streams(ServerFacts.Size size) {
        int n;
        if (parallel.equalsIgnoreCase("auto")) {
            n = Math.min(4, Runtime.getRuntime().availableProcessors());
        } else {
            try {
                n = Integer.parseInt(parallel);
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || n > 16) {
                throw new BadUsage(spec, "db-copy: --parallel " + ControlChars.escape(parallel)
                        + ": give auto or a number 1-16");
            }
        }
        return Math.max(1, Math.min(n, size.tables()));
    }

    private static String display(String gtid) {
        return gtid == null || gtid.isEmpty() ? "(empty)" : gtid;
    }
}
