package io.hactl.bench;

import static io.hactl.bench.BenchWait.await;
import static io.hactl.bench.BenchWait.awaitOrNot;
import static io.hactl.bench.BenchWait.awaitValue;
import static io.hactl.bench.BenchWait.deleteTree;
import static io.hactl.bench.BenchWait.freePort;
import static io.hactl.bench.BenchWait.medianOf;
import static io.hactl.bench.BenchWait.millis;
import static io.hactl.bench.BenchWait.ms;
import static io.hactl.bench.BenchWait.summary;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControlLoop;
import io.hactl.control.ControllerEvents;
import io.hactl.lab.Lab;
import io.hactl.log.OperationEntry;
import io.hactl.log.ProposalEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/node-failover.sh: the whole active node lost, as the controller sees it and an operator
 * acknowledges it (issue 14). Per run: heal the lab (n1 DB master and active application
 * server), a {@link ControlLoop} in this JVM over a copy of the lab config with its own state
 * directory (manual mode), a {@link NumberedWriter} through the DB VIP as the app user; at
 * ACTIVE_SYNCED with the application ACTIVE, n1's link down. Measured from just before the link
 * goes down: the pending NODE_FAILOVER proposal (polled every 10 ms); then it is acknowledged at
 * once and measured from just before the ack: HTTP 200 through the app VIP (Tomcat on n2), and
 * the writer's first write acknowledged through the DB VIP (n2). Also per run: the proposals
 * made (one NODE_FAILOVER, no FAILOVER, no MOVE_APP), the risk figure against the acknowledged
 * rows missing on n2, and, after the link comes up, how long until n1 is fenced and its
 * application stopped under the same acknowledgement. The lab is healed at the end, whatever
 * happened.
 *
 * <pre>java -cp hactl.jar:lib/* io.hactl.bench.NodeFailoverBench --runs 5 [--config FILE] [--results DIR]</pre>
 */
public final class NodeFailoverBench {

    /** MHA 0.58 on this kind of lab, ping_interval=1: kill -9 -> new master writable through the VIP (lab-notes.md). */
    static final double MHA_WRITABLE_S = 7.6;
    static final String APP_USER = "app";
    static final int HTTP_PORT = 8080;
    /** "n2 is 0 transactions behind", "n2 may lack 37 transactions": the figure of the risk. */
    static final Pattern FIGURE = Pattern.compile("(?:is|may lack) (\\d+) transactions?");

    /** One run's figures in ms (-1: not reached); lost and figure in rows/transactions (-1: unknown). */
    record Run(int n, long proposed, long ackHttp, long ackWrite, long operation, long fenced, List<String> proposals,
               long lost, long figure, String onReturn, String result) {

        long downHttp() {
            return proposed + ackHttp;
        }

        long downWrite() {
            return proposed + ackWrite;
        }
    }

