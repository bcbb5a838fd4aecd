package io.hactl.state;

import io.hactl.model.Severity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The controller's pure core: feeds each cycle's {@link Assessment} to the {@link ClusterMachine},
 * keeps the proposals, and returns what to do as {@link Effect}s (log, alert, run). No I/O;
 * time from an injected clock. Thread-safe (one lock).
 *
 * <ul>
 *   <li>A proposal is made when the state calls for one (its {@link Assessment#remedy()}):
 *       FAILOVER through the machine (guarded: anti-flapping, a replica to promote),
 *       DETACH_VIP, RESYNC and REJOIN directly. One per condition; a rejected one is not made
 *       again until the condition ends; an expired one is made again with fresh evidence.
 *   <li>A pending proposal is withdrawn when its condition ends (the master answers again).
 *   <li>Automatic mode: a proposal runs by itself at its {@code runAt} unless rejected.
 *   <li>Warning and critical states are reminded every {@code remindInterval}.
 * </ul>
 */
public final class Supervisor {

    /** @param automatic failover.mode automatic; {@code grace} is then the delay before a proposal runs */
    public record Settings(Duration downAfter, Duration blockPeriod, Duration proposalExpiry, boolean automatic,
                           Duration grace, Duration remindInterval) {
    }

    /** The answer to an operator's ack or reject. */
    public record Decision(Proposal proposal, Veto veto, List<Effect> effects) {
        public boolean accepted() {
            return veto == null;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final Supplier<String> ids;
    private ClusterMachine machine;
    private final Map<String, Proposal> proposals = new LinkedHashMap<>();
    private final Set<String> declined = new HashSet<>();
    private Assessment last;
    private Instant since;
    private Instant lastReminder;
    private Instant lastFailoverAt;
    private String blockedReported;

    public Supervisor(Settings settings, Clock clock, Supplier<String> ids) {
        this.settings = settings;
        this.clock = clock;
        this.ids = ids;
        this.machine = ClusterMachine.create();
        this.since = clock.instant();
    }

    // ------------------------------------------------------------------ restart

    /** A controller restarting from its log: pending proposals and the last failover come back. */
    public synchronized void restore(List<Proposal> pending, Instant lastFailover) {
        pending.forEach(p -> proposals.put(p.id(), p));
        this.lastFailoverAt = lastFailover;
        if (pending.stream().anyMatch(p -> p.kind() == Proposal.Kind.FAILOVER)) {
            machine = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        }
    }

    // ------------------------------------------------------------------ each cycle

    public synchronized List<Effect> observe(Assessment observed) {
        Instant now = clock.instant();
        Assessment a = whyNoFailover(observed, now);
        List<Effect> fx = new ArrayList<>();
        Assessment prev = last;
        last = a;
        ClusterState before = machine.state();
        ClusterMachine.Fired f = machine.fire(ClusterEvent.seen(a.observed()), inputs(now, a, null));
        if (f.changed()) {
            since = now;
            lastReminder = now;
            fx.add(new Effect.StateChanged(f.from(), f.to(), a.sentence(), a.evidence()));
        } else if (prev != null && !sameView(prev, a)) {
            fx.add(new Effect.DiagnosisChanged(machine.state(), a.sentence(), a.evidence()));
        }
        if (prev == null || prev.app() != a.app()) {
            fx.add(new Effect.AppStateChanged(prev == null ? null : prev.app(), a.app(), a.appSentence()));
        }
        withdrawStale(a, now, fx);
        expire(now, fx);
        propose(a, now, fx);
        runDue(now, fx);
        remind(now, before, fx);
        return fx;
    }

    /**
     * A MASTER_DOWN assessment says "failover to n2 possible"; when no failover will be proposed
     * (the anti-flapping block, a replica that cannot take over, a rejection) or one already
     * waits, the sentence says that instead, with how to lift a block, so the status never
     * promises what the log refuses.
     */
    private Assessment whyNoFailover(Assessment a, Instant now) {
        if (a.remedy() != Proposal.Kind.FAILOVER || a.other() == null) {
            return a;
        }
        String possible = Detector.failoverPossible(a.other());
        if (!a.sentence().contains(possible)) {
            return a;
        }
        Optional<Proposal> pending = pendingFor(Proposal.Kind.FAILOVER, a.other());
        if (pending.isPresent()) {
            return a.withSentence(a.sentence().replace(possible, "failover to " + a.other() + " proposed ("
                    + pending.get().id() + ": hactl ack " + pending.get().id() + " or hactl reject " + pending.get().id()
                    + ")"));
        }
        if (declined.contains(key(Proposal.Kind.FAILOVER, a.other()))) {
            return a.withSentence(a.sentence().replace(possible, "failover to " + a.other() + " NOT proposed (rejected:"
                    + " no new proposal while " + a.master() + " stays down; by hand: hactl db-master-set --node "
                    + a.other() + ")"));
        }
        Optional<Veto> veto = Guards.failoverAllowed(inputs(now, a, null));
        if (veto.isEmpty()) {
            return a;
        }
        Veto v = veto.get();
        String word = v.reason().startsWith("failover blocked") ? "BLOCKED" : "NOT possible";
        return a.withSentence(a.sentence().replace(possible, "failover to " + a.other() + " " + word + " (" + v.reason()
                + (v.override() == null ? "" : "; " + v.override()) + ")"));
    }

    private void withdrawStale(Assessment a, Instant now, List<Effect> fx) {
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && !stillCalledFor(p, a)) {
                Proposal w = p.decided(Proposal.Status.WITHDRAWN, "controller", now, "no longer called for: " + a.sentence());
                proposals.put(p.id(), w);
                fx.add(new Effect.ProposalClosed(w, "withdraw"));
            }
        }
        declined.removeIf(key -> a.remedy() == null || !key.equals(key(a.remedy(), a.other())));
        if (a.observed() != ClusterState.MASTER_DOWN) {
            blockedReported = null;
        }
    }

    private static boolean stillCalledFor(Proposal p, Assessment a) {
        return a.remedy() == p.kind() && p.node().equals(a.other());
    }

    private void expire(Instant now, List<Effect> fx) {
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && !now.isBefore(p.expiresAt())) {
                Proposal x = p.decided(Proposal.Status.EXPIRED, "controller", now,
                        "not acknowledged within " + Texts.duration(settings.proposalExpiry()));
                proposals.put(p.id(), x);
                if (p.kind() == Proposal.Kind.FAILOVER) {
                    machine.fire(ClusterEvent.EXPIRE_FAILOVER, inputs(now, last, x));
                }
                fx.add(new Effect.ProposalClosed(x, "expire"));
            }
        }
    }

    private void propose(Assessment a, Instant now, List<Effect> fx) {
        if (a.remedy() == null || a.other() == null) {
            return;
        }
        String key = key(a.remedy(), a.other());
        if (declined.contains(key) || pendingFor(a.remedy(), a.other()).isPresent()) {
            return;
        }
        Proposal p = newProposal(a, now);
        if (a.remedy() == Proposal.Kind.FAILOVER) {
            ClusterMachine.Fired f = machine.fire(ClusterEvent.PROPOSE_FAILOVER, inputs(now, a, p));
            if (!f.accepted()) {
                Veto v = f.veto().orElse(new Veto("the state machine refused the proposal in state " + f.from(), null));
                if (!v.reason().equals(blockedReported)) {
                    blockedReported = v.reason();
                    fx.add(new Effect.Blocked(v));
                }
                return;
            }
            since = now;
            fx.add(new Effect.StateChanged(f.from(), f.to(), "failover proposed: " + p.action() + " (" + p.id() + "); "
                    + p.risk(), p.evidence()));
        }
        proposals.put(p.id(), p);
        fx.add(new Effect.ProposalMade(p));
    }

    private Proposal newProposal(Assessment a, Instant now) {
        String action = switch (a.remedy()) {
            case FAILOVER -> "promote " + a.other() + " to master; fence " + a.master() + " if it can be reached"
                    + " (read-only, DB VIP detached)";
            case DETACH_VIP -> "fence " + a.other() + ": detach the DB VIP from it and make it read-only; "
                    + a.master() + " stays master";
            case RESYNC -> "rebuild " + a.other() + " from master " + a.master() + ": copy the data, then replicate"
                    + " from the copy's GTID position";
            case REJOIN -> "make " + a.other() + " a replica of master " + a.master() + " again (GTID)";
            case RESTART_SERVICES -> "start the services on " + a.other() + " again, in the configured order (hactl start)";
            case MOVE_APP -> "make " + a.other() + " the active application server (app VIP and services; hactl"
                    + " master-set)";
            case DETACH_APP_VIP -> "detach the app VIP from " + a.other() + " and stop its services there; "
                    + a.master() + " keeps it (hactl master-unset)";
            case ATTACH_APP_VIP -> "attach the app VIP on " + a.other() + ", where the services run (hactl master-set)";
            case NODE_FAILOVER -> "promote " + a.other() + " to DB master, move the DB VIP and the app VIP to it, start"
                    + " the services there; " + a.master() + " is fenced if it can be reached";
        };
        String risk = a.remedy() == Proposal.Kind.FAILOVER || a.remedy() == Proposal.Kind.RESYNC && a.risk() != null
                ? a.risk()
                : a.remedy() == Proposal.Kind.RESYNC ? a.other() + "'s own transactions (those " + a.master()
                        + " lacks, named above: committed on " + a.other() + ", never received by " + a.master()
                        + ") are discarded by the rebuild; save them first if they matter (mysqlbinlog on " + a.other()
                        + ")" : "none: " + a.other() + " loses nothing";
        Instant runAt = settings.automatic() ? now.plus(settings.grace()) : null;
        return new Proposal("p-" + ids.get(), a.remedy(), a.other(), a.master(), action, a.sentence(), a.evidence(),
                risk, now, now.plus(settings.proposalExpiry()), runAt, Proposal.Status.PENDING, null, null, null);
    }

    private void runDue(Instant now, List<Effect> fx) {
        if (!settings.automatic()) {
            return;
        }
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && p.runAt() != null && !now.isBefore(p.runAt())) {
                Decision d = ack(p.id(), "controller (failover.mode automatic)", "grace period of "
                        + Texts.duration(settings.grace()) + " passed without a rejection");
                fx.addAll(d.effects());
            }
        }
    }

    private void remind(Instant now, ClusterState before, List<Effect> fx) {
        ClusterState s = machine.state();
        if (s.severity() == Severity.OK || s == ClusterState.SWITCHING || s == ClusterState.RESYNCING
                || settings.remindInterval() == null || settings.remindInterval().isZero()) {
            return;
        }
        if (s == before && lastReminder != null && !now.isBefore(lastReminder.plus(settings.remindInterval()))) {
            lastReminder = now;
            fx.add(new Effect.Reminder(s, last.sentence(), Duration.between(since, now)));
        }
    }

    // ------------------------------------------------------------------ operators

    public synchronized Decision ack(String id, String who, String comment) {
        Instant now = clock.instant();
        Proposal p = proposals.get(id);
        if (p == null) {
            return new Decision(null, new Veto("no proposal " + id, "hactl proposals lists them"), List.of());
        }
        if (p.kind() == Proposal.Kind.FAILOVER) {
            ClusterMachine.Fired f = machine.fire(ClusterEvent.ACK_FAILOVER, inputs(now, last, p));
            if (!f.accepted()) {
                return new Decision(p, f.veto().orElse(new Veto("proposal " + id + " cannot be acknowledged in state "
                        + f.from(), null)), List.of());
            }
            Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, who, now, comment);
            proposals.put(id, acked);
            since = now;
            return new Decision(acked, null, List.of(
                    new Effect.StateChanged(f.from(), f.to(), "failover acknowledged by " + who + ": " + acked.action(),
                            acked.evidence()),
                    new Effect.Run(acked, who, comment)));
        }
        if (!p.pending()) {
            return new Decision(p, new Veto("proposal " + id + " is " + p.status().name().toLowerCase()
                    + (p.decidedBy() == null ? "" : " (by " + p.decidedBy() + ")"), "hactl proposals"), List.of());
        }
        if (!now.isBefore(p.expiresAt())) {
            return new Decision(p, new Veto("proposal " + id + " expired", "hactl proposals"), List.of());
        }
        Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, who, now, comment);
        proposals.put(id, acked);
        // the state says at once that the operation runs (it may end before the next cycle sees it)
        ClusterState running = p.kind() == Proposal.Kind.DETACH_VIP ? ClusterState.SWITCHING : ClusterState.RESYNCING;
        ClusterMachine.Fired f = machine.fire(ClusterEvent.seen(running), inputs(now, last, acked));
        List<Effect> fx = new ArrayList<>();
        if (f.changed()) {
            since = now;
            fx.add(new Effect.StateChanged(f.from(), f.to(), p.kind().name().toLowerCase() + " acknowledged by " + who
                    + ": " + acked.action(), acked.evidence()));
        }
        fx.add(new Effect.Run(acked, who, comment));
        return new Decision(acked, null, fx);
    }

    public synchronized Decision reject(String id, String who, String comment) {
        Instant now = clock.instant();
        Proposal p = proposals.get(id);
        if (p == null) {
            return new Decision(null, new Veto("no proposal " + id, "hactl proposals lists them"), List.of());
        }
        if (!p.pending()) {
            return new Decision(p, new Veto("proposal " + id + " is " + p.status().name().toLowerCase()
                    + " already", null), List.of());
        }
        Proposal r = p.decided(Proposal.Status.REJECTED, who, now, comment);
        proposals.put(id, r);
        declined.add(key(p.kind(), p.node()));
        List<Effect> fx = new ArrayList<>();
        if (p.kind() == Proposal.Kind.FAILOVER) {
            ClusterMachine.Fired f = machine.fire(ClusterEvent.REJECT_FAILOVER, inputs(now, last, r));
            if (f.changed()) {
                since = now;
                fx.add(new Effect.StateChanged(f.from(), f.to(), "failover rejected by " + who
                        + (comment == null ? "" : " (" + comment + ")") + ": no new proposal while " + p.master()
                        + " stays down; to fail over by hand: hactl db-master-set --node " + p.node(), p.evidence()));
            }
        }
        return new Decision(r, null, fx);
    }

    /** The operation of an acknowledged proposal ended. A successful failover starts the block period. */
    public synchronized void operationEnded(String proposalId, boolean ok, String summary) {
        Instant now = clock.instant();
        Proposal p = proposals.get(proposalId);
        if (p != null) {
            proposals.put(proposalId, p.decided(ok ? Proposal.Status.DONE : Proposal.Status.FAILED, p.decidedBy(),
                    p.decidedAt(), summary));
            if (ok && p.kind() == Proposal.Kind.FAILOVER) {
                lastFailoverAt = now;
            }
        }
    }

    /** Lifts the anti-flapping block. */
    public synchronized void unblock() {
        lastFailoverAt = null;
        blockedReported = null;
    }

    // ------------------------------------------------------------------ reading

    public synchronized ClusterState state() {
        return machine.state();
    }

    public synchronized Instant since() {
        return since;
    }

    public synchronized Assessment last() {
        return last;
    }

    /** Pending first, then the others, newest first. */
    public synchronized List<Proposal> proposals() {
        List<Proposal> all = new ArrayList<>(proposals.values());
        java.util.Collections.reverse(all);
        all.sort(java.util.Comparator.comparing((Proposal p) -> !p.pending()));
        return all;
    }

    public synchronized List<Proposal> pending() {
        return proposals.values().stream().filter(Proposal::pending).toList();
    }

    public synchronized Optional<Proposal> proposal(String id) {
        return Optional.ofNullable(proposals.get(id));
    }

    /** Why a failover would not be proposed now (the anti-flapping block), or empty. */
    public synchronized Optional<Veto> failoverBlock() {
        GuardInputs in = inputs(clock.instant(), last, null);
        if (in.blockedUntil() == null) {
            return Optional.empty();
        }
        return Guards.failoverAllowed(in).filter(v -> v.reason().startsWith("failover blocked"));
    }

    public synchronized Instant lastFailoverAt() {
        return lastFailoverAt;
    }

    public ClusterMachine machine() {
        return machine;
    }

    private GuardInputs inputs(Instant now, Assessment a, Proposal p) {
        return new GuardInputs(now, lastFailoverAt, settings.blockPeriod(), a, p);
    }

    private Optional<Proposal> pendingFor(Proposal.Kind kind, String node) {
        return proposals.values().stream().filter(p -> p.pending() && p.kind() == kind && p.node().equals(node)).findFirst();
    }

    private static String key(Proposal.Kind kind, String node) {
        return kind + "/" + node;
    }

    private static boolean sameView(Assessment a, Assessment b) {
        return a.dbCode() == b.dbCode() && a.observed() == b.observed() && java.util.Objects.equals(a.master(), b.master())
                && a.nodes().equals(b.nodes());
    }
}
