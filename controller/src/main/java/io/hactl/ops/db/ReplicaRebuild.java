package io.hactl.ops.db;

import io.hactl.backup.DbEndpoint;
import io.hactl.backup.Progress;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.db.ReplicationSource;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.GtidComparison;
import io.hactl.node.NodeShell;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;
import io.hactl.ops.ResetRule;
import io.hactl.ops.VipManager;
import io.hactl.ops.db.RebuildMethod.Kind;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Makes a node a replica of the master from scratch, without losing a transaction while
 * clients write to the master: the master's data is copied by one of two methods
 * ({@link RebuildMethod}: {@link PhysicalRebuild}, mariadb-backup's files; {@link LogicalRebuild},
 * one consistent mariadb-dump), and the node replicates from exactly the GTID of the copy, so
 * whatever the master committed during and after the copy comes by replication. (Pointing it
 * at the master's position <em>after</em> the copy, as --force-sync does, would skip the
 * transactions committed during the copy.)
 *
 * <p>Steps, each printed and logged by the caller's {@link Operation}: checks common to both
 * methods (refused, nothing changed: not the master, not the DB VIP holder, same flavor and
 * major version, the master's binary log on), the method and why ({@link MethodChoice}), its own
 * checks; the copy; the node's own binlog history forgotten, pointed at the master from the
 * copy's GTID, started; a bounded wait until it has caught up (replication goes on past it).
 *
 * <p>The resync proposal's operation ({@link Resync}); also what {@code hactl
 * db-replica-init} runs.
 */
public final class ReplicaRebuild {

    /** How long to wait for the rebuilt node to catch up before ending with a note (replication goes on). */
    public static final Duration CATCH_UP = Duration.ofSeconds(60);
    /** How long the replication threads get to start (IO connected, SQL running). */
    static final Duration THREADS = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(200);

    /**
     * What the rebuild did.
     *
     * @param bytes     bytes of SQL streamed from the master into the node
     * @param copyNanos time of the copy (dump and load, overlapped)
     * @param gtid      the snapshot's GTID: where the node started replicating ("" when the master had none)
     * @param caughtUp  the node had the master's position within the wait
     * @param position  the catch-up sentence ("n2 and n1 have the same transactions ...")
     */
    public record Result(long bytes, long copyNanos, String gtid, boolean caughtUp, String position) {

        /** "12.3 MB in 4.1 s (3.0 MB/s), from GTID 0-1-123; caught up". */
        public String summary() {
            if (gtid == null) {
                return "nothing copied (dry run)";
            }
            return Progress.summary(bytes, copyNanos) + " copied, replicating from GTID " + shown(gtid)
                    + (caughtUp ? "; caught up" : "; still catching up: " + position);
        }
    }

    /** Why a rebuild is refused before anything changed, and the fix. */
    record Refusal(String reason, String fix) {
    }

    private final HactlConfig cfg;
    private final VipManager vips;
    private final ResetRule resets;
    private final Function<NodeConfig, DbAdmin> connector;
    private final Duration catchUp;
    private final LogicalRebuild logical;
    private final PhysicalRebuild physical;

