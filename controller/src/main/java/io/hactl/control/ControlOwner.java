package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.db.GtidMemory;
import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.Diagnoser;
import io.hactl.model.Diagnosis;
import io.hactl.model.ProbeSnapshot;
import io.hactl.state.Assessment;
import io.hactl.state.DetectionMemory;
import io.hactl.state.Effect;
import io.hactl.state.Detector;
import io.hactl.state.Maintenance;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;

/**
 * What the owner thread ({@link Inbox}) does with each {@link Message}. It alone touches the
 * supervisor, the detection memory, the operation book (the running operation, the pending fences),
 * the cycles' counters and the interrupted operation; after each message it publishes an immutable
 * status and proposal list, which {@link ControlLoop#status()} and {@link ControlLoop#proposals()}
 * read from any thread.
 */
final class ControlOwner implements Prober.Word {

    /**
     * What the owner publishes after each message: read by the API's threads without waiting.
     * {@code snapshot}: the last cycle's, null before the first.
     */
    record Published(ControllerStatus status, List<Proposal> proposals, ProbeSnapshot snapshot) {
    }

    private final HactlConfig cfg;
    private final PrintWriter out;
    private final Clock clock;
    private final ControllerEvents events;
    private final EffectLog log;
    private final Diagnoser diagnoser = new Diagnoser();
    private final Detector detector;
    private final Supervisor supervisor;
    private final OperationBook book;
    private final OperatorRequests requests;
    private final QuorumAlarm quorum;
    /** With coordination: where operators' requests go and what is shared after each message; null without. */
    private final AckAnywhere anywhere;
    private DetectionMemory memory = DetectionMemory.EMPTY;
    private StatusBuilder.Cycles cycles = StatusBuilder.Cycles.NONE;
    private String interrupted;
    /** The last cycle's snapshot, for the console's pair page; null before the first. */
    private ProbeSnapshot snapshot;
    private CoordinationRole role;
    /** A leader lost mid-operation, as this controller handles it on coming to lead (issue 16). */
    private final Takeover takeover;
    private volatile Published published;
    /**
     * The master failed its last probe and nothing is decided yet, within {@code failover.down_after}: the
     * probe thread probes again after {@link Prober#REPROBE}, not a whole interval later (issue 20).
     */
    private volatile boolean reprobe;
    /** The master while it answers: the watch holds a connection to it between cycles (issue 20). */
    private volatile io.hactl.probe.MasterWatch.Target watch;
    /** The master to re-probe focused: it fails refused, its shell answers, nothing decided (issue 20); else null. */
    private volatile String focus;
    /** The master as the detection memory knows it, for the watch's wake. */
    private volatile String master;
    /** When the probes of the last assessed snapshot started ({@link System#nanoTime()}); valid once one was. */
    private long lastStarted;
    private boolean assessedOne;

    ControlOwner(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, EffectLog log,
                 Supervisor supervisor, OperationBook book, CoordinationRole role) {
        this(cfg, out, clock, events, log, supervisor, book, role, null);
    }

    /** {@code shared}: the coordination's shared state (issue 16, ack anywhere); null without coordination. */
    ControlOwner(HactlConfig cfg, PrintWriter out, Clock clock, ControllerEvents events, EffectLog log,
                 Supervisor supervisor, OperationBook book, CoordinationRole role, SharedCoordination shared) {
        this.role = role;
        this.cfg = cfg;
        this.out = out;
        this.clock = clock;
        this.events = events;
        this.log = log;
        this.detector = new Detector(cfg.failover().downAfter(), cfg.application().followDbMaster());
        this.supervisor = supervisor;
        this.book = book;
        this.requests = new OperatorRequests(cfg, clock, log, events, supervisor, book);
        this.takeover = new Takeover(book, supervisor, log, events, clock, cfg.clusterName(), out);
        this.quorum = new QuorumAlarm(cfg.clusterName(), clock, log, events, out);
        this.anywhere = shared == null ? null : new AckAnywhere(shared, requests,
                new SharedRequests(cfg.clusterName(), clock, out, log, requests),
                new Handover(cfg, supervisor, book, clock, out), out);
        publish(); // before the owner thread starts: status answers "starting" at once
    }

    Published published() {
        return published;
    }

    /** The master's database endpoint for the {@link io.hactl.probe.MasterWatch}, null when none: see {@link #cycle}. */
    @Override
    public io.hactl.probe.MasterWatch.Target watchTarget() {
        return watch;
    }

    /** Whether the next probe should come soon: see {@link #cycle}. Read by the probe thread after a cycle. */
    @Override
    public boolean reprobeSoon() {
        return reprobe;
    }

