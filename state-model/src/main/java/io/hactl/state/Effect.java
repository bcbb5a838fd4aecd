package io.hactl.state;

import java.time.Duration;
import java.util.List;

/** What the {@link Supervisor} decided in one step; the controller logs, alerts and runs them. */
public sealed interface Effect {

    /** The cluster state changed. */
    record StateChanged(ClusterState from, ClusterState to, String sentence, List<String> evidence) implements Effect {
    }

    /** Same state, but what the controller sees changed (another diagnosis, another node state). */
    record DiagnosisChanged(ClusterState state, String sentence, List<String> evidence) implements Effect {
    }

    /** The application side's state changed. */
    record AppStateChanged(AppState from, AppState to, String sentence) implements Effect {
    }

    /** A proposal was made: it waits for an operator (or, in automatic mode, for its run time). */
    record ProposalMade(Proposal proposal) implements Effect {
    }

    /** A pending proposal ended without an operator: expired, or withdrawn (its reason is gone). */
    record ProposalClosed(Proposal proposal, String event) implements Effect {
    }

    /** A failover (FAILOVER or NODE_FAILOVER) was not proposed, and why (once per incident). */
    record Blocked(Veto veto) implements Effect {
    }

    /**
     * An application proposal was not made, and why (once per condition): the move block after a
     * move ({@link Supervisor#appMoveBlock()}), or the other node's copies of the services still
     * answering (two active application servers).
     */
    record AppBlocked(Proposal.Kind kind, String node, Veto veto) implements Effect {
    }

    /** An application state other than ACTIVE still stands. */
    record AppReminder(AppState state, String sentence, Duration standing) implements Effect {
    }

    /** A warning state still stands. */
    record Reminder(ClusterState state, String sentence, Duration standing) implements Effect {
    }

    /** Run this acknowledged proposal's operation now (acknowledged by {@code who}). */
    record Run(Proposal proposal, String who, String comment) implements Effect {
    }
}
