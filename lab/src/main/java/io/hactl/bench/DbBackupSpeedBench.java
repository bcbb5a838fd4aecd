package io.hactl.bench;

import static io.hactl.bench.BenchData.DB;
import static io.hactl.bench.BenchData.N1;

import io.hactl.bench.BenchData.Generated;
import io.hactl.bench.BenchData.Timed;
import io.hactl.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/db-backup-speed.sh (issue 18's figure): the logical {@code hactl db-backup} against the shell pipe with the
 * same compressor, in the same run: {@code mariadb-dump | zstd -3} vs {@code db-backup -f X.sql.zst}, and
 * {@code mariadb-dump | gzip -6} vs {@code db-backup -f X.sql.gz} (the dump options are hactl's own), on the lab's
 * sample database (the short size: what a backup costs besides its bytes) and on a generated database of
 * {@code --size-mb} (BenchData, on n1). Also {@code db-backup} to .zst with the launcher's old JIT flags (C1 alone,
 * {@code HACTL_JAVA_OPTS}): what the launcher's fix is worth. For each hactl run, its own dump step's time is
 * read from its output: the rest is its fixed cost (JVM start, the server's facts and size asked first, the
 * fsync and rename). Prints each run, medians and ratios (goal: hactl ≤ 1.05× the pipe with its compressor).
 */
public final class DbBackupSpeedBench {

    static final double GOAL = 1.05;
    /** The launcher's JIT flags before issue 18 (every command with C1 alone). */
    static final String OLD_JAVA_OPTS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    /** db-backup's dump step: "  dump hactl_bench: 1.1 GB in 25.0 s (44 MB/s) of SQL, ...": its seconds. */
    static final Pattern HACTL_DUMP = Pattern.compile("(?m)^  dump \\S+: \\S+ [KMGT]?B in (\\d+(?:\\.\\d+)?) s \\(");
    static final String USAGE = "usage: bench/db-backup-speed.sh [--size-mb N (default 1024)] [--runs N (default 3)]"
            + " [--keep (the generated database stays on n1 for the next run)] [--zstd-only (the pipe and db-backup to"
            + " .zst alone: three runs at 1 GB fit a lab turn)]";
    /** The ways, in the order of each run: the pipe, then hactl, with each compressor. */
    static final List<String> WAYS = List.of("pipe zstd", "hactl zstd", "hactl zstd (C1 alone)", "pipe gzip", "hactl gzip");

    /** The command line: the same as bench/physical-rebuild.sh's, three runs by default. */
    static PhysicalRebuildBench.Args parse(List<String> args) {
        return PhysicalRebuildBench.Args.parse(args.stream().filter(a -> !a.equals(ZSTD_ONLY)).toList(), 3, USAGE);
    }

    static final String ZSTD_ONLY = "--zstd-only";

    /** The ways a run times: all of {@link #WAYS}, or with --zstd-only the pipe and db-backup to .zst. */
    static List<String> ways(List<String> args) {
        return args.contains(ZSTD_ONLY) ? WAYS.subList(0, 2) : WAYS;
    }

    /** One database's runs: seconds per way, hactl's fixed cost per way, file sizes. */
    record Size(String label, long sqlBytes, Map<String, List<Double>> seconds, Map<String, List<Double>> fixed,
                Map<String, Long> fileBytes, long hactlPeakKb) {

        double median(String way) {
            return BenchData.median(seconds.get(way));
        }

        /** Medians, hactl's over the pipe's with the same compressor, the fixed cost. */
        String figures() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s (%d MB of SQL), median of %d run(s):",
                    label, sqlBytes >> 20, seconds.get(WAYS.get(0)).size()));
            for (String way : seconds.keySet()) {
                b.append(String.format(Locale.ROOT, " %s %.2f s%s;", way, median(way), fixed.containsKey(way)
                        ? String.format(Locale.ROOT, " (of which not the dump %.2f s)", BenchData.median(fixed.get(way)))
                        : ""));
            }
            if (!seconds.containsKey("pipe gzip")) {
                b.append(String.format(Locale.ROOT, " ratios: zstd %.2f (goal <= %.2f); files: pipe zstd %d MB, hactl"
                        + " zstd %d MB; hactl peak RSS %d MB", median("hactl zstd") / median("pipe zstd"), GOAL,
                        fileBytes.get("pipe zstd") >> 20, fileBytes.get("hactl zstd") >> 20, hactlPeakKb / 1024));
                return b.toString();
            }
            b.append(String.format(Locale.ROOT, " ratios: zstd %.2f (C1 alone %.2f), gzip %.2f (goal <= %.2f);"
                    + " files: pipe zstd %d MB, hactl zstd %d MB, pipe gzip %d MB, hactl gzip %d MB; hactl peak RSS %d MB",
                    median("hactl zstd") / median("pipe zstd"), median("hactl zstd (C1 alone)") / median("pipe zstd"),
                    median("hactl gzip") / median("pipe gzip"), GOAL, fileBytes.get("pipe zstd") >> 20,
                    fileBytes.get("hactl zstd") >> 20, fileBytes.get("pipe gzip") >> 20, fileBytes.get("hactl gzip") >> 20,
                    hactlPeakKb / 1024));
            return b.toString();
        }
    }

    /** Both databases' figures. */
    record Result(Generated database, List<Size> sizes) {
        boolean ok() {
            return sizes.size() == 2;
        }
    }

    private final BenchData data;
    private final Path hactl;
    private final Consumer<String> out;
    private final List<String> ways;
    private String conn;

    DbBackupSpeedBench(Path home, Path work, Consumer<String> out) {
        this(home, work, out, WAYS);
    }

    DbBackupSpeedBench(Path home, Path work, Consumer<String> out, List<String> ways) {
        this.data = new BenchData(work);
        this.hactl = home.resolve("bin/hactl");
        this.out = out;
        this.ways = ways;
    }

    public static void main(String[] args) throws Exception {
        List<String> ways = ways(List.of(args));
        BenchData.sizedMain(args, DbBackupSpeedBench::parse, (home, work, a) ->
                new DbBackupSpeedBench(home, work, System.out::println, ways).run(a.sizeMb(), a.runs(), a.keep()).ok());
    }

    Result run(long sizeMb, int runs, boolean keep) throws Exception {
        data.requireLabUp();
        // not timed: the launcher's first run after a build writes its class archive (~5 s), which no backup pays after
        data.timed(List.of(hactl.toString(), "--version"));
        long target = sizeMb << 20;
        long originalMb = data.tmpfsMb();
        Path opt = data.clientOptions();
        conn = "--defaults-extra-file=" + opt + " --host=";
        String sample = ConfigLoader.load(data.lab.config()).database().name();
        List<Size> sizes = new ArrayList<>();
        Generated g = null;
        try {
            sizes.add(size("the lab's sample database " + sample, sample, runs));
            out.accept(sizes.get(0).figures());
            data.ensureTmpfsRoom(target + (256L << 20));
            g = data.generated(target);
            out.accept(g.describe());
            sizes.add(size("the generated database " + DB, DB, runs));
            out.accept(sizes.get(1).figures());
        } finally {
            for (String way : ways) {
                Files.deleteIfExists(file(way));
            }
            Files.deleteIfExists(opt);
            if (!keep) {
                data.drop("n1", DB);
                data.restoreTmpfs(originalMb);
            }
        }
        return new Result(g, sizes);
    }

    private Size size(String label, String db, int runs) throws Exception {
        out.accept("== " + label + ": " + runs + " run(s) ==");
        Map<String, List<Double>> seconds = new LinkedHashMap<>();
        Map<String, List<Double>> fixed = new LinkedHashMap<>();
        Map<String, Long> bytes = new LinkedHashMap<>();
        long hwm = 0;
        for (int i = 0; i < runs; i++) {
            StringBuilder line = new StringBuilder("run " + (i + 1) + " ");
            for (String way : ways) {
                Path f = file(way);
                Files.deleteIfExists(f);
                Timed t;
                if (way.startsWith("pipe")) {
                    t = data.timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " "
                            + String.join(" ", BackupBench.DUMP_OPTIONS) + " -- " + db + " | "
                            + (way.endsWith("zstd") ? "zstd -3 -q" : "gzip -6") + " > " + f));
                } else {
                    Map<String, String> env = way.endsWith("(C1 alone)") ? Map.of("HACTL_JAVA_OPTS", OLD_JAVA_OPTS)
                            : Map.of();
                    t = data.timed(List.of(hactl.toString(), "--config", data.lab.config().toString(), "db-backup", "-f",
                            f.toString(), "-h", N1, "-u", "hactl", "--password-file", data.password.toString(), "-D", db,
                            "--reason", "bench"), env);
                    Matcher m = HACTL_DUMP.matcher(data.lastOutput());
                    if (m.find()) {
                        fixed.computeIfAbsent(way, k -> new ArrayList<>()).add(t.seconds() - Double.parseDouble(m.group(1)));
                    }
                    hwm = Math.max(hwm, t.peakKb());
                }
                seconds.computeIfAbsent(way, k -> new ArrayList<>()).add(t.seconds());
                bytes.put(way, Files.size(f));
                line.append(String.format(Locale.ROOT, "  %s %.2f s", way, t.seconds()));
            }
            out.accept(line.toString());
        }
        long sql = data.bytesOf("zstd -dc " + file("pipe zstd"));
        return new Size(label, sql, seconds, fixed, bytes, hwm);
    }

    private Path file(String way) {
        return data.work.resolve("speed-" + way.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + (way.contains("zstd") ? ".sql.zst"
                : ".sql.gz"));
    }
}
