package io.hactl.bench;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.control.ActionResult;
import io.hactl.control.ControlLoop;
import io.hactl.control.ControllerEvents;
import io.hactl.lab.Lab;
import io.hactl.lab.LabException;
import io.hactl.lab.LabNetwork;
import io.hactl.lab.LabNode;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * Applies one {@link FaultCase} to the lab and judges it: from the baseline (healed), a
 * controller of its own ({@link ControlLoop} in this JVM over a copy of the lab config with
 * its own state directory, so no earlier failover blocks this one), the two writers through
 * the DB VIP, the read_only and ARP samplers (its states are read from its transition log); at
 * ACTIVE_SYNCED the fault; its proposal acknowledged where the row says so; the fault healed
 * where it ends during the scenario; the outcome awaited (bounded); the acknowledged ids
 * looked up on the final master. The fault is always healed, and the lab too (finally).
 * One instance per row.
 */
final class FaultRun implements FaultCase.Context {

    static final Duration START = Duration.ofSeconds(60);
    static final Duration OPERATION = Duration.ofSeconds(180);
    static final Duration OUTCOME = Duration.ofSeconds(90);

    /**
     * What one row showed.
     *
     * @param states     the controller's states from the fault on ("ACTIVE_SYNCED -> ... +1.2 s")
     * @param proposals  the proposals made from the fault on, each "FAILOVER n2 +2.1 s (risk: ...)"
     * @param ack        what became of the acknowledgement, "" when the row acknowledges nothing
     * @param outcome    the pair at the end, as the lab showed it, and the controller's state
     * @param writers    the acknowledged ids against the final master
     * @param lost       acknowledged writes missing on the final master, all writers
     * @param allowedLost what the row allowed
     * @param failures   each expectation not met, in words; empty: the row passed
     */
    record Result(FaultCase fault, String states, List<String> proposals, String ack, String outcome,
                  List<TortureChecker.WriterResult> writers, long lost, long allowedLost, long twoWritable,
                  long twoMacs, List<String> failures, List<String> notes, Duration took) {

        boolean pass() {
            return failures.isEmpty();
        }

        /** "FAILOVER_PROPOSED seen; FAILOVER n2 +2.1 s (risk ...); acked: ...; n2 writable, DB VIP; ...". */
        String seen() {
            return states + "; " + (proposals.isEmpty() ? "no proposal" : String.join(", ", proposals))
                    + (ack.isEmpty() ? "" : "; " + ack) + "; " + outcome + "; two writable " + twoWritable
                    + "x, two MACs " + twoMacs + "x";
        }
    }

    private final Lab lab;
    private final Path labConfig;
    private final Path workDir;
    private final Path logDir;

    private ControlLoop loop;
    private WriterPair writers;
    private final Map<String, List<Long>> extraAcknowledged = new LinkedHashMap<>();
    private final List<AutoCloseable> kept = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private HactlConfig cfg;

    FaultRun(Lab lab, Path labConfig, Path workDir, Path logDir) {
        this.lab = lab;
        this.labConfig = labConfig;
        this.workDir = workDir;
        this.logDir = logDir;
    }

