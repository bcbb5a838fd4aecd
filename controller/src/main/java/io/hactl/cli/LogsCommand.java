package io.hactl.cli;

import io.hactl.check.ReportJson;
import io.hactl.check.TextTable;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.logs.LogFiles;
import io.hactl.logs.LogFiles.FileState;
import io.hactl.logs.LogFiles.LogProblem;
import io.hactl.logs.LogFiles.LogSource;
import io.hactl.logs.WriterStream;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShells;
import io.hactl.node.SshShell;
import io.hactl.pair.StepFailed;
import io.hactl.ops.VipManager;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints or follows a service's (or MySQL's) log file on a node, over SSH; --list shows every log per node. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Print (or follow) the log file the config names for SERVICE (services[].log) or for mysql "
                + "(database.error_log), on the node where it should run: the app VIP holder for a service, the master "
                + "(DB VIP holder) for mysql; --node to choose. Read over SSH with tail.",
                "--list: every configured log file on each node, whether it exists, its size and when it changed."},
        footer = {"", "Examples:",
                "  hactl logs tomcat              # last 50 lines, on the active node",
                "  hactl logs tomcat --node n2 -n 200",
                "  hactl logs mysql -f            # follow the master's error log",
                "  hactl logs --list [--json]"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:the file is missing or could not be read", "2:the node is unclear (name it with --node)",
                "3:bad config, or no log: configured for it"})
public final class LogsCommand implements Callable<Integer> {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Mixin
    ConfigOption configOption;

    @Parameters(paramLabel = "SERVICE|mysql", arity = "0..1", description = "A service of the config, or mysql.")
    String what;

    @Option(names = "--node", paramLabel = "N", description = "Read the log on node N (default: where it should run).")
    String nodeName;

    @Option(names = {"-n", "--lines"}, paramLabel = "LINES", defaultValue = "50",
            description = "How many of the last lines (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing lines as they are written (tail -F) until Ctrl-C.")
    boolean follow;

    @Option(names = "--list", description = "List every configured log file per node.")
    boolean list;

    @Option(names = "--json", description = "With --list: JSON output.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // a log's lines on stdout stay the file's: which config goes to stderr then, or into --list --json
        HactlConfig cfg = configOption.load("logs", err, !list ? err : json ? null : out);
        if (cfg == null) {
            return 3;
        }
        if (list) {
            return list(cfg, out);
        }
        if (what == null) {
            throw new BadUsage(spec, "logs: name what to read: one of " + String.join(", ", LogFiles.names(cfg))
                    + " (e.g. hactl logs tomcat), or hactl logs --list");
        }
        if (lines < 0) {
            throw new BadUsage(spec, "logs: -n must be 0 or more, not " + lines);
        }
        try (NodeShells shells = new NodeShells()) {
            LogSource source = LogFiles.source(cfg, what);
            VipManager vips = new VipManager(shells::forNode, Duration.ZERO);
            NodeConfig node = LogFiles.node(cfg, source, nodeName, n -> {
                try {
                    return vips.holds(n, LogFiles.vipFor(cfg, source));
                } catch (StepFailed e) {
                    err.println("logs: could not ask " + n.name() + " whether it holds the VIP: " + e.getMessage());
                    return false;
                }
            });
            String file = source.fileOn(node);
            return follow ? follow(source, node, file, out, err) : tail(shells, source, node, file, out, err);
        } catch (LogProblem p) {
            err.println(p.getMessage());
            return p.exit();
        }
    }

    private int tail(NodeShells shells, LogSource source, NodeConfig node, String file, PrintWriter out, PrintWriter err) {
        CommandResult r = shells.forNode(node).run(LogFiles.tailCommand(file, lines, false), node.ssh().commandTimeout());
        if (r.exit() == LogFiles.MISSING_EXIT) {
            err.println(LogFiles.missingMessage(source, file, node));
            return 1;
        }
        if (!r.ok()) {
            err.println("logs: could not read " + file + " " + r.describe());
            return 1;
        }
        out.print(r.out());
        out.flush();
        return 0;
    }

