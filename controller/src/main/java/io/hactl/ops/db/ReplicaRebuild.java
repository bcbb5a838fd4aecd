package io.hactl.ops.db;

import io.hactl.backup.DbDumper;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbLoader;
import io.hactl.backup.DbNames;
import io.hactl.backup.DbToolException;
import io.hactl.backup.Progress;
import io.hactl.backup.ServerFacts;
import io.hactl.backup.SqlClient;
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
import io.hactl.ops.VipManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Makes a node a replica of the master from scratch, without losing a transaction while
 * clients write to the master: the application database is copied as ONE consistent stream
 * (mariadb-dump {@code --single-transaction --master-data=2 --gtid} of the master piped, in
 * this process, into the mariadb client of the node with the binary log off: no GTID of its
 * own there), and the node replicates from exactly the GTID of the dump's snapshot, read from
 * the dump's comments as they pass (MariaDB 10.11 writes it near the end). Whatever the master committed after the snapshot comes by replication.
 * (Pointing it at the master's position <em>after</em> the copy, as --force-sync does, would
 * skip the transactions committed during the copy.)
 *
 * <p>Steps, each printed and logged by the caller's {@link Operation}: checks (refused,
 * nothing changed); replication stopped and forgotten on the node, read-only; the copy; the
 * node's own binlog history forgotten, pointed at the master from the snapshot's GTID,
 * started; a bounded wait until it has caught up (replication goes on past it).
 *
 * <p>The resync proposal's operation ({@link Resync}); also what {@code hactl
 * db-replica-init} is to run.
 */
public final class ReplicaRebuild {

    /** How long to wait for the rebuilt node to catch up before ending with a note (replication goes on). */
    public static final Duration CATCH_UP = Duration.ofSeconds(60);
    /** How long the replication threads get to start (IO connected, SQL running). */
    static final Duration THREADS = Duration.ofSeconds(15);
    /** A copy where no byte moved for this long is stopped (db-copy's default). */
    static final Duration STALL = Duration.ofMinutes(5);
    private static final int PIPE_BUFFER = 1 << 20;
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
    private final Function<NodeConfig, DbAdmin> connector;
    private final Duration catchUp;

    public ReplicaRebuild(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        this(cfg, shells, connector, CATCH_UP);
    }

    public ReplicaRebuild(HactlConfig cfg, Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector,
                          Duration catchUp) {
        this.cfg = cfg;
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.connector = connector;
        this.catchUp = catchUp;
    }