    Result run(FaultCase f) {
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        String name = String.format(Locale.ROOT, "fault-%02d", f.number());
        String states = "";
        List<String> proposals = new ArrayList<>();
        String ack = "";
        String outcome = "not reached";
        List<TortureChecker.WriterResult> rows = List.of();
        long lost = 0;
        long allowed = 0;
        long twoWritable = 0;
        long twoMacs = 0;
        boolean healed = false;
        note("heal before: " + summary(lab.heal()));
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(logDir.resolve(name + ".log"),
                StandardCharsets.UTF_8), true)) {
            Path cfgFile = BenchConfig.withOwnState(labConfig, workDir, name, 18700 + f.number());
            cfg = ConfigLoader.load(cfgFile);
            lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
            loop = new ControlLoop(cfg, out, Clock.systemUTC(), ControllerEvents.NONE);
            writers = new WriterPair(cfg.dbVip().address(), cfg.database().port(), lab.appPassword(),
                    cfg.database().user(), cfg.database().password().reveal(), name + "-" + System.currentTimeMillis());
            try (ControlLoop l = loop;
                 ReadOnlySampler ro = new ReadOnlySampler(LabNode.N1.address(), LabNode.N2.address(),
                         cfg.database().port(), cfg.database().user(), cfg.database().password().reveal(),
                         Duration.ofMillis(50));
                 ArpSampler arp = new ArpSampler(LabNetwork.BRIDGE, cfg.dbVip().address())) {
                loop.start();
                writers.start();
                ro.start();
                arp.start();
                if (!await(START, () -> loop.status().state() == ClusterState.ACTIVE_SYNCED && writers.fewest() >= 50)) {
                    failures.add("the row could not start: state " + loop.status().state() + " ("
                            + loop.status().sentence() + "), writers " + writers.describe());
                    return result(f, failures, "", proposals, "", "not reached", rows, 0, 0, 0, 0, started);
                }
                long t0 = System.nanoTime();
                Instant injectedAt = Instant.now();
                ClusterState before = loop.status().state();
                note("inject: " + f.inject().words());
                f.inject().step().run(this);
                Proposal expected = null;
                if (f.ack()) {
                    expected = awaitPending(f.proposal(), f.lasts());
                    if (expected == null) {
                        failures.add("no pending " + f.proposal() + " to acknowledge within " + f.lasts().toSeconds()
                                + " s");
                    } else {
                        ActionResult a = loop.ack(expected.id(), "torture", "fault " + f.number() + ": " + f.name());
                        ack = "ack " + a.outcome().name().toLowerCase(Locale.ROOT);
                        if (a.outcome() == ActionResult.Outcome.ACCEPTED) {
                            Proposal end = awaitEnd(expected, OPERATION);
                            ack += ", operation " + end.status().name().toLowerCase(Locale.ROOT)
                                    + (end.comment() == null || end.comment().isBlank() ? "" : " (" + end.comment() + ")");
                        } else {
                            ack += " (" + a.message() + ")";
                            failures.add("the acknowledgement was refused: " + a.message());
                        }
                    }
                } else {
                    long until = t0 + f.lasts().toNanos();
                    while (System.nanoTime() < until) {
                        Thread.sleep(50); // the fault lasts its time: watched by the controller and the samplers meanwhile
                    }
                }
                if (f.healDuringRun()) {
                    note("heal: " + f.heal().words());
                    healed = true;
                    f.heal().step().run(this);
                }
                // nothing was acknowledged that should have been: what the pair is now, without waiting for it to change
                Duration within = f.ack() && expected == null ? Duration.ZERO : OUTCOME;
                FaultCase.Observed seen = awaitOutcome(f.outcome(), within);
                outcome = seen.pair().describe() + " (" + seen.state() + ")";
                if (!f.outcome().holds().test(seen)) {
                    failures.add("outcome not reached" + (within.isZero() ? " (nothing acknowledged)" : " within "
                            + within.toSeconds() + " s") + ": expected " + f.outcome().words() + ", seen " + outcome);
                }
                writers.close();
                long t1 = System.nanoTime();
                twoWritable = ro.bothWritableBetween(t0, t1);
                twoMacs = arp.conflictsBetween(t0, t1);

                // the controller's own record of its states (a state held for milliseconds, before an ack, too)
                List<StateEntry> changes = new TransitionLog(cfg.stateDirectory()).read(StateEntry.class).stream()
                        .filter(e -> e.event() == Event.STATE && !e.time().isBefore(injectedAt))
                        .toList();
                states = describeStates(before, changes, injectedAt);
                if (before != f.state() && changes.stream().noneMatch(e -> f.state().name().equals(e.to()))) {
                    failures.add("state " + f.state() + " never shown");
                }
                List<Proposal> made = loop.proposals().stream().filter(p -> !p.createdAt().isBefore(injectedAt))
                        .sorted(java.util.Comparator.comparing(Proposal::createdAt)).toList();
                for (Proposal p : made) {
                    proposals.add(p.kind() + " " + p.node() + String.format(Locale.ROOT, " +%.1f s",
                            Duration.between(injectedAt, p.createdAt()).toMillis() / 1000.0) + " (risk: " + p.risk() + ")");
                }
                Optional<Proposal> match = made.stream().filter(f.proposal()::matches).findFirst();
                if (f.proposal().kind() == null && !made.isEmpty()) {
                    failures.add("no proposal expected, seen " + made.get(0).kind() + " " + made.get(0).node() + ": "
                            + made.get(0).sentence());
                } else if (f.proposal().kind() != null && match.isEmpty()) {
                    failures.add("expected a " + f.proposal() + " proposal, seen " + (made.isEmpty() ? "none"
                            : String.join(", ", made.stream().map(p -> p.kind() + " " + p.node()).toList())));
                }
                if (match.isPresent() && !f.risk().holds().test(match.get().risk())) {
                    failures.add("the risk '" + match.get().risk() + "' does not say " + f.risk().words());
                }

                String master = whereToLook(f.outcome().master(), seen.pair());
                Map<String, List<Long>> acked = new LinkedHashMap<>(writers.acknowledged());
                acked.putAll(extraAcknowledged);
                rows = FinalCheck.rows(lab, master, acked);
                lost = rows.stream().mapToLong(w -> w.lost().size()).sum();
                allowed = f.rowsLost() == FaultCase.RowsLost.NONE ? 0 : match.map(p -> FaultCase.Risk.lossFigure(
                        p.risk())).orElse(OptionalLong.empty()).orElse(0);
                if (lost > allowed) {
                    failures.add(lost + " acknowledged writes lost on " + master + " (allowed " + allowed + "): "
                            + String.join("; ", rows.stream().filter(w -> !w.lost().isEmpty())
                            .map(TortureChecker.WriterResult::describe).toList()));
                }
                rows.stream().filter(w -> !w.duplicated().isEmpty())
                        .forEach(w -> failures.add("duplicated on " + master + ": " + w.describe()));
            }
        } catch (Exception | AssertionError e) {
            failures.add("the scenario broke: " + e);
        } finally {
            if (!healed) {
                try {
                    note("heal: " + f.heal().words());
                    f.heal().step().run(this);
                } catch (Exception e) {
                    note("the row's heal failed (lab heal follows): " + e);
                }
            }
            closeKept();
            if (writers != null) {
                writers.close();
            }
            try {
                note("heal after: " + summary(lab.heal()));
            } catch (LabException e) {
                failures.add("lab heal after the row failed: " + e.getMessage());
            }
        }
        return result(f, failures, states, proposals, ack, outcome, rows, lost, allowed, twoWritable, twoMacs, started);
    }

    private Result result(FaultCase f, List<String> failures, String states, List<String> proposals, String ack,
                          String outcome, List<TortureChecker.WriterResult> rows, long lost, long allowed,
                          long twoWritable, long twoMacs, long started) {
        return new Result(f, states, List.copyOf(proposals), ack, outcome, rows, lost, allowed, twoWritable, twoMacs,
                List.copyOf(failures), List.copyOf(notes), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Where the acknowledged writes are looked up: the node the outcome makes master when its
     * server answers (with a split brain, the other one's writes are the ones lost), else the
     * master the lab shows, else a writable node, else any node up.
     */
    static String whereToLook(String intended, PairView p) {
        if (p.node(intended).up()) {
            return intended;
        }
        if (p.master() != null) {
            return p.master();
        }
        return p.nodes().values().stream().filter(PairView.Node::writable).map(PairView.Node::name).findFirst()
                .orElse(p.nodes().values().stream().filter(PairView.Node::up).map(PairView.Node::name).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no node's MariaDB answers: the acknowledged"
                                + " writes cannot be looked up (" + p.describe() + ")")));
    }

    /** "ACTIVE_SYNCED -> MASTER_UNREACHABLE +0.7 s -> FAILOVER_PROPOSED +1.6 s". */
    static String describeStates(ClusterState before, List<StateEntry> changes, Instant from) {
        StringBuilder b = new StringBuilder(before.name());
        String last = before.name();
        for (StateEntry e : changes) {
            if (e.to() == null || e.to().equals(last)) {
                continue; // logged just after the injection, but no change from the state shown
            }
            last = e.to();
            b.append(" -> ").append(e.to()).append(String.format(Locale.ROOT, " +%.1f s",
                    Duration.between(from, e.time()).toMillis() / 1000.0));
        }
        return b.toString();
    }

    private FaultCase.Observed awaitOutcome(FaultCase.Outcome expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            PairView p = PairView.read(lab);
            FaultCase.Observed o = new FaultCase.Observed(p, loop.status().state(), errantRows());
            if (expected.holds().test(o) || System.nanoTime() > deadline) {
                return o;
            }
            Thread.sleep(200); // the poll's period
        }
    }

    private long errantRows() {
        try {
            return Long.parseLong(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='"
                    + FaultMatrix.ERRANT_WRITER + "'", Duration.ofSeconds(5)).strip());
        } catch (LabException | NumberFormatException e) {
            return -1;
        }
    }

    private Proposal awaitPending(FaultCase.Expected expected, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Proposal> p = loop.proposals().stream().filter(x -> x.pending() && expected.matches(x)).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(20); // the poll's period
        }
        return null;
    }

    private static boolean await(Duration within, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20); // the poll's period
        }
        return true;
    }

    private static String summary(List<String> actions) {
        return actions.isEmpty() ? "already at baseline" : String.join("; ", actions);
    }

    // ------------------------------------------------------------------ FaultCase.Context

    @Override
    public Lab lab() {
        return lab;
    }

    @Override
    public ControlLoop controller() {
        return loop;
    }

    @Override
    public Connection connect(String host) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", cfg.database().user());
        p.setProperty("password", cfg.database().password().reveal());
        p.setProperty("connectTimeout", "1000");
        p.setProperty("socketTimeout", "30000");
        p.setProperty("sslMode", "DISABLED");
        return DriverManager.getConnection("jdbc:mysql://" + host + ":" + cfg.database().port() + "/hactl_demo", p);
    }

    @Override
    public void acknowledged(String writer, List<Long> ids) {
        extraAcknowledged.put(writer, List.copyOf(ids));
    }

    @Override
    public Proposal ack(Proposal.Kind kind, Duration within) {
        try {
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline) {
                Optional<Proposal> p = loop.proposals().stream().filter(x -> x.pending() && x.kind() == kind).findFirst();
                if (p.isPresent()) {
                    ActionResult a = loop.ack(p.get().id(), "torture", "part of the fault");
                    note("ack " + kind + " " + p.get().node() + " (risk: " + p.get().risk() + "): " + a.outcome());
                    if (a.outcome() != ActionResult.Outcome.ACCEPTED) {
                        throw new IllegalStateException("the " + kind + " proposal's ack was refused: " + a.message());
                    }
                    return p.get();
                }
                Thread.sleep(20); // the poll's period
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("no pending " + kind + " proposal within " + within.toSeconds() + " s (state "
                + loop.status().state() + ": " + loop.status().sentence() + ")");
    }

    @Override
    public Proposal awaitEnd(Proposal p, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        Proposal last = p;
        while (System.nanoTime() < deadline) {
            last = loop.proposals().stream().filter(x -> x.id().equals(p.id())).findFirst().orElse(last);
            if (last.status() == Proposal.Status.DONE || last.status() == Proposal.Status.FAILED) {
                return last;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // the poll's period
        }
        note("the operation of " + p.id() + " had not ended after " + within.toSeconds() + " s (" + last.status() + ")");
        return last;
    }

    @Override
    public void awaitWrites(int rows, Duration within) {
        try {
            if (!writers.awaitMore(rows, within)) {
                throw new IllegalStateException("the writers did not get " + rows + " more writes acknowledged within "
                        + within.toSeconds() + " s: " + writers.describe());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void keep(AutoCloseable resource) {
        kept.add(resource);
    }

    @Override
    public synchronized void closeKept() {
        for (AutoCloseable c : kept) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a broken connection: nothing more to do
            }
        }
        kept.clear();
    }

    @Override
    public synchronized void note(String line) {
        notes.add(line);
    }
}
