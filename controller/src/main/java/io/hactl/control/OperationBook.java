package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.InterruptedOperations;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import io.hactl.log.OperationEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.ProbeSnapshot;
import io.hactl.ops.db.Fencing;
import io.hactl.pair.PairLock;
import io.hactl.state.DetectionMemory;
import io.hactl.state.Effect;
import io.hactl.state.Maintenance;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * The one operation this controller runs at a time: claimed, started on the operations thread,
 * ended when that thread posts its result ({@link Message.OperationEnded}, {@link Message.FenceEnded}).
 * Also the old masters an acknowledged failover could not fence ({@link PendingFences}). Owned by the
 * owner thread: a claim is a plain check and set, nothing else runs between them. Against other
 * processes (the CLI) the pair's lock decides.
 */
final class OperationBook {

    /**
     * An acknowledged proposal (or a requested switchover, id {@code s-...}) whose operation runs;
     * {@code comment}: the acknowledgement's comment (the switchover's reason).
     */
    record Running(Proposal proposal, String who, String comment, Instant since, Maintenance.Kind kind) {

        static Running of(Proposal p, String who, String comment, Instant since) {
            return new Running(p, who, comment, since, switch (p.kind()) {
                case RESYNC, REJOIN -> Maintenance.Kind.RESYNC;
                case RESTART_SERVICES, MOVE_APP, DETACH_APP_VIP, ATTACH_APP_VIP -> Maintenance.Kind.APP;
                case FAILOVER, NODE_FAILOVER, DETACH_VIP -> Maintenance.Kind.SWITCH;
            });
        }

        boolean switchover() {
            return proposal.id().startsWith("s-");
        }

        String operation() {
            return switchover() ? "switchover" : proposal.kind().name().toLowerCase();
        }

        String describe() {
            return operation() + " " + proposal.id() + " (" + proposal.action() + ") by " + who + " since " + since;
        }

        Maintenance maintenance() {
            return new Maintenance(kind, operation(), proposal.id(), who, since);
        }
    }

    private final HactlConfig cfg;
    private final Clock clock;
    private final EffectLog log;
    private final ControllerEvents events;
    private final Supervisor supervisor;
    private final ControlLoop.Operations runner;
    private final ExecutorService operations;
    private final Consumer<Message> post;
    private final PendingFences unfenced = new PendingFences();
    private Running running;
    /** Our last operation that ended, and when its end was handled: a probe cycle that started before it is ours. */
    private Maintenance lastEnded;
    private long lastEndedNanos;

    private final StepGate gate;

    OperationBook(HactlConfig cfg, Clock clock, EffectLog log, ControllerEvents events, Supervisor supervisor,
                  ControlLoop.Operations runner, ExecutorService operations, Consumer<Message> post, StepGate gate) {
        this.gate = gate;
        this.cfg = cfg;
        this.clock = clock;
        this.log = log;
        this.events = events;
        this.supervisor = supervisor;
        this.runner = runner;
        this.operations = operations;
        this.post = post;
    }

    // ------------------------------------------------------------------ reading

    /**
     * Why no operation may start now (ours runs, another process holds the pair's lock, or this
     * controller may not start steps: a follower, a SUSPENDED leader), or null.
     */
    String busy() {
        if (running != null) {
            return "an operation runs on the pair: " + running.describe() + "; wait for it to end";
        }
        String refused = gate.refusal();
        if (refused != null) {
            return refused;
        }
        Optional<PairLock.Holder> holder = PairLock.current(cfg.stateDirectory());
        return holder.map(h -> "an operation runs on the pair: " + h.describe() + "; wait for it to end").orElse(null);
    }

    /** The operation on the pair for status: ours, else the lock's holder; null when none. */
    String describe() {
        return running != null ? running.describe()
                : PairLock.current(cfg.stateDirectory()).map(PairLock.Holder::describe).orElse(null);
    }

    /** Our own operation on the pair, else another process's (the lock's holder, a backup's marker), else null. */
    Maintenance maintenance() {
        return running != null ? running.maintenance() : others(cfg.stateDirectory());
    }

    /**
     * Another process's operation on the pair (the lock's holder, else a backup's maintenance marker),
     * or null: files only, read on the probe thread when a cycle starts.
     */
    static Maintenance others(Path stateDirectory) {
        Optional<PairLock.Holder> h = PairLock.current(stateDirectory);
        if (h.isPresent()) {
            return h.get().maintenance();
        }
        List<PairLock.Holder> m = PairLock.maintenance(stateDirectory);
        return m.isEmpty() ? null : m.get(0).maintenance();
    }

