package io.hactl.control;

import io.hactl.config.FailoverConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.GtidMemory;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Events;
import io.hactl.log.TransitionLog;
import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnoser;
import io.hactl.model.Diagnosis;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.pair.PairLock;
import io.hactl.ops.db.Fencing;
import io.hactl.probe.ProbeCycle;
import io.hactl.state.Assessment;
import io.hactl.state.ClusterState;
import io.hactl.state.DetectionMemory;
import io.hactl.state.Detector;
import io.hactl.state.Effect;
import io.hactl.state.Maintenance;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import io.hactl.state.Veto;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The daemon's loop: every {@code probe.interval} one probe cycle, its diagnosis, the
 * detector's assessment, the supervisor's decisions; every effect written to the transition
 * log (and to the alert sink). Acknowledged proposals run as operations on a second thread,
 * one at a time, taking the pair's operation lock like the CLI's commands.
 *
 * <p>The cycle never blocks longer than its probes' timeouts; a cycle that overruns the
 * interval is followed at once by the next.
 */
public final class ControlLoop implements ControllerService, AutoCloseable {

    public static final String ACTOR = "controller";

    private final HactlConfig cfg;
    private final TransitionLog log;
    private final PrintWriter out;
    private final Clock clock;
    private final ControllerEvents events;
    private final Diagnoser diagnoser = new Diagnoser();
    private final Detector detector;
    private final Supervisor supervisor;
    private final NodeShells probeShells = new NodeShells();
    private final NodeShells opShells = new NodeShells();
    private final ProbeCycle probes;
    private final ScheduledExecutorService cycles = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cycle"));
    private final ExecutorService operations = Executors.newSingleThreadExecutor(r -> daemon(r, "operation"));
    private final Operations runner;
    private final AtomicReference<ControllerStatus> status = new AtomicReference<>();
    /** The one operation this controller runs: claimed by compare-and-set, so two requests never both run. */
    private final AtomicReference<Running> running = new AtomicReference<>();
    /** Owned by the cycle thread; other threads send it changes through {@link #memoryUpdates}. */
    private volatile DetectionMemory memory = DetectionMemory.EMPTY;
    private final Queue<UnaryOperator<DetectionMemory>> memoryUpdates = new ConcurrentLinkedQueue<>();
    /** The one memory of the nodes' last positions; the detector's copy of the master's is fed from it each cycle. */
    private final GtidMemory gtidMemory;
    /** Old masters an acknowledged failover could not fence: fenced the moment they answer (issue 13, defect 6). */
    private final PendingFences unfenced = new PendingFences();
    private volatile long cycleCount;
    private volatile Instant lastCycleAt;
    private volatile long lastCycleMillis;
    private volatile String interrupted;
    /** close() runs twice at shutdown (the web context closes the loop, its bean, then the shutdown hook): once counts. */
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** An acknowledged proposal (or a requested switchover) whose operation runs. */
    private record Running(Proposal proposal, String who, Instant since, Maintenance.Kind kind) {

        boolean switchover() {
            return proposal.id().startsWith("s-");
        }

        String operation() {
            return switchover() ? "switchover" : proposal.kind().name().toLowerCase();
        }

        String describe() {
            return operation() + " " + proposal.id() + " (" + proposal.action() + ") by " + who + " since " + since;
        }
    }

    /** What runs an acknowledged proposal or a requested switchover: {@link ProposalRunner}, a fake in tests. */
    interface Operations {
        ProposalRunner.Result run(Proposal p, String who, String comment);

        ProposalRunner.Result switchover(NodeConfig node, String who, String reason);

        /** Fences the old master of {@code failover}, which answers again, under that failover's acknowledgement. */
        default ProposalRunner.Result fenceReturned(Proposal failover, String who, String comment) {
            return new ProposalRunner.Result(2, "not supported here");
        }

        /** Reads the nodes once at the start (where their binary logs are). */
        default void rememberNodes() {
        }
    }

