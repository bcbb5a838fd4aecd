package io.hactl.cli;

import io.hactl.backup.DbCopy;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbNames;
import io.hactl.backup.Journal;
import io.hactl.backup.Progress;
import io.hactl.backup.WritePolicy;
import io.hactl.config.HactlConfig;
import io.hactl.pair.Refused;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
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
            int streams = requestedStreams();     // --parallel checked before anything runs
            Duration stall = DbCli.duration(spec, "--stall-timeout", stallTimeout);
            DbEndpoint origin = new DbEndpoint(originHost, originPort, originSocket, originUser,
                    DbCli.password("--origin-password", originPassword, "--origin-password-file", originPasswordFile,
                            "--origin-password-env", originPasswordEnv, who(originUser, originHost)), originDatabase);
            DbEndpoint destination = new DbEndpoint(destinationHost, destinationPort, destinationSocket, destinationUser,
                    DbCli.password("--destination-password", destinationPassword, "--destination-password-file",
                            destinationPasswordFile, "--destination-password-env", destinationPasswordEnv,
                            who(destinationUser, destinationHost)), destinationDatabase);
            journal.begin("copy " + origin.describe() + " into " + destination.describe());
            return new DbCopy(cfg, mode, streams, stall).copy(journal, origin, destination,
                    Progress.forCommand(out, err));
        } catch (Refused e) {
            journal.refuse(e.reason(), e.fix());
            return 2;
        }
    }

    private static String who(String user, String host) {
        return (user != null ? user : System.getProperty("user.name")) + "@" + (host != null ? host : "localhost");
    }

    /** --parallel: a number, or auto (one stream per CPU, at most 4); the copy runs no more streams than tables. */
    private int requestedStreams() {
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
        return n;
    }
}
