package io.hactl.ops.db;

import io.hactl.backup.DbDumper;
import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbLoader;
import io.hactl.backup.DbNames;
import io.hactl.backup.DbToolException;
import io.hactl.backup.Progress;
import io.hactl.backup.ServerFacts;
import io.hactl.backup.SqlClient;
import io.hactl.config.HactlConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The logical rebuild ({@code --method logical}): the application database is copied as ONE
 * consistent stream (mariadb-dump {@code --single-transaction --master-data=2 --gtid} of the
 * master piped, in this process, into the mariadb client of the node with the binary log off: no
 * GTID of its own there), and the snapshot's GTID is read from the dump's comments as they pass
 * (MariaDB 10.11 writes it near the end). Every row goes through SQL and every index is rebuilt:
 * the slowest way to copy, but it needs only the client tools, works for MySQL, and copies one
 * database (the node's other databases and its accounts stay as they are).
 */
final class LogicalRebuild implements RebuildMethod {

    /** A copy where no byte moved for this long is stopped (db-copy's default). */
    static final Duration STALL = Duration.ofMinutes(5);
    private static final int PIPE_BUFFER = 1 << 20;

    private final HactlConfig cfg;

    LogicalRebuild(HactlConfig cfg) {
        this.cfg = cfg;
    }

    @Override
    public Prepared prepare(Operation op, Sides sides) {
        DbAdmin na = sides.dbs().get(sides.node());
        DbState ns = na.state();
        String node = sides.node().name();
        String master = sides.master().name();
        DbEndpoint from = ReplicaRebuild.endpoint(cfg.database(), sides.master(), op);
        DbEndpoint into = ReplicaRebuild.endpoint(cfg.database(), sides.node(), op);
        SqlClient sql;
        ServerFacts facts;
        ServerFacts.Size size;
        DbDumper dumper;
        DbLoader loader;
        try {
            sql = new SqlClient(Duration.ofSeconds(30));
            facts = ServerFacts.read(sql, from);
            if (!ServerFacts.databaseExists(sql, from, from.database())) {
                throw op.refuse("database " + from.database() + " does not exist on " + master,
                        "check database.name in " + cfg.source());
            }
            size = ServerFacts.size(sql, from, from.database());
            dumper = new DbDumper();
            loader = new DbLoader();
        } catch (DbToolException e) {
            throw op.refuse("cannot read " + master + " with the client tools: " + e.getMessage(),
                    "install mariadb-client on this machine; check the database user's privileges (hactl check)");
        }
        op.note(master, "the copy: " + size.tables() + " tables, ~" + Progress.bytes(size.bytes())
                + " of data in " + from.database() + "; GTID now " + ReplicaRebuild.shown(facts.gtidPosition()));
        return (o, out) -> {
            o.step(node, "stop replication, read-only", () -> {
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
                o.step(node, "forget its own GTID history before the copy", () -> {
                    na.forgetHistory("");
                    return "gtid_executed emptied";
                });
            }
            AtomicReference<DbDumper.Result> dump = new AtomicReference<>();
            Progress progress = Progress.everyFewSeconds(o.dryRun() ? null : out, System::nanoTime);
            o.step(node, "copy " + from.database() + " from " + master + " (one consistent snapshot,"
                    + " streamed, binary log off here)", () -> {
                        sql.execute(into.withDatabase(null), "SET SESSION sql_log_bin=0; CREATE DATABASE IF NOT EXISTS "
                                + DbNames.quoted(into.database()));
                        progress.start("copy " + from.database(), size.bytes(), size.tables());
                        DbDumper.Result d = stream(dumper, loader, from, facts, into, progress, STALL);
                        if (d.gtid() == null) {
                            throw new StepFailed("the dump of " + master + " recorded no GTID position"
                                    + " (binary log off?): " + node + " has the data but cannot be pointed at"
                                    + " the right transaction; turn log_bin on on " + master + " and again");
                        }
                        dump.set(d);
                        return Progress.summary(d.bytes(), d.nanos()) + ", " + d.tables() + " tables, snapshot at GTID "
                                + ReplicaRebuild.shown(d.gtid());
                    });
            DbDumper.Result d = dump.get();
            return d == null ? new Copied(0, 0, null) : new Copied(d.bytes(), d.nanos(), d.gtid());
        };
    }


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

}
