package io.hactl.ops.db;

import io.hactl.backup.Progress;
import io.hactl.backup.TarCommand;
import io.hactl.config.DatabaseCopyConfig;
import io.hactl.config.DatabaseServerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.Sql;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The physical rebuild ({@code --method physical}): the master's data files, copied hot by
 * mariadb-backup, at the speed of the disk instead of row by row. Steps on the node to rebuild
 * (its server runs and replicates on until step 4, so a failed copy leaves it as it was):
 * <ol>
 *   <li>an empty directory next to its data directory ({@code DATADIR.hactl-new});
 *   <li>{@code mariadb-backup --backup --stream=mbstream} on the master, its output into
 *       {@code mbstream -x} on the node. The nodes are not assumed to trust each other over SSH
 *       (the lab's do not): this process starts both ends on its own SSH sessions. Direct
 *       ({@link DirectStream}, {@code database.copy.direct: auto}, when both nodes have socat and the
 *       master reaches the node's copy port, {@link CopyRoute}): a listener on the node, the sender
 *       on the master, one TCP connection between them, both ends stopped by PID on any failure;
 *       else through this machine ({@link NodePipe}: a 1 MB pipe between the two SSH channels). The
 *       bytes are never held: progress every few seconds;
 *   <li>{@code mariadb-backup --prepare}, and the copy's GTID read from its binlog info file;
 *   <li>the server stopped ({@code database.server.stop}), the data directory swapped (the old one
 *       kept as {@code DATADIR.hactl-old}), the server started ({@code database.server.start});
 *       a server that does not come up on the new directory gets its old one back and is started
 *       on it;
 *   <li>(by {@link ReplicaRebuild}) replication from the copy's GTID, the catch-up; then the old
 *       directory is removed.
 * </ol>
 * The checks before any change: mariadb-backup on both nodes (the choice), no old directory left
 * by an earlier rebuild, and room for the copy on the node ({@link FreeSpace}).
 */
final class PhysicalRebuild implements RebuildMethod {

    /** A copy where no byte moved for this long is stopped. */
    static final Duration STALL = Duration.ofMinutes(5);
    /** How long the server gets to answer after its start command. */
    static final Duration START = Duration.ofMinutes(5);
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Duration SERVER_COMMAND = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofMillis(250);

    private final HactlConfig cfg;
    private final Function<NodeConfig, NodeShell> shells;
    private final Function<NodeConfig, DbAdmin> connector;

    PhysicalRebuild(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this.cfg = cfg;
        this.shells = shells;
        this.connector = connector;
    }

    /** {@code mariadb-backup --version} on {@code n} (with mbstream there too); null when it has none or cannot say. */
    String toolVersion(NodeConfig n) {
        return toolVersion(shells.apply(n));
    }

    /** {@code mariadb-backup --version} where {@code shell} runs (with mbstream there too); null when it has none. */
    static String toolVersion(NodeShell shell) {
        try {
            CommandResult r = shell.run("command -v mbstream >/dev/null && mariadb-backup --version 2>&1", COMMAND);
            return r.ok() ? r.out().strip() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Where a server keeps its data: {@code @@datadir} without its trailing '/'. */
    record Dirs(String data) {
        String fresh() {
            return data + ".hactl-new";
        }

        String old() {
            return data + ".hactl-old";
        }

        String parent() {
            int i = data.lastIndexOf('/');
            return i <= 0 ? "/" : data.substring(0, i);
        }
    }

    @Override
    public Prepared prepare(Operation op, Sides sides) {
        NodeConfig node = sides.node();
        NodeConfig master = sides.master();
        DatabaseServerConfig server = cfg.database().server();
        Dirs md = new Dirs(datadir(op, sides.dbs().get(master), master));
        NodeShell ms = shells.apply(master);
        Dirs nd = nodeDirs(op, sides);
        long data = dataBytes(op, ms, sides.dbs().get(master), md, master);
        long free = roomFor(op, node, nd, data, "the master's");
        op.note(master.name(), "the copy: ~" + Progress.bytes(data) + " of data files in " + md.data() + " (binary logs"
                + " left out); " + node.name() + " has " + Progress.bytes(free) + " free in " + nd.parent());
        CopyRoute.Route route = route(node, master);
        op.note(null, "the stream: " + route.why());
        return new Copy(sides, nd, server, route.direct()
                ? (o, out, ns) -> direct(o, out, ns, node, master, nd, server, data)
                : (o, out, ns) -> fromMaster(o, out, ns, node, master, nd, server, data));
    }

    /**
     * Which way the copy goes (database.copy.direct), and why: socat on both nodes asked, then, when
     * direct may be, a probe connection from the master to the node's copy port (nothing stays behind).
     */
    CopyRoute.Route route(NodeConfig node, NodeConfig master) {
        DatabaseCopyConfig c = cfg.database().copy();
        NodeShell ns = shells.apply(node);
        NodeShell ms = shells.apply(master);
        String nodeSocat = c.direct() ? DirectStream.socatVersion(ns) : null;
        String masterSocat = c.direct() ? DirectStream.socatVersion(ms) : null;
        CopyRoute.Facts f = new CopyRoute.Facts(node.name(), node.address(), master.name(), c.direct(), c.port(),
                nodeSocat, masterSocat, null);
        if (CopyRoute.needsProbe(f)) {
            String unreachable = stream(node, master).probe();
            f = new CopyRoute.Facts(node.name(), node.address(), master.name(), true, c.port(), nodeSocat, masterSocat,
                    unreachable);
        }
        return CopyRoute.choose(f);
    }

    private DirectStream stream(NodeConfig node, NodeConfig master) {
        return new DirectStream(shells.apply(master), shells.apply(node),
                new DirectStream.Ends(master.address(), node.address(), cfg.database().copy().port()));
    }

    /**
     * The master's live server straight into the node ({@link DirectStream}): the listener on the node,
     * the sender on the master, both watched until they end; then --prepare there. A failed step, an
     * interrupt or an ended hactl (its shutdown hook) stops both ends by their PIDs.
     */
    private Filled direct(Operation op, PrintWriter out, NodeShell ns, NodeConfig node, NodeConfig master, Dirs nd,
                          DatabaseServerConfig server, long estimate) {
        String n = node.name();
        String m = master.name();
        DirectStream stream = stream(node, master);
        DirectStream.Ends ends = new DirectStream.Ends(master.address(), node.address(), cfg.database().copy().port());
        AtomicReference<long[]> copied = new AtomicReference<>(new long[] {0, 0});
        Progress progress = Progress.everyFewSeconds(op.dryRun() ? null : out, System::nanoTime);
        Thread hook = new Thread(stream::stopBoth, "hactl-copy-stop");
        boolean hooked = false;
        if (!op.dryRun()) {
            Runtime.getRuntime().addShutdownHook(hook);
            hooked = true;
        }
        long t0 = System.nanoTime();
        try {
            op.step(n, "listen for the copy on " + n + ": socat on " + ends.target() + " (from " + m + "'s "
                    + ends.masterAddress() + " only) into mbstream -x -C " + nd.fresh(), () -> {
                        NodeProcess l = failedCopy(ns, n, nd, stream, stream::listen, nd);
                        return "listening (pid " + l.pid() + "; it gives up after " + DirectStream.ACCEPT.toSeconds()
                                + " s without a connection)";
                    });
            op.step(m, "send the copy from " + m + ": mariadb-backup --backup --stream=mbstream into socat to " + n
                    + " (" + ends.target() + ")", () -> {
                        NodeProcess s = failedCopy(ns, n, nd, stream, stream::send, server.defaultsFileFor(master));
                        return "started (pid " + s.pid() + ")";
                    });
            op.step(n, "copy " + m + "'s data files: mariadb-backup --backup --stream=mbstream on " + m
                    + ", mbstream -x on " + n + " (direct, " + m + " -> " + ends.target() + ")", () -> {
                        progress.start("copy " + m + " -> " + n, estimate, 0);
                        long bytes;
                        try {
                            bytes = failedCopy(ns, n, nd, stream, d -> stream.await(d, STALL,
                                    b -> progress.update(b, 0, null)), nd);
                        } finally {
                            progress.finish();
                        }
                        long nanos = System.nanoTime() - t0;
                        copied.set(new long[] {bytes, nanos});
                        return Progress.summary(bytes, nanos) + " of mbstream, extracted on " + n;
                    });
        } finally {
            stream.stopBoth();
            if (hooked) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down: the hook runs (stopping ends already stopped does no harm)
                }
            }
        }
        AtomicReference<BinlogInfo> info = new AtomicReference<>();
        op.step(n, "prepare the copy (mariadb-backup --prepare), read its GTID", () -> prepare(ns, n, nd, m, info));
        long[] c = copied.get();
        return new Filled(c[0], c[1], info.get());
    }

    /** {@code action}; when it fails, both ends stopped, the partial copy removed, and the step fails saying so. */
    private static <A, R> R failedCopy(NodeShell ns, String n, Dirs nd, DirectStream stream,
                                       Function<A, R> action, A arg) {
        try {
            return action.apply(arg);
        } catch (RuntimeException e) {
            String stopped = e.getMessage().contains("both ends stopped") ? "" : "; " + stream.stopBoth();
            ns.run(removeCommand(nd.fresh()), COMMAND);
            throw new StepFailed(e.getMessage() + stopped + "; " + n + " is as it was (its server and data untouched,"
                    + " replication runs); the partial copy " + nd.fresh() + " removed", e);
        }
    }

    /**
     * A copy whose files come from elsewhere than the master's live server (restore-node: a backup,
     * prepared when it was taken): the node's checks ({@link #nodeDirs}, room for {@code data} bytes)
     * are the caller's, done first; then {@code fill} fills the empty directory, and the swap and the
     * start are this class's, the old data directory kept until the new one has started.
     */
    Prepared swapIn(Sides sides, Dirs nd, Fill fill) {
        return new Copy(sides, nd, cfg.database().server(), fill);
    }

    /** The node's data directory, and the refusal when an earlier rebuild left its old one (or ssh fails). */
    Dirs nodeDirs(Operation op, Sides sides) {
        NodeConfig node = sides.node();
        Dirs nd = new Dirs(datadir(op, sides.dbs().get(node), node));
        CommandResult left = shells.apply(node).run(leftoverCommand(nd), COMMAND);
        if (left.exit() == 0) {
            throw op.refuse(node.name() + " has " + nd.old() + ", the old data directory of an earlier rebuild that did"
                    + " not end", "look at it on " + node.name() + " (the server runs on " + nd.data() + "), remove it"
                    + " (rm -rf -- " + nd.old() + "), then again");
        }
        if (left.exit() != 1) {
            throw op.refuse("cannot look at " + node.name() + "'s data directory: " + left.describe(),
                    "fix ssh to it (hactl ssh test " + node.name() + "), then again");
        }
        return nd;
    }

    /** The bytes free next to the node's data directory; refused when they are not enough for {@code whose} data. */
    long roomFor(Operation op, NodeConfig node, Dirs nd, long data, String whose) {
        long free = freeBytes(op, shells.apply(node), nd, node);
        FreeSpace.Refusal full = FreeSpace.refusal(node.name(), nd.parent(), free, data,
                cfg.database().server().freeMarginBytes(), whose);
        if (full != null) {
            throw op.refuse(full.reason(), full.fix());
        }
        return free;
    }

    /** What fills the node's empty directory with a prepared copy, as steps of the operation. */
    interface Fill {
        Filled fill(Operation op, PrintWriter out, NodeShell ns);
    }

    /** What went across, how long it took, and where the copy is in the master's history. */
    record Filled(long bytes, long nanos, BinlogInfo info) {
    }

    /** The master's live server: mariadb-backup on it into mbstream -x on the node, then --prepare there. */
    private Filled fromMaster(Operation op, PrintWriter out, NodeShell ns, NodeConfig node, NodeConfig master, Dirs nd,
                              DatabaseServerConfig server, long estimate) {
        NodeShell ms = shells.apply(master);
        String n = node.name();
        AtomicReference<long[]> copied = new AtomicReference<>(new long[] {0, 0});
        Progress progress = Progress.everyFewSeconds(op.dryRun() ? null : out, System::nanoTime);
        op.step(n, "copy " + master.name() + "'s data files: mariadb-backup --backup --stream=mbstream on "
                + master.name() + ", mbstream -x on " + n + " (piped through this machine, inside SSH)", () -> {
                    long t0 = System.nanoTime();
                    progress.start("copy " + master.name() + " -> " + n, estimate, 0);
                    long bytes;
                    try {
                        bytes = NodePipe.copy(ms, backupCommand(server.defaultsFileFor(master)), ns,
                                extractCommand(nd), nd.parent(), STALL, b -> progress.update(b, 0, null));
                    } catch (StepFailed e) {
                        ns.run(removeCommand(nd.fresh()), COMMAND);
                        throw new StepFailed(e.getMessage() + "; " + n + " is as it was (its server and data"
                                + " untouched, replication runs); the partial copy " + nd.fresh() + " removed", e);
                    } finally {
                        progress.finish();
                    }
                    long nanos = System.nanoTime() - t0;
                    copied.set(new long[] {bytes, nanos});
                    return Progress.summary(bytes, nanos) + " of mbstream";
                });
        AtomicReference<BinlogInfo> info = new AtomicReference<>();
        op.step(n, "prepare the copy (mariadb-backup --prepare), read its GTID",
                () -> prepare(ns, n, nd, master.name(), info));
        long[] c = copied.get();
        return new Filled(c[0], c[1], info.get());
    }

    /** mariadb-backup --prepare on the node, the copy's GTID into {@code info}; the copy removed when it fails. */
    private static String prepare(NodeShell ns, String n, Dirs nd, String master, AtomicReference<BinlogInfo> info) {
        CommandResult r = ns.run(prepareCommand(nd), SERVER_COMMAND);
        if (!r.ok()) {
            ns.run(removeCommand(nd.fresh()), COMMAND);
            throw new StepFailed("mariadb-backup --prepare failed " + r.describe() + "; " + n + " is as it was"
                    + " (server untouched); the copy removed");
        }
        CommandResult f = ns.run(binlogInfoCommand(nd), COMMAND);
        try {
            info.set(BinlogInfo.parse(f.ok() ? f.out() : ""));
        } catch (IllegalArgumentException e) {
            ns.run(removeCommand(nd.fresh()), COMMAND);
            throw new StepFailed(e.getMessage() + "; " + n + " is as it was; the copy removed");
        }
        return "prepared; the copy is " + master + " at GTID " + info.get().gtid() + " (" + info.get().file() + ":"
                + info.get().position() + ")";
    }

    private final class Copy implements Prepared {
        private final NodeConfig node;
        private final Sides sides;
        private final Dirs nd;
        private final DatabaseServerConfig server;
        private final Fill fill;
        private boolean swapped;

        Copy(Sides sides, Dirs nd, DatabaseServerConfig server, Fill fill) {
            this.node = sides.node();
            this.sides = sides;
            this.nd = nd;
            this.server = server;
            this.fill = fill;
        }

        @Override
        public Copied copy(Operation op, PrintWriter out) {
            NodeShell ns = shells.apply(node);
            String n = node.name();
            op.step(n, "make an empty directory for the copy: " + nd.fresh(), () -> {
                run(ns, freshDirCommand(nd), COMMAND, "cannot make " + nd.fresh());
                return "made (mode 0700; a leftover of an earlier copy removed)";
            });
            Filled filled = fill.fill(op, out, ns);
            op.step(n, "stop its database server: " + server.stopFor(node), () -> {
                sides.dbs().get(node).close();
                CommandResult r = ns.run(server.stopFor(node), SERVER_COMMAND);
                if (!r.ok()) {
                    ns.run(removeCommand(nd.fresh()), COMMAND);
                    throw new StepFailed("the stop command failed " + r.describe() + "; the data directory was not"
                            + " touched; the copy removed. Check " + n + "'s server (hactl check), start it if needed ("
                            + server.startFor(node) + ")");
                }
                return "stopped";
            });
            op.step(n, "swap the data directory: " + nd.data() + " -> " + nd.old() + " (kept until the new one has"
                    + " started), the copy -> " + nd.data(), () -> {
                        CommandResult r = ns.run(swapCommand(nd), COMMAND);
                        if (!r.ok()) {
                            restoreOld(ns, "the swap failed " + r.describe());
                        }
                        swapped = true;
                        return "swapped; owner and mode of the old directory";
                    });
            op.step(n, "start its database server on the copy: " + server.startFor(node), () -> {
                CommandResult r = ns.run(server.startFor(node), SERVER_COMMAND);
                if (!r.ok()) {
                    restoreOld(ns, "the start command failed " + r.describe());
                }
                String why = awaitServer(sides.dbs());
                if (why != null) {
                    restoreOld(ns, n + "'s server did not answer on the copy within " + START.toSeconds() + " s ("
                            + why + ")");
                }
                sides.dbs().get(node).setReadOnly(true);
                return "answers on the copy; read_only=ON";
            });
            return new Copied(filled.bytes(), filled.nanos(), filled.info() == null ? null : filled.info().gtid());
        }

        @Override
        public void finish(Operation op) {
            op.step(node.name(), "remove the old data directory " + nd.old() + " (the new one runs and replicates)", () -> {
                if (swapped) {
                    run(shells.apply(node), removeCommand(nd.old()), SERVER_COMMAND, "cannot remove " + nd.old());
                }
                return "removed";
            });
        }

        /** The server back on its old data directory, started; then the step fails saying so. */
        private void restoreOld(NodeShell ns, String why) {
            String n = node.name();
            ns.run(server.stopFor(node), SERVER_COMMAND);
            CommandResult back = ns.run(restoreCommand(nd), COMMAND);
            if (!back.ok()) {
                throw new StepFailed(why + "; putting the old data directory back failed too " + back.describe()
                        + ": it is " + nd.old() + " on " + n + "; move it back to " + nd.data() + " by hand and start"
                        + " the server (" + server.startFor(node) + ")");
            }
            CommandResult start = ns.run(server.startFor(node), SERVER_COMMAND);
            String answer = start.ok() ? awaitServer(sides.dbs()) : start.describe();
            throw new StepFailed(why + "; " + n + " is back on its old data directory " + nd.data()
                    + (answer == null ? ", started (it replicates as before)" : ", but its server does not answer ("
                    + answer + "): start it (" + server.startFor(node) + ")") + "; the copy was removed");
        }

        /** Null once the node's server answers (the new connection in the operation's set), else the last error. */
        private String awaitServer(Connections dbs) {
            long deadline = System.nanoTime() + START.toNanos();
            String last = "no answer";
            while (System.nanoTime() < deadline) {
                try {
                    dbs.connect(node).state();
                    return null;
                } catch (RuntimeException e) {
                    last = e.getMessage();
                }
                try {
                    Thread.sleep(POLL.toMillis());     // a bounded poll of the server, not a wait standing in for one
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
            return last;
        }
    }

    private static void run(NodeShell shell, String command, Duration timeout, String what) {
        CommandResult r = shell.run(command, timeout);
        if (!r.ok()) {
            throw new StepFailed(what + " " + r.describe());
        }
    }

    private static String datadir(Operation op, DbAdmin a, NodeConfig n) {
        String d = datadir(a);
        if (d == null) {
            throw op.refuse(n.name() + "'s server reports no usable data directory (@@datadir " + d + ")",
                    "check datadir in " + n.name() + "'s my.cnf");
        }
        return d;
    }

    /** {@code @@datadir} without its trailing '/'; null when it is no absolute path. */
    static String datadir(DbAdmin a) {
        List<Map<String, String>> rows = a.query(Sql.of("SELECT @@datadir AS d"));
        String d = rows.isEmpty() ? null : rows.get(0).get("d");
        if (d == null || !d.startsWith("/") || d.replaceAll("/+$", "").isEmpty()) {
            return null;
        }
        return d.replaceAll("/+$", "");
    }

    private static long dataBytes(Operation op, NodeShell ms, DbAdmin ma, Dirs md, NodeConfig master) {
        try {
            return dataBytes(ms, ma, md.data());
        } catch (IllegalStateException e) {
            throw op.refuse(e.getMessage(), "fix ssh to it (hactl ssh test " + master.name() + "), then again");
        }
    }

    /**
     * A server's data files, what mariadb-backup copies: its data directory less the binary logs in it.
     * Throws {@link IllegalStateException} (naming the node and the command) when it cannot be measured.
     */
    static long dataBytes(NodeShell ms, DbAdmin ma, String data) {
        CommandResult r = ms.run("du -sb -- " + TarCommand.quote(data), Duration.ofMinutes(2));
        long total;
        try {
            total = Long.parseLong(r.out().strip().split("\\s+")[0]);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot measure " + ms.node() + "'s data directory " + data + ": "
                    + r.describe());
        }
        return dataBytes(total, ma, data);
    }

    /** The data directory's {@code total} bytes (du) less the binary logs in it, what mariadb-backup copies. */
    static long dataBytes(long total, DbAdmin ma, String data) {
        long binlogs = 0;
        List<Map<String, String>> base = ma.query(Sql.of("SELECT @@log_bin_basename AS b"));
        String b = base.isEmpty() ? null : base.get(0).get("b");
        if (b != null && b.startsWith(data + "/")) {
            for (Map<String, String> row : ma.query(Sql.of("SHOW BINARY LOGS"))) {
                try {
                    binlogs += Long.parseLong(row.getOrDefault("File_size", "0"));
                } catch (NumberFormatException e) {
                    // a size the server did not give: counted as data (on the safe side)
                }
            }
        }
        return Math.max(0, total - binlogs);
    }

    private static long freeBytes(Operation op, NodeShell ns, Dirs nd, NodeConfig node) {
        CommandResult r = ns.run(dfCommand(nd), COMMAND);
        try {
            return parseDf(r.out());
        } catch (RuntimeException e) {
            throw op.refuse("cannot tell the free space in " + nd.parent() + " on " + node.name() + ": " + r.describe(),
                    "fix ssh to it (hactl ssh test " + node.name() + "), then again");
        }
    }

    // ------------------------------------------------------------------ the commands (pure, unit-tested)

    /** The master's side: a consistent hot copy of the whole server on stdout; its scratch directory removed after. */
    static String backupCommand(String defaultsFile) {
        return "d=$(mktemp -d) || exit 1; mariadb-backup --defaults-file=" + TarCommand.quote(defaultsFile)
                + " --backup --stream=mbstream --parallel=2 --target-dir=\"$d\"; rc=$?; rm -rf -- \"$d\"; exit $rc";
    }

    static String extractCommand(Dirs d) {
        return "mbstream -x -C " + TarCommand.quote(d.fresh());
    }

    static String freshDirCommand(Dirs d) {
        return "rm -rf -- " + TarCommand.quote(d.fresh()) + " && mkdir -m 0700 -- " + TarCommand.quote(d.fresh());
    }

    static String prepareCommand(Dirs d) {
        return "mariadb-backup --prepare --target-dir=" + TarCommand.quote(d.fresh());
    }

    /** mariadb_backup_binlog_info (MariaDB 11), else xtrabackup_binlog_info (10.11). */
    static String binlogInfoCommand(Dirs d) {
        String q = d.fresh();
        return "cat -- " + TarCommand.quote(q + "/mariadb_backup_binlog_info") + " 2>/dev/null || cat -- "
                + TarCommand.quote(q + "/xtrabackup_binlog_info");
    }

    /** Exit 0: the old directory of an earlier rebuild is there; 1: it is not. */
    static String leftoverCommand(Dirs d) {
        return "test -e " + TarCommand.quote(d.old());
    }

    static String dfCommand(Dirs d) {
        return "df -PB1 -- " + TarCommand.quote(d.parent()) + " | tail -n 1";
    }

    /** The fourth column of df -P's last line: bytes available. */
    static long parseDf(String out) {
        String[] f = out.strip().split("\\s+");
        return Long.parseLong(f[3]);
    }

    static String swapCommand(Dirs d) {
        String data = TarCommand.quote(d.data());
        String old = TarCommand.quote(d.old());
        String fresh = TarCommand.quote(d.fresh());
        return "mv -- " + data + " " + old + " && mv -- " + fresh + " " + data + " && chown -R --reference=" + old
                + " -- " + data + " && chmod --reference=" + old + " -- " + data;
    }

    /** The failed copy out, the old directory back in its place. */
    static String restoreCommand(Dirs d) {
        String data = TarCommand.quote(d.data());
        String old = TarCommand.quote(d.old());
        String fresh = TarCommand.quote(d.fresh());
        return "test -d " + old + " && { if test -e " + data + "; then rm -rf -- " + data + "; fi; mv -- " + old + " "
                + data + "; } && rm -rf -- " + fresh;
    }

    static String removeCommand(String dir) {
        return "rm -rf -- " + TarCommand.quote(dir);
    }
}
