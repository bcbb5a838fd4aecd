package io.hactl.state;

import io.hactl.model.Severity;

/**
 * The states of the database side of the pair, as the controller knows it. Each constant
 * says what it means and what an operator does about it.
 */
public enum ClusterState {
    /** The controller has not finished its first probe cycle yet. */
    STARTING(Severity.OK),
    /** Master writable with the DB VIP, replica replicating and caught up. Nothing to do. */
    ACTIVE_SYNCED(Severity.OK),
    /** Replica stopped, lagging, broken or down: no online backup. Bring the replica back. */
    DEGRADED(Severity.WARNING),
    /** A master and no replica (e.g. after a failover): no online backup. Rejoin or rebuild the other node. */
    STANDALONE(Severity.WARNING),
    /** The controller cannot reach the master but the replica still can: watching, no proposal. */
    MASTER_UNREACHABLE(Severity.WARNING),
    /** The master failed every probe for the configured time and the replica confirms. A failover is proposed unless blocked. */
    MASTER_DOWN(Severity.CRITICAL),
    /** A failover proposal waits for an operator: hactl proposals, then hactl ack ID or hactl reject ID. */
    FAILOVER_PROPOSED(Severity.CRITICAL),
    /** An operation is changing roles (switchover, failover, fence): observations are not read as failures. */
    SWITCHING(Severity.WARNING),
    /** The DB VIP is answered by two MACs, or two nodes are writable. Detach the VIP from the node that is not the master. */
    SPLIT_BRAIN(Severity.CRITICAL),
    /** The other node has transactions the master lacks, or cannot replicate: rebuild it from the master. */
    OUT_OF_DATE(Severity.WARNING),
    /** The other node is being rebuilt or re-joined and is catching up. */
    RESYNCING(Severity.WARNING),
    /** No writable master with the DB VIP (VIP missing, master read-only, no master at all): clients cannot write. */
    NO_MASTER(Severity.CRITICAL);

    private final Severity severity;

    ClusterState(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
