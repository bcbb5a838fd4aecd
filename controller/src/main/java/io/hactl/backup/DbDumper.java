package io.hactl.backup;

import io.hactl.config.SecretVariables;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private final Path zstd;

    public DbDumper() {
        this(ClientTools.dumpTool(), zstdTool());
    }

    DbDumper(Path tool) {
        this(tool, zstdTool());
    }

    /** @param zstd the zstd program {@link #dumpInto} runs (null: none, the caller compresses in process) */
    DbDumper(Path tool, Path zstd) {
        this.tool = tool;
        this.zstd = zstd;
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

    /**
     * Dumps {@code e.database()} through the zstd program into {@code file} (not committed here), with no byte of the
     * dump crossing this JVM: {@code mariadb-dump | zstd -3} as one pipeline of the operating system's
     * ({@link ProcessBuilder#startPipeline}), zstd writing the file's temporary name itself, which this thread takes
     * in as it grows ({@link AtomicFile#absorb}: hashed, counted, handed to the disk). What the scanner read from the
     * stream is read instead from zstd's own count (its {@code -vv} summary: the SQL's bytes and the file's, which must
     * be the file's here), the dump's head (its position: the file's first decompressed lines; MariaDB's GTID, which
     * --gtid writes at the end, from the server for that position, {@link ServerFacts#gtidAt}), mariadb-dump's exit
     * code (it writes its last line, and exits 0, only when complete) and the server's table count before the dump
     * ({@code tables}). Progress: the bytes mariadb-dump has written (/proc/PID/io), else the file's.
     *
     * <p>Null when this machine has no zstd program: the caller compresses in process ({@link #dump}).
     *
     * <p>Why: a logical backup is CPU-bound on a pair of cores (mariadb-dump, the server and the compressor).
     * Through this JVM every byte was copied four times more (out of the pipe, into the JVM's array and out, into
     * the compressor): on the lab's 1 GB 1.1–1.3x the time of {@code mariadb-dump | zstd} (docs/runbook-backup.md).
     */
    public Result dumpInto(DbEndpoint e, ServerFacts facts, SqlClient sql, AtomicFile file, int tables,
                           Progress progress, Duration stallLimit) {
        if (zstd == null) {
            return null;
        }
        long t0 = System.nanoTime();
        try (OptionFile options = OptionFile.forPassword(e.password())) {
            ProcessBuilder dumpPb = SecretVariables.withheldFrom(new ProcessBuilder(argv(e, options, facts)))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            List<String> z = new ArrayList<>(List.of(zstd.toString()));
            z.addAll(ZSTD_ARGS);
            ProcessBuilder zPb = SecretVariables.withheldFrom(new ProcessBuilder(z))
                    .redirectOutput(ProcessBuilder.Redirect.to(file.temp().toFile()));
            List<Process> ps;
            try {
                ps = ProcessBuilder.startPipeline(List.of(dumpPb, zPb));
            } catch (IOException ex) {
                throw new DbToolException("cannot start " + tool + " | " + zstd + ": " + ex.getMessage(), ex);
            }
            Process p = ps.get(0);
            Process zp = ps.get(1);
            StderrTail err = StderrTail.drain(p.getErrorStream(), "dump-stderr");
            StderrTail zerr = StderrTail.drain(zp.getErrorStream(), "zstd-stderr");
            Path io = Path.of("/proc", Long.toString(p.pid()), "io");
            try (Stall stall = new Stall(stallLimit, () -> {
                kill(p);
                kill(zp);
            }, "dump-stall")) {
                long written = 0;
                while (!zp.waitFor(WATCH.toMillis(), TimeUnit.MILLISECONDS)) {      // zstd ends after the dump
                    boolean grew = file.absorb() > 0;
                    long w = wchar(io);
                    if (w > written) {
                        written = w;
                        grew = true;
                    }
                    if (grew) {
                        stall.progress();
                    }
                    progress.update(Math.max(written, file.bytes()), 0, null);
                }
                int zexit = zp.exitValue();
                if (zexit != 0) {
                    kill(p);     // zstd failed (a full disk): the dump is stopped, not left to find its pipe closed
                }
                file.absorb();
                int exit = waitFor(p);
                err.await();
                zerr.await();
                if (stall.fired()) {
                    throw new DbToolException(e.server() + ": the dump stalled (" + stall.describe() + ") and was"
                            + " stopped: is the server reachable?");
                }
                if (zexit != 0) {
                    throw new UncheckedIOException(new IOException("zstd exited " + zexit + LocalProgram.tail(
                            zerr.text())));
                }
                if (exit != 0) {
                    throw new DbToolException(e.server() + ": " + tool.getFileName() + " failed: "
                            + SqlClient.cleanError(err.errorLines(), exit));
                }
                long[] counts = zstdCounts(zerr.text());
                if (counts == null || counts[1] != file.bytes()) {
                    throw new UncheckedIOException(new IOException(counts == null ? "zstd gave no count of the bytes"
                            + " it wrote" + LocalProgram.tail(zerr.text()) : "the file has " + file.bytes() + " of the "
                            + counts[1] + " bytes zstd wrote"));
                }
                DumpScanner head = head(file.temp());
                // MariaDB's --gtid writes the position's GTID at the dump's end: the server gives it for the position
                String gtid = head.gtid() == null && facts.mariadb() && head.binlogFile() != null
                        ? ServerFacts.gtidAt(sql, e, head.binlogFile(), head.binlogPosition()) : head.gtid();
                return new Result(head.database(), counts[0], tables, gtid, head.binlogFile(), head.binlogPosition(),
                        System.nanoTime() - t0);
            } catch (IOException ex) {
                throw new UncheckedIOException(ex.getMessage(), ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new DbToolException("interrupted: the dump was stopped", ex);
            } finally {
                progress.finish();
                for (Process q : ps) {
                    if (q.isAlive()) {
                        kill(q);
                    }
                }
            }
        }
    }

    /** zstd's level 3 (as {@link Compression#ZSTD_LEVEL}), the frame checksum on, its counts in its summary (-vv). */
    static final List<String> ZSTD_ARGS = List.of("-" + Compression.ZSTD_LEVEL, "--check", "-vv", "-c");
    /** How often the file is taken in while the pipeline runs. */
    static final Duration WATCH = Duration.ofMillis(50);
    /** The most of the file decompressed for the dump's head (its position comments come before any table). */
    static final int HEAD = 1 << 20;
    private static final Pattern ZSTD_SUMMARY = Pattern.compile("\\(\\s*(\\d+)(?: B)?\\s*=>\\s*(\\d+)(?: B| bytes)?,");

    /** The zstd program on this machine; null when it has none. */
    static Path zstdTool() {
        try {
            return ClientTools.find("zstd");
        } catch (DbToolException e) {
            return null;
        }
    }

    /**
     * zstd's summary ({@code -vv}: "(1243323418 B =>  286736874 B, /*stdout*\\)"; zstd 1.4: "(N => M bytes, ..."): {bytes
     * read, bytes written}, the last one given; null when it gave none (it failed, or its stderr was lost).
     */
    public static long[] zstdCounts(String stderr) {
        Matcher m = ZSTD_SUMMARY.matcher(stderr == null ? "" : stderr);
        long[] c = null;
        while (m.find()) {
            c = new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
        }
        return c;
    }

    /** The bytes a process has written (its /proc io "wchar"); -1 when it cannot be read. */
    static long wchar(Path io) {
        try {
            for (String l : Files.readAllLines(io)) {
                if (l.startsWith("wchar:")) {
                    return Long.parseLong(l.substring(6).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone, or not ours to read
        }
        return -1;
    }

    /** The dump's first lines, decompressed from the file (at most {@link #HEAD} bytes, up to its first table). */
    static DumpScanner head(Path file) throws IOException {
        DumpScanner s = new DumpScanner();
        try (InputStream in = Compression.ZSTD.decompress(new BufferedInputStream(Files.newInputStream(file)))) {
            byte[] b = new byte[1 << 16];
            int n;
            while (s.bytes() < HEAD && s.tablesStarted() == 0 && (n = in.read(b)) > 0) {
                s.accept(b, 0, n);
            }
        }
        return s;
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
