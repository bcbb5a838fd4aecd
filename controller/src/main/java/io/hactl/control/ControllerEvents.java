package io.hactl.control;

import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;

/**
 * What the control loop tells the outside world besides its log (the alerts of issue 6).
 * Implementations must not block and must not throw: the controller's owner thread calls them, and
 * while one blocks no probe cycle is assessed and every operator's request waits (then is refused as busy).
 */
public interface ControllerEvents {

    ControllerEvents NONE = new ControllerEvents() {
        @Override
        public void effects(List<Effect> effects, ClusterState state, Instant at) {
        }

        @Override
        public void interrupted(String summary, List<String> evidence, Instant at) {
        }

        @Override
        public void operationEnded(Proposal proposal, boolean ok, String summary, Instant at) {
        }

        @Override
        public void rejected(Proposal proposal, Instant at) {
        }
    };

    /** The effects of one cycle or one operator action, in order; {@code state} the cluster state after them. */
    void effects(List<Effect> effects, ClusterState state, Instant at);

    /** An operation that started and never finished, found at the controller's start. */
    void interrupted(String summary, List<String> evidence, Instant at);

    /** An operator rejected a proposal. */
    void rejected(Proposal proposal, Instant at);

    /** The operation of an acknowledged proposal ended. */
    void operationEnded(Proposal proposal, boolean ok, String summary, Instant at);

    /**
     * ZooKeeper has no quorum as this controller sees it (issue 16): {@code answers} says what each
     * member answered; no leader, no proposals, no operations. Told once per loss; every controller
     * still running tells it (a follower too: nothing leads to tell it instead).
     */
    default void quorumLost(String answers, Instant since) {
    }

    /** ZooKeeper has a quorum again after {@link #quorumLost}: {@code how} is the event that says so. */
    default void quorumBack(String how, Instant at) {
    }
}