    /**
     * Rebuilds {@code node} from {@code master} as steps of {@code op}. Throws the
     * {@link io.hactl.pair.Refused} of {@code op.refuse} when a check fails (nothing changed),
     * {@link StepFailed} when a step failed (reported by the operation). In a dry run the
     * checks run and the steps are only printed; the result then has no figures. The copy's
     * progress (bytes, rate) is printed on {@code out} every 15 s.
     */
    public Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master) {
        return run(op, out, node, master, () -> { });
    }

    /**
     * As {@link #run(Operation, PrintWriter, NodeConfig, NodeConfig)}, with {@code firstSteps}
     * run once every check passed, before the rebuild's first change (db-replica-init creates
     * the replication users there: a refused rebuild changes nothing).
     */
    public Result run(Operation op, PrintWriter out, NodeConfig node, NodeConfig master, Runnable firstSteps) {
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
            DbEndpoint from = endpoint(cfg.database(), master, op);
            DbEndpoint into = endpoint(cfg.database(), node, op);
            SqlClient sql;
            ServerFacts facts;
            ServerFacts.Size size;
            DbDumper dumper;
            DbLoader loader;
            try {
                sql = new SqlClient(Duration.ofSeconds(30));
                facts = ServerFacts.read(sql, from);
                if (!ServerFacts.databaseExists(sql, from, from.database())) {
                    throw op.refuse("database " + from.database() + " does not exist on " + master.name(),
                            "check database.name in " + cfg.source());
                }
                size = ServerFacts.size(sql, from, from.database());
                dumper = new DbDumper();
                loader = new DbLoader();
            } catch (DbToolException e) {
                throw op.refuse("cannot read " + master.name() + " with the client tools: " + e.getMessage(),
                        "install mariadb-client on this machine; check the database user's privileges (hactl check)");
            }
            op.note(master.name(), "the copy: " + size.tables() + " tables, ~" + Progress.bytes(size.bytes())
                    + " of data in " + from.database() + "; GTID now " + shown(facts.gtidPosition()));
            firstSteps.run();

            op.step(node.name(), "stop replication, read-only", () -> {
                String what = "";
                if (na.state().isReplica()) {
                    na.stopReplication();
                    na.resetReplication();
                    what = "replication stopped and forgotten (was " + ns.replicationWords() + "); ";
                }
                na.setReadOnly(true);
                return what + "read_only=ON";
            });
            if (na.flavor() == Flavor.MYSQL) {
                // the dump sets gtid_purged (GTID_PURGED=...), which needs an empty gtid_executed here
                op.step(node.name(), "forget its own GTID history before the copy", () -> {
                    na.forgetHistory("");
                    return "gtid_executed emptied";
                });
            }
            AtomicReference<DbDumper.Result> dump = new AtomicReference<>();
            Progress progress = new Progress(op.dryRun() ? null : out, false, System::nanoTime);
            op.step(node.name(), "copy " + from.database() + " from " + master.name() + " (one consistent snapshot,"
                    + " streamed, binary log off here)", () -> {
                        sql.execute(into.withDatabase(null), "SET SESSION sql_log_bin=0; CREATE DATABASE IF NOT EXISTS "
                                + DbNames.quoted(into.database()));
                        progress.start("copy " + from.database(), size.bytes(), size.tables());
                        DbDumper.Result d = stream(dumper, loader, from, facts, into, progress, STALL);
                        if (d.gtid() == null) {
                            throw new StepFailed("the dump of " + master.name() + " recorded no GTID position"
                                    + " (binary log off?): " + node.name() + " has the data but cannot be pointed at"
                                    + " the right transaction; turn log_bin on on " + master.name() + " and again");
                        }
                        dump.set(d);
                        return Progress.summary(d.bytes(), d.nanos()) + ", " + d.tables() + " tables, snapshot at GTID "
                                + shown(d.gtid());
                    });
            String gtid = dump.get() == null ? null : dump.get().gtid();
            op.step(node.name(), "forget its own binlog history, replicate from " + master.name() + " from the snapshot's"
                    + " GTID" + (gtid == null ? "" : " " + shown(gtid)), () -> {
                        na.forgetHistory(gtid);
                        na.pointAt(source(master), gtid);
                        na.startReplication();
                        na.setReadOnly(true);
                        return "MASTER_HOST=" + master.address() + (na.flavor() == Flavor.MYSQL ? ", auto-position"
                                + " (gtid_purged=" + shown(gtid) + ")" : ", gtid_slave_pos=" + shown(gtid))
                                + ", read_only=ON";
                    });
            AtomicReference<String> where = new AtomicReference<>();
            AtomicReference<Boolean> reached = new AtomicReference<>(false);
            op.step(node.name(), "catch up with " + master.name() + " (wait at most " + catchUp.toSeconds() + " s)",
                    () -> {
                        String target = catchUpPosition(ma.state());
                        boolean ok = target.isEmpty() || na.waitForGtid(target, catchUp);
                        DbState s = awaitThreads(na);
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
            if (!op.dryRun() && !reached.get()) {
                op.note(node.name(), "not caught up yet with " + master.name() + " (" + where.get() + "): replication"
                        + " runs and goes on; hactl check shows when it is synced");
            }
            DbDumper.Result d = dump.get();
            return new Result(d == null ? 0 : d.bytes(), d == null ? 0 : d.nanos(), gtid, reached.get(), where.get());
        }
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

    // ------------------------------------------------------------------ the stream

    /**
     * mariadb-dump of {@code from} (this thread) into the mariadb client of {@code into} (another
     * thread) through an in-process pipe of {@value #PIPE_BUFFER} bytes: the comment where the
     * dump records its snapshot's GTID is read as it passes. A failed dump never looks like the end
     * of the stream to the client (see {@link Pipe}); a failed client stops the dump.
     */
    static DbDumper.Result stream(DbDumper dumper, DbLoader loader, DbEndpoint from, ServerFacts facts, DbEndpoint into,
                                  Progress progress, Duration stall) {
        Pipe pipe;
        try {
            pipe = new Pipe(PIPE_BUFFER);
        } catch (IOException e) {
            throw new StepFailed("cannot open the pipe between the dump and the client: " + e.getMessage(), e);
        }
        AtomicReference<RuntimeException> loadFailure = new AtomicReference<>();
        Thread load = new Thread(() -> {
            try (InputStream in = pipe.input()) {
                loader.load(into, true, in, () -> 0L, Progress.silent(), stall);
            } catch (RuntimeException e) {
                loadFailure.set(e);
            } catch (IOException e) {
                // closing the pipe's reading end: nothing left to do
            }
        }, "rebuild-load");
        load.setDaemon(true);
        load.start();
        DbDumper.Result result = null;
        RuntimeException dumpFailure = null;
        try {
            result = dumper.dump(from, facts, pipe.output(), progress, stall);
        } catch (RuntimeException e) {
            dumpFailure = e;
        } finally {
            pipe.end(dumpFailure == null);
        }
        try {
            load.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted while the client applied the copy; " + into.database() + " on "
                    + into.server() + " is incomplete");
        }
        RuntimeException lf = loadFailure.get();
        if (lf != null && (dumpFailure == null || dumpFailure instanceof UncheckedIOException)) {
            // the client failed first: the dump only saw its pipe close
            throw new StepFailed(lf.getMessage() + "; " + into.database() + " on the node is incomplete", lf);
        }
        if (dumpFailure != null) {
            throw new StepFailed(dumpFailure.getMessage() + "; the copy was stopped and " + into.database()
                    + " on the node is incomplete", dumpFailure);
        }
        return result;
    }

    /**
     * A {@link PipedOutputStream} into a {@link PipedInputStream} whose end is either clean
     * (end of stream for the reader) or aborted: then the reader gets an {@link IOException}
     * instead of the end of the stream, so a client never takes a truncated dump for a whole one.
     */
    static final class Pipe {
        private final PipedOutputStream out = new PipedOutputStream();
        private final PipedInputStream in;
        private volatile boolean aborted;

        Pipe(int buffer) throws IOException {
            in = new PipedInputStream(out, buffer);
        }

        PipedOutputStream output() {
            return out;
        }

        InputStream input() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    int b = in.read();
                    return b < 0 ? end() : b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = in.read(b, off, len);
                    return n < 0 ? end() : n;
                }

                private int end() throws IOException {
                    if (aborted) {
                        throw new IOException("the dump failed: the stream ends early");
                    }
                    return -1;
                }

                @Override
                public void close() throws IOException {
                    in.close();     // a writer still writing gets "Pipe closed" at once
                }
            };
        }

        /** Closes the writing end: {@code clean} false makes the reader fail at the end instead of ending. */
        void end(boolean clean) {
            aborted = !clean;
            try {
                out.close();
            } catch (IOException e) {
                // the reader closed first: nothing to tell it
            }
        }
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
