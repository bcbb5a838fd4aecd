package io.hactl.logs;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.config.VipConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Which log file the config names for a service (or {@code mysql}) on a node, which node
 * to read it on by default, and the shell commands that read it. No I/O: the caller runs
 * the commands over SSH.
 */
public final class LogFiles {

    /** The name that means the database's error log ({@code database.error_log}). */
    public static final String MYSQL = "mysql";

    /** Exit code of {@link #tailCommand} when the file does not exist (tail itself uses 1). */
    public static final int MISSING_EXIT = 44;

    private LogFiles() {
    }

    /** A configured log: what it is for, the config key naming it, the file template ({@code {node}} not replaced). */
    public record LogSource(String name, String configKey, String template) {
        public boolean isDatabase() {
            return MYSQL.equals(name);
        }

        public String fileOn(NodeConfig node) {
            return ServiceConfig.expand(template, node);
        }
    }

    /** Why a log cannot be read; {@code exit} is the command's exit code (3: bad usage or config). */
    public static final class LogProblem extends Exception {
        private final int exit;

        public LogProblem(int exit, String message) {
            super(message);
            this.exit = exit;
        }

        public int exit() {
            return exit;
        }
    }

    /** The log of {@code name} (a service or {@code mysql}); a name not in the config or a missing log: key is refused. */
    public static LogSource source(HactlConfig cfg, String name) throws LogProblem {
        if (MYSQL.equals(name)) {
            String t = cfg.database() == null ? null : cfg.database().errorLog();
            if (blank(t)) {
                throw new LogProblem(3, "logs: no error log configured for mysql in " + cfg.source()
                        + "; add database.error_log: FILE (e.g. /var/log/mysql/error.log, {node} is replaced by the node's name)");
            }
            return new LogSource(MYSQL, "database.error_log", t);
        }
        Optional<ServiceConfig> s = cfg.service(name);
        if (s.isEmpty()) {
            throw new LogProblem(3, "logs: no service named '" + name + "' in " + cfg.source() + "; choose one of: "
                    + String.join(", ", names(cfg)));
        }
        int i = cfg.services().indexOf(s.get());
        if (blank(s.get().log())) {
            throw new LogProblem(3, "logs: service " + name + " has no log file configured in " + cfg.source()
                    + "; add services[" + i + "].log: FILE (name: " + name + ")");
        }
        return new LogSource(name, "services[" + i + "].log", s.get().log());
    }

    /** Every configured log: services in start order, then mysql. */
    public static List<LogSource> all(HactlConfig cfg) {
        List<LogSource> out = new ArrayList<>();
        for (int i = 0; i < cfg.services().size(); i++) {
            ServiceConfig s = cfg.services().get(i);
            if (!blank(s.log())) {
                out.add(new LogSource(s.name(), "services[" + i + "].log", s.log()));
            }
        }
        if (cfg.database() != null && !blank(cfg.database().errorLog())) {
            out.add(new LogSource(MYSQL, "database.error_log", cfg.database().errorLog()));
        }
        return out;
    }

    /** Every name {@code hactl logs} accepts. */
    public static List<String> names(HactlConfig cfg) {
        List<String> n = new ArrayList<>(cfg.services().stream().map(ServiceConfig::name).toList());
        n.add(MYSQL);
        return n;
    }

    /** The VIP whose holder runs {@code source}: the DB VIP for mysql (the master), the app VIP for a service. */
    public static VipConfig vipFor(HactlConfig cfg, LogSource source) {
        return source.isDatabase() ? cfg.dbVip() : cfg.appVip();
    }

    /**
     * The node to read {@code source} on: {@code --node} when given (it must exist), else the
     * only node holding {@link #vipFor the VIP} ({@code holds} answers per node; a node that
     * cannot be asked answers false). None or both: refused, naming the nodes to choose from.
     */
    public static NodeConfig node(HactlConfig cfg, LogSource source, String requested, Predicate<NodeConfig> holds)
            throws LogProblem {
        List<String> all = cfg.nodes().stream().map(NodeConfig::name).toList();
        if (requested != null) {
            return cfg.node(requested).orElseThrow(() -> new LogProblem(3, "logs: no node named '" + requested
                    + "' in " + cfg.source() + "; nodes are: " + String.join(", ", all)));
        }
        VipConfig vip = vipFor(cfg, source);
        String role = source.isDatabase() ? "the master (DB VIP " : "the active node (app VIP ";
        List<NodeConfig> holders = cfg.nodes().stream().filter(holds).toList();
        if (holders.size() == 1) {
            return holders.get(0);
        }
        String seen = holders.isEmpty() ? "no node holds it" : "both nodes hold it";
        throw new LogProblem(2, "logs: cannot tell which node runs " + source.name() + ": " + role + vip.address()
                + ") is unclear, " + seen + "; name the node: hactl logs " + source.name() + " --node "
                + String.join("|", all));
    }

    /**
     * {@code tail -n LINES [-F] -- FILE}, refusing a missing file with {@link #MISSING_EXIT}
     * (with -F tail would otherwise wait for it silently). {@code exec}: the remote tail is the
     * channel's process, so it ends when the channel closes.
     */
    public static String tailCommand(String file, int lines, boolean follow) {
        if (lines < 0) {
            throw new IllegalArgumentException("lines must be >= 0: " + lines);
        }
        String f = quote(file);
        return "[ -e " + f + " ] || exit " + MISSING_EXIT + "; exec tail -n " + lines + (follow ? " -F" : "")
                + " -- " + f;
    }

    /** The message for a file that is not there. */
    public static String missingMessage(LogSource source, String file, NodeConfig node) {
        return "logs: " + file + " does not exist on " + node.name() + " (" + source.configKey() + " of "
                + source.name() + "); check the path in the config (hactl logs --list shows every log and whether it exists)";
    }

    /** One line per file, in order: {@code yes SIZE MTIME_EPOCH} or {@code no}. One round trip for a node's logs. */
    public static String statCommand(List<String> files) {
        StringBuilder sb = new StringBuilder();
        for (String f : files) {
            sb.append("stat -c 'yes %s %Y' -- ").append(quote(f)).append(" 2>/dev/null || echo no; ");
        }
        return sb.toString().strip();
    }

    /** What {@code stat} said of one file. */
    public record FileState(boolean exists, Long size, Instant modified) {
        public static final FileState UNKNOWN = new FileState(false, null, null);
    }

    /** Parses {@link #statCommand}'s output; a missing or unreadable line is "no". */
    public static List<FileState> parseStat(String out, int count) {
        String[] lines = out == null ? new String[0] : out.strip().split("\n");
        List<FileState> states = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String l = i < lines.length ? lines[i].strip() : "";
            String[] p = l.split(" ");
            if (p.length == 3 && p[0].equals("yes")) {
                try {
                    states.add(new FileState(true, Long.parseLong(p[1]), Instant.ofEpochSecond(Long.parseLong(p[2]))));
                    continue;
                } catch (NumberFormatException e) {
                    // fall through: not understood
                }
            }
            states.add(new FileState(false, null, null));
        }
        return states;
    }

    /** A single-quoted shell word. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
