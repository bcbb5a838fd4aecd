package io.hactl.backup;

import io.hactl.config.SecretVariables;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Feeds SQL (a dump) to the mariadb client on this machine, connected to the target
 * database. With {@code binlogOff} the client's session runs {@code SET SESSION
 * sql_log_bin=0} first (--init-command), so a replica (or a node that must stay comparable
 * by GTID) gets no transaction of its own. A load whose input stops moving is explained by
 * the server when it can be ({@link DiskFull}: its disk is full), at once, not after the
 * stall timeout.
 */
public final class DbLoader {

    private final Path tool;
    private final DiskFull diskFull;
    private final Duration lookAfter;

    public DbLoader() {
        this(ClientTools.clientTool());
    }

    DbLoader(Path tool) {
        this(tool, new DiskFull(new SqlClient(tool, Duration.ofSeconds(10))::query), LoadWatch.EVERY);
    }

    /** @param lookAfter how long the load may stand still before the server is asked why ({@link DiskFull}) */
    DbLoader(Path tool, DiskFull diskFull, Duration lookAfter) {
        this.tool = tool;
        this.diskFull = diskFull;
        this.lookAfter = lookAfter;
    }

    DiskFull diskFull() {
        return diskFull;
    }

    Duration lookAfter() {
        return lookAfter;
    }

    /** The client's arguments after the connection ones. */
    public static List<String> loadOptions(String database, boolean binlogOff) {
        List<String> a = new ArrayList<>(List.of("--batch", "--skip-reconnect", "--no-auto-rehash",
                "--max-allowed-packet=1G", "--database=" + database));
        if (binlogOff) {
            a.add("--init-command=SET SESSION sql_log_bin=0");
        }
        return a;
    }

    public List<String> argv(DbEndpoint e, OptionFile options, boolean binlogOff) {
        if (!DbNames.valid(e.database())) {
            throw new IllegalArgumentException("not a valid database name");
        }
        List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        argv.addAll(ClientTools.connection(e, options));
        argv.addAll(loadOptions(e.database(), binlogOff));
        return argv;
    }

    /**
     * Streams {@code sql} into the client; {@code position} says how far the source is read
     * (for progress: compressed bytes of a file). Throws {@link DbToolException} with the
     * client's error ("ERROR 1064 (42000) at line 12: ...").
     */
    public long load(DbEndpoint e, boolean binlogOff, InputStream sql, LongSupplier position, Progress progress,
                     Duration stallLimit) {
        AtomicLong total = new AtomicLong();
        try (OptionFile options = OptionFile.forPassword(e.password())) {
            ProcessBuilder pb = SecretVariables.withheldFrom(new ProcessBuilder(argv(e, options, binlogOff)));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            Process p;
            try {
                p = pb.start();
            } catch (IOException ex) {
                throw new DbToolException("cannot start " + tool + ": " + ex.getMessage(), ex);
            }
            StderrTail err = StderrTail.drain(p.getErrorStream(), "client-stderr");
            IOException writeFailure = null;
            IOException readFailure = null;
            try (Stall stall = new Stall(stallLimit, () -> DbDumper.kill(p), "load-stall");
                 LoadWatch watch = new LoadWatch(lookAfter, total::get, () -> diskFull.check(e), () -> DbDumper.kill(p),
                         "load-watch")) {
                byte[] buf = new byte[DbDumper.BUFFER];
                try (OutputStream stdin = p.getOutputStream()) {
                    while (true) {
                        int n;
                        try {
                            n = sql.read(buf);
                        } catch (IOException ex) {
                            readFailure = ex;
                            DbDumper.kill(p);
                            break;
                        }
                        if (n < 0) {
                            break;
                        }
                        try {
                            stdin.write(buf, 0, n);
                        } catch (IOException ex) {
                            writeFailure = ex;    // the client stopped reading: it failed; its stderr says why
                            break;
                        }
                        total.addAndGet(n);
                        stall.progress();
                        progress.update(position.getAsLong(), 0, null);
                    }
                } catch (IOException ex) {
                    writeFailure = ex;
                }
                int exit = waitFor(p, stall, watch);
                err.await();
                if (readFailure != null) {
                    throw new DbToolException("reading the dump failed: " + readFailure.getMessage()
                            + " (a damaged or truncated file?); the target database is incomplete", readFailure);
                }
                if (watch.reason() != null) {
                    throw new DbToolException(watch.reason());      // the callers say what is incomplete
                }
                if (stall.fired()) {
                    String why = diskFull.check(e);
                    throw new DbToolException(why != null ? why : e.server() + ": loading stalled (" + stall.describe() + ") and was stopped; the target"
                            + " database is incomplete");
                }
                if (exit != 0) {
                    String error = SqlClient.cleanError(err.errorLines(), exit);
                    throw new DbToolException(e.server() + ": " + error + diskFull.explainError(e, error));
                }
                if (writeFailure != null) {
                    throw new DbToolException(e.server() + ": the client stopped reading: " + writeFailure.getMessage());
                }
            } finally {
                progress.finish();
                if (p.isAlive()) {
                    DbDumper.kill(p);
                }
            }
        }
        return total.get();
    }

    /** Waits for the client to apply what it was sent: as long as it takes, unless it stalls or the watch stopped it. */
    private static int waitFor(Process p, Stall stall, LoadWatch watch) {
        try {
            while (p.isAlive()) {
                if (stall.fired() || watch.reason() != null) {
                    return -1;
                }
                // the server is still applying the last statements; that is progress too
                if (p.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                    break;
                }
                stall.progress();
            }
            return p.exitValue();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            DbDumper.kill(p);
            return -1;
        }
    }

    static File devNull() {
        return new File("/dev/null");
    }
}
