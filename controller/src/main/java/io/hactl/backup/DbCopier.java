package io.hactl.backup;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mariadb-dump into mariadb, connected by an operating-system pipe between the two
 * processes (as {@code mariadb-dump ... | mariadb ...} in a shell): no temporary file, the
 * pipe's buffer is all the memory used, and hactl's JVM is not in the data path. Progress
 * is read from the dump's {@code /proc/PID/io} (bytes written); a stall of either side
 * (no byte written for the limit) stops both.
 */
public final class DbCopier {

    private final DbDumper dumper;
    private final DbLoader loader;

    public DbCopier() {
        this(new DbDumper(), new DbLoader());
    }

    DbCopier(DbDumper dumper, DbLoader loader) {
        this.dumper = dumper;
        this.loader = loader;
    }

    /** @return bytes of SQL that went through the pipe (as counted by the kernel for the dump process; -1 unknown) */
    public long copy(DbEndpoint origin, ServerFacts originFacts, DbEndpoint destination, boolean binlogOff,
                     Progress progress, Duration stallLimit) {
        try (OptionFile o = OptionFile.forPassword(origin.password());
             OptionFile d = OptionFile.forPassword(destination.password())) {
            ProcessBuilder dump = new ProcessBuilder(dumper.argv(origin, o, originFacts));
            dump.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            dump.redirectError(ProcessBuilder.Redirect.PIPE);
            ProcessBuilder load = new ProcessBuilder(loader.argv(destination, d, binlogOff));
            load.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            load.redirectError(ProcessBuilder.Redirect.PIPE);
            List<Process> ps;
            try {
                ps = ProcessBuilder.startPipeline(List.of(dump, load));
            } catch (IOException ex) {
                throw new DbToolException("cannot start the dump and the client: " + ex.getMessage(), ex);
            }
            Process pd = ps.get(0);
            Process pl = ps.get(1);
            StderrTail dumpErr = StderrTail.drain(pd.getErrorStream(), "copy-dump-stderr");
            StderrTail loadErr = StderrTail.drain(pl.getErrorStream(), "copy-load-stderr");
            Path io = Path.of("/proc", Long.toString(pd.pid()), "io");
            long written = 0;
            try (Stall stall = new Stall(stallLimit, () -> {
                DbDumper.kill(pd);
                DbDumper.kill(pl);
            }, "copy-stall")) {
                while (pd.isAlive() || pl.isAlive()) {
                    long w = writtenBytes(io);
                    if (w > written || !pd.isAlive()) {
                        stall.progress();
                    }
                    written = Math.max(written, w);
                    progress.update(written, 0, null);
                    if (!pl.isAlive() && pd.isAlive()) {
                        // the client is gone (an error): the dump would block on a full pipe
                        waitQuietly(pd, 2);
                        DbDumper.kill(pd);
                    }
                    if (!pd.isAlive() && pd.exitValue() != 0 && pl.isAlive()) {
                        // a failed dump: stop the client before it applies more of a truncated stream
                        DbDumper.kill(pl);
                    }
                    waitQuietly(pl, 0.25);
                }
                dumpErr.await();
                loadErr.await();
                int dumpExit = pd.exitValue();
                int loadExit = pl.exitValue();
                if (stall.fired()) {
                    throw new DbToolException("the copy stalled (" + stall.describe() + ") and was stopped; the"
                            + " destination database is incomplete");
                }
                if (loadExit != 0 && !loadErr.errorLines().isEmpty()) {
                    throw new DbToolException(destination.server() + ": " + SqlClient.cleanError(loadErr.errorLines(),
                            loadExit) + "; the destination database is incomplete");
                }
                if (dumpExit != 0) {
                    throw new DbToolException(origin.server() + ": " + dumper.toolName() + " failed: "
                            + SqlClient.cleanError(dumpErr.errorLines(), dumpExit)
                            + "; the destination database is incomplete");
                }
                if (loadExit != 0) {
                    throw new DbToolException(destination.server() + ": the client exited " + loadExit
                            + "; the destination database is incomplete");
                }
            } finally {
                progress.finish();
                if (pd.isAlive()) {
                    DbDumper.kill(pd);
                }
                if (pl.isAlive()) {
                    DbDumper.kill(pl);
                }
            }
            return written;
        }
    }

    /** wchar of /proc/PID/io: bytes the process wrote (its stdout is the pipe; its stderr is tiny). */
    static long writtenBytes(Path io) {
        try {
            for (String line : Files.readAllLines(io)) {
                if (line.startsWith("wchar:")) {
                    return Long.parseLong(line.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or no /proc: no count
        }
        return 0;
    }

    private static void waitQuietly(Process p, double seconds) {
        try {
            p.waitFor((long) (seconds * 1000), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
