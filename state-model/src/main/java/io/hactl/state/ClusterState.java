package io.hactl.state;

import io.hactl.model.Severity;
import java.util.List;

/**
 * The states of the database side of the pair, as the controller knows it. Each constant's
 * {@link #description()} says what it means and what an operator does about it.
 */
public enum ClusterState {
    STARTING(Severity.OK,
            "The controller has not finished its first probe cycle yet."),
    ACTIVE_SYNCED(Severity.OK,
            "Master writable with the DB VIP, replica replicating and caught up. Nothing to do."),
    DEGRADED(Severity.WARNING,
            "Replica stopped, lagging, broken or down: no online backup. Bring the replica back."),
    STANDALONE(Severity.WARNING,
            "A master and no replica (e.g. after a failover): no online backup. Rejoin or rebuild the other node.", List.of(Proposal.Kind.REJOIN)),
    MASTER_UNREACHABLE(Severity.WARNING,
            "The controller cannot reach the master and no replica confirms it is down (it still streams, was stopped by hand, or was never seen connected): watching, no proposal; the sentence says what ping and shell show."),
    MASTER_DOWN(Severity.CRITICAL,
            "The master crashed (its host answers, its port refuses, no mariadbd process, the replica refused with 2003, or reset before the greeting with 2013: decided at once), or failed every probe for the configured time and the replica, seen connected before, lost it. A failover is proposed unless blocked: a NODE_FAILOVER (one proposal for both halves) when the master's whole node is lost (no ping, no shell, no port; the other node sees nothing of it either) and it was the active application node, else a FAILOVER of the database alone (its host answers: the application stays).", List.of(Proposal.Kind.FAILOVER, Proposal.Kind.NODE_FAILOVER)),
    FAILOVER_PROPOSED(Severity.CRITICAL,
            "A failover proposal waits for an operator: hactl proposals, then hactl ack ID or hactl reject ID."),
    SWITCHING(Severity.WARNING,
            "An operation is changing roles (switchover, failover, fence): observations are not read as failures."),
    SPLIT_BRAIN(Severity.CRITICAL,
            "The DB VIP is answered by two MACs, or two nodes are writable (a replica with read_only OFF too). Fence the node that is not the master.", List.of(Proposal.Kind.DETACH_VIP)),
    OUT_OF_DATE(Severity.WARNING,
            "The other node has transactions the master lacks (errant, even while it replicates), or cannot replicate: rebuild it from the master.", List.of(Proposal.Kind.RESYNC)),
    RESYNCING(Severity.WARNING,
            "The other node is being rebuilt or re-joined and is catching up."),
    NO_MASTER(Severity.CRITICAL,
            "No writable master with the DB VIP (VIP missing, master read-only, no master at all): clients cannot write.");

    private final Severity severity;
    private final String description;
    private final List<Proposal.Kind> leadsTo;

    ClusterState(Severity severity, String description) {
        this(severity, description, List.of());
    }

    ClusterState(Severity severity, String description, List<Proposal.Kind> leadsTo) {
        this.severity = severity;
        this.description = description;
        this.leadsTo = leadsTo;
    }

    /** The proposals this state can lead to (empty: none). */
    public List<Proposal.Kind> leadsTo() {
        return leadsTo;
    }

    public Severity severity() {
        return severity;
    }

    /** What the state means and what an operator does about it (docs/state-machine.md shows it). */
    public String description() {
        return description;
    }
}