    public ReplicaRebuild(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, CATCH_UP);
    }

    public ReplicaRebuild(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                          Duration catchUp) {
        this.cfg = cfg;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.resets = new ResetRule(shells);
        this.connector = connector;
        this.catchUp = catchUp;
        this.logical = new LogicalRebuild(cfg);
        this.physical = new PhysicalRebuild(cfg, shells, connector);
    }

    /**
     * Rebuilds {@code node} from {@code master} as steps of {@code op}. Throws the
     * {@link io.hactl.pair.Refused} of {@code op.refuse} when a check fails (nothing changed),
     * {@link StepFailed} when a step failed (reported by the operation). In a dry run the
     * checks run and the steps are only printed; the result then has no figures. The copy's
     * progress (bytes, rate, ETA) is printed on {@code out} every 5 s.
     */
    public Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master) {
        return run(op, out, node, master, choose(op, node, master, Kind.AUTO), () -> { });
    }

    /**
     * As {@link #run(Operation, PrintWriter, NodeConfig, NodeConfig)}, by the method of
     * {@code choice} (printed and logged with its reason), with {@code firstSteps} run once every
     * check passed, before the rebuild's first change (db-replica-init creates the replication
     * users there: a refused rebuild changes nothing).
     */
    public Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master, MethodChoice.Choice choice,
                      Runnable firstSteps) {
        return run(op, out, node, master, choice, null, firstSteps);
    }

    /**
     * restore-node: as {@link #run(Operation, PrintWriter, NodeConfig, NodeConfig, MethodChoice.Choice, Runnable)}
     * with the copy from a backup: the same checks, the physical swap and start, replication from the
     * backup's GTID and the catch-up from {@code master}.
     */
    Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master, String why, BackupRebuild fromBackup) {
        return run(op, out, node, master, new MethodChoice.Choice(Kind.PHYSICAL, why, null), fromBackup, () -> { });
    }

    private Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master, MethodChoice.Choice choice,
                       RebuildMethod given, Runnable firstSteps) {
        if (node.name().equals(master.name())) {
            Refusal r = sameNode(node.name());
            throw op.refuse(r.reason(), r.fix());
        }
        try (Connections dbs = new Connections(connector)) {
            DbAdmin na = connect(op, dbs, node);
            DbAdmin ma = connect(op, dbs, master);
            DbState ns = na.state();
            DbState ms = ma.state();
            boolean holdsVip = holdsDbVip(op, node);
            Refusal r = refusal(node.name(), master.name(), holdsVip, cfg.dbVip().address(), ns, ms);
            if (r != null) {
                throw op.refuse(r.reason(), r.fix());
            }
            if (choice.refusal() != null) {
                throw op.refuse(choice.refusal().reason(), choice.refusal().fix());
            }
            op.note(null, "method: " + choice.why());
            RebuildMethod method = given != null ? given : choice.kind() == Kind.PHYSICAL ? physical : logical;
            RebuildMethod.Prepared copy = method.prepare(op, new RebuildMethod.Sides(node, master, dbs));
            firstSteps.run();

            RebuildMethod.Copied copied = copy.copy(op, out);
            String gtid = copied.gtid();
            DbAdmin rebuilt = dbs.get(node);
            op.step(node.name(), "forget its own binlog history, replicate from " + master.name() + " from the copy's"
                    + " GTID" + (gtid == null ? "" : " " + shown(gtid)), () -> {
                        rebuilt.forgetHistory(gtid);
                        rebuilt.pointAt(source(master), gtid);
                        rebuilt.startReplication();
                        rebuilt.setReadOnly(true);
                        return "MASTER_HOST=" + master.address() + (rebuilt.flavor() == Flavor.MYSQL ? ", auto-position"
                                + " (gtid_purged=" + shown(gtid) + ")" : ", gtid_slave_pos=" + shown(gtid)
                                + ", MASTER_USE_GTID=slave_pos") + ", read_only=ON";
                    });
            // an old master fenced by a failover comes back as a replica: nothing of its fence is left (issue 20)
            op.step(node.name(), "remove the reset rule a failover's fence may have left (nft table " + ResetRule.TABLE
                    + ")", () -> resets.clear(node));
            AtomicReference<String> where = new AtomicReference<>();
            AtomicReference<Boolean> reached = new AtomicReference<>(false);
            op.step(node.name(), "catch up with " + master.name() + " (wait at most " + catchUp.toSeconds() + " s)",
                    () -> {
                        String target = catchUpPosition(ma.state());
                        boolean ok = target.isEmpty() || rebuilt.waitForGtid(target, catchUp);
                        DbState s = awaitThreads(rebuilt);
                        if (!s.replicationHealthy()) {
                            throw new StepFailed(node.name() + "'s replication does not run (" + s.replicationWords()
                                    + "); it was pointed at GTID " + shown(gtid) + ". Read its error log"
                                    + " (hactl check shows the error), fix it, then rebuild again");
                        }
                        // the master goes on taking writes: "now" may already be a few transactions further
                        String sentence = comparison(node.name(), s, master.name(), ma.state());
                        where.set(sentence);
                        reached.set(ok);
                        return ok ? "has " + master.name() + "'s position of when the wait began (" + shown(target)
                                + "); now " + sentence + "; " + s.replicationWords()
                                : "not within " + catchUp.toSeconds() + " s: " + sentence + "; replication runs ("
                                + s.replicationWords() + ") and goes on";
                    });
            copy.finish(op);
            if (!op.dryRun() && !reached.get()) {
                op.note(node.name(), "not caught up yet with " + master.name() + " (" + where.get() + "): replication"
                        + " runs and goes on; hactl check shows when it is synced");
            }
            return new Result(copied.bytes(), copied.nanos(), gtid, reached.get(), where.get());
        }
    }

    /**
     * The method a rebuild of {@code node} from {@code master} takes when {@code asked}, and why:
     * for physical, both nodes are asked for their mariadb-backup ({@code --version}, over ssh).
     * Refused (nothing changed) when a database does not answer.
     */
    public MethodChoice.Choice choose(Operation op, NodeConfig node, NodeConfig master, Kind asked) {
        if (asked == Kind.LOGICAL) {
            return MethodChoice.choose(asked, null);
        }
        DbState ns;
        DbState ms;
        try (Connections dbs = new Connections(connector)) {
            ns = connect(op, dbs, node).state();
            ms = connect(op, dbs, master).state();
        }
        boolean maria = ns.flavor() == Flavor.MARIADB && ms.flavor() == Flavor.MARIADB;
        return MethodChoice.choose(asked, new MethodChoice.Facts(node.name(), master.name(),
                maria ? Flavor.MARIADB : Flavor.MYSQL, ns.version(), ms.version(),
                maria ? physical.toolVersion(node) : null, maria ? physical.toolVersion(master) : null,
                cfg.database().server() != null));
    }

    /** {@code n}'s database, or the refusal of {@code op} (nothing changed) when it does not answer. */
    static DbAdmin connect(Operation op, Connections dbs, NodeConfig n) {
        try {
            return dbs.connect(n);
        } catch (RuntimeException e) {
            throw op.refuse(n.name() + "'s database does not answer: " + e.getMessage(),
                    "bring it up (and check the admin user can connect from here); hactl check shows what is wrong");
        }
    }

    PhysicalRebuild physical() {
        return physical;
    }

    /** Whether {@code node} holds the DB VIP; the refusal of {@code op} when that cannot be told (no ssh). */
    boolean holdsDbVip(Operation op, NodeConfig node) {
        try {
            return vips.holds(node, cfg.dbVip());
        } catch (RuntimeException e) {
            throw op.refuse("cannot tell whether " + node.name() + " holds the DB VIP " + cfg.dbVip().address()
                    + " (" + e.getMessage() + ")", "fix ssh to it (hactl ssh test " + node.name() + "), then again");
        }
    }

    /** Polls until both replication threads run (or the IO thread is still connecting on a clean start), bounded. */
    private static DbState awaitThreads(DbAdmin a) {
        long deadline = System.nanoTime() + THREADS.toNanos();
        DbState s = a.state();
        while (!(s.replicationHealthy() && s.replica().ioRunning()) && System.nanoTime() < deadline) {
            if (s.replica() != null && (s.replica().lastSqlErrno() != 0)) {
                return s;
            }
            try {
                Thread.sleep(POLL.toMillis());     // a bounded poll of the server's state, not a wait standing in for one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted while waiting for the replication threads");
            }
            s = a.state();
        }
        return s;
    }

    // ------------------------------------------------------------------ pure parts (unit-tested)

    static Refusal sameNode(String node) {
        return new Refusal(node + " is the master: it cannot be rebuilt from itself",
                "name the node to rebuild (the out-of-date one), not the master");
    }

    /** The checks on both servers' state; null when the rebuild may go on. */
    static Refusal refusal(String node, String master, boolean nodeHoldsVip, String vip, DbState n, DbState m) {
        if (node.equals(master)) {
            return sameNode(node);
        }
        if (nodeHoldsVip) {
            return new Refusal(node + " holds the DB VIP " + vip + ": clients write to it, it is not the node to rebuild",
                    "if " + node + " is the master, rebuild the other node; if not, fence it first (detach the VIP)");
        }
        if (n.flavor() != m.flavor()) {
            return new Refusal(node + " runs " + word(n.flavor()) + " " + n.version() + " and " + master + " "
                    + word(m.flavor()) + " " + m.version() + ": a dump of one is no replica of the other",
                    "install the same database server as on " + master + " on " + node);
        }
        String nm = MethodChoice.major(n.version());
        String mm = MethodChoice.major(m.version());
        if (nm != null && mm != null && !nm.equals(mm)) {
            return new Refusal(node + " runs " + word(n.flavor()) + " " + n.version() + " and " + master + " "
                    + word(m.flavor()) + " " + m.version() + ": not the same major version (" + nm + " vs " + mm + ")",
                    "install " + word(m.flavor()) + " " + mm + ".x on " + node + " (or upgrade both to one major version)");
        }
        if (!m.logBin()) {
            return new Refusal(master + " has log_bin=OFF: without a binary log it has no GTID to replicate from",
                    "add log_bin (and a unique server_id) under [mysqld] in " + master + "'s my.cnf and restart it");
        }
        if (m.isReplica() && m.replica().running()) {
            return new Refusal(master + " is itself a replica (" + m.replicationWords() + "): not the master to copy",
                    "rebuild from the pair's master (hactl check names it)");
        }
        return null;
    }

    /** Where a client tool connects to {@code n}'s database: its own address, never the VIP. Password from the config. */
    static DbEndpoint endpoint(DatabaseConfig db, NodeConfig n, Operation op) {
        String pw;
        try {
            pw = db.password().reveal();
        } catch (IllegalStateException e) {
            throw op.refuse("cannot read the database password: " + e.getMessage(),
                    "check database.password_file (mode 0600) in the config");
        }
        return endpoint(db, n.address(), pw);
    }

    static DbEndpoint endpoint(DatabaseConfig db, String host, String password) {
        return new DbEndpoint(host, db.port(), null, db.user(), password, db.name());
    }

    /**
     * What the rebuilt node waits for to have caught up: the master's binary log position
     * (MariaDB gtid_binlog_pos: what replication can deliver), MySQL gtid_executed.
     */
    static String catchUpPosition(DbState master) {
        String p = master.flavor() == Flavor.MYSQL ? master.gtidExecuted()
                : master.gtidBinlogPos() != null ? master.gtidBinlogPos() : master.position();
        return p == null ? "" : p.replace("\n", "").strip();
    }

    private static String comparison(String node, DbState n, String master, DbState m) {
        try {
            return GtidComparison.compare(node, n.gtid(), master, m.gtid()).sentence();
        } catch (IllegalArgumentException e) {
            return node + " at " + shown(n.position()) + ", " + master + " at " + shown(m.position());
        }
    }

    private ReplicationSource source(NodeConfig master) {
        return ReplicationSource.of(cfg, master);
    }

    private static String word(Flavor f) {
        return f == Flavor.MYSQL ? "MySQL" : "MariaDB";
    }

    static String shown(String gtid) {
        return gtid == null || gtid.isEmpty() ? "(empty)" : gtid;
    }
}
