package io.hactl.bench;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/switchover.sh: on the lab, a client writes numbered rows through the DB VIP as the
 * application user (paced, one per 2 ms) while {@code bin/hactl db-master-set} switches the
 * master back and forth, each run a separate process as an operator would start it. Per
 * run: the longest time no write succeeded, the command's wall time, and hactl's own read-only
 * window (its step timings from "set read_only=ON" to "add DB VIP"). Then min/median/max,
 * and checks: every acknowledged row on both nodes, both nodes never writable at once.
 *
 * <pre>java -cp hactl.jar:lib/* io.hactl.bench.SwitchoverBench --runs 10 --hactl bin/hactl [--config FILE]</pre>
 */
public final class SwitchoverBench {

    /** From the DB VIP add's output line to the writer's first acknowledged write after it. */
    static final String ACK_AFTER_ADD = "the add's line -> the writer's next ack";

    private SwitchoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 10;
        String hactl = "bin/hactl";
        Path config = Path.of("/var/lib/hactl-lab/hactl.yml");
        boolean withoutServices = false;
        String reference = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--without-services" -> withoutServices = true;
                case "--reference" -> reference = args[++i];
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--hactl" -> hactl = args[++i];
                case "--config" -> config = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: SwitchoverBench [--runs N] [--hactl PATH] [--config FILE] [--without-services]"
                            + " [--reference OTHER_HACTL]");
                    System.exit(3);
                }
            }
        }
        int n = runs;
        var h = hactl;
        var c = config;
        boolean without = withoutServices;
        String ref = reference;
        System.exit(BenchLock.holding(() -> run(n, h, ref, c, without)));
    }

    /** One hactl measured: its runs' figures. */
    private static final class Side {
        final String name;
        final String hactl;
        final List<Long> gaps = new ArrayList<>();
        final List<Long> times = new ArrayList<>();
        final List<Long> windows = new ArrayList<>();
        final java.util.Map<String, List<Long>> phases = new java.util.LinkedHashMap<>();
        final java.util.Map<String, List<Long>> gapPieces = new java.util.LinkedHashMap<>();

        Side(String name, String hactl) {
            this.name = name;
            this.hactl = hactl;
        }
    }

    /**
     * With a reference hactl (the code before a change), which side switch {@code i} runs: A B B A A B
     * B A ..., so each side switches both ways as often, and the two sides alternate in the same run
     * of the bench, under the same load (the figures compare side by side, as ratios).
     */
    static int side(int i) {
        return (i + i / 2) % 2;
    }

    static int run(int runs, String hactl, String reference, Path config, boolean withoutServices) throws Exception {
        Lab lab = new Lab();
        HactlConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
            System.out.println("heal: " + lab.heal());
        } catch (io.hactl.config.ConfigException e) {
            // the lab was built by another checkout whose config this one does not read: rebuild it
            System.out.println("the lab's config is not this checkout's (" + e.problems().size() + " problem(s)): lab up");
            lab.up();
            cfg = ConfigLoader.load(config);
        }
        if (withoutServices) {
            // the database switch alone (MHA's online switch does not touch application services)
            for (String svc : List.of("tomcat", "backend")) {
                lab.serviceCtl("n1", svc, "stop");
            }
            System.out.println("application services stopped on n1 for this bench (heal starts them again)");
        }
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        String writerId = "bench-" + System.currentTimeMillis();
        String vip = cfg.dbVip().address();
        ReadOnlySampler sampler = new ReadOnlySampler(cfg.node("n1").orElseThrow().address(),
                cfg.node("n2").orElseThrow().address(), cfg.database().port(), cfg.database().user(),
                cfg.database().password().reveal());
        NumberedWriter w = new NumberedWriter(vip, cfg.database().port(), "app", lab.appPassword(), writerId);
        List<Side> sides = new ArrayList<>(List.of(new Side(reference == null ? "hactl" : "this hactl", hactl)));
        if (reference != null) {
            sides.add(new Side("reference " + reference, reference));
        }
        int measured = runs * sides.size();
        List<Long> jvmStarts = new ArrayList<>();
        System.out.println("load: " + load());
        System.out.printf(Locale.ROOT, "%d runs of db-master-set, writer %s through %s as app (one insert per 2 ms)%n",
                measured, writerId, vip);
        if (reference != null) {
            System.out.println("alternating (A B B A ...) between A = " + hactl + " and B = " + reference);
        }
        try (ReadOnlySampler s = sampler.start(); NumberedWriter ww = w.start()) {
            await("the writer's first rows", () -> w.count() >= 100);
            int total = measured + (measured % 2);
            for (int i = 0; i < total; i++) {
                String target = i % 2 == 0 ? "n2" : "n1";
                Side side = sides.get(reference == null ? 0 : side(i));
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(side.hactl, "db-master-set", "--node", target, "--config", config.toString(),
                        "--reason", "bench/switchover.sh run " + (i + 1)).redirectErrorStream(true).start();
                List<SwitchProfile.Line> lines = timedLines(p);
                int exit = p.waitFor();
                long t1 = System.nanoTime();
                String out = String.join("\n", lines.stream().map(SwitchProfile.Line::text).toList()) + "\n";
                if (exit != 0) {
                    System.out.println("run " + (i + 1) + " FAILED (exit " + exit + "):\n" + out);
                    return 1;
                }
                int before = w.count();
                await("writes after run " + (i + 1), () -> w.count() >= before + 50);
                if (i >= measured) {
                    System.out.printf("(switched back to n1, not measured)%n");
                    continue;
                }
                long gap = w.longestGap(t0, t1).toMillis();
                long ms = (t1 - t0) / 1_000_000;
                long window = readOnlyWindow(out);
                side.gaps.add(gap);
                side.times.add(ms);
                side.windows.add(window);
                SwitchProfile profile = SwitchProfile.of(t0, lines, t1);
                profile.phasesMillis().forEach((k, v) -> side.phases.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                profile.gapPiecesMillis().forEach((k, v) -> side.gapPieces.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
                long firstAck = w.firstAckAfter(profile.commitNanos());
                long ackAfterAdd = firstAck < 0 ? -1 : (firstAck - profile.commitNanos()) / 1_000_000;
                side.gapPieces.computeIfAbsent(ACK_AFTER_ADD, x -> new ArrayList<>()).add(ackAfterAdd);
                long jvm = reference == null ? jvmStart(hactl) : -1;
                if (jvm >= 0) {
                    jvmStarts.add(jvm);
                }
                System.out.printf(Locale.ROOT, "run %2d  -> %s  write gap %4d ms   command %5d ms   hactl read-only"
                        + " window %4d ms%s%n", i + 1, target, gap, ms, window, reference == null ? "" : "   (" + side.name + ")");
                System.out.printf(Locale.ROOT, "        where the wall went: %s; steps' own %d ms%s%n",
                        profile.phasesMillis(), profile.stepsMillis(), jvm < 0 ? "" : "; (hactl --version alone " + jvm
                        + " ms)");
                System.out.printf(Locale.ROOT, "        the write gap's pieces: %s; %s %d ms%n", profile.gapPiecesMillis(),
                        ACK_AFTER_ADD, ackAfterAdd);
                if (gap > 500) {
                    System.out.println("  the client's errors during that run (from the command's start):");
                    collapse(w.errorsBetween(t0, t1)).forEach(e -> System.out.println("    " + e));
                    System.out.println("  the command's steps:");
                    out.lines().filter(l -> l.matches(" +\\d+\\. .*")).forEach(l -> System.out.println("  " + l));
                }
            }
        }
        for (Side side : sides) {
            System.out.printf(Locale.ROOT, "%n%s, %d runs%nlongest write gap:      %s%ncommand wall time:      %s%n"
                    + "read-only window:       %s%n", side.name, side.times.size(), stats(side.gaps), stats(side.times),
                    stats(side.windows));
            System.out.println("where the command's wall went (from the moments its output lines arrived):");
            side.phases.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-36s %s%n", k, stats(v)));
            System.out.println("the write gap's pieces (hactl's steps from read-only on the old master to the DB VIP on"
                    + " the new one, then the writer):");
            side.gapPieces.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-46s %s%n", k, stats(v)));
        }
        if (!jvmStarts.isEmpty()) {
            System.out.printf(Locale.ROOT, "  %-36s %s%n", "(hactl --version alone: JVM start)", stats(jvmStarts));
        }
        if (sides.size() == 2) {
            Side a = sides.get(0);
            Side b = sides.get(1);
            System.out.printf(Locale.ROOT, "%nthis / reference, medians: command wall %.2f, longest write gap %.2f%n",
                    ratio(a.times, b.times), ratio(a.gaps, b.gaps));
        }
        System.out.println("load: " + load());
        System.out.printf("writer: %d rows acknowledged, %d errors (retried), %d connections%n", w.count(), w.errors(),
                w.connects());
        System.out.printf("read_only sampler: %d samples, both nodes writable at once: %s%n", sampler.samples(),
                sampler.bothWritable().isEmpty() ? "never" : sampler.bothWritable());
        int lost = lostRows(lab, writerId, w.acknowledged());
        System.out.println("acknowledged writes missing on a node: " + lost);
        System.out.println("heal: " + lab.heal());
        return lost == 0 && sampler.bothWritable().isEmpty() ? 0 : 1;
    }

    /** The command's output lines, each with the moment it arrived: its phases ({@link SwitchProfile}). */
    static List<SwitchProfile.Line> timedLines(Process p) throws IOException {
        List<SwitchProfile.Line> lines = new ArrayList<>();
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(new SwitchProfile.Line(System.nanoTime(), line));
            }
        }
        return lines;
    }

    /** The wall of {@code hactl --version}, in ms: the JVM's start and the launcher's, no config, no node. */
    static long jvmStart(String hactl) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(hactl, "--version").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        p.waitFor();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The machine's load average (1, 5, 15 min), as uptime says it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Runs of the same message shown once with a count. */
    static List<String> collapse(List<String> lines) {
        List<String> out = new ArrayList<>();
        String last = null;
        int same = 0;
        for (String l : lines) {
            String msg = l.substring(l.indexOf("ms ") + 3);
            if (msg.equals(last)) {
                same++;
                continue;
            }
            if (same > 0) {
                out.add("          (" + same + " more like it)");
            }
            out.add(l);
            last = msg;
            same = 0;
        }
        if (same > 0) {
            out.add("          (" + same + " more like it)");
        }
        return out;
    }

    /** hactl's own timings of the steps from "set read_only=ON" up to the DB VIP on the new master. */
    static long readOnlyWindow(String out) {
        long sum = 0;
        boolean in = false;
        Matcher m = Pattern.compile("(?m)^ +\\d+\\. \\S+ +(.+?) \\.\\.\\. .*\\((\\d+) ms\\)$").matcher(out);
        while (m.find()) {
            String step = m.group(1);
            if (step.startsWith("set read_only=ON") || step.startsWith("set super_read_only=ON")) {
                in = true;
            }
            if (in) {
                sum += Long.parseLong(m.group(2));
            }
            if (step.startsWith("add DB VIP")) {
                break;
            }
        }
        return sum;
    }

    static double ratio(List<Long> a, List<Long> b) {
        return (double) median(a) / Math.max(1, median(b));
    }

    static long median(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return v.get(v.size() / 2);
    }

    static String stats(List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        return String.format(Locale.ROOT, "min %5d ms   median %5d ms   max %5d ms", v.get(0), v.get(v.size() / 2),
                v.get(v.size() - 1));
    }

    private static int lostRows(Lab lab, String writerId, List<Long> acked) throws IOException {
        await("both nodes at the same GTID position", () -> lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip()
                .equals(lab.sqlAsRoot("n2", "SELECT @@gtid_binlog_pos").strip()));
        int lost = 0;
        for (String node : List.of("n1", "n2")) {
            Set<Long> rows = new HashSet<>();
            Arrays.stream(lab.sqlAsRoot(node, "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writerId + "'")
                    .split("\n")).filter(x -> !x.isBlank()).forEach(x -> rows.add(Long.valueOf(x.strip())));
            for (long n : acked) {
                if (!rows.contains(n)) {
                    lost++;
                }
            }
        }
        return lost;
    }

    /** A bounded poll (10 s): the bench never waits on a fixed sleep for something to happen. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what);
            }
        }
    }
}