    /**
     * Our operation that ran during a probe cycle started at {@code startedNanos}: the one running, or
     * one whose end was handled after the cycle started (a snapshot taken during its last step is not
     * read as the pair's state after it). Null when none.
     */
    Maintenance ours(long startedNanos) {
        if (running != null) {
            return running.maintenance();
        }
        return lastEnded != null && lastEndedNanos - startedNanos >= 0 ? lastEnded : null;
    }

    /** The old masters waiting to be fenced (a leader hands them to the next, issue 16). */
    List<PendingFences.Pending> unfenced() {
        return unfenced.all();
    }

    /** One handed over by an earlier leader: fenced here the moment it answers, under the same acknowledgement. */
    void adoptUnfenced(PendingFences.Pending p) {
        unfenced.adopt(p);
    }

    /** One evidence line per old master waiting to be fenced, for status. */
    List<String> unfencedEvidence() {
        return unfenced.evidence();
    }

    /**
     * On coming to lead (issue 16): the operation an earlier leader left RUNNING in ZooKeeper, now
     * marked INTERRUPTED under this leader's epoch; empty when there is none, or without coordination.
     *
     * @throws IllegalStateException when it cannot be read now (no permission, ZooKeeper unavailable):
     *                               try again later
     */
    Optional<InterruptedOperations.Interrupted> takeOver() {
        SharedState shared = gate.sharedState();
        if (shared == null) {
            return Optional.empty();
        }
        StepPermission p = gate.permit();
        if (!p.granted() || p.epoch() == null) {
            throw new IllegalStateException(p.granted() ? "no epoch granted" : p.refusal());
        }
        return new InterruptedOperations(shared).takeOver(p.epoch());
    }

    // ------------------------------------------------------------------ starting

    /** Claims the pair for {@code r}; returns why not, or null when claimed. */
    private String claim(Running r) {
        String busy = busy();
        if (busy == null) {
            running = r;
        }
        return busy;
    }

    /**
     * Runs an acknowledged proposal's operation on the operations thread. When it cannot start (automatic
     * mode while another operation runs), the supervisor hears it ended, not run, and the log says why.
     */
    void start(Effect.Run r) {
        Proposal p = r.proposal();
        String why = claim(Running.of(p, r.who(), r.comment(), clock.instant()));
        if (why != null) {
            supervisor.operationEnded(p.id(), false, "not started: " + why);
            log.write(new OperationEntry(clock.instant(), cfg.clusterName(), Event.REFUSED, p.kind().name()
                    .toLowerCase(), null, null, p.node(), "refused", why, r.who(), r.comment(), null));
            return;
        }
        Running claimed = running;
        operations.submit(() -> {
            ProposalRunner.Result res;
            try {
                res = runner.run(p, r.who(), r.comment());
            } catch (RuntimeException e) {
                res = new ProposalRunner.Result(1, "failed: " + e.getMessage());
            }
            post.accept(new Message.OperationEnded(claimed, res));
        });
    }

    /** A planned switchover {@code s} to {@code node}: started on the operations thread, or why not (null: started). */
    String startSwitchover(Proposal s, NodeConfig node, String who, String reason) {
        Running claim = new Running(s, who, reason, clock.instant(), Maintenance.Kind.SWITCH);
        String busy = claim(claim);
        if (busy != null) {
            return busy;
        }
        operations.submit(() -> {
            ProposalRunner.Result res;
            try {
                res = runner.switchover(node, who, reason);
            } catch (RuntimeException e) {
                res = new ProposalRunner.Result(1, "failed: " + e.getMessage());
            }
            post.accept(new Message.OperationEnded(claim, res));
        });
        return null;
    }