    public ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events) {
        this(cfg, out, clock, events, null);
    }

    /** With {@code operations} in place of the real {@link ProposalRunner} (null: the real one). */
    ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, Operations operations) {
        this.cfg = cfg;
        this.log = new TransitionLog(cfg.stateDirectory());
        this.out = out;
        this.clock = clock;
        this.events = events;
        FailoverConfig f = cfg.failover();
        this.detector = new Detector(f.downAfter(), cfg.application().followDbMaster());
        SecureRandom random = new SecureRandom();
        this.supervisor = new Supervisor(new Supervisor.Settings(f.downAfter(), f.blockPeriod(), f.proposalExpiry(),
                f.mode() == FailoverConfig.Mode.AUTOMATIC, f.grace(), cfg.controller().remindInterval()), clock,
                () -> HexFormat.of().formatHex(random.generateSeed(3)));
        this.probes = new ProbeCycle(cfg, probeShells::forNode);
        this.gtidMemory = GtidMemory.of(cfg);
        this.runner = operations != null ? operations
                : new ProposalRunner(cfg, log, out, opShells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, "hactl-" + name);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------ life

    /**
     * Reads the log (pending proposals, last failover, an interrupted operation) and the master's
     * last known position (gtid-memory.json), then cycles.
     */
    public void start() {
        Recovery.Result r = Recovery.read(cfg.stateDirectory(), log, clock.instant());
        supervisor.restore(r.pending(), r.lastFailoverAt(), r.lastAppMoveAt());
        memory = r.memory();
        write(TransitionEntry.controller(clock.instant(), cfg.clusterName(), Events.CONTROLLER_START, null, null,
                "pid " + ProcessHandle.current().pid() + ", probe interval "
                        + cfg.probe().interval().toMillis() + " ms, failover mode "
                        + cfg.failover().mode().name().toLowerCase() + "; " + r.summary(), r.evidence(), ACTOR, null));
        for (Proposal p : r.expiredWhileDown()) {
            write(TransitionEntry.proposal(clock.instant(), cfg.clusterName(), Events.EXPIRE, p, null, ACTOR,
                    "expired while the controller was not running"));
        }
        if (r.interrupted() != null) {
            interrupted = r.interrupted();
            write(TransitionEntry.controller(clock.instant(), cfg.clusterName(), Events.INTERRUPTED, null, null,
                    "INTERRUPTED: " + r.interrupted(), r.interruptedEvidence(), ACTOR, null));
            events.interrupted("INTERRUPTED: " + r.interrupted(), r.interruptedEvidence(), clock.instant());
        }
        // the operations' SSH sessions are opened now, not in the first step of a failover
        for (NodeConfig n : cfg.nodes()) {
            operations.submit(() -> opShells.forNode(n).run("true", n.ssh().connectTimeout().plusSeconds(3)));
        }
        // where each node's binary log is, while its database answers: a failover may need to read it
        operations.submit(runner::rememberNodes);
        long period = Math.max(50, cfg.probe().interval().toMillis());
        cycles.scheduleAtFixedRate(this::safeCycle, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        cycles.shutdownNow();
        operations.shutdownNow();
        try {
            cycles.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write(TransitionEntry.controller(clock.instant(), cfg.clusterName(), Events.CONTROLLER_STOP, null, null,
                "in state " + supervisor.state(), null, ACTOR, null));
        probes.close();
        probeShells.close();
        opShells.close();
    }

    // ------------------------------------------------------------------ one cycle

    private void safeCycle() {
        try {
            cycle();
        } catch (RuntimeException e) {
            out.println("hactl controller: cycle failed: " + e);
            out.flush();
        }
    }

    /** One probe cycle, end to end. Package-visible for tests that drive cycles themselves. */
    void cycle() {
        long t0 = System.nanoTime();
        // an operation that ran while the probes ran makes the whole cycle ours: a snapshot taken
        // during its last step is not read as the pair's state after it
        Maintenance before = maintenance();
        ProbeSnapshot snap = probes.run();
        // a lost old master that answers again is fenced under its failover's acknowledgement: claimed
        // before this cycle is assessed, so what it shows (writable, both VIPs) is read as that fence
        // running, not as a split brain with a second proposal for the same fence
        fenceReturned(snap);
        Maintenance after = maintenance();
        Diagnosis<DbCode> db = diagnoser.diagnoseDb(snap);
        Diagnosis<AppCode> app = diagnoser.diagnoseApp(snap);
        // the master's last position as stored before this snapshot: a replica read in the same cycle
        // as the master is not held to what the master committed meanwhile
        Map<String, GtidMemory.Seen> stored = gtidMemory.all();
        GtidMemory.recordProbe(cfg, snap);
        DetectionMemory m = memory;
        for (UnaryOperator<DetectionMemory> u; (u = memoryUpdates.poll()) != null; ) {
            m = u.apply(m);
        }
        m = GtidMemory.feed(m, stored);
        Assessment a = detector.assess(snap, db, app, before != null ? before : after, m);
        memory = a.memory();
        List<Effect> effects = supervisor.observe(a);
        handle(effects, ACTOR, null);
        cycleCount++;
        lastCycleAt = clock.instant();
        lastCycleMillis = (System.nanoTime() - t0) / 1_000_000;
        status.set(buildStatus());
    }

    /** Our own operation on the pair: an acknowledged proposal starting, the lock's holder, a backup. */
    private Maintenance maintenance() {
        Running r = running.get();
        if (r != null) {
            return new Maintenance(r.kind(), r.operation(), r.proposal().id(), r.who(), r.since());
        }
        Optional<PairLock.Holder> h = PairLock.current(cfg.stateDirectory());
        if (h.isPresent()) {
            return h.get().maintenance();
        }
        List<PairLock.Holder> m = PairLock.maintenance(cfg.stateDirectory());
        return m.isEmpty() ? null : m.get(0).maintenance();
    }

    private void handle(List<Effect> effects, String who, String why) {
        for (Effect e : effects) {
            Instant now = clock.instant();
            String c = cfg.clusterName();
            if (e instanceof Effect.StateChanged s) {
                write(TransitionEntry.controller(now, c, Events.STATE, name(s.from()), name(s.to()), s.sentence(),
                        s.evidence(), who, why));
            } else if (e instanceof Effect.DiagnosisChanged d) {
                write(TransitionEntry.controller(now, c, Events.DIAGNOSIS, null, name(d.state()), d.sentence(),
                        d.evidence(), who, why));
            } else if (e instanceof Effect.AppStateChanged a) {
                write(TransitionEntry.controller(now, c, Events.APP_STATE, a.from() == null ? null : a.from().name(),
                        a.to().name(), a.sentence(), null, who, why));
            } else if (e instanceof Effect.ProposalMade p) {
                write(TransitionEntry.proposal(now, c, Events.PROPOSAL, p.proposal(), null, ACTOR, p.proposal().sentence()));
            } else if (e instanceof Effect.ProposalClosed p) {
                write(TransitionEntry.proposal(now, c, p.event(), p.proposal(), null, ACTOR, p.proposal().comment()));
            } else if (e instanceof Effect.Blocked b) {
                write(TransitionEntry.controller(now, c, Events.BLOCKED, null, name(supervisor.state()),
                        "no failover proposed: " + b.veto(), null, ACTOR, null));
            } else if (e instanceof Effect.AppBlocked b) {
                write(TransitionEntry.controller(now, c, Events.BLOCKED, null, name(supervisor.state()),
                        "no " + b.kind().name().toLowerCase() + " proposed for " + b.node() + ": " + b.veto(), null,
                        ACTOR, null));
            } else if (e instanceof Effect.AppReminder r) {
                write(TransitionEntry.controller(now, c, Events.REMINDER, null, name(supervisor.state()), "application"
                        + " still " + r.state() + " after " + r.standing().toSeconds() + " s: " + r.sentence(), null,
                        ACTOR, null));
            } else if (e instanceof Effect.Reminder r) {
                write(TransitionEntry.controller(now, c, Events.REMINDER, null, name(r.state()), "still " + r.state()
                        + " after " + r.standing().toSeconds() + " s: " + r.sentence(), null, ACTOR, null));
            } else if (e instanceof Effect.Run r) {
                run(r);
            }
        }
        if (!effects.isEmpty()) {
            try {
                events.effects(effects, supervisor.state(), clock.instant());
            } catch (RuntimeException ex) {
                out.println("hactl controller: alerting failed: " + ex.getMessage());
            }
        }
    }

    private static String name(ClusterState s) {
        return s == null ? null : s.name();
    }

    private void write(TransitionEntry e) {
        try {
            log.append(e);
        } catch (RuntimeException ex) {
            out.println("hactl controller: " + ex.getMessage());
        }
        out.println(LogLines.line(e));
        out.flush();
    }

    // ------------------------------------------------------------------ operations

    private static Running running(Proposal p, String who, Instant since) {
        return new Running(p, who, since, switch (p.kind()) {
            case RESYNC, REJOIN -> Maintenance.Kind.RESYNC;
            case RESTART_SERVICES, MOVE_APP, DETACH_APP_VIP, ATTACH_APP_VIP -> Maintenance.Kind.APP;
            case FAILOVER, NODE_FAILOVER, DETACH_VIP -> Maintenance.Kind.SWITCH;
        });
    }

    /**
     * Claims the pair for {@code claim}: at most one operation at a time, in this controller by
     * compare-and-set, against other processes (the CLI) by the pair's lock holder. Returns why
     * not, or null when claimed.
     */
    private String claim(Running claim) {
        Running other = running.compareAndExchange(null, claim);
        if (other != null) {
            return "an operation runs on the pair: " + other.describe() + "; wait for it to end";
        }
        Optional<PairLock.Holder> holder = PairLock.current(cfg.stateDirectory());
        if (holder.isPresent()) {
            running.compareAndSet(claim, null);
            return "an operation runs on the pair: " + holder.get().describe() + "; wait for it to end";
        }
        return null;
    }

    /** Runs an acknowledged proposal's operation on the operations thread (claimed by ack, or here). */
    private void run(Effect.Run r) {
        Proposal p = r.proposal();
        Running current = running.get();
        if (current == null || !current.proposal().id().equals(p.id())) {
            String why = claim(running(p, r.who(), clock.instant()));
            if (why != null) { // automatic mode while another operation runs: the supervisor hears it ended, not run
                supervisor.operationEnded(p.id(), false, "not started: " + why);
                write(new TransitionEntry(clock.instant(), cfg.clusterName(), Events.REFUSED, p.kind().name()
                        .toLowerCase(), null, null, p.node(), "refused", why, r.who(), r.comment(), null));
                return;
            }
        }
        operations.submit(() -> {
            ProposalRunner.Result res;
            try {
                res = runner.run(p, r.who(), r.comment());
            } catch (RuntimeException e) {
                res = new ProposalRunner.Result(1, "failed: " + e.getMessage());
            }
            boolean ok = res.exit() == 0;
            // a NODE_FAILOVER whose application move failed after the promotion: the failover is done
            boolean promoted = p.promotes() && (ok || res.promoted());
            supervisor.operationEnded(p.id(), ok || promoted, res.summary());
            if (promoted) {
                // FENCED only on proof (VIP gone, read-only or down); else fenced the moment it answers
                boolean proven = res.fencing() != null && res.fencing().fenced();
                memoryUpdates.add(m -> {
                    java.util.Set<String> fenced = new java.util.HashSet<>(m.fenced());
                    if (proven) {
                        fenced.add(p.master());
                    } else {
                        fenced.remove(p.master());
                    }
                    return m.newMaster(p.node()).withFenced(fenced);
                });
                if (proven && res.fencing().db() == Fencing.Db.DOWN) {
                    // fenced while its database was down: a restarted MySQL comes back writable
                    unfenced.addUntilReadOnly(p, r.who(), r.comment(), res.fencing());
                }
                if (!proven && res.fencing() != null) {
                    unfenced.add(p, r.who(), r.comment(), res.fencing());
                    write(new TransitionEntry(clock.instant(), cfg.clusterName(), Events.NOTE,
                            p.kind() == Proposal.Kind.NODE_FAILOVER ? "node-failover" : "failover", null, null,
                            p.master(), null, res.fencing().words() + " (proposal " + p.id() + ", acknowledged by "
                            + r.who() + ")", r.who(), r.comment(), null));
                }
            } else if (ok && (p.kind() == Proposal.Kind.RESYNC || p.kind() == Proposal.Kind.REJOIN)) {
                memoryUpdates.add(m -> {
                    java.util.Set<String> fenced = new java.util.HashSet<>(m.fenced());
                    fenced.remove(p.node());
                    return m.withFenced(fenced);
                });
            }
            running.set(null);
            events.operationEnded(p, ok, res.summary(), clock.instant());
        });
    }

    /**
     * An old master an acknowledged failover could not fence answers again: fenced now, on the
     * operations thread, under that failover's acknowledgement (its proposal id and operator in the
     * log), no second ack. Skipped while another operation runs (the next cycle tries again).
     */
    private void fenceReturned(ProbeSnapshot snap) {
        Instant now = clock.instant();
        for (PendingFences.Pending due : unfenced.due(n -> snap.node(n)
                .map(x -> x.shell().ok() || x.db().responding()).orElse(false), n -> snap.node(n)
                .map(x -> x.db().responding()).orElse(false), now)) {
            Proposal p = due.failover();
            Running claim = new Running(p, due.who(), now, Maintenance.Kind.SWITCH);
            if (claim(claim) != null) {
                continue;
            }
            unfenced.tried(due, due.fencing(), now); // not again before RETRY, whatever happens
            operations.submit(() -> {
                ProposalRunner.Result res;
                try {
                    res = runner.fenceReturned(p, due.who(), due.comment());
                } catch (RuntimeException e) {
                    res = new ProposalRunner.Result(1, "failed: " + e.getMessage());
                }
                Fencing f = res.fencing();
                unfenced.tried(due, f, clock.instant());
                if (f != null && f.fenced()) {
                    memoryUpdates.add(m -> {
                        java.util.Set<String> fenced = new java.util.HashSet<>(m.fenced());
                        fenced.add(p.master());
                        return m.withFenced(fenced);
                    });
                }
                running.compareAndSet(claim, null);
            });
        }
    }

    // ------------------------------------------------------------------ ControllerService

    @Override
    public ControllerStatus status() {
        ControllerStatus s = status.get();
        return s != null ? s : buildStatus();
    }

    private ControllerStatus buildStatus() {
        Assessment a = supervisor.last();
        String block = blocks();
        Running r = running.get();
        String op = r != null ? r.describe()
                : PairLock.current(cfg.stateDirectory()).map(PairLock.Holder::describe).orElse(null);
        List<String> evidence = a == null ? new ArrayList<>() : new ArrayList<>(a.evidence());
        if (interrupted != null) {
            evidence.add(0, "INTERRUPTED at the last controller start: " + interrupted);
        }
        evidence.addAll(0, unfenced.evidence());
        return new ControllerStatus(cfg.clusterName(), supervisor.state(), supervisor.since(),
                a == null ? "starting: no probe cycle yet" : a.sentence(), List.copyOf(evidence),
                a == null ? null : a.dbCode().name(), a == null ? null : a.app(), a == null ? null : a.appSentence(),
                a == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(a.nodes())),
                supervisor.pending(), block, op, lastCycleAt,
                lastCycleMillis, cycleCount, a == null ? null : a.replicaLag(), cfg.failover().mode().name(), "controller");
    }

    @Override
    public List<Proposal> proposals() {
        return supervisor.proposals();
    }

    @Override
    public ActionResult ack(String proposalId, String operator, String comment) {
        Optional<Proposal> p = supervisor.proposal(proposalId);
        if (p.isEmpty()) {
            return ActionResult.notFound(proposalId);
        }
        Running claim = running(p.get(), operator, clock.instant());
        String busy = claim(claim);
        if (busy != null) {
            return refusedAck(p.get(), operator, comment, busy);
        }
        Supervisor.Decision d = supervisor.ack(proposalId, operator, comment);
        if (!d.accepted()) {
            running.compareAndSet(claim, null);
            return refusedAck(p.get(), operator, comment, d.veto().toString());
        }
        write(TransitionEntry.proposal(clock.instant(), cfg.clusterName(), Events.ACK, d.proposal(), null, operator,
                comment));
        try {
            handle(d.effects(), operator, comment);
        } finally {
            if (d.effects().stream().noneMatch(e -> e instanceof Effect.Run)) {
                running.compareAndSet(claim, null); // nothing to run after all: the claim is not kept
            }
        }
        return ActionResult.accepted("acknowledged by " + operator + ": " + d.proposal().action()
                + " runs now; follow it: hactl history --since 5m", proposalId, null);
    }

    private ActionResult refusedAck(Proposal p, String operator, String comment, String why) {
        write(new TransitionEntry(clock.instant(), cfg.clusterName(), Events.ACK, p.kind().name().toLowerCase(), null,
                null, p.node(), "refused", why, operator, comment, null, null, null, null, null, p.id(), p));
        return ActionResult.refused("not acknowledged: " + why, p.id());
    }

    @Override
    public ActionResult reject(String proposalId, String operator, String comment) {
        Supervisor.Decision d = supervisor.reject(proposalId, operator, comment);
        if (d.proposal() == null) {
            return ActionResult.notFound(proposalId);
        }
        if (!d.accepted()) {
            return ActionResult.refused("not rejected: " + d.veto(), proposalId);
        }
        write(TransitionEntry.proposal(clock.instant(), cfg.clusterName(), Events.REJECT, d.proposal(), null, operator,
                comment));
        handle(d.effects(), operator, comment);
        events.rejected(d.proposal(), clock.instant());
        return ActionResult.accepted("rejected by " + operator + ": nothing changes on the nodes", proposalId, null);
    }

    @Override
    public ActionResult requestSwitchover(String node, String operator, String reason) {
        Optional<NodeConfig> n = cfg.node(node);
        if (n.isEmpty()) {
            return ActionResult.refused("no node " + node + " in " + cfg.source() + " (nodes: "
                    + cfg.nodes().stream().map(NodeConfig::name).toList() + ")", null);
        }
        Proposal p = new Proposal("s-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(3)),
                Proposal.Kind.REJOIN, node, null, "planned switchover: make " + node + " the database master",
                "requested by " + operator, List.of(), "none: a planned switchover waits until " + node
                + " has every transaction", clock.instant(), clock.instant(), null, Proposal.Status.ACKNOWLEDGED, operator,
                clock.instant(), reason);
        Running claim = new Running(p, operator, clock.instant(), Maintenance.Kind.SWITCH);
        String busy = claim(claim);
        if (busy != null) {
            write(new TransitionEntry(clock.instant(), cfg.clusterName(), Events.REFUSED, "switchover", null, null, node,
                    "refused", busy, operator, reason, null));
            return ActionResult.refused(busy, null);
        }
        operations.submit(() -> {
            try {
                runner.switchover(n.get(), operator, reason);
            } finally {
                memoryUpdates.add(m -> m.newMaster(null));
                running.set(null);
            }
        });
        return ActionResult.accepted("switchover to " + node + " started by " + operator
                + "; follow it: hactl history --since 5m", null, null);
    }

    /** The anti-flapping blocks in force (failover, application move), or null. */
    private String blocks() {
        List<String> b = new ArrayList<>();
        supervisor.failoverBlock().ifPresent(v -> b.add(v.toString()));
        supervisor.appMoveBlock().ifPresent(v -> b.add(v.toString()));
        return b.isEmpty() ? null : String.join("; ", b);
    }

    @Override
    public ActionResult unblock(String operator, String reason) {
        if (supervisor.failoverBlock().isEmpty() && supervisor.appMoveBlock().isEmpty()) {
            return ActionResult.refused("no failover block or application move block is in force", null);
        }
        supervisor.unblock();
        write(TransitionEntry.controller(clock.instant(), cfg.clusterName(), Events.UNBLOCK, null,
                name(supervisor.state()), "anti-flapping block lifted by " + operator, null, operator, reason));
        return ActionResult.accepted("block lifted by " + operator + ": the next master failure is proposed again",
                null, null);
    }

    @Override
    public TransitionLog.Contents history(Instant since) {
        return log.readAll().filter(e -> since == null || !e.time().isBefore(since));
    }

    /** The supervisor, for tests. */
    Supervisor supervisor() {
        return supervisor;
    }
}
