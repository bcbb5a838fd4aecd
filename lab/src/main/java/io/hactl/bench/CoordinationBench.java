package io.hactl.bench;

import static io.hactl.bench.BenchWait.medianOf;
import static io.hactl.bench.BenchWait.summary;

import io.hactl.lab.Lab;
import io.hactl.lab.LabControllers;
import io.hactl.lab.LabControllers.View;
import io.hactl.lab.LabStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/coordination.sh: issue 16's figures on the lab's three coordinated controllers ({@link LabControllers}).
 * <ul>
 * <li><b>leader killed</b>, per run: the three at rest (one leader, two followers, each past a probe cycle),
 * kill -9 of the leader's controller; measured from just before the kill to the end of the new leader's
 * first probe cycle as leader (its status: {@code lastCycleAt} after the {@code since} of its leadership),
 * and to its leadership. The killed one is started again for the next run. Goal: median ≤ 5 s.
 * <li><b>master's node lost with its controller</b>, per run: the lab healed, the three started with n1
 * leading (n1 first: the latch's first participant leads), then {@code ip link set eth0 down} inside
 * hactl-n1 (its MariaDB, controller and ZooKeeper member gone at once); measured to the first failover
 * proposal (FAILOVER or NODE_FAILOVER) in another controller's status, that controller leading. Not
 * acknowledged: the run ends with the controllers removed and the lab healed. Goal: ≤ 8 s.
 * <li><b>idle footprint</b>: with the three at rest, each controller's and each ZooKeeper member's CPU
 * ({@code /proc/PID/stat} utime + stime over the interval) and VmRSS at its end.
 * </ul>
 * Polls every 50 ms; the figures come from the controllers' own timestamps where they have them.
 *
 * <pre>java -cp hactl.jar:lib/*:hactl-lab.jar io.hactl.bench.CoordinationBench [--runs N] [--idle SECONDS]</pre>
 */
public final class CoordinationBench {

    static final Duration START = Duration.ofMinutes(2);
    static final Duration WAIT = Duration.ofSeconds(60);
    static final double LEADER_GOAL_S = 5;
    static final double NODE_GOAL_S = 8;

    /** One process's footprint over the interval. */
    record Footprint(String what, double cpuPercent, double rssMb) {
        String line() {
            return String.format(Locale.ROOT, "%-34s CPU %5.2f %%  RSS %4.0f MB", what, cpuPercent, rssMb);
        }
    }

    private CoordinationBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        int nodeRuns = -1;
        int idle = 60;
        boolean writers = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--node-runs" -> nodeRuns = Integer.parseInt(args[++i]);
                case "--idle" -> idle = Integer.parseInt(args[++i]);
                case "--no-writers" -> writers = false;
                default -> {
                    System.err.println("usage: CoordinationBench [--runs N (leader killed; default 5)] [--node-runs N"
                            + " (master's node lost; default: --runs)] [--idle SECONDS (default 60; 0: none)] [--no-writers (the"
                            + " master's node lost without issue 13 row 6's writers, samplers and ack)]");
                    System.exit(3);
                }
            }
        }
        int nodes = nodeRuns < 0 ? runs : nodeRuns;
        int leaderRuns = runs;
        int idleSeconds = idle;
        boolean withWriters = writers;
        int rc = BenchLock.holding(() -> run(leaderRuns, nodes, idleSeconds, withWriters));
        System.exit(rc);
    }

    static int run(int runs, int nodeRuns, int idleSeconds, boolean withWriters) throws Exception {
        Lab lab = new Lab();
        LabControllers c = lab.controllers();
        List<Long> toCycle = new ArrayList<>();
        List<Long> toLead = new ArrayList<>();
        List<Long> toProposal = new ArrayList<>();
        List<Footprint> idle = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> rowSixLines = new ArrayList<>();
        System.out.println("load before: " + load());
        try {
            c.removeAll();
            System.out.println("heal: " + summary(lab.heal()));
            c.startAll();
            awaitAtRest(c);
            if (idleSeconds > 0) {
                System.out.printf("idle footprint: the three controllers at rest and the three ZooKeeper members, %d s ...%n",
                        idleSeconds);
                idle = footprint(lab, Duration.ofSeconds(idleSeconds));
                idle.forEach(f -> System.out.println("  " + f.line()));
            }
            for (int i = 1; i <= runs; i++) {
                try {
                    View old = awaitAtRest(c);
                    Instant killed = Instant.now();
                    c.kill9(old.member());
                    View next = c.awaitLeader(WAIT, v -> !v.member().equals(old.member()) && v.probingAsLeader());
                    long lead = Duration.between(killed, next.since()).toMillis();
                    long cycle = Duration.between(killed, next.lastCycleAt()).toMillis();
                    toLead.add(lead);
                    toCycle.add(cycle);
                    System.out.printf(Locale.ROOT, "leader killed run %d: %s killed (epoch %d) -> %s leads (epoch %d)"
                                    + " %d ms -> its first cycle %d ms%n", i, old.member(), old.epoch(), next.member(),
                            next.epoch(), lead, cycle);
                    c.start(old.member());
                } catch (RuntimeException e) {
                    failures.add("leader killed run " + i + ": " + e.getMessage());
                    System.out.println("leader killed run " + i + " FAILED: " + e.getMessage());
                    c.startAll();
                }
            }
            RowSix rowSix = null;
            for (int i = 1; i <= nodeRuns; i++) {
                try {
                    c.removeAll();
                    lab.heal();
                    c.startAll("n1");
                    awaitAtRest(c);
                    rowSix = withWriters ? RowSix.start(lab, "coord-" + i + "-" + System.currentTimeMillis()) : null;
                    long t0 = System.nanoTime();
                    lab.nsExec("n1", "ip", "link", "set", "eth0", "down");
                    View leader = c.awaitLeader(WAIT, v -> !v.member().equals("n1")
                            && (!v.proposals("NODE_FAILOVER").isEmpty() || !v.proposals("FAILOVER").isEmpty()));
                    long took = (System.nanoTime() - t0) / 1_000_000;
                    toProposal.add(took);
                    String kind = leader.proposals("NODE_FAILOVER").isEmpty() ? "FAILOVER" : "NODE_FAILOVER";
                    System.out.printf(Locale.ROOT, "master's node lost run %d: n1 (leader) cut off -> %s proposal from %s"
                            + " (epoch %d) %d ms%n", i, kind, leader.member(), leader.epoch(), took);
                    if (rowSix != null) {
                        String line = rowSix.finish(leader, kind, t0);
                        System.out.println("  row 6: " + line);
                        rowSixLines.add(line);
                    }
                } catch (RuntimeException e) {
                    failures.add("master's node lost run " + i + ": " + e.getMessage());
                    System.out.println("master's node lost run " + i + " FAILED: " + e.getMessage());
                } finally {
                    if (rowSix != null) {
                        rowSix.close();
                        if (!rowSix.ok()) {
                            failures.add("master's node lost run " + i + ": row 6 " + rowSix.verdict());
                        }
                        rowSix = null;
                    }
                }
            }
        } finally {
            c.removeAll();
            System.out.println("heal: " + summary(lab.heal()));
        }
        System.out.println("load after: " + load());
        System.out.println();
        System.out.println("figures (issue 16):");
        line("leader's controller killed -> new leader", toLead, -1);
        line("leader's controller killed -> new leader's first cycle", toCycle, LEADER_GOAL_S);
        line("master's node lost with its controller -> failover proposal from the new leader", toProposal, NODE_GOAL_S);
        idle.forEach(f -> System.out.println("  idle " + f.line()));
        if (!rowSixLines.isEmpty()) {
            System.out.println("issue 13 row 6 with coordination (writers through the DB VIP, acknowledged through a"
                    + " follower, n1's link back after the failover):");
            rowSixLines.forEach(l -> System.out.println("  " + l));
        }
        failures.forEach(f -> System.out.println("FAILED " + f));
        return failures.isEmpty() ? 0 : 1;
    }

    private static void line(String what, List<Long> ms, double goalSeconds) {
        if (ms.isEmpty()) {
            System.out.println("  " + what + ": not measured");
            return;
        }
        double median = medianOf(ms) / 1000.0;
        System.out.printf(Locale.ROOT, "  %s: median %.2f s, min %.2f s, max %.2f s of %d%s%n", what, median,
                ms.stream().mapToLong(Long::longValue).min().orElse(0) / 1000.0,
                ms.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0, ms.size(),
                goalSeconds < 0 ? "" : String.format(Locale.ROOT, " (goal <= %.0f s: %s)", goalSeconds,
                        median <= goalSeconds ? "met" : "NOT met"));
    }

    /** One leader probing as leader, two followers that have probed: the three at rest. */
    private static View awaitAtRest(LabControllers c) {
        View leader = c.awaitLeader(START, View::probingAsLeader);
        BenchWait.await("two followers that probe", START, () -> {
            List<View> all = c.views();
            return all.stream().filter(v -> v.follower() && v.cycles() > 0).count() == 2
                    && all.stream().filter(View::leader).count() == 1;
        });
        return leader;
    }

    /** Each controller's and each member's CPU over {@code interval} and RSS at its end. */
    static List<Footprint> footprint(Lab lab, Duration interval) throws IOException, InterruptedException {
        LabControllers c = lab.controllers();
        List<String> names = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        String leader = c.leader().map(View::member).orElse("?");
        for (String m : List.of("n1", "n2", "w")) {
            OptionalLong p = c.pid(m);
            if (p.isPresent()) {
                names.add("controller " + m + (m.equals(leader) ? " (leader)" : " (follower)"));
                pids.add(p.getAsLong());
            }
        }
        LabStatus.Ensemble e = lab.zookeeper();
        for (LabStatus.Member m : e.members()) {
            if (m.pid() != null) {
                names.add("zookeeper " + m.node() + " (" + m.mode().name().toLowerCase(Locale.ROOT) + ")");
                pids.add(m.pid());
            }
        }
        long[] before = new long[pids.size()];
        for (int i = 0; i < pids.size(); i++) {
            before[i] = IdleFootprint.cpuTicks(pids.get(i));
        }
        long w0 = System.nanoTime();
        Thread.sleep(interval.toMillis()); // the measurement interval itself
        long w1 = System.nanoTime();
        long hz = IdleFootprint.clockTicks();
        List<Footprint> out = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            long after = IdleFootprint.cpuTicks(pids.get(i));
            String st = Files.readString(Path.of("/proc/" + pids.get(i) + "/status"));
            Matcher rss = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB").matcher(st);
            out.add(new Footprint(names.get(i), 100.0 * (after - before[i]) / hz / ((w1 - w0) / 1e9),
                    rss.find() ? Long.parseLong(rss.group(1)) / 1024.0 : -1));
        }
        return out;
    }

    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