    /**
     * An old master an acknowledged failover could not fence answers again: fenced now, on the
     * operations thread, under that failover's acknowledgement (its proposal id and operator in the
     * log), no second ack. Skipped while another operation runs (the next cycle tries again). Claimed
     * before the cycle is assessed, so what the node shows (writable, both VIPs) is read as that
     * fence running, not as a split brain with a second proposal for the same fence.
     */
    void fenceReturned(ProbeSnapshot snap) {
        Instant now = clock.instant();
        for (PendingFences.Pending due : unfenced.due(n -> snap.node(n)
                .map(x -> x.shell().ok() || x.db().responding()).orElse(false), n -> snap.node(n)
                .map(x -> x.db().responding()).orElse(false), now)) {
            Proposal p = due.failover();
            String rejoined = rejoined(cfg, snap, p);
            if (rejoined != null) {
                // the failover's premise is gone: fencing its old master now would leave the pair without a writer
                unfenced.drop(due.node());
                log.write(StateEntry.of(now, cfg.clusterName(), Event.DIAGNOSIS, null, null,
                        "the fence of " + due.node() + " under " + due.under() + " is no longer due: " + rejoined,
                        null, ControlLoop.ACTOR, null));
                continue;
            }
            Running claim = new Running(p, due.who(), due.comment(), now, Maintenance.Kind.SWITCH);
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
                post.accept(new Message.FenceEnded(claim, due, res));
            });
        }
    }

    /**
     * Why the fence of {@code failover}'s old master is no longer due, or null: the pair was re-joined the other way
     * (by hand, or by a leader before this one whose record did not reach here): the old master answers as a writable
     * master and the failover's target replicates from it, both threads running, read-only. Fenced, the old master
     * would leave the pair with no writable master; there is no second writer to guard against.
     */
    static String rejoined(HactlConfig cfg, ProbeSnapshot snap, Proposal failover) {
        var old = snap.node(failover.master()).map(n -> n.db()).orElse(null);
        var target = snap.node(failover.node()).map(n -> n.db()).orElse(null);
        String oldAddress = cfg.node(failover.master()).map(n -> n.address()).orElse(null);
        if (old == null || target == null || oldAddress == null || !old.responding() || old.readOnly()
                || (old.replica() != null && old.replica().running()) || !target.responding() || !target.readOnly()
                || target.replica() == null || !target.replica().running()
                || !oldAddress.equals(target.replica().masterHost())) {
            return null;
        }
        return failover.master() + " is the master again (writable) and " + failover.node() + " replicates from it"
                + " (IO and SQL threads running, read-only): the pair was re-joined with " + failover.master()
                + " as master; fencing it would leave no writable master";
    }

    // ------------------------------------------------------------------ ending

    /**
     * An operation ended: the supervisor hears it (not for a switchover, which has no proposal), the
     * detector's memory learns the new master and which nodes are fenced, an old master left unfenced
     * waits to be fenced when it answers. Returns the memory after it.
     */
    DetectionMemory ended(Message.OperationEnded e, DetectionMemory m) {
        Running r = e.operation();
        release(r);
        if (r.switchover()) {
            return m.newMaster(null);
        }
        Proposal p = r.proposal();
        ProposalRunner.Result res = e.result();
        boolean ok = res.exit() == 0;
        // a NODE_FAILOVER whose application move failed after the promotion: the failover is done
        boolean promoted = p.promotes() && (ok || res.promoted());
        supervisor.operationEnded(p.id(), ok || promoted, res.summary());
        DetectionMemory after = m;
        if (promoted) {
            // FENCED only on proof (VIP gone, read-only or down); else fenced the moment it answers
            boolean proven = res.fencing() != null && res.fencing().fenced();
            Set<String> fenced = new HashSet<>(m.fenced());
            if (proven) {
                fenced.add(p.master());
            } else {
                fenced.remove(p.master());
            }
            after = m.newMaster(p.node()).withFenced(fenced);
            if (proven && res.fencing().db() == Fencing.Db.DOWN) {
                // fenced while its database was down: a restarted MySQL comes back writable
                unfenced.addUntilReadOnly(p, r.who(), r.comment(), res.fencing());
            }
            if (!proven && res.fencing() != null) {
                unfenced.add(p, r.who(), r.comment(), res.fencing());
                log.write(new OperationEntry(clock.instant(), cfg.clusterName(), Event.NOTE,
                        p.kind() == Proposal.Kind.NODE_FAILOVER ? "node-failover" : "failover", null, null,
                        p.master(), null, res.fencing().words() + " (proposal " + p.id() + ", acknowledged by "
                        + r.who() + ")", r.who(), r.comment(), null));
            }
        } else if (ok && (p.kind() == Proposal.Kind.RESYNC || p.kind() == Proposal.Kind.REJOIN)) {
            Set<String> fenced = new HashSet<>(m.fenced());
            fenced.remove(p.node());
            after = m.withFenced(fenced);
        }
        events.operationEnded(p, ok, res.summary(), clock.instant());
        return after;
    }

    /** A returned old master's fence ended: done when it proved the node fenced, else tried again later. */
    DetectionMemory fenceEnded(Message.FenceEnded e, DetectionMemory m) {
        release(e.claim());
        Fencing f = e.result().fencing();
        unfenced.tried(e.fence(), f, clock.instant());
        if (f == null || !f.fenced()) {
            return m;
        }
        Set<String> fenced = new HashSet<>(m.fenced());
        fenced.add(e.fence().node());
        return m.withFenced(fenced);
    }

    private void release(Running r) {
        if (running == r) {
            running = null;
        }
        lastEnded = r.maintenance();
        lastEndedNanos = System.nanoTime();
    }
}
