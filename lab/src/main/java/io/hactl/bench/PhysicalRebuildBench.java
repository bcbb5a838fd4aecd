package io.hactl.bench;

import static io.hactl.bench.BenchData.DB;
import static io.hactl.bench.BenchData.N1;
import static io.hactl.bench.BenchData.N2;

import io.hactl.bench.BenchData.Generated;
import io.hactl.bench.BenchData.Timed;
import io.hactl.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/physical-rebuild.sh (issue 18's figures): a rebuild of n2 from n1, four ways in the same run, on a
 * generated database of {@code --size-mb} (BenchData, on n1, binary log off):
 * <ol>
 *   <li><b>logical</b>, the reference: {@code mariadb-dump | mariadb} of the user databases (the lab's sample and
 *       the generated one) into n2, its replication stopped and both databases dropped first; it does NOT set up
 *       replication, which the other two include;
 *   <li><b>floor</b>, by hand through ssh as the runbook would type it: {@code mariadb-backup --backup
 *       --stream=mbstream} on n1 (the command hactl runs) piped through this machine into {@code mbstream -x} on
 *       n2, {@code --prepare}, the server stopped, the data directory swapped, started, replication from the
 *       copy's GTID, catch-up, the old directory removed;
 *   <li><b>hactl via</b>: {@code hactl db-replica-init --node n2 --method physical} with {@code
 *       database.copy.direct: off}: the same copy through hactl inside its two SSH sessions (as the floor), with its
 *       checks, progress, replication, catch-up and db-sync-check;
 *   <li><b>hactl direct</b>: the same with {@code direct: auto} (the default): n1 streams straight to n2 (socat),
 *       both ends started by hactl. hactl's peak RSS (VmHWM of its JVM, sampled from /proc) says whether the bytes
 *       stream or are held (direct: they do not pass it at all).
 * </ol>
 * Prints each run, the medians and the ratios against the goals (hactl direct ≤ 0.25× logical, ≤ 1.2×
 * floor; direct against via),
 * then compares the generated database's checksums on both nodes. Ends with n2 hactl's replica of n1, the
 * generated database dropped on both (kept on n1 with {@code --keep}), the tmpfs as it was, the lab healed and
 * checked. The short version is {@code PhysicalRebuildShortLabIT}.
 */
public final class PhysicalRebuildBench {

    static final double GOAL_VS_LOGICAL = 0.25;
    static final double GOAL_VS_FLOOR = 1.2;
    /** hactl's copy step: "ok: 18.4 MB in 4.6 s (4.0 MB/s) of mbstream". */
    static final Pattern HACTL_COPY = Pattern.compile("ok: (\\d+(?:\\.\\d+)? [KMGT]?B) in \\S+ s \\([^)]*\\) of mbstream");
    /** The floor's prepare step prints the copy's GTID (the binlog info file's third field) as {@code GTID=...}. */
    static final Pattern FLOOR_GTID = Pattern.compile("(?m)^GTID=(\\S*)$");
    static final String USAGE = "usage: bench/physical-rebuild.sh [--size-mb N (default 1024)] [--runs N (default 1)]"
            + " [--keep (the generated database stays on n1 for the next run)]";

    /** The command line. */
    record Args(long sizeMb, int runs, boolean keep) {
        /** Parses {@code --size-mb N --runs N --keep}; a bad one is named with the usage. */
        /** As {@link #parse(List)}, for a bench whose runs default to {@code runs} and whose usage is {@code usage}. */
        static Args parse(List<String> args, int runs, String usage) {
            try {
                Args a = parse(args);
                return args.contains("--runs") ? a : new Args(a.sizeMb(), runs, a.keep());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace(USAGE, usage), e);
            }
        }

        static Args parse(List<String> args) {
            long size = 1024;
            int runs = 1;
            boolean keep = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--keep" -> keep = true;
                    case "--size-mb", "--runs" -> {
                        if (i + 1 >= args.size()) {
                            throw new IllegalArgumentException(a + " needs a number; " + USAGE);
                        }
                        long n;
                        try {
                            n = Long.parseLong(args.get(++i));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(a + " " + args.get(i) + ": not a number; " + USAGE);
                        }
                        if (n < 1 || a.equals("--runs") && n > 100) {
                            throw new IllegalArgumentException(a + " " + n + ": out of range (1.." + (a.equals("--runs")
                                    ? "100" : "any") + "); " + USAGE);
                        }
                        if (a.equals("--runs")) {
                            runs = (int) n;
                        } else {
                            size = n;
                        }
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a + "; " + USAGE);
                }
            }
            return new Args(size, runs, keep);
        }
    }

    /** One run's seconds (hactl direct, and through hactl: {@code via}), hactl's peak RSS (kB), its printed steps. */
    record Run(double logical, double floor, double floorCopy, double hactl, long hactlPeakKb, double via,
               long viaPeakKb, String steps) {
    }

    /** What the bench measured and found. */
    record Result(Generated database, List<Run> runs, String moved, boolean sameChecksums, boolean labHealthy) {

        boolean ok() {
            return !runs.isEmpty() && sameChecksums && labHealthy;
        }

        double median(java.util.function.ToDoubleFunction<Run> f) {
            return BenchData.median(runs.stream().map(f::applyAsDouble).toList());
        }

        /** The figures, as printed at the end: medians, ratios against the goals, peak RSS. */
        String figures() {
            double l = median(Run::logical);
            double f = median(Run::floor);
            double h = median(Run::hactl);
            double v = median(Run::via);
            long rss = runs.stream().mapToLong(Run::hactlPeakKb).max().orElse(0) / 1024;
            long viaRss = runs.stream().mapToLong(Run::viaPeakKb).max().orElse(0) / 1024;
            return String.format(Locale.ROOT, "median of %d run(s), %s: logical (mariadb-dump | mariadb) %.1f s, floor"
                    + " (mariadb-backup | mbstream by hand, through this machine) %.1f s (its copy %.1f s), hactl"
                    + " db-replica-init --method physical direct %.1f s, through hactl (direct: off) %.1f s;"
                    + " hactl/logical %.2f (goal <= %.2f), hactl/floor %.2f (goal <= %.2f), direct/through hactl %.2f;"
                    + " hactl's copy moved %s; hactl peak RSS %d MB direct, %d MB through hactl", runs.size(),
                    database.describe(), l, f, median(Run::floorCopy), h, v, h / l, GOAL_VS_LOGICAL, h / f,
                    GOAL_VS_FLOOR, h / v, moved, rss, viaRss);
        }
    }

    private final BenchData data;
    private final Path hactl;
    private final Consumer<String> out;
    private String conn;

    PhysicalRebuildBench(Path home, Path work, Consumer<String> out) {
        this.data = new BenchData(work);
        this.hactl = home.resolve("bin/hactl");
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        BenchData.sizedMain(args, Args::parse, (home, work, a) ->
                new PhysicalRebuildBench(home, work, System.out::println).run(a.sizeMb(), a.runs(), a.keep()).ok());
    }

    Result run(long sizeMb, int runs, boolean keep) throws Exception {
        data.requireLabUp();
        long target = sizeMb << 20;
        long originalMb = data.tmpfsMb();
        Path opt = data.clientOptions();
        conn = "--defaults-extra-file=" + opt + " --host=";
        Path config = config();
        Path viaConfig = data.work.resolve("hactl-physical-via.yml");
        BenchConfig.secretFile(viaConfig, BenchConfig.withDirectOff(Files.readString(config)));
        String sample = ConfigLoader.load(config).database().name();
        out.accept("note: 'logical' is mariadb-dump | mariadb of " + sample + " and " + DB + " alone, without"
                + " replication set up; 'floor' and hactl copy the whole server (mariadb-backup) and include replication"
                + " from the copy's GTID and the catch-up (hactl also its checks and a db-sync-check)");
        List<Run> done = new ArrayList<>();
        Generated g = null;
        String moved = "?";
        boolean same = false;
        try {
            // n1's database, n2's copy of it (the logical run's), hactl's new copy beside it while both exist (its
            // files ~1.2x the data), the free margin hactl's check asks for on top (database.server.free_margin_mb,
            // 1 GB by default), and room to spare
            data.ensureTmpfsRoom(4 * target + (1536L << 20));
            g = data.generated(target);
            out.accept(g.describe());
            for (int i = 0; i < runs; i++) {
                double logical = logical(sample);
                double[] floor = floor();
                Timed v = data.timed(List.of(hactl.toString(), "--config", viaConfig.toString(), "db-replica-init",
                        "--node", "n2", "--method", "physical"));
                String viaOutput = data.lastOutput();
                requireRoute(viaOutput, "the stream: through this machine");
                Timed h = data.timed(List.of(hactl.toString(), "--config", config.toString(), "db-replica-init", "--node",
                        "n2", "--method", "physical"));
                String output = data.lastOutput();
                requireRoute(output, "the stream: direct");
                Matcher m = HACTL_COPY.matcher(output);
                moved = m.find() ? m.group(1) : "?";
                Run r = new Run(logical, floor[0], floor[1], h.seconds(), h.peakKb(), v.seconds(), v.peakKb(),
                        ReplicaInitBench.steps(output, h.seconds()));
                done.add(r);
                out.accept(String.format(Locale.ROOT, "run %d  logical %7.1f s   floor %7.1f s (copy %.1f s)   hactl"
                        + " direct %7.1f s   through hactl %7.1f s   hactl/logical %.2f   hactl/floor %.2f   direct/via"
                        + " %.2f   (hactl peak RSS %d MB direct, %d MB through hactl)", i + 1, logical, floor[0],
                        floor[1], h.seconds(), v.seconds(), h.seconds() / logical, h.seconds() / floor[0],
                        h.seconds() / v.seconds(), h.peakKb() / 1024, v.peakKb() / 1024));
                out.accept("hactl's steps (direct): " + r.steps());
                out.accept("hactl's steps (through hactl): " + ReplicaInitBench.steps(viaOutput, v.seconds()));
            }
            String origin = data.checksums("n1", DB);
            same = origin.equals(data.checksums("n2", DB));
            out.accept("checksums of every table of " + DB + ", n1 vs n2 after hactl's rebuild: "
                    + (same ? "identical" : "DIFFER"));
        } finally {
            putBack(keep, originalMb);
            Files.deleteIfExists(opt);
        }
        Result result = new Result(g, done, moved, same, verify(config, sample));
        if (!done.isEmpty()) {
            out.accept(result.figures());
        }
        return result;
    }

    /** A run of hactl that did not take the route it was set up for is no figure of that route. */
    private static void requireRoute(String output, String route) {
        if (!output.contains(route)) {
            throw new IllegalStateException("hactl did not take the route '" + route + "...': " + output);
        }
    }

    /** The reference: n2 not replicating, both user databases dropped there, then dumped from n1 into it; seconds. */
    private double logical(String sample) throws Exception {
        if (!data.lab.replicaStatus("n2").isEmpty()) {
            data.lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL");
        }
        data.drop("n2", sample);
        data.drop("n2", DB);
        return data.timed(List.of("bash", "-c", "set -o pipefail; mariadb-dump " + conn + N1 + " "
                + ReplicaInitBench.DUMP + " --databases " + sample + " " + DB + " | mariadb " + conn + N2
                + " --init-command='SET SESSION sql_log_bin=0'")).seconds();
    }

    /**
     * The floor, typed by hand: the copy (n1 -> this machine -> n2), then prepare, stop, swap, start and wait,
     * then replication from the copy's GTID and the catch-up, then the old directory removed. {total, copy}
     * seconds. A failure puts n2's old data directory back before it is thrown.
     */
    private double[] floor() throws Exception {
        String dir = data.lab.dir().toString();
        String d = dir + "/n2/mysql/data";
        String fresh = d + ".bench-new";
        String old = d + ".bench-old";
        String ctl = dir + "/bin/mariadb-ctl";
        String n1 = data.ssh(N1);
        String n2 = data.ssh(N2);
        boolean ok = false;
        try {
            double copy = data.timed(List.of("bash", "-c", "set -euo pipefail; " + n2 + " 'rm -rf -- " + fresh
                    + " && mkdir -m 0700 -- " + fresh + "'; " + n1 + " 'd=$(mktemp -d) || exit 1; mariadb-backup"
                    + " --defaults-file=" + dir + "/n1/mysql/my.cnf --backup --stream=mbstream --parallel=2"
                    + " --target-dir=\"$d\"; rc=$?; rm -rf -- \"$d\"; exit $rc' | " + n2 + " 'mbstream -x -C " + fresh
                    + "'")).seconds();
            double swap = data.timed(List.of("bash", "-c", "set -euo pipefail; " + n2 + " 'set -e; mariadb-backup"
                    + " --prepare --target-dir=" + fresh + " 2>/tmp/bench-prepare.log || { tail -n 5 /tmp/bench-prepare.log;"
                    + " exit 1; }; awk \"{print \\\"GTID=\\\" \\$3}\" " + fresh + "/xtrabackup_binlog_info; " + ctl
                    + " stop n2; mv -- " + d + " " + old + "; mv -- " + fresh + " " + d + "; chown -R --reference=" + old
                    + " -- " + d + "; chmod --reference=" + old + " -- " + d + "; " + ctl + " start n2; i=0; until"
                    + " mariadb-admin --defaults-file=" + dir + "/n2/mysql/my.cnf ping >/dev/null 2>&1; do i=$((i+1));"
                    + " if [ $i -ge 3000 ]; then echo \"n2 does not answer on the copy\"; exit 1; fi; sleep 0.1; done'"))
                    .seconds();
            Matcher m = FLOOR_GTID.matcher(data.lastOutput());
            if (!m.find()) {
                throw new IllegalStateException("the floor's prepare printed no GTID=...: " + data.lastOutput());
            }
            if (!data.lab.replicaStatus("n2").isEmpty()) {
                data.lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL");
            }
            double repl = data.replicateN2ByHand(m.group(1), conn);
            double remove = data.timed(List.of("bash", "-c", n2 + " 'rm -rf -- " + old + "'")).seconds();
            ok = true;
            return new double[] {copy + swap + repl + remove, copy};
        } finally {
            if (!ok) {
                data.run(List.of("bash", "-c", n2 + " 'if [ -d " + old + " ]; then " + ctl + " stop n2; rm -rf -- " + d
                        + "; mv -- " + old + " " + d + "; " + ctl + " start n2; fi; rm -rf -- " + fresh + "'"));
                out.accept("the floor failed: n2's old data directory put back (if it had been swapped), the copy removed");
            }
        }
    }

    /** The lab config with database.server (the physical rebuild's start/stop): work/hactl-physical.yml, 0600. */
    private Path config() throws Exception {
        Path out = data.work.resolve("hactl-physical.yml");
        BenchConfig.secretFile(out, BenchConfig.withDatabaseServer(Files.readString(data.lab.config()), data.lab.dir()));
        return out;
    }

    /** The generated database dropped (n2; n1 too unless kept), the tmpfs as it was (unless kept), the lab healed. */
    private void putBack(boolean keep, long originalMb) throws Exception {
        data.drop("n2", DB);
        if (!keep) {
            data.drop("n1", DB);
            data.restoreTmpfs(originalMb);
        } else {
            out.accept(DB + " kept on n1 (--keep): the next run reuses it; the lab's tmpfs stays grown");
        }
        List<String> healed = data.lab.heal();
        out.accept("lab heal: " + (healed.isEmpty() ? "nothing to do" : String.join("; ", healed)));
    }

    /** The sample database the same on both nodes, hactl check 0, n2 replicating from n1. */
    private boolean verify(Path config, String sample) throws Exception {
        boolean same = data.checksums("n1", sample).equals(data.checksums("n2", sample));
        Timed check = data.run(List.of(hactl.toString(), "--config", config.toString(), "check"));
        Map<String, String> st = data.lab.replicaStatus("n2");
        boolean replicating = N1.equals(st.get("Master_Host")) && "Yes".equals(st.get("Slave_IO_Running"))
                && "Yes".equals(st.get("Slave_SQL_Running"));
        out.accept("after the bench: checksums of " + sample + " n1 vs n2 " + (same ? "identical" : "DIFFER")
                + "; hactl check exit " + check.exit() + "; n2 replicating from n1: " + (replicating ? "yes" : "NO"));
        if (check.exit() != 0) {
            out.accept(data.lastOutput());
        }
        return same && check.exit() == 0 && replicating;
    }
}
