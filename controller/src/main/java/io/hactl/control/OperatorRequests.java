package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.Proposal;
import io.hactl.state.Supervisor;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What the owner thread does with an operator's ack, reject, switchover request and unblock: the
 * check and the act in one message, so nothing (a cycle withdrawing the proposal, another request)
 * comes between them. Every accepted action and every refused ack or switchover is written to the
 * transition log.
 */
final class OperatorRequests {

    private final HactlConfig cfg;
    private final Clock clock;
    private final EffectLog log;
    private final ControllerEvents events;
    private final Supervisor supervisor;
    private final OperationBook book;
    private final SecureRandom random = new SecureRandom();

    OperatorRequests(HactlConfig cfg, Clock clock, EffectLog log, ControllerEvents events, Supervisor supervisor,
                     OperationBook book) {
        this.cfg = cfg;
        this.clock = clock;
        this.log = log;
        this.events = events;
        this.supervisor = supervisor;
        this.book = book;
    }

    /** An ack starts the proposal's operation, or is refused naming why (an operation runs, the supervisor's veto). */
    ActionResult ack(Message.Ack a) {
        Optional<Proposal> p = supervisor.proposal(a.proposalId());
        if (p.isEmpty()) {
            return ActionResult.notFound(a.proposalId());
        }
        String busy = book.busy();
        if (busy != null) {
            return refusedAck(p.get(), a.operator(), a.comment(), busy);
        }
        Supervisor.Decision d = supervisor.ack(a.proposalId(), a.operator(), a.comment());
        if (!d.accepted()) {
            return refusedAck(p.get(), a.operator(), a.comment(), d.veto().toString());
        }
        log.write(ProposalEntry.of(clock.instant(), cfg.clusterName(), Event.ACK, d.proposal(), null, a.operator(),
                a.comment()));
        log.handle(d.effects(), a.operator(), a.comment(), supervisor::state, book::start);
        return ActionResult.accepted("acknowledged by " + a.operator() + ": " + d.proposal().action()
                + " runs now; follow it: hactl history --since 5m", a.proposalId(), null);
    }

    /** An ack refused before it reached the supervisor (issue 16: a decision overtaken by a new version); logged when the proposal is known. */
    ActionResult refusedAck(String proposalId, String operator, String comment, String why) {
        Optional<Proposal> p = supervisor.proposal(proposalId);
        return p.isPresent() ? refusedAck(p.get(), operator, comment, why)
                : ActionResult.refused("not acknowledged: " + why, proposalId);
    }

    private ActionResult refusedAck(Proposal p, String operator, String comment, String why) {
        return refusedAck(log, clock, cfg.clusterName(), p, operator, comment, why);
    }

    /** A refused ack: logged as an {@code ack} line with result {@code refused} (safe from any thread). */
    static ActionResult refusedAck(EffectLog log, Clock clock, String cluster, Proposal p, String operator, String comment,
                                   String why) {
        log.write(ProposalEntry.refusedAck(clock.instant(), cluster, p, operator, comment, why));
        return ActionResult.refused("not acknowledged: " + why, p.id());
    }

    ActionResult reject(Message.Reject r) {
        Supervisor.Decision d = supervisor.reject(r.proposalId(), r.operator(), r.comment());
        if (d.proposal() == null) {
            return ActionResult.notFound(r.proposalId());
        }
        if (!d.accepted()) {
            return ActionResult.refused("not rejected: " + d.veto(), r.proposalId());
        }
        log.write(ProposalEntry.of(clock.instant(), cfg.clusterName(), Event.REJECT, d.proposal(), null, r.operator(),
                r.comment()));
        log.handle(d.effects(), r.operator(), r.comment(), supervisor::state, book::start);
        events.rejected(d.proposal(), clock.instant());
        return ActionResult.accepted("rejected by " + r.operator() + ": nothing changes on the nodes", r.proposalId(),
                null);
    }

    /** A planned switchover: db-master-set on the operations thread, refused while another operation runs. */
    ActionResult switchover(Message.Switchover s) {
        Optional<NodeConfig> n = cfg.node(s.node());
        if (n.isEmpty()) {
            return ActionResult.refused("no node " + s.node() + " in " + cfg.source() + " (nodes: "
                    + cfg.nodes().stream().map(NodeConfig::name).toList() + ")", null);
        }
        byte[] id = new byte[3];
        random.nextBytes(id);
        Instant now = clock.instant();
        Proposal p = new Proposal("s-" + HexFormat.of().formatHex(id), Proposal.Kind.REJOIN, s.node(), null,
                "planned switchover: make " + s.node() + " the database master", "requested by " + s.operator(), List.of(),
                "none: a planned switchover waits until " + s.node() + " has every transaction", now, now, null,
                Proposal.Status.ACKNOWLEDGED, s.operator(), now, s.reason());
        String busy = book.startSwitchover(p, n.get(), s.operator(), s.reason());
        if (busy != null) {
            return refusedSwitchover(log, clock, cfg.clusterName(), s.node(), s.operator(), s.reason(), busy);
        }
        return ActionResult.accepted("switchover to " + s.node() + " started by " + s.operator()
                + "; follow it: hactl history --since 5m", null, null);
    }

    /** A refused switchover: logged as a {@code refused} operation line (safe from any thread). */
    static ActionResult refusedSwitchover(EffectLog log, Clock clock, String cluster, String node, String operator,
                                          String reason, String why) {
        log.write(new OperationEntry(clock.instant(), cluster, Event.REFUSED, "switchover", null, null, node,
                "refused", why, operator, reason, null));
        return ActionResult.refused(why, null);
    }

    ActionResult unblock(Message.Unblock u) {
        if (supervisor.failoverBlock().isEmpty() && supervisor.appMoveBlock().isEmpty()) {
            return ActionResult.refused("no failover block or application move block is in force", null);
        }
        supervisor.unblock();
        log.write(StateEntry.of(clock.instant(), cfg.clusterName(), Event.UNBLOCK, null,
                EffectLog.name(supervisor.state()), "anti-flapping block lifted by " + u.operator(), null, u.operator(),
                u.reason()));
        return ActionResult.accepted("block lifted by " + u.operator() + ": the next master failure is proposed again",
                null, null);
    }
}
