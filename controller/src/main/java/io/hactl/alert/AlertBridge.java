package io.hactl.alert;

import io.hactl.control.ControllerEvents;
import io.hactl.notify.Alert;
import io.hactl.notify.Alerter;
import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;

/**
 * Turns what the controller decided into alerts: a state change (with the proposal made in
 * the same cycle: "[CRITICAL] pair1: MASTER_DOWN — failover proposed"), a proposal made
 * without a state change (split brain's fence, a rebuild), acknowledgements, rejections and
 * expiries, operations that ended, an interrupted operation, a lost ZooKeeper quorum and its return. Reminders and dedup are the
 * {@link io.hactl.notify.AlertPolicy}'s; diagnosis changes within a state are not alerted.
 */
public final class AlertBridge implements ControllerEvents {

    private final String cluster;
    private final Alerter alerter;
    /** This controller's name among the three (issue 16), for the alerts only it sends (a lost quorum); "controller" alone. */
    private final String member;

    public AlertBridge(String cluster, Alerter alerter) {
        this(cluster, alerter, "controller");
    }

    public AlertBridge(String cluster, Alerter alerter, String member) {
        this.cluster = cluster;
        this.alerter = alerter;
        this.member = member;
    }

    /** The same bridge for controller {@code member} (with controller.coordination). */
    public AlertBridge seenBy(String member) {
        return new AlertBridge(cluster, alerter, member);
    }

    @Override
    public void effects(List<Effect> effects, ClusterState state, Instant at) {
        Proposal made = effects.stream().filter(e -> e instanceof Effect.ProposalMade)
                .map(e -> ((Effect.ProposalMade) e).proposal()).findFirst().orElse(null);
        boolean announced = false;
        for (Effect e : effects) {
            if (e instanceof Effect.StateChanged s) {
                if (s.to() == ClusterState.FAILOVER_PROPOSED) {
                    continue; // announced with MASTER_DOWN and its proposal
                }
                Proposal p = made != null && s.to() == ClusterState.MASTER_DOWN ? made : null;
                announced |= p != null;
                alerter.offer(Alert.stateChange(cluster, at, s.from(), s.to(), s.sentence(), s.evidence(), p));
            } else if (e instanceof Effect.ProposalMade p && !(announced && p.proposal() == made)) {
                if (p.proposal().promotes()) {
                    // the master had been down already (a re-proposal after expiry): say so with the proposal
                    alerter.offer(Alert.stateChange(cluster, at, ClusterState.MASTER_DOWN, ClusterState.MASTER_DOWN,
                            p.proposal().sentence(), p.proposal().evidence(), p.proposal()));
                } else {
                    alerter.offer(Alert.proposal(cluster, at, state, p.proposal()));
                }
            } else if (e instanceof Effect.ProposalClosed c && "expire".equals(c.event())) {
                alerter.offer(Alert.rejected(cluster, at, c.proposal()));
            } else if (e instanceof Effect.Run r) {
                alerter.offer(Alert.acknowledged(cluster, at, r.proposal()));
            }
        }
    }

    @Override
    public void rejected(Proposal p, Instant at) {
        alerter.offer(Alert.rejected(cluster, at, p));
    }

    @Override
    public void interrupted(String summary, List<String> evidence, Instant at) {
        alerter.offer(Alert.interrupted(cluster, at, "operation", Long.toString(at.toEpochMilli()), summary, evidence));
    }

    @Override
    public void quorumLost(String answers, Instant since) {
        alerter.offer(Alert.quorumLost(cluster, since, member, answers, List.of()));
    }

    @Override
    public void quorumBack(String how, Instant at) {
        alerter.offer(Alert.quorumBack(cluster, at, member, how));
    }

    @Override
    public void operationEnded(Proposal p, boolean ok, String summary, Instant at) {
        alerter.offer(Alert.operationEnd(cluster, at, p.kind().name().toLowerCase(), p.id(), ok,
                p.kind().name().toLowerCase() + " of " + p.id() + " (" + p.action() + ") " + (ok ? "done" : "FAILED")
                        + ": " + summary, p.evidence()));
    }
}
