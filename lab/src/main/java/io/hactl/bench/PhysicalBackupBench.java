package io.hactl.bench;

import static io.hactl.bench.BenchData.DB;
import static io.hactl.bench.BenchData.N1;

import io.hactl.bench.BenchData.Generated;
import io.hactl.bench.BenchData.Timed;
import io.hactl.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * bench/physical-backup.sh (issue 18's figure): {@code hactl backup database --method physical --from n1} (the
 * whole server by mariadb-backup, prepared and compressed on n1, streamed here into one zstd tar with its manifest;
 * the way hactl took is printed) against {@code
 * mariadb-dump | zstd -3} of the user databases (the lab's sample and the generated one; hactl's dump options),
 * from the same node, in the same run, on a generated database of {@code --size-mb} (BenchData, on n1). Prints
 * each run, the medians, hactl/pipe against the goal (≤ 0.5) and hactl's peak RSS (VmHWM of its JVM: the bytes
 * stream, they are not held), and both files' sizes. The backups are written under the bench's work directory
 * and removed; the generated database is dropped after (--keep: left on n1 for the next run).
 */
public final class PhysicalBackupBench {

    static final double GOAL = 0.5;
    static final String USAGE = "usage: bench/physical-backup.sh [--size-mb N (default 1024)] [--runs N (default 3)]"
            + " [--keep (the generated database stays on n1 for the next run)]";

    /** The command line: as bench/physical-rebuild.sh's, three runs by default. */
    static PhysicalRebuildBench.Args parse(List<String> args) {
        return PhysicalRebuildBench.Args.parse(args, 3, USAGE);
    }

    /** One run: the pipe's and hactl's seconds, hactl's peak RSS (kB), both files' bytes. */
    record Run(double pipe, double hactl, long hactlPeakKb, long pipeBytes, long hactlBytes) {
    }

    /** What the bench measured. */
    record Result(Generated database, List<Run> runs) {

        boolean ok() {
            return !runs.isEmpty();
        }

        /** The figures, as printed at the end: medians, the ratio against the goal, peak RSS, file sizes. */
        String figures() {
            double p = BenchData.median(runs.stream().map(Run::pipe).toList());
            double h = BenchData.median(runs.stream().map(Run::hactl).toList());
            Run last = runs.get(runs.size() - 1);
            return String.format(Locale.ROOT, "median of %d run(s), %s: mariadb-dump | zstd -3 %.1f s, hactl backup"
                    + " database --method physical %.1f s; hactl/pipe %.2f (goal <= %.2f); files: pipe %d MB (SQL of the"
                    + " user databases), hactl %d MB (the whole server's data files, prepared); hactl peak RSS %d MB",
                    runs.size(), database == null ? "?" : database.describe(), p, h, h / p, GOAL, last.pipeBytes() >> 20,
                    last.hactlBytes() >> 20, runs.stream().mapToLong(Run::hactlPeakKb).max().orElse(0) / 1024);
        }
    }

    private final BenchData data;
    private final Path hactl;
    private final Consumer<String> out;

    PhysicalBackupBench(Path home, Path work, Consumer<String> out) {
        this.data = new BenchData(work);
        this.hactl = home.resolve("bin/hactl");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchData.sizedMain(args, PhysicalBackupBench::parse, (home, work, a) ->
                new PhysicalBackupBench(home, work, System.out::println).run(a.sizeMb(), a.runs(), a.keep()).ok());
    }

