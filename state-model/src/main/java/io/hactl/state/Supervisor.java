package io.hactl.state;

import io.hactl.model.DurationText;
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
 *       FAILOVER and NODE_FAILOVER through the machine (guarded: anti-flapping, a replica to
 *       promote), DETACH_VIP, RESYNC and REJOIN directly. The application's remedy
 *       ({@link Assessment#appRemedy()}: RESTART_SERVICES, MOVE_APP, DETACH_APP_VIP,
 *       ATTACH_APP_VIP) is proposed next to it, the machine untouched. One per condition; a
 *       rejected one is not made again until the condition ends; an expired one is made again
 *       with fresh evidence.
 *   <li>A pending proposal is withdrawn when its condition ends (the master answers again, the
 *       services answer again).
 *   <li>Automatic mode: a proposal runs by itself at its {@code runAt} unless rejected.
 *   <li>Anti-flapping: no failover for {@code blockPeriod} after a failover (FAILOVER or
 *       NODE_FAILOVER) was done; no MOVE_APP for {@code blockPeriod} after a MOVE_APP or a
 *       NODE_FAILOVER was done ({@link #appMoveBlock()}); {@link #unblock()} lifts both.
 *   <li>Never two active application servers: no RESTART_SERVICES, MOVE_APP or ATTACH_APP_VIP
 *       while the other node's copies of the services still answer on their ports and the
 *       operation would not stop them first ({@link Effect.AppBlocked}, once per condition).
 *   <li>Warning and critical states are reminded every {@code remindInterval}, the database's
 *       and the application's.
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
    private Instant lastAppMoveAt;
    private String appBlockedReported;
    private Instant appSince;
    private Instant lastAppReminder;

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
        restore(pending, lastFailover, null);
    }

    /**
     * A controller restarting from its log: pending proposals, the last failover and the last move of
     * the application (a done MOVE_APP or NODE_FAILOVER; null when none) come back, and their blocks.
     */
    public synchronized void restore(List<Proposal> pending, Instant lastFailover, Instant lastAppMove) {
        pending.forEach(p -> proposals.put(p.id(), p));
        this.lastFailoverAt = lastFailover;
        this.lastAppMoveAt = lastAppMove;
        if (pending.stream().anyMatch(Proposal::promotes)) {
            machine = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        }
    }

    /**
     * A new leader takes the anti-flapping block its predecessor kept (issue 16, shared state): the
     * later of each time, its own or the one handed over (null: none); nothing else changes.
     */
    public synchronized void adoptBlocks(Instant lastFailover, Instant lastAppMove) {
        lastFailoverAt = later(lastFailoverAt, lastFailover);
        lastAppMoveAt = later(lastAppMoveAt, lastAppMove);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }

    /**
     * A new leader found the operation its predecessor left INTERRUPTED (issue 16) and re-probed the
     * pair: each pending proposal, what this cycle's assessment calls for (resume what was left, or
     * repair), carries {@code context} (where the operation stopped: its last finished step, the step
     * in flight) first in its evidence and {@code risk} before its own risk. It waits for an
     * acknowledgement even in automatic mode: an operation stopped half-way is not re-run on a timer.
     *
     * @return the proposals so changed, to announce again; empty when the pair calls for nothing
     */
    public synchronized List<Proposal> afterInterrupted(List<String> context, String risk) {
        List<Proposal> changed = new ArrayList<>();
        for (Proposal p : List.copyOf(proposals.values())) {
            if (!p.pending()) {
                continue;
            }
            List<String> evidence = new ArrayList<>(context);
            evidence.addAll(p.evidence());
            Proposal q = new Proposal(p.id(), p.kind(), p.node(), p.master(), p.action(), p.sentence(),
                    List.copyOf(evidence), risk + "; " + p.risk(), p.createdAt(), p.expiresAt(), null, p.status(),
                    p.decidedBy(), p.decidedAt(), p.comment());
            proposals.put(q.id(), q);
            changed.add(q);
        }
        return changed;
    }

    // ------------------------------------------------------------------ each cycle

    public synchronized List<Effect> observe(Assessment observed) {
        Instant now = clock.instant();
        Assessment a = whyNoAppProposal(whyNoFailover(observed, now), now);
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
            appSince = now;
            lastAppReminder = now;
            fx.add(new Effect.AppStateChanged(prev == null ? null : prev.app(), a.app(), a.appSentence()));
        }
        withdrawStale(a, now, fx);
        expire(now, fx);
        propose(a, now, fx);
        proposeApp(a, now, fx);
        runDue(now, fx);
        remind(now, before, fx);
        remindApp(now, fx);
        return fx;
    }

    /**
     * A MASTER_DOWN assessment says "failover to n2 possible"; when no failover will be proposed
     * (the anti-flapping block, a replica that cannot take over, a rejection) or one already
     * waits, the sentence says that instead, with how to lift a block, so the status never
     * promises what the log refuses.
     */
    private Assessment whyNoFailover(Assessment a, Instant now) {
        if (a.remedy() == null || !a.remedy().promotes() || a.other() == null) {
            return a;
        }
        String possible = Detector.failoverPossible(a.other());
        if (!a.sentence().contains(possible)) {
            return a;
        }
        Optional<Proposal> pending = pendingFor(a.remedy(), a.other());
        if (pending.isPresent()) {
            return a.withSentence(a.sentence().replace(possible, "failover to " + a.other() + " proposed ("
                    + pending.get().id() + ": hactl ack " + pending.get().id() + " or hactl reject " + pending.get().id()
                    + ")"));
        }
        if (declined.contains(key(a.remedy(), a.other()))) {
            return a.withSentence(a.sentence().replace(possible, "failover to " + a.other() + " NOT proposed (rejected:"
                    + " no new proposal while " + a.master() + " stays down; by hand: hactl db-master-set --node "
                    + a.other() + (a.remedy() == Proposal.Kind.NODE_FAILOVER ? ", then hactl master-set --node " + a.other()
                    : "") + ")"));
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

    /**
     * The application's sentence says "restart of the services on n1 possible" when its remedy is
     * due; when no proposal will be made (the move block, two active application servers, a
     * rejection) or one already waits, it says that instead, as {@link #whyNoFailover} does.
     */
    private Assessment whyNoAppProposal(Assessment a, Instant now) {
        Assessment.AppRemedy r = a.appRemedy();
        if (r == null || a.appSentence() == null) {
            return a;
        }
        String possible = AppDetector.possible(r.kind(), r.node());
        if (!a.appSentence().contains(possible)) {
            return a;
        }
        String words = AppDetector.words(r.kind(), r.node());
        Optional<Veto> veto = appVeto(a, r, now);
        if (veto.isPresent()) {
            Veto v = veto.get();
            String word = v.reason().startsWith("application move blocked") ? "BLOCKED" : "NOT proposed";
            return a.withAppSentence(a.appSentence().replace(possible, words + " " + word + " (" + v.reason()
                    + (v.override() == null ? "" : "; " + v.override()) + ")"));
        }
        Optional<Proposal> pending = pendingFor(r.kind(), r.node());
        if (pending.isPresent()) {
            String id = pending.get().id();
            return a.withAppSentence(a.appSentence().replace(possible, words + " proposed (" + id + ": hactl ack " + id
                    + " or hactl reject " + id + ")"));
        }
        if (declined.contains(key(r.kind(), r.node()))) {
            return a.withAppSentence(a.appSentence().replace(possible, words + " NOT proposed (rejected: no new proposal"
                    + " while this condition stands; by hand: " + byHand(r.kind(), r.node()) + ")"));
        }
        return a;
    }

    /** The CLI command that does what an application proposal would. */
    private static String byHand(Proposal.Kind kind, String node) {
        return switch (kind) {
            case RESTART_SERVICES -> "hactl start --node " + node;
            case DETACH_APP_VIP -> "hactl master-unset --node " + node;
            default -> "hactl master-set --node " + node;
        };
    }

    /**
     * Why the application's remedy may not be proposed now: two active application servers (the
     * other node's copies still answer and the operation would not stop them first), or, for a
     * move, the move block.
     */
    private Optional<Veto> appVeto(Assessment a, Assessment.AppRemedy r, Instant now) {
        if (r.kind().startsServices() && !r.stillAnswering().isEmpty()) {
            String other = r.kind() == Proposal.Kind.MOVE_APP ? r.master() : a.nodes().keySet().stream()
                    .filter(n -> !n.equals(r.node())).findFirst().orElse("the other node");
            return Optional.of(new Veto("no " + AppDetector.words(r.kind(), r.node()) + ": the other node's copies still"
                    + " answer on their ports (" + String.join(", ", r.stillAnswering()) + "): two active application"
                    + " servers", "stop them there first: hactl stop --node " + other));
        }
        if (r.kind() == Proposal.Kind.MOVE_APP) {
            return moveBlock(now);
        }
        return Optional.empty();
    }

    private Optional<Veto> moveBlock(Instant now) {
        if (lastAppMoveAt == null || settings.blockPeriod() == null || settings.blockPeriod().isZero()) {
            return Optional.empty();
        }
        Instant until = lastAppMoveAt.plus(settings.blockPeriod());
        if (!now.isBefore(until)) {
            return Optional.empty();
        }
        return Optional.of(new Veto("application move blocked until " + Texts.utc(until) + ": the application moved at "
                + Texts.utc(lastAppMoveAt) + " (anti-flapping, failover.block_period "
                + DurationText.config(settings.blockPeriod()) + ")", "to allow one now: hactl unblock --reason TEXT"));
    }

    private void withdrawStale(Assessment a, Instant now, List<Effect> fx) {
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && !stillCalledFor(p, a, now)) {
                Proposal w = p.decided(Proposal.Status.WITHDRAWN, "controller", now, "no longer called for: "
                        + (p.kind().application() ? a.appSentence() : a.sentence()));
                proposals.put(p.id(), w);
                if (p.promotes() && machine.state() == ClusterState.FAILOVER_PROPOSED) {
                    // the master stays down, but the proposal changes kind: the machine leaves FAILOVER_PROPOSED
                    ClusterMachine.Fired f = machine.fire(ClusterEvent.WITHDRAW_FAILOVER, inputs(now, a, w));
                    if (f.changed()) {
                        since = now;
                        fx.add(new Effect.StateChanged(f.from(), f.to(), "failover proposal " + p.id() + " withdrawn: "
                                + a.sentence(), a.evidence()));
                    }
                }
                fx.add(new Effect.ProposalClosed(w, "withdraw"));
            }
        }
        String dbKey = a.remedy() == null ? null : key(a.remedy(), a.other());
        String appKey = a.appRemedy() == null ? null : key(a.appRemedy().kind(), a.appRemedy().node());
        declined.removeIf(key -> !key.equals(dbKey) && !key.equals(appKey));
        if (a.observed() != ClusterState.MASTER_DOWN) {
            blockedReported = null;
        }
        if (a.appRemedy() == null) {
            appBlockedReported = null;
        }
    }

    private boolean stillCalledFor(Proposal p, Assessment a, Instant now) {
        if (p.kind().application()) {
            Assessment.AppRemedy r = a.appRemedy();
            return r != null && r.kind() == p.kind() && r.node().equals(p.node())
                    && !(r.kind().startsServices() && !r.stillAnswering().isEmpty());
        }
        return a.remedy() == p.kind() && p.node().equals(a.other());
    }

    private void expire(Instant now, List<Effect> fx) {
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && !now.isBefore(p.expiresAt())) {
                Proposal x = p.decided(Proposal.Status.EXPIRED, "controller", now,
                        "not acknowledged within " + DurationText.config(settings.proposalExpiry()));
                proposals.put(p.id(), x);
                if (p.promotes()) {
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
        Proposal p = newProposal(a.remedy(), a.other(), a.master(), a.sentence(), a.evidence(), dbRisk(a), now);
        if (a.remedy().promotes()) {
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
            fx.add(new Effect.StateChanged(f.from(), f.to(), failover(p.kind()) + " proposed: " + p.action() + " ("
                    + p.id() + "); " + p.risk(), p.evidence()));
        }
        proposals.put(p.id(), p);
        fx.add(new Effect.ProposalMade(p));
    }

    /** The application's remedy, next to the database's: the machine untouched. */
    private void proposeApp(Assessment a, Instant now, List<Effect> fx) {
        Assessment.AppRemedy r = a.appRemedy();
        if (r == null) {
            return;
        }
        String key = key(r.kind(), r.node());
        if (declined.contains(key) || pendingFor(r.kind(), r.node()).isPresent()) {
            return;
        }
        Optional<Veto> veto = appVeto(a, r, now);
        if (veto.isPresent()) {
            String reported = key + ": " + veto.get().reason();
            if (!reported.equals(appBlockedReported)) {
                appBlockedReported = reported;
                fx.add(new Effect.AppBlocked(r.kind(), r.node(), veto.get()));
            }
            return;
        }
        Proposal p = newProposal(r.kind(), r.node(), r.master(), r.sentence(), r.evidence(), r.risk(), now);
        proposals.put(p.id(), p);
        fx.add(new Effect.ProposalMade(p));
    }

    /** What an acknowledged database proposal that is not a failover shows at once: its operation runs. */
    static ClusterState runningState(Proposal.Kind kind) {
        return kind == Proposal.Kind.DETACH_VIP ? ClusterState.SWITCHING : ClusterState.RESYNCING;
    }

    /** "failover", "node failover". */
    private static String failover(Proposal.Kind kind) {
        return kind == Proposal.Kind.NODE_FAILOVER ? "node failover" : "failover";
    }

    private Proposal newProposal(Proposal.Kind kind, String node, String master, String sentence, List<String> evidence,
                                 String risk, Instant now) {
        String action = ProposalPlan.action(kind, node, master);
        Instant runAt = settings.automatic() ? now.plus(settings.grace()) : null;
        return new Proposal("p-" + ids.get(), kind, node, master, action, sentence, evidence, risk, now,
                now.plus(settings.proposalExpiry()), runAt, Proposal.Status.PENDING, null, null, null);
    }

    /** A database proposal's risk: the failover's figure, what a rebuild discards, else nothing lost. */
    private static String dbRisk(Assessment a) {
        if (a.remedy().promotes() || a.remedy() == Proposal.Kind.RESYNC && a.risk() != null) {
            return a.risk();
        }
        return a.remedy() == Proposal.Kind.RESYNC ? a.other() + "'s own transactions (those " + a.master()
                + " lacks, named above: committed on " + a.other() + ", never received by " + a.master()
                + ") are discarded by the rebuild; save them first if they matter (mysqlbinlog on " + a.other()
                + ")" : "none: " + a.other() + " loses nothing";
    }

    private void runDue(Instant now, List<Effect> fx) {
        if (!settings.automatic()) {
            return;
        }
        for (Proposal p : List.copyOf(proposals.values())) {
            if (p.pending() && p.runAt() != null && !now.isBefore(p.runAt())) {
                Decision d = ack(p.id(), "controller (failover.mode automatic)", "grace period of "
                        + DurationText.config(settings.grace()) + " passed without a rejection");
                fx.addAll(d.effects());
            }
        }
    }

    /** An application state other than ACTIVE is reminded every {@code remindInterval}, like the database's. */
    private void remindApp(Instant now, List<Effect> fx) {
        ClusterState s = machine.state();
        AppState app = last.app();
        if (app == null || app.severity() == Severity.OK || s == ClusterState.SWITCHING || s == ClusterState.RESYNCING
                || settings.remindInterval() == null || settings.remindInterval().isZero()) {
            return;
        }
        if (lastAppReminder != null && !now.isBefore(lastAppReminder.plus(settings.remindInterval()))) {
            lastAppReminder = now;
            fx.add(new Effect.AppReminder(app, last.appSentence(), Duration.between(appSince, now)));
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
        if (p.promotes()) {
            ClusterMachine.Fired f = machine.fire(ClusterEvent.ACK_FAILOVER, inputs(now, last, p));
            if (!f.accepted()) {
                return new Decision(p, f.veto().orElse(new Veto("proposal " + id + " cannot be acknowledged in state "
                        + f.from(), null)), List.of());
            }
            Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, who, now, comment);
            proposals.put(id, acked);
            since = now;
            return new Decision(acked, null, List.of(
                    new Effect.StateChanged(f.from(), f.to(), failover(p.kind()) + " acknowledged by " + who + ": "
                            + acked.action(), acked.evidence()),
                    new Effect.Run(acked, who, comment)));
        }
        if (!p.pending()) {
            return new Decision(p, new Veto("proposal " + id + " is " + p.status().name().toLowerCase()
                    + (p.decidedBy() == null ? "" : " (by " + p.decidedBy() + ")"), "hactl proposals"), List.of());
        }
        if (!now.isBefore(p.expiresAt())) {
            return new Decision(p, new Veto("proposal " + id + " expired", "hactl proposals"), List.of());
        }
        if (p.kind().application()) {
            Optional<Veto> veto = last == null || last.appRemedy() == null || last.appRemedy().kind() != p.kind()
                    || !last.appRemedy().node().equals(p.node()) ? Optional.empty() : appVeto(last, last.appRemedy(), now);
            if (veto.isPresent()) {
                return new Decision(p, veto.get(), List.of());
            }
            Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, who, now, comment);
            proposals.put(id, acked);
            return new Decision(acked, null, List.of(new Effect.Run(acked, who, comment)));
        }
        Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, who, now, comment);
        proposals.put(id, acked);
        // the state says at once that the operation runs (it may end before the next cycle sees it)
        ClusterState running = runningState(p.kind());
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
        if (p.promotes()) {
            ClusterMachine.Fired f = machine.fire(ClusterEvent.REJECT_FAILOVER, inputs(now, last, r));
            if (f.changed()) {
                since = now;
                fx.add(new Effect.StateChanged(f.from(), f.to(), failover(p.kind()) + " rejected by " + who
                        + (comment == null ? "" : " (" + comment + ")") + ": no new proposal while " + p.master()
                        + " stays down; to fail over by hand: hactl db-master-set --node " + p.node()
                        + (p.kind() == Proposal.Kind.NODE_FAILOVER ? ", then hactl master-set --node " + p.node() : ""),
                        p.evidence()));
            }
        }
        return new Decision(r, null, fx);
    }

    /**
     * The operation of an acknowledged proposal ended. A successful failover (FAILOVER or
     * NODE_FAILOVER) starts the failover block; a successful MOVE_APP or NODE_FAILOVER the move block.
     */
    public synchronized void operationEnded(String proposalId, boolean ok, String summary) {
        Instant now = clock.instant();
        Proposal p = proposals.get(proposalId);
        if (p != null) {
            proposals.put(proposalId, p.decided(ok ? Proposal.Status.DONE : Proposal.Status.FAILED, p.decidedBy(),
                    p.decidedAt(), summary));
            if (ok && p.promotes()) {
                lastFailoverAt = now;
            }
            if (ok && (p.kind() == Proposal.Kind.MOVE_APP || p.kind() == Proposal.Kind.NODE_FAILOVER)) {
                lastAppMoveAt = now;
            }
        }
    }

    /** Lifts the anti-flapping blocks: the failover's and the application move's. */
    public synchronized void unblock() {
        lastFailoverAt = null;
        blockedReported = null;
        lastAppMoveAt = null;
        appBlockedReported = null;
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

    /** Why a MOVE_APP would not be proposed now (the move block after a move of the application), or empty. */
    public synchronized Optional<Veto> appMoveBlock() {
        return moveBlock(clock.instant());
    }

    /** When the last MOVE_APP or NODE_FAILOVER was done (the move block's start); null when none. */
    public synchronized Instant lastAppMoveAt() {
        return lastAppMoveAt;
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
