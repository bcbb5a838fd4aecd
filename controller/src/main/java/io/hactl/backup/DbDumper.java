package io.hactl.backup;

import io.hactl.config.SecretVariables;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs mariadb-dump (or mysqldump) on this machine against a server and streams its output
 * into a sink, through a {@link DumpScanner}: a consistent snapshot (--single-transaction),
 * routines, triggers, events, binary data as hex, and the binary log position and GTID of
 * the snapshot (--master-data=2, --gtid on MariaDB) as comments. The output is read by a thread of its own
 * ({@link ReadAhead}), ahead of the sink. Memory: at most {@link #CHUNKS} buffers of {@link #CHUNK}.
 */
public final class DbDumper {

    static final int BUFFER = 256 * 1024;
    /**
     * Buffers read ahead of the sink, each a pipe's worth (64 KB; 4 MB in all): the tool's output is read by a
     * thread of its own, so mariadb-dump goes on while the sink compresses, as with the zstd program, which reads
     * in a thread of its own (on 1 GB, 3 runs: db-backup to .zst 1.31x the time of mariadb-dump | zstd without,
     * 1.19x with; docs/runbook-backup.md).
     */
    static final int CHUNK = 64 * 1024;
    static final int CHUNKS = 64;

    private final Path tool;

    public DbDumper() {
        this(ClientTools.dumpTool());
    }

    DbDumper(Path tool) {
        this.tool = tool;
    }

    /** What a finished dump recorded. */
    public record Result(String database, long bytes, int tables, String gtid, String binlogFile, Long binlogPosition,
                         long nanos) {
        public String position() {
            List<String> p = new ArrayList<>();
            if (gtid != null) {
                p.add("GTID " + (gtid.isEmpty() ? "(empty)" : gtid));
            }
            if (binlogFile != null) {
                p.add("binlog " + binlogFile + ":" + binlogPosition);
            }
            return p.isEmpty() ? "no position recorded (binary log off)" : String.join(", ", p);
        }
    }

    public Path toolPath() {
        return tool;
    }

    public String toolName() {
        return tool.getFileName().toString();
    }

    /** The dump tool's arguments after the connection ones (unit-tested; documented in the runbook). */
    public static List<String> dumpOptions(ServerFacts facts, String database) {
        List<String> a = new ArrayList<>(List.of("--single-transaction", "--routines", "--triggers", "--events",
                "--hex-blob", "--default-character-set=utf8mb4", "--max-allowed-packet=1G"));
        if (facts.binlogOn()) {
            a.add("--master-data=2");
            if (facts.mariadb()) {
                a.add("--gtid");
            }
        }
        a.add("--");          // the end of options: the database name is never read as one
        a.add(database);
        return a;
    }

    public List<String> argv(DbEndpoint e, OptionFile options, ServerFacts facts) {
        if (!DbNames.valid(e.database())) {
            throw new IllegalArgumentException("not a valid database name");
        }
        List<String> argv = new ArrayList<>();
        argv.add(tool.toString());
        argv.addAll(ClientTools.connection(e, options));
        argv.addAll(dumpOptions(facts, e.database()));
        return argv;
    }

    /**
     * Dumps {@code e.database()} into {@code sink} (not closed here). Throws
     * {@link DbToolException} when the tool fails (its message cleaned), {@link UncheckedIOException}
     * when the sink cannot be written (a full disk): the dump is stopped either way.
     */
    public Result dump(DbEndpoint e, ServerFacts facts, OutputStream sink, Progress progress, Duration stallLimit) {
        long t0 = System.nanoTime();
        DumpScanner scanner = new DumpScanner();
        try (OptionFile options = OptionFile.forPassword(e.password())) {
            ProcessBuilder pb = SecretVariables.withheldFrom(new ProcessBuilder(argv(e, options, facts)));
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process p;
            try {
                p = pb.start();
            } catch (IOException ex) {
                throw new DbToolException("cannot start " + tool + ": " + ex.getMessage(), ex);
            }
            StderrTail err = StderrTail.drain(p.getErrorStream(), "dump-stderr");
            try (Stall stall = new Stall(stallLimit, () -> kill(p), "dump-stall");
                 ReadAhead ahead = ReadAhead.start(p.getInputStream(), CHUNK, CHUNKS, "dump-read")) {
                ReadAhead.Chunk c;
                while ((c = ahead.take()) != null) {
                    scanner.accept(c.bytes(), 0, c.length());
                    try {
                        sink.write(c.bytes(), 0, c.length());
                    } catch (IOException ex) {
                        kill(p);
                        throw new UncheckedIOException(ex.getMessage(), ex);
                    }
                    ahead.recycle(c);
                    stall.progress();
                    progress.update(scanner.bytes(), scanner.tablesStarted(), scanner.currentTable());
                }
                if (ahead.failure() != null) {
                    kill(p);
                    throw new DbToolException("reading " + tool.getFileName() + "'s output failed: "
                            + ahead.failure().getMessage(), ahead.failure());
                }
                int exit = waitFor(p);
                err.await();
                if (stall.fired()) {
                    throw new DbToolException(e.server() + ": the dump stalled (" + stall.describe() + ") and was"
                            + " stopped: is the server reachable?");
                }
                if (exit != 0) {
                    throw new DbToolException(e.server() + ": " + tool.getFileName() + " failed: "
                            + SqlClient.cleanError(err.errorLines(), exit));
                }
                if (!scanner.completed()) {
                    throw new DbToolException(e.server() + ": " + tool.getFileName() + " exited 0 but its output did"
                            + " not end with '-- Dump completed': the dump is incomplete");
                }
            } finally {
                progress.finish();
                if (p.isAlive()) {
                    kill(p);
                }
            }
        }
        return new Result(scanner.database(), scanner.bytes(), scanner.tablesStarted(), scanner.gtid(),
                scanner.binlogFile(), scanner.binlogPosition(), System.nanoTime() - t0);
    }

    static int waitFor(Process p) {
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                kill(p);
                return -1;
            }
            return p.exitValue();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            kill(p);
            return -1;
        }
    }

    /**
     * The tool and what it started, parent first: killed after its children, a shell could still start its next
     * command in between (found by DbDumperTest: a stand-in tool's last command ran after the stop). The children
     * are listed before, while they are still the tool's.
     */
    static void kill(Process p) {
        java.util.List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