    Result run(long sizeMb, int runs, boolean keep) throws Exception {
        data.requireLabUp();
        // not timed: the launcher's first run after a build writes its class archive (~5 s), which no backup pays after
        data.timed(List.of(hactl.toString(), "--version"));
        long target = sizeMb << 20;
        long originalMb = data.tmpfsMb();
        Path opt = data.clientOptions();
        String conn = "--defaults-extra-file=" + opt + " --host=";
        Path config = data.work.resolve("hactl-physical.yml");
        BenchConfig.secretFile(config, BenchConfig.withDatabaseServer(Files.readString(data.lab.config()),
                data.lab.dir()));
        String sample = ConfigLoader.load(config).database().name();
        Path dump = data.work.resolve("physical-backup-pipe.sql.zst");
        Path backups = data.work.resolve("physical-backups");
        out.accept("note: the pipe dumps " + sample + " and " + DB + " (SQL, what a logical backup holds); hactl copies"
                + " the whole server's data files (every database, the indexes as they are on disk), prepares them and"
                + " writes one zstd tar with its manifest (SHA-256, GTID); both read n1");
        List<Run> done = new ArrayList<>();
        Generated g = null;
        try {
            // the generated database, then hactl's scratch copy beside n1's data directory (prepared and compressed
            // there): the data files again (~1.25x the data) and the free margin hactl's check asks for on top
            // (database.server.free_margin_mb, 1 GB by default; without it hactl takes the way through this machine)
            data.ensureTmpfsRoom(target * 5 / 2 + (1536L << 20));
            g = data.generated(target);
            out.accept(g.describe());
            for (int i = 0; i < runs; i++) {
                Files.deleteIfExists(dump);
                removeTree(backups);
                Files.createDirectories(backups);
                double pipe = data.timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " "
                        + String.join(" ", BackupBench.DUMP_OPTIONS) + " --databases " + sample + " " + DB
                        + " | zstd -3 -q > " + dump)).seconds();
                Timed h = data.timed(List.of(hactl.toString(), "--config", config.toString(), "backup", "database",
                        "--method", "physical", "--from", "n1", "-d", backups.toString(), "--reason", "bench"));
                if (!data.lastOutput().contains("physical")) {
                    throw new IllegalStateException("hactl's backup was not physical: " + data.lastOutput());
                }
                if (i == 0) {
                    out.accept("hactl's way: " + way(data.lastOutput()));
                }
                if (i == runs - 1) {
                    steps(data.lastOutput()).forEach(l -> out.accept("  hactl's " + l));
                }
                Run r = new Run(pipe, h.seconds(), h.peakKb(), Files.size(dump), tarBytes(backups));
                done.add(r);
                out.accept(String.format(Locale.ROOT, "run %d  mariadb-dump | zstd %7.1f s   hactl physical backup"
                        + " %7.1f s   hactl/pipe %.2f   files %d MB / %d MB   (hactl peak RSS %d MB)", i + 1, pipe,
                        h.seconds(), h.seconds() / pipe, r.pipeBytes() >> 20, r.hactlBytes() >> 20, h.peakKb() / 1024));
            }
        } finally {
            Files.deleteIfExists(dump);
            removeTree(backups);
            Files.deleteIfExists(opt);
            if (!keep) {
                data.drop("n1", DB);
                data.restoreTmpfs(originalMb);
            } else {
                out.accept(DB + " kept on n1 (--keep): the next run reuses it; the lab's tmpfs stays grown");
            }
        }
        Result result = new Result(g, done);
        if (result.ok()) {
            out.accept(result.figures());
        }
        return result;
    }

    /** hactl's database steps with their times (where the time goes), as it printed them. */
    static List<String> steps(String output) {
        return output.lines().map(String::strip).filter(l -> l.startsWith("database: ") && !l.startsWith("database: from")
                && !l.startsWith("database: method")).toList();
    }

    /** Where hactl said it prepared and compressed the copy (its plan's line), or "?" when it did not say. */
    static String way(String output) {
        return output.lines().filter(l -> l.contains("prepared and compressed on")).findFirst()
                .map(l -> l.substring(l.indexOf("prepared and compressed on")).strip()).orElse("?");
    }

    /** The size of the backup's tar (database-*.tar.zst) under {@code dir}. */
    static long tarBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> tars = s.filter(p -> p.getFileName().toString().matches("database-.*\\.tar\\.zst")).toList();
            if (tars.size() != 1) {
                throw new IllegalStateException("expected one database-*.tar.zst under " + dir + ", found " + tars);
            }
            return Files.size(tars.get(0));
        }
    }

    private static void removeTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
