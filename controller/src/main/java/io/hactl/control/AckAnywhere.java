package io.hactl.control;

import io.hactl.coordination.Decision;
import io.hactl.coordination.Request;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * With coordination (issue 16), where the owner thread sends an operator's ack, reject, switchover
 * and unblock, and what it shares after each message. The leader acts on a request itself
 * ({@link OperatorRequests}, as without coordination); a controller that does not lead records it
 * for the leader ({@link SharedRequests}). After each message the leader takes what was recorded
 * elsewhere and runs it, then publishes its pending proposals ({@link SharedProposals}); a follower
 * reads the leader's proposals again.
 *
 * <p>ZooKeeper is asked on the owner thread: each call is bounded by Curator's retry policy over
 * the connection timeout (three tries), and refused at once while the connection is not usable. A
 * failure never reaches the owner's caller: it is said once on the daemon's output, and shown in
 * status while it lasts.
 */
final class AckAnywhere {

    private final Handover handover;
    private final SharedCoordination shared;
    private final OperatorRequests local;
    private final SharedRequests recorded;
    private final SharedProposals proposals = new SharedProposals();
    private final PrintWriter out;
    private String trouble;

    AckAnywhere(SharedCoordination shared, OperatorRequests local, SharedRequests recorded, Handover handover,
                PrintWriter out) {
        this.handover = handover;
        this.shared = shared;
        this.local = local;
        this.recorded = recorded;
        this.out = out;
    }

    ActionResult ack(Message.Ack a, CoordinationRole role) {
        SharedRequests.Ref ref = SharedRequests.Ref.parse(a.proposalId());
        if (!leads(role)) {
            return recorded.decide(shared, ref, a.operator(), a.comment(), Decision.Verdict.ACK);
        }
        Optional<ActionResult> stale = staleHere(ref, "not acknowledged: ");
        return stale.orElseGet(() -> local.ack(new Message.Ack(ref.id(), a.operator(), a.comment(), a.reply())));
    }

    ActionResult reject(Message.Reject r, CoordinationRole role) {
        SharedRequests.Ref ref = SharedRequests.Ref.parse(r.proposalId());
        if (!leads(role)) {
            return recorded.decide(shared, ref, r.operator(), r.comment(), Decision.Verdict.REJECT);
        }
        Optional<ActionResult> stale = staleHere(ref, "not rejected: ");
        return stale.orElseGet(() -> local.reject(new Message.Reject(ref.id(), r.operator(), r.comment(), r.reply())));
    }

    ActionResult switchover(Message.Switchover s, CoordinationRole role) {
        return leads(role) ? local.switchover(s)
                : recorded.request(shared, Request.Kind.SWITCHOVER, s.node(), s.operator(), s.reason());
    }

    ActionResult unblock(Message.Unblock u, CoordinationRole role) {
        return leads(role) ? local.unblock(u)
                : recorded.request(shared, Request.Kind.UNBLOCK, null, u.operator(), u.reason());
    }

    /**
     * After each message: the leader (with its epoch, asked of the leadership itself) runs what was
     * recorded elsewhere, then publishes {@code pending}; a follower reads the leader's proposals.
     */
    void after(Message m, CoordinationRole role, Supplier<List<Proposal>> pending) {
        SharedState state = shared.state();
        if (state == null || m instanceof Message.Stop) {
            return;
        }
        try {
            if (m instanceof Message.Coordinated c) {
                proposals.standingChanged();
                handover.standingChanged();
                if (c.event() instanceof io.hactl.coordination.CoordinationEvent.LeadershipGained && leads(role)) {
                    handover.take(state); // before this leader's first write: what the last one kept
                }
            }
            if (leads(role)) {
                StepPermission p = shared.leadership();
                if (!p.granted()) {
                    proposals.standingChanged();
                    return; // not leading after all (the event is on its way): write nothing
                }
                recorded.runRecorded(state, p.epoch());
                proposals.publish(state, p.epoch(), pending.get());
                handover.publish(state, p.epoch());
            } else {
                proposals.standingChanged();
                if (shared.connection() == null) {
                    proposals.refresh(state);
                }
            }
            if (trouble != null) {
                trouble = null;
                say("ZooKeeper's shared state is written and read again");
            }
        } catch (RuntimeException e) {
            if (trouble == null) {
                say("ZooKeeper's shared state: " + e.getMessage() + " (said once; hactl status shows it while it"
                        + " lasts)");
            }
            trouble = "ZooKeeper's shared state: " + e.getMessage();
        }
    }

    /** What a follower lists: the proposals the leader published. */
    List<Proposal> followerView() {
        return proposals.seen();
    }

    /**
     * {@code status} as the three share it: on a controller that does not lead, the leader's pending
     * proposals; the shared state's failure, while it lasts, after the coordination line.
     */
    ControllerStatus shared(ControllerStatus s, CoordinationRole role) {
        if (trouble == null && leads(role)) {
            return s;
        }
        List<String> evidence = new ArrayList<>(s.evidence());
        if (trouble != null) {
            evidence.add(evidence.isEmpty() || !evidence.get(0).startsWith("coordination: ") ? 0 : 1, trouble);
        }
        return new ControllerStatus(s.cluster(), s.state(), s.since(), s.sentence(), List.copyOf(evidence), s.dbCode(),
                s.appState(), s.appSentence(), s.nodes(), leads(role) ? s.proposals() : followerView(),
                s.failoverBlock(), s.operation(),
                s.lastCycleAt(), s.lastCycleMillis(), s.cycles(), s.replicaLagSeconds(), s.mode(), s.source(), s.coordination());
    }

    private static boolean leads(CoordinationRole role) {
        return role.kind() == CoordinationRole.Kind.LEADER;
    }

    /** On the leader, "id@version" of a version it no longer publishes: refused naming both. */
    private Optional<ActionResult> staleHere(SharedRequests.Ref ref, String not) {
        if (ref.version() == null) {
            return Optional.empty();
        }
        Optional<Integer> now = proposals.version(ref.id());
        if (now.isEmpty() || now.get().equals(ref.version())) {
            return Optional.empty();
        }
        return Optional.of(ActionResult.refused(not + "proposal " + ref.id() + " changed since it was read: the"
                + " decision is for version " + ref.version() + ", it is at version " + now.get() + " now; read it"
                + " again (hactl proposals) and decide on what it says now", ref.id()));
    }

    private void say(String line) {
        out.println("hactl controller: " + line);
        out.flush();
    }
}