    private NodeFailoverBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        Path config = Path.of("/var/lib/hactl-lab/hactl.yml");
        Path results = Path.of("bench/results");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--config" -> config = Path.of(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: NodeFailoverBench [--runs N] [--config FILE] [--results DIR]");
                    System.exit(3);
                }
            }
        }
        int n = runs;
        Path cfg = config;
        Path out = results;
        // the lab's test lock, as LabExtension takes it: a lab test run of another checkout waits
        BenchData.exitUnderLock(work -> run(n, cfg, out));
    }

    static int run(int runs, Path labConfig, Path results) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("io.hactl"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Lab lab = new Lab();
        Path tmp = Files.createTempDirectory("hactl-node-failover-bench-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.createDirectories(results);
        List<Run> done = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            System.out.println("heal: " + summary(lab.heal()));
            HactlConfig base = ConfigLoader.load(labConfig);
            lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
            System.out.printf(Locale.ROOT, "%d runs: n1's link down (the whole node: DB master and active application"
                    + " server) under a writer through %s as %s (one insert per 2 ms, a retry %d ms after an error);"
                    + " the NODE_FAILOVER acknowledged as soon as it is proposed; controller output in %s%n", runs,
                    base.dbVip().address(), APP_USER, ControllerBench.RETRY_PAUSE.toMillis(), results);
            for (int i = 1; i <= runs; i++) {
                try {
                    Run r = once(i, lab, labConfig, tmp, results);
                    done.add(r);
                    System.out.printf(Locale.ROOT, "run %2d  down->proposed %6s  ack->HTTP 200 %6s  ack->write %6s"
                                    + "  (down->HTTP 200 %6s, down->write %6s)  operation %6s  up->fenced %6s"
                                    + "  proposals [%s]  lost %d of figure %s  n1 back: %s  %s%n", i, ms(r.proposed()), ms(r.ackHttp()),
                            ms(r.ackWrite()), ms(r.downHttp()), ms(r.downWrite()), ms(r.operation()), ms(r.fenced()),
                            String.join(", ", r.proposals()), r.lost(), r.figure() < 0 ? "unknown" : String.valueOf(r.figure()), r.onReturn(), r.result());
                } catch (Exception | AssertionError e) {
                    failures.add("run " + i + ": " + e.getMessage());
                    System.out.println("run " + i + " FAILED: " + e.getMessage() + " (controller output: "
                            + results.resolve("run-" + i + ".log") + ")");
                }
            }
        } finally {
            lab.linkUp("n1");
            System.out.println("heal: " + summary(lab.heal()));
            deleteTree(tmp);
        }
        report(done, runs);
        failures.forEach(f -> System.out.println("FAILED " + f));
        return failures.isEmpty() && !done.isEmpty() ? 0 : 1;
    }

    // ------------------------------------------------------------------ one run

    private static Run once(int n, Lab lab, Path labConfig, Path tmp, Path results) throws Exception {
        List<String> healed = lab.heal();
        if (!healed.isEmpty()) {
            System.out.println("  heal: " + summary(healed));
        }
        HactlConfig cfg = ConfigLoader.load(BenchConfig.withOwnState(labConfig, tmp, "run-" + n, freePort()));
        String appVip = cfg.appVip().address();
        String writerId = "nf-bench-" + System.currentTimeMillis();
        boolean down = false;
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(results.resolve("run-" + n + ".log"),
                StandardCharsets.UTF_8));
             ControlLoop loop = new ControlLoop(cfg, out, Clock.systemUTC(), ControllerEvents.NONE);
             NumberedWriter w = new NumberedWriter(cfg.dbVip().address(), cfg.database().port(), APP_USER,
                     lab.appPassword(), writerId, Duration.ofMillis(2), ControllerBench.RETRY_PAUSE)) {
            loop.start();
            w.start();
            await("ACTIVE_SYNCED, the application ACTIVE and the writer's first 100 rows", Duration.ofSeconds(60),
                    () -> loop.status().state() == ClusterState.ACTIVE_SYNCED
                            && loop.status().appState() == AppState.ACTIVE && w.count() >= 100);
            long cut = System.nanoTime();
            lab.linkDown("n1");
            down = true;
            Proposal p = awaitValue("a pending NODE_FAILOVER proposal", Duration.ofSeconds(60), () -> loop.proposals()
                    .stream().filter(x -> x.pending() && x.kind() == Proposal.Kind.NODE_FAILOVER).findFirst());
            long proposed = System.nanoTime();

            long ack = System.nanoTime();
            ActionResult a = loop.ack(p.id(), "bench", "node-failover bench run " + n);
            if (a.outcome() != ActionResult.Outcome.ACCEPTED) {
                throw new IllegalStateException("ack of " + p.id() + " refused: " + a.message());
            }
            await("HTTP 200 through the app VIP " + appVip, Duration.ofSeconds(60),
                    () -> Lab.httpStatus(appVip, HTTP_PORT) == 200);
            long http = System.nanoTime();
            await("a write acknowledged through the DB VIP after the ack", Duration.ofSeconds(60),
                    () -> w.firstAckAfter(ack) >= 0);
            long write = w.firstAckAfter(ack);
            Proposal end = awaitValue("the node failover to end", Duration.ofSeconds(180), () -> loop.proposals().stream()
                    .filter(x -> x.id().equals(p.id()) && (x.status() == Proposal.Status.DONE
                            || x.status() == Proposal.Status.FAILED)).findFirst());
            long ended = System.nanoTime();
            w.close();
            long lost = missingOnN2(lab, w);

            lab.linkUp("n1");
            down = false;
            long up = System.nanoTime();
            TransitionLog log = new TransitionLog(cfg.stateDirectory());
            boolean fenced = awaitOrNot(Duration.ofSeconds(60), () -> log.read(OperationEntry.class).stream().anyMatch(e ->
                    e.event() == Event.OPERATION_END && "master-unset".equals(e.operation())
                            && "ok".equals(e.result()) && e.why() != null && e.why().contains("proposal " + p.id())));
            long fencedAt = fenced ? System.nanoTime() : -1;
            // the returned n1's proposal: REJOIN, or RESYNC naming what n1 committed and never sent (the rows
            // beyond the risk figure, which is a lower bound from n1's last probe)
            Optional<Proposal> back = Optional.empty();
            try {
                back = Optional.of(awaitValue("a REJOIN or RESYNC of n1", Duration.ofSeconds(30), () -> loop.proposals()
                        .stream().filter(x -> x.pending() && (x.kind() == Proposal.Kind.REJOIN
                                || x.kind() == Proposal.Kind.RESYNC)).findFirst()));
            } catch (IllegalStateException e) {
                // reported as "none" in the run's line
            }
            String onReturn = back.map(x -> x.kind() + (x.kind() == Proposal.Kind.RESYNC ? " (" + x.risk() + ")" : ""))
                    .orElse("no REJOIN or RESYNC within 30 s");
            List<String> proposals = log.read(ProposalEntry.class).stream()
                    .filter(e -> e.event() == Event.PROPOSAL).map(ProposalEntry::operation)
                    .toList();
            return new Run(n, millis(cut, proposed), millis(ack, http), millis(ack, write), millis(ack, ended),
                    fenced ? millis(up, fencedAt) : -1, proposals, lost, figure(p.risk()), onReturn,
                    "node failover " + end.status().name().toLowerCase(Locale.ROOT)
                            + (end.status() == Proposal.Status.DONE ? "" : ": " + end.comment())
                            + "; writer " + w.count() + " rows, " + w.errors() + " errors");
        } finally {
            if (down) {
                lab.linkUp("n1");
            }
        }
    }

    /** Acknowledged rows of the writer that n2 does not have. */
    private static long missingOnN2(Lab lab, NumberedWriter w) {
        Set<Long> missing = new HashSet<>(w.acknowledged());
        for (String line : lab.sqlAsRoot("n2", "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + w.writer() + "'")
                .split("\n")) {
            if (!line.isBlank()) {
                missing.remove(Long.valueOf(line.strip()));
            }
        }
        return missing.size();
    }

    /**
     * The lost node was one proposal: exactly one NODE_FAILOVER, and no FAILOVER or MOVE_APP for its
     * halves, no DETACH_VIP or DETACH_APP_VIP for its return (fenced under the same ack). A REJOIN
     * or RESYNC of the returned node afterwards is the next step, not a second proposal for the loss.
     */
    static boolean oneProposal(List<String> kinds) {
        return kinds.stream().filter("node_failover"::equals).count() == 1 && kinds.stream().noneMatch(k ->
                List.of("failover", "move_app", "detach_vip", "detach_app_vip").contains(k));
    }

    /** The number of transactions the risk says may be lost; -1 when it gives none ("unknown: ..."). */
    static long figure(String risk) {
        Matcher m = FIGURE.matcher(risk == null ? "" : risk);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    // ------------------------------------------------------------------ report

    private static void report(List<Run> runs, int asked) {
        System.out.printf("%n%d of %d runs measured%n", runs.size(), asked);
        if (runs.isEmpty()) {
            return;
        }
        row("link down -> NODE_FAILOVER proposed", runs, Run::proposed);
        row("ack -> HTTP 200 through the app VIP (Tomcat on n2)", runs, Run::ackHttp);
        row("ack -> first write acknowledged through the DB VIP (n2)", runs, Run::ackWrite);
        row("ack -> the node failover operation done", runs, Run::operation);
        row("link down -> HTTP 200 through the app VIP, acked at once", runs, Run::downHttp);
        row("link down -> first write through the DB VIP, acked at once", runs, Run::downWrite);
        List<Run> fenced = runs.stream().filter(r -> r.fenced() >= 0).toList();
        if (!fenced.isEmpty()) {
            row("link up -> n1 fenced and its application stopped (same ack)", fenced, Run::fenced);
        }
        long one = runs.stream().filter(r -> oneProposal(r.proposals())).count();
        long honest = runs.stream().filter(r -> r.figure() >= 0 && r.lost() <= r.figure()).count();
        long named = runs.stream().filter(r -> r.figure() >= 0 && r.lost() > r.figure()
                && r.onReturn().startsWith("RESYNC")).count();
        System.out.printf(Locale.ROOT, "one NODE_FAILOVER and no FAILOVER, MOVE_APP or second fence proposal: %d of %d"
                + " runs; acknowledged rows lost within the risk figure: %d of %d runs, beyond it and named by n1's RESYNC"
                + " when it returned: %d (lost/figure %s)%n", one, runs.size(), honest, runs.size(), named,
                runs.stream().map(r -> r.lost() + "/" + r.figure()).toList());
        System.out.println("MHA 0.58 on this kind of lab (ping_interval=1, /work/shared/lab-notes.md):");
        System.out.printf(Locale.ROOT, "  kill -9 of mariadbd -> new master writable through the VIP: MHA median %.2f s;"
                + " hactl, the whole node lost -> first write through the DB VIP, acked at once: median %.2f s%n",
                MHA_WRITABLE_S, median(runs, Run::downWrite) / 1000.0);
        System.out.println("  MHA does not move the application at all: after its failover the site stays down until"
                + " someone runs master-set by hand; hactl: HTTP 200 through the app VIP from n2, median "
                + String.format(Locale.ROOT, "%.2f s", median(runs, Run::downHttp) / 1000.0)
                + " after the link went down (one acknowledgement)");
    }

    private static void row(String what, List<Run> runs, Function<Run, Long> f) {
        List<Long> v = runs.stream().map(f).sorted().toList();
        System.out.printf(Locale.ROOT, "%-64s min %6d ms   median %8.1f ms   max %6d ms%n", what + ":", v.get(0),
                median(runs, f), v.get(v.size() - 1));
    }

    static double median(List<Run> runs, Function<Run, Long> f) {
        return medianOf(runs.stream().map(f).toList());
    }
}