    /** The master to re-probe focused, null when none: see {@link #cycle}. Read by the probe threads. */
    @Override
    public String focusOn() {
        return focus;
    }

    @Override
    public String master() {
        return master;
    }

    /**
     * Handles one message, publishes what it changed, then answers it (a request's caller, a cycle's
     * probe thread, the starting thread). A handler that throws is said on the daemon's output; a
     * request then gets a failure naming it, nothing else is lost.
     */
    void handle(Message m) {
        ActionResult answer = null;
        try {
            answer = dispatch(m);
            if (anywhere != null) {
                anywhere.after(m, role, supervisor::pending);
            }
        } catch (RuntimeException e) {
            out.println("hactl controller: " + (m instanceof Message.Probed ? "cycle" : m.doing()) + " failed: " + e);
            out.flush();
            answer = ActionResult.failed("the controller failed while " + m.doing() + ": " + e.getMessage()
                    + " (its log: journalctl -u hactl-controller; what was done: hactl history)", null);
        } finally {
            try {
                publish();
            } catch (RuntimeException e) {
                out.println("hactl controller: status failed: " + e);
                out.flush();
            }
            if (m instanceof Message.Request r) {
                r.reply().answer(answer);
            } else if (m instanceof Message.Awaited a) {
                a.handled().complete(null);
            }
        }
    }

    /** One case per kind of message: a request's answer, null for the others. */
    private ActionResult dispatch(Message m) {
        if (m instanceof Message.Probed p) {
            cycle(p);
        } else if (m instanceof Message.Ack a) {
            return anywhere == null ? requests.ack(a) : anywhere.ack(a, role);
        } else if (m instanceof Message.Reject r) {
            return anywhere == null ? requests.reject(r) : anywhere.reject(r, role);
        } else if (m instanceof Message.Switchover s) {
            return anywhere == null ? requests.switchover(s) : anywhere.switchover(s, role);
        } else if (m instanceof Message.Unblock u) {
            return anywhere == null ? requests.unblock(u) : anywhere.unblock(u, role);
        } else if (m instanceof Message.SharedChanged c) {
            c.queued().set(false); // what changed is read after the message (AckAnywhere.after)
        } else if (m instanceof Message.OperationEnded e) {
            memory = book.ended(e, memory);
        } else if (m instanceof Message.FenceEnded f) {
            memory = book.fenceEnded(f, memory);
        } else if (m instanceof Message.Restored r) {
            restored(r.recovery());
        } else if (m instanceof Message.Coordinated c) {
            coordinated(c);
        } else {
            throw new IllegalStateException("no handler for message " + m.getClass().getSimpleName());
        }
        return null;
    }

    private void publish() {
        ControllerStatus status = StatusBuilder.build(cfg, supervisor, book,
                takeover.line() != null ? takeover.line() : interrupted, cycles, role);
        if (anywhere == null) {
            published = new Published(status, role.proposes() ? List.copyOf(supervisor.proposals()) : List.of(),
                    snapshot);
        } else {
            // a follower lists what the leader published (issue 16, ack anywhere)
            published = new Published(anywhere.shared(status, role),
                    role.proposes() ? List.copyOf(supervisor.proposals()) : anywhere.followerView(), snapshot);
        }
    }

    /**
     * A change of standing among the three. A controller that comes to lead announces the proposals
     * it holds (made while it followed, never written or alerted then): the leader is the one that
     * proposes.
     */
    private void coordinated(Message.Coordinated c) {
        boolean proposed = role.proposes();
        CoordinationRole before = role;
        role = role.next(c.event());
        out.println("hactl controller: " + c.event().text());
        out.flush();
        quorum.changed(before, role, c.event());
        if (!proposed && role.proposes()) {
            List<Effect> pending = supervisor.pending().stream().<Effect>map(Effect.ProposalMade::new).toList();
            log.handle(pending, ControlLoop.ACTOR, null, supervisor::state, book::start);
        }
        if (c.event() instanceof io.hactl.coordination.CoordinationEvent.LeadershipGained g) {
            takeover.takeOver(g.epoch());
        }
    }

