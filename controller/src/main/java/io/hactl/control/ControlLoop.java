package io.hactl.control;

import io.hactl.config.FailoverConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.CoordinationView;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.log.LastOperation;
import io.hactl.log.OperationEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.ops.ProbePause;
import io.hactl.probe.ProbeCycle;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The daemon's controller: every {@code probe.interval} one probe cycle, its diagnosis, the
 * detector's assessment, the supervisor's decisions; every effect written to the transition log
 * (and to the alert sink). Acknowledged proposals run as operations, one at a time, taking the
 * pair's operation lock like the CLI's commands.
 *
 * <p>Four kinds of thread, one writer (docs/controller.md, "Threads"): the probe threads
 * ({@code hactl-probe} for whole cycles, {@code hactl-reprobe} for the focused re-probes of a failing
 * master, {@link Prober}) probe the pair (network I/O, each probe with its timeout) and post the
 * snapshot; the operations thread ({@code hactl-operation}) runs an operation's steps and posts its
 * end; the API's HTTP threads post operators' requests and wait for the answer, at most
 * {@link #ANSWER_WITHIN}; the owner thread ({@code hactl-control}, {@link Inbox}) handles every one
 * of these messages in turn ({@link ControlOwner}) and alone touches the supervisor, the detection
 * memory and the running operation. {@link #status()} and {@link #proposals()} read what it
 * published last, without waiting.
 *
 * <p>The cycle never blocks longer than its probes' timeouts; a cycle that overruns the interval is
 * followed at once by the next.
 */
public final class ControlLoop implements ControllerService, AutoCloseable {

    public static final String ACTOR = "controller";
    /** How long an operator's request waits for the owner thread before it is refused as busy (nothing changed). */
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    private final HactlConfig cfg;
    private final Clock clock;
    private final TransitionLog log;
    private final LastOperation lastOperation;
    private final EffectLog effectLog;
    private final NodeShells opShells = new NodeShells();
    private final ExecutorService operations = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hactl-operation");
        t.setDaemon(true);
        return t;
    });
    private final Operations runner;
    private final Supervisor supervisor;
    private final ControlOwner owner;
    private final Inbox inbox;
    private final Prober prober;
    private final Duration answerWithin;
    /** What the coordination's lookout last saw, merged into status (issue 16); null without coordination. */
    private volatile Supplier<CoordinationView> coordinationView;
    /** close() runs twice at shutdown (the web context closes the loop, its bean, then the shutdown hook): once counts. */
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A {@link Message.SharedChanged} waits for the owner. */
    private final AtomicBoolean sharedQueued = new AtomicBoolean();

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
        this(cfg, out, clock, events, StepGate.OPEN);
    }

    /** With coordination: operations start only when {@code gate} allows (the leader, connected). */
    public ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, StepGate gate) {
        this(cfg, out, clock, events, null, null, ANSWER_WITHIN, gate);
    }

    /** With {@code operations} in place of the real {@link ProposalRunner} (null: the real one). */
    ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, Operations operations) {
        this(cfg, out, clock, events, operations, null, ANSWER_WITHIN, StepGate.OPEN);
    }

    ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, Operations operations,
                Supplier<ProbeSnapshot> probes, Duration answerWithin) {
        this(cfg, out, clock, events, operations, probes, answerWithin, StepGate.OPEN);
    }

    /**
     * With {@code probes} in place of the real {@link ProbeCycle} (null: the real one), and how long an
     * operator's request waits for the owner thread. The owner thread starts here: requests are
     * answered before {@link #start()} (no proposal yet), the probes start there. {@code gate}: whether an
     * operation may start here ({@link StepGate}).
     */
    ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, Operations operations,
                Supplier<ProbeSnapshot> probes, Duration answerWithin, StepGate gate) {
        this(cfg, out, clock, events, operations, probes, answerWithin, gate, null);
    }

    /**
     * With coordination and the state the three share (issue 16, ack anywhere): a follower lists the
     * leader's proposals and records operators' decisions and requests for it; the leader runs them.
     */
    public ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, StepGate gate,
                       SharedCoordination shared) {
        this(cfg, out, clock, events, null, null, ANSWER_WITHIN, gate, shared);
    }

    ControlLoop(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, Operations operations,
                Supplier<ProbeSnapshot> probes, Duration answerWithin, StepGate gate, SharedCoordination shared) {
        this.cfg = cfg;
        this.clock = clock;
        this.log = new TransitionLog(cfg.stateDirectory());
        this.lastOperation = new LastOperation(log);
        this.effectLog = new EffectLog(cfg.clusterName(), log, out, clock, events);
        this.answerWithin = answerWithin;
        FailoverConfig f = cfg.failover();
        SecureRandom random = new SecureRandom();
        this.supervisor = new Supervisor(new Supervisor.Settings(f.downAfter(), f.blockPeriod(), f.proposalExpiry(),
                f.mode() == FailoverConfig.Mode.AUTOMATIC, f.grace(), cfg.controller().remindInterval()), clock,
                () -> {
                    byte[] id = new byte[3];
                    random.nextBytes(id);
                    return HexFormat.of().formatHex(id);
                });
        this.runner = operations != null ? operations
                : new ProposalRunner(cfg, log, out, opShells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()), gate,
                        this::holdProbes);
        this.inbox = new Inbox(clock);
        OperationBook book = new OperationBook(cfg, clock, effectLog, events, supervisor, runner, this.operations,
                inbox::post, gate);
        this.owner = new ControlOwner(cfg, out, clock, events, effectLog, supervisor, book,
                // a gate means coordination: nothing is proposed until this controller is told it leads
                gate == StepGate.OPEN ? CoordinationRole.NONE : CoordinationRole.connecting(clock.instant()), shared);
        this.prober = new Prober(cfg, out, inbox, probes, null, owner);
        inbox.start(owner::handle);
    }

    // ------------------------------------------------------------------ life

    /**
     * Reads the log (pending proposals, last failover, an interrupted operation) and the master's
     * last known position (gtid-memory.json), hands them to the owner, then cycles.
     */
    public void start() {
        Recovery.Result r = Recovery.read(cfg.stateDirectory(), log, clock.instant());
        CompletableFuture<Void> restored = new CompletableFuture<>();
        inbox.post(new Message.Restored(r, restored));
        Prober.await(restored);
        // the operations' SSH sessions are opened now, not in the first step of a failover
        for (NodeConfig n : cfg.nodes()) {
            operations.submit(() -> opShells.forNode(n).run("true", n.ssh().connectTimeout().plusSeconds(3)));
        }
        // where each node's binary log is, while its database answers: a failover may need to read it
        operations.submit(runner::rememberNodes);
        prober.start();
    }

    /** The probe cycles held back (a failover's critical path, issue 20); the prober made after the runner. */
    private ProbePause.Held holdProbes(Duration max) {
        return prober.hold(max);
    }

    /** The probes first, then the operations, then the owner after the messages it has; one controller-stop line. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        prober.close();
        operations.shutdownNow();
        inbox.stop(Duration.ofSeconds(5));
        effectLog.write(StateEntry.of(clock.instant(), cfg.clusterName(), Event.CONTROLLER_STOP, null, null,
                "in state " + owner.published().status().state(), null, ACTOR, null));
        opShells.close();
    }

    /** One probe cycle, end to end (see {@link Prober#cycle()}). Package-visible for tests that drive cycles themselves. */
    void cycle() {
        prober.cycle();
    }

    // ------------------------------------------------------------------ ControllerService

    @Override
    public ControllerStatus status() {
        ControllerStatus s = owner.published().status();
        Supplier<CoordinationView> view = coordinationView;
        return s.coordination() == null || view == null ? s : s.withCoordination(s.coordination().seen(view.get()));
    }

    /** Where status reads what the coordination sees of the three (the member, the leader, each ZooKeeper member). */
    public void showCoordination(Supplier<CoordinationView> view) {
        this.coordinationView = view;
    }

    @Override
    public List<Proposal> proposals() {
        return owner.published().proposals();
    }

    @Override
    public ActionResult ack(String proposalId, String operator, String comment) {
        return inbox.ask(new Message.Ack(proposalId, operator, comment, new Reply()), answerWithin, busy -> {
            String why = busy + "; nothing changed: try again in a moment (hactl status shows what it does)";
            Optional<Proposal> p = proposals().stream().filter(x -> x.id().equals(proposalId)).findFirst();
            return p.isPresent() ? OperatorRequests.refusedAck(effectLog, clock, cfg.clusterName(), p.get(), operator,
                    comment, why) : ActionResult.refused("not acknowledged: " + why, proposalId);
        });
    }

    @Override
    public ActionResult reject(String proposalId, String operator, String comment) {
        return inbox.ask(new Message.Reject(proposalId, operator, comment, new Reply()), answerWithin,
                busy -> ActionResult.refused("not rejected: " + busy + "; nothing changed: try again in a moment", proposalId));
    }

    @Override
    public ActionResult requestSwitchover(String node, String operator, String reason) {
        return inbox.ask(new Message.Switchover(node, operator, reason, new Reply()), answerWithin,
                busy -> OperatorRequests.refusedSwitchover(effectLog, clock, cfg.clusterName(), node, operator, reason,
                        busy + "; nothing changed: try again in a moment"));
    }

    @Override
    public ActionResult unblock(String operator, String reason) {
        return inbox.ask(new Message.Unblock(operator, reason, new Reply()), answerWithin,
                busy -> ActionResult.refused("not unblocked: " + busy + "; nothing changed: try again in a moment", null));
    }

    /**
     * A change of this controller's standing among the three (issue 16), from the coordination's
     * threads: queued for the owner, never handled here.
     */
    public void coordination(io.hactl.coordination.CoordinationEvent event) {
        inbox.post(new Message.Coordinated(event));
    }

    /**
     * The shared state changed in ZooKeeper (a decision or a request recorded, a proposal written), from
     * the watch's thread: one message for the owner, not one per change while one waits.
     */
    public void sharedChanged() {
        if (sharedQueued.compareAndSet(false, true)) {
            inbox.post(new Message.SharedChanged(sharedQueued));
        }
    }

    @Override
    public Optional<ProbeSnapshot> lastSnapshot() {
        return Optional.ofNullable(owner.published().snapshot());
    }

    @Override
    public List<OperationEntry> lastOperation() {
        return lastOperation.read();
    }

    @Override
    public TransitionLog.Contents history(Instant since) {
        return log.readAll().filter(e -> since == null || !e.time().isBefore(since));
    }

    /** Whether the owner asked for a fast re-probe after the last cycle (issue 20), for tests. */
    boolean reprobeSoon() {
        return owner.reprobeSoon();
    }

    /** The master the owner asked a focused re-probe of after the last snapshot (issue 20), for tests; null: none. */
    String focusOn() {
        return owner.focusOn();
    }

    /** Assesses {@code snap} as if its probes started at {@code startedNanos}, for tests of the order of snapshots. */
    void probed(ProbeSnapshot snap, long startedNanos) {
        prober.post(snap, startedNanos, startedNanos, false);
    }

    /** As {@link #probed(ProbeSnapshot, long)}, a focused re-probe's keeping the whole cycle started at {@code keptSince}. */
    void probedFocused(ProbeSnapshot snap, long startedNanos, long keptSince) {
        prober.post(snap, startedNanos, keptSince, true);
    }

    /** What the master watch holds a connection to after the last cycle (issue 20), for tests. */
    io.hactl.probe.MasterWatch.Target watchTarget() {
        return owner.watchTarget();
    }

    /** The messages waiting for the owner thread, for tests that queue one behind another. */
    int waiting() {
        return inbox.waiting();
    }

    /**
     * The supervisor, for tests that set it up ({@link Supervisor#restore}) while the owner waits for
     * messages; its own lock keeps that safe, the next message publishes it.
     */
    Supervisor supervisor() {
        return supervisor;
    }
}
