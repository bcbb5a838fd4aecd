package io.hactl.backup;

import io.hactl.config.SecretVariables;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * mariadb-dump into mariadb, connected by an operating-system pipe between the two
 * processes (as {@code mariadb-dump ... | mariadb ...} in a shell): no temporary file, the
 * pipe's buffer is all the memory used, and hactl's JVM is not in the data path. Progress
 * is read from the dump's {@code /proc/PID/io} (bytes written); a stall of either side
 * (no byte written for the limit) stops both; before that, a copy that stands still is
 * explained by the destination server when it can be ({@link DiskFull}), and stopped at once.
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

    /** @return bytes of SQL that went through the pipe (as counted by the kernel for the dump process) */
    public long copy(DbEndpoint origin, ServerFacts originFacts, DbEndpoint destination, boolean binlogOff,
                     Progress progress, Duration stallLimit) {
        return run(origin, destination, binlogOff, List.of(DbDumper.dumpOptions(originFacts, origin.database())),
                progress, stallLimit);
    }

    /**
     * The tables in {@code groups.size()} streams at once (each its own dump and client), then
     * routines, events and views in one more stream. Each stream is its own snapshot: the
     * caller checks that the origin took no write meanwhile (its GTID position did not move).
     */
    public long copyParallel(DbEndpoint origin, DbEndpoint destination, boolean binlogOff, List<List<String>> groups,
                             List<String> views, Progress progress, Duration stallLimit) {
        List<List<String>> streams = new ArrayList<>();
        for (List<String> tables : groups) {
            streams.add(tableStream(origin.database(), tables));
        }
        List<String> last = lastStream(origin.database(), views);
        long bytes = run(origin, destination, binlogOff, streams, progress, stallLimit);
        return bytes + run(origin, destination, binlogOff, List.of(last), Progress.silent(), stallLimit);
    }

    /**
     * The dump's arguments (after the connection ones) for one group of tables. The names come
     * from the origin's information_schema, i.e. from whoever can create a table there: they go
     * after {@code --} (mariadb-dump stops reading options there; without it a table named
     * {@code --result-file=/etc/x} is an option, and the dump runs as root), and a name that
     * starts with '-' is refused all the same, so no other tool ever sees one.
     */
    static List<String> tableStream(String database, List<String> tables) {
        refuseUnsafe("table", database, tables);
        List<String> o = new ArrayList<>(TABLE_OPTIONS);
        o.add("--");
        o.add(database);
        o.addAll(tables);
        return o;
    }

    /** The dump's arguments for the last stream: routines, events and the views (no table data). */
    static List<String> lastStream(String database, List<String> views) {
        refuseUnsafe("view", database, views);
        List<String> last = new ArrayList<>(List.of("--single-transaction", "--no-data", "--skip-triggers",
                "--routines", "--events", "--default-character-set=utf8mb4"));
        if (views.isEmpty()) {
            last.add("--no-create-info");
        }
        last.add("--");
        last.add(database);
        last.addAll(views);
        return last;
    }

    /** The first name that starts with '-' (a tool would read it as an option), or null. */
    public static String unsafeName(List<String> names) {
        return names.stream().filter(n -> n.startsWith("-")).findFirst().orElse(null);
    }

    /** A table or view a parallel copy cannot name on a command line; null when there is none. */
    public static UnsafeName unsafeName(String database, List<List<String>> groups, List<String> views) {
        for (List<String> g : groups) {
            String bad = unsafeName(g);
            if (bad != null) {
                return new UnsafeName("table", database, bad);
            }
        }
        String bad = unsafeName(views);
        return bad == null ? null : new UnsafeName("view", database, bad);
    }

    /** A name that starts with '-': why a parallel copy refuses it, and the two ways out. */
    public record UnsafeName(String kind, String database, String name) {
        public String reason() {
            return kind + " '" + DbNames.printable(name) + "' of " + database + " starts with '-': a dump tool could"
                    + " read it as an option, so a parallel copy (which names each " + kind + ") refuses it";
        }

        public String fix() {
            return "copy with --parallel 1 (one stream dumps the whole database without naming a " + kind
                    + "), or rename it on the origin (RENAME TABLE `" + database + "`.`" + DbNames.printable(name)
                    + "` TO ...)";
        }
    }

    private static void refuseUnsafe(String kind, String database, List<String> names) {
        String bad = unsafeName(names);
        if (bad != null) {
            UnsafeName u = new UnsafeName(kind, database, bad);
            throw new DbToolException(u.reason() + ": " + u.fix());
        }
    }

    /** A table group's dump: data and triggers, no routines or events (the last stream has them). */
    static final List<String> TABLE_OPTIONS = List.of("--single-transaction", "--triggers", "--skip-routines",
            "--hex-blob", "--default-character-set=utf8mb4", "--max-allowed-packet=1G");

    /** Splits tables into at most {@code n} groups of about equal size, biggest first (longest processing time). */
    public static List<List<String>> groups(List<String> tables, List<Long> sizes, int n) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(sizes.get(b), sizes.get(a)));
        List<List<String>> groups = new ArrayList<>();
        long[] load = new long[n];
        for (int i = 0; i < n; i++) {
            groups.add(new ArrayList<>());
        }
        for (int i : order) {
            int g = 0;
            for (int k = 1; k < n; k++) {
                if (load[k] < load[g]) {
                    g = k;
                }
            }
            groups.get(g).add(tables.get(i));
            load[g] += Math.max(1, sizes.get(i));
        }
        groups.removeIf(List::isEmpty);
        return groups;
    }

    private long run(DbEndpoint origin, DbEndpoint destination, boolean binlogOff, List<List<String>> streams,
                     Progress progress, Duration stallLimit) {
        try (OptionFile o = OptionFile.forPassword(origin.password());
             OptionFile d = OptionFile.forPassword(destination.password())) {
            List<Process> dumps = new ArrayList<>();
            List<Process> loads = new ArrayList<>();
            List<StderrTail> dumpErrs = new ArrayList<>();
            List<StderrTail> loadErrs = new ArrayList<>();
            try {
                for (List<String> options : streams) {
                    List<String> dumpArgv = new ArrayList<>();
                    dumpArgv.add(dumper.toolPath().toString());
                    dumpArgv.addAll(ClientTools.connection(origin, o));
                    dumpArgv.addAll(options);
                    ProcessBuilder dump = SecretVariables.withheldFrom(new ProcessBuilder(dumpArgv));
                    dump.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                    dump.redirectError(ProcessBuilder.Redirect.PIPE);
                    ProcessBuilder load = SecretVariables.withheldFrom(new ProcessBuilder(loader.argv(destination, d,
                            binlogOff)));
                    load.redirectOutput(ProcessBuilder.Redirect.DISCARD);
                    load.redirectError(ProcessBuilder.Redirect.PIPE);
                    List<Process> ps = ProcessBuilder.startPipeline(List.of(dump, load));
                    dumps.add(ps.get(0));
                    loads.add(ps.get(1));
                    dumpErrs.add(StderrTail.drain(ps.get(0).getErrorStream(), "copy-dump-stderr"));
                    loadErrs.add(StderrTail.drain(ps.get(1).getErrorStream(), "copy-load-stderr"));
                }
            } catch (IOException ex) {
                dumps.forEach(DbDumper::kill);
                loads.forEach(DbDumper::kill);
                throw new DbToolException("cannot start the dump and the client: " + ex.getMessage(), ex);
            }
            long[] written = new long[streams.size()];
            AtomicLong total = new AtomicLong();
            Runnable stopAll = () -> {
                dumps.forEach(DbDumper::kill);
                loads.forEach(DbDumper::kill);
            };
            try (Stall stall = new Stall(stallLimit, stopAll, "copy-stall");
                 LoadWatch watch = new LoadWatch(loader.lookAfter(), total::get,
                         () -> loader.diskFull().check(destination), stopAll, "copy-watch")) {
                while (dumps.stream().anyMatch(Process::isAlive) || loads.stream().anyMatch(Process::isAlive)) {
                    boolean moved = false;
                    for (int i = 0; i < dumps.size(); i++) {
                        Process pd = dumps.get(i);
                        Process pl = loads.get(i);
                        long w = writtenBytes(Path.of("/proc", Long.toString(pd.pid()), "io"));
                        if (w > written[i] || !pd.isAlive()) {
                            moved = true;
                        }
                        written[i] = Math.max(written[i], w);
                        if (!pl.isAlive() && pd.isAlive()) {
                            // the client is gone (an error): the dump would block on a full pipe
                            waitQuietly(pd, 2);
                            DbDumper.kill(pd);
                        }
                        if (!pd.isAlive() && pd.exitValue() != 0 && pl.isAlive()) {
                            // a failed dump: stop its client before it applies more of a truncated stream
                            DbDumper.kill(pl);
                        }
                    }
                    if (moved) {
                        stall.progress();
                    }
                    total.set(java.util.Arrays.stream(written).sum());
                    progress.update(total.get(), 0, null);
                    waitQuietly(loads.get(0), 0.25);
                }
                dumpErrs.forEach(StderrTail::await);
                loadErrs.forEach(StderrTail::await);
                if (watch.reason() != null) {
                    throw new DbToolException(watch.reason() + "; the destination database is incomplete");
                }
                if (stall.fired()) {
                    String why = loader.diskFull().check(destination);
                    throw new DbToolException((why != null ? why : "the copy stalled (" + stall.describe()
                            + ") and was stopped") + "; the destination database is incomplete");
                }
                for (int i = 0; i < dumps.size(); i++) {
                    int dumpExit = dumps.get(i).exitValue();
                    int loadExit = loads.get(i).exitValue();
                    if (loadExit != 0 && !loadErrs.get(i).errorLines().isEmpty()) {
                        String error = SqlClient.cleanError(loadErrs.get(i).errorLines(), loadExit);
                        throw new DbToolException(destination.server() + ": " + error
                                + loader.diskFull().explainError(destination, error)
                                + "; the destination database is incomplete");
                    }
                    if (dumpExit != 0) {
                        throw new DbToolException(origin.server() + ": " + dumper.toolName() + " failed: "
                                + SqlClient.cleanError(dumpErrs.get(i).errorLines(), dumpExit)
                                + "; the destination database is incomplete");
                    }
                    if (loadExit != 0) {
                        throw new DbToolException(destination.server() + ": the client exited " + loadExit
                                + "; the destination database is incomplete");
                    }
                }
            } finally {
                progress.finish();
                dumps.stream().filter(Process::isAlive).forEach(DbDumper::kill);
                loads.stream().filter(Process::isAlive).forEach(DbDumper::kill);
            }
            return java.util.Arrays.stream(written).sum();
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