    /**
     * The start: the pending proposals, the last failover and application move, the detector's memory,
     * the proposals that expired meanwhile and an operation found interrupted come back from the log.
     */
    private void restored(Recovery.Result r) {
        supervisor.restore(r.pending(), r.lastFailoverAt(), r.lastAppMoveAt());
        memory = r.memory();
        log.write(StateEntry.of(clock.instant(), cfg.clusterName(), Event.CONTROLLER_START, null, null,
                "pid " + ProcessHandle.current().pid() + ", probe interval "
                        + cfg.probe().interval().toMillis() + " ms, failover mode "
                        + cfg.failover().mode().name().toLowerCase() + "; " + r.summary(), r.evidence(),
                ControlLoop.ACTOR, null));
        for (Proposal p : r.expiredWhileDown()) {
            log.write(ProposalEntry.of(clock.instant(), cfg.clusterName(), Event.EXPIRE, p, null, ControlLoop.ACTOR,
                    "expired while the controller was not running"));
        }
        if (r.interrupted() != null) {
            interrupted = "INTERRUPTED at the last controller start: " + r.interrupted();
            log.write(StateEntry.of(clock.instant(), cfg.clusterName(), Event.INTERRUPTED, null, null,
                    "INTERRUPTED: " + r.interrupted(), r.interruptedEvidence(), ControlLoop.ACTOR, null));
            events.interrupted("INTERRUPTED: " + r.interrupted(), r.interruptedEvidence(), clock.instant());
        }
    }

    /**
     * The master failed a probe, is not declared down, and has failed for less than {@code failover.down_after}:
     * the next probe should come soon. Past down_after undecided (nobody confirms), the interval again.
     */
    private boolean reprobe(DetectionMemory m, ProbeSnapshot snap) {
        if (m.failingSince() == null || m.declaredDown()) {
            return false;
        }
        java.time.Instant end = snap.elapsed() == null ? snap.takenAt() : snap.takenAt().plus(snap.elapsed());
        return java.time.Duration.between(m.failingSince(), end).compareTo(cfg.failover().downAfter()) < 0;
    }

    /**
     * One probe cycle's assessment: a returned old master fenced first, then the diagnosis, the
     * detector (fed the stored positions and our own operation on the pair), the supervisor's
     * decisions and their effects.
     */
    private void cycle(Message.Probed p) {
        if (assessedOne && p.startedNanos() - lastStarted < 0) {
            // a whole cycle that ran while a focused re-probe looked again (issue 20): its look at the master and
            // the replica is older than the one assessed, and would undo what that one saw
            return;
        }
        assessedOne = true;
        lastStarted = p.startedNanos();
        ProbeSnapshot snap = p.snapshot();
        snapshot = snap;
        // an operation of ours that ran while the probes ran makes the whole cycle ours: a snapshot
        // taken during its last step is not read as the pair's state after it — nor a focused re-probe
        // that keeps what a whole cycle saw during it (the new master still a read-only replica)
        Maintenance before = book.ours(p.keptSinceNanos());
        if (before == null) {
            before = p.lockHolder();
        }
        book.fenceReturned(snap);
        Maintenance after = book.maintenance();
        Diagnosis<DbCode> db = diagnoser.diagnoseDb(snap);
        Diagnosis<AppCode> app = diagnoser.diagnoseApp(snap);
        DetectionMemory m = GtidMemory.feed(memory, p.stored());
        Assessment a = detector.assess(snap, db, app, before != null ? before : after, m);
        memory = a.memory();
        reprobe = reprobe(memory, snap);
        focus = reprobe && refusedWithShell(snap, memory.master()) ? memory.master() : null;
        master = memory.master();
        watch = memory.master() == null || memory.failingSince() != null || cfg.database() == null ? null
                : cfg.node(memory.master()).map(n -> new io.hactl.probe.MasterWatch.Target(n.address(),
                        cfg.database().port())).orElse(null);
        if (role.kind() == CoordinationRole.Kind.LEADER) {
            takeover.takeOver(role.epoch()); // again, when coming to lead could not read ZooKeeper
            log.handle(takeover.afterCycle(supervisor.observe(a), p.keptSinceNanos()), ControlLoop.ACTOR, null,
                    supervisor::state, book::start);
        } else if (role.proposes()) {
            log.handle(supervisor.observe(a), ControlLoop.ACTOR, null, supervisor::state, book::start);
        } else {
            log.handleAsFollower(supervisor.observe(a), ControlLoop.ACTOR, null, supervisor::state, book::start);
        }
        if (!p.focused()) {
            cycles = cycles.next(clock.instant(), (System.nanoTime() - p.startedNanos()) / 1_000_000);
        }
    }

    /**
     * The master's database port refuses connections and its shell answers: what a crash looks like before
     * all of it is seen (the replica not refused yet, the process not gone yet), and what a focused re-probe
     * can finish seeing. A timeout or no shell (a partition, a hung server) is left to the whole cycles.
     */
    private static boolean refusedWithShell(ProbeSnapshot snap, String master) {
        return master != null && snap.node(master).map(n -> !n.db().responding() && n.shell().ok()
                && n.db().failure() == io.hactl.model.DbProbe.Failure.REFUSED).orElse(false);
    }
}