    /**
     * Streams tail -F until it ends or the JVM is asked to stop (Ctrl-C, SIGTERM): then the SSH
     * session is closed so the remote tail ends, and the process exits 0.
     */
    private int follow(LogSource source, NodeConfig node, String file, PrintWriter out, PrintWriter err)
            throws Exception {
        SshShell shell = new SshShell(node);
        AtomicBoolean stopping = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        String stopped = "logs: stopped following " + file + " on " + node.name();
        Thread hook = new Thread(() -> {
            stopping.set(true);
            shell.close();
            try {
                done.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.println(stopped);
            err.flush();
            Runtime.getRuntime().halt(0);
        }, "logs-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            SshShell.StreamResult r = shell.stream(LogFiles.tailCommand(file, lines, true), new WriterStream(out),
                    Duration.ofDays(3650), b -> out.flush());
            if (stopping.get()) {
                return 0;
            }
            if (r.exit() == LogFiles.MISSING_EXIT) {
                err.println(LogFiles.missingMessage(source, file, node));
                return 1;
            }
            if (!r.ok()) {
                err.println("logs: following " + file + " on " + node.name() + " ended: "
                        + (r.error() != null ? r.error() : "tail exited " + r.exit() + " " + r.stderr().strip()));
                return 1;
            }
            return 0;
        } finally {
            done.countDown();
            if (!stopping.get()) {
                Runtime.getRuntime().removeShutdownHook(hook);
                shell.close();
            }
        }
    }

    private int list(HactlConfig cfg, PrintWriter out) throws Exception {
        List<LogSource> sources = LogFiles.all(cfg);
        List<Map<String, Object>> nodes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        boolean allReached = true;
        try (NodeShells shells = new NodeShells()) {
            for (NodeConfig n : cfg.nodes()) {
                List<String> files = sources.stream().map(s -> s.fileOn(n)).toList();
                CommandResult r = files.isEmpty() ? null
                        : shells.forNode(n).run(LogFiles.statCommand(files), n.ssh().commandTimeout());
                boolean reached = r == null || r.exit() >= 0;
                allReached &= reached;
                List<FileState> states = reached && r != null ? LogFiles.parseStat(r.out(), files.size()) : List.of();
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("node", n.name());
                node.put("reachable", reached);
                node.put("error", reached ? null : r.err().strip());
                List<Map<String, Object>> logs = new ArrayList<>();
                TextTable t = new TextTable("SERVICE", "FILE", "EXISTS", "SIZE", "MODIFIED (UTC)");
                for (int i = 0; i < files.size(); i++) {
                    FileState st = reached ? states.get(i) : FileState.UNKNOWN;
                    Map<String, Object> l = new LinkedHashMap<>();
                    l.put("service", sources.get(i).name());
                    l.put("configKey", sources.get(i).configKey());
                    l.put("file", files.get(i));
                    l.put("exists", reached ? st.exists() : null);
                    l.put("size", st.size());
                    l.put("modified", st.modified() == null ? null : st.modified().toString());
                    logs.add(l);
                    t.row(sources.get(i).name(), files.get(i), reached ? (st.exists() ? "yes" : "no") : "?",
                            st.size(), st.modified() == null ? null : TIME.format(st.modified()));
                }
                node.put("logs", logs);
                nodes.add(node);
                text.append("node ").append(n.name()).append(" (").append(n.address()).append(")")
                        .append(reached ? "" : ": UNREACHABLE, " + r.err().strip()).append('\n');
                text.append(files.isEmpty() ? "  no log files configured (services[].log, database.error_log)\n"
                        : t.render("  "));
            }
        }
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("config", cfg.source().toString());
            all.put("nodes", nodes);
            out.println(ReportJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(all));
        } else {
            out.print(text);
        }
        out.flush();
        return allReached ? 0 : 1;
    }
}
