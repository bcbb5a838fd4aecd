package io.hactl.model;

/**
 * The closed set of diagnoses for the database side of the pair. Each says what the
 * operator does about it.
 */
public enum DbCode {
    /** Master writable with the DB VIP, replica replicating from it and caught up. Nothing to do. */
    HEALTHY(Severity.OK),
    /** Replica replicating but behind by more than the allowed lag. Watch; find the load. */
    REPLICA_LAGGING(Severity.WARNING),
    /** Replica's threads stopped without an error (STOP SLAVE). Start them: START SLAVE. */
    REPLICA_STOPPED(Severity.WARNING),
    /** Replica's IO thread cannot connect to the master. Check network and replication user. */
    REPLICA_DISCONNECTED(Severity.WARNING),
    /** A replication thread stopped with an error. Read the error; rebuild if the data diverged. */
    REPLICA_BROKEN(Severity.WARNING),
    /**
     * The other node has transactions the master lacks (errant: written on it, never on the
     * master), named by their GTIDs. A failover would promote them, a rebuild discards them,
     * and with gtid_strict_mode replication stops at the master's next write. Rebuild it from
     * the master (save them first if they matter).
     */
    REPLICA_ERRANT(Severity.WARNING),
    /** The replica replicates from some host that is not the master. Re-point it. */
    REPLICA_WRONG_MASTER(Severity.WARNING),
    /** The replica's node or its MySQL is down: no online backup. Bring it back. */
    REPLICA_DOWN(Severity.WARNING),
    /** A master and no replica at all: no online backup. Set up replication again. */
    STANDALONE(Severity.WARNING),
    /** The master cannot be reached (no ping, no shell, no SQL). Find out whether it is down. */
    MASTER_UNREACHABLE(Severity.CRITICAL),
    /** The master's node answers but its MySQL does not. Look at its error log. */
    MASTER_NOT_RESPONDING(Severity.CRITICAL),
    /** The node holding the DB VIP is read-only: writes fail. */
    MASTER_READ_ONLY(Severity.CRITICAL),
    /** A writable master exists but no node holds the DB VIP: clients cannot connect. */
    VIP_MISSING(Severity.CRITICAL),
    /** No node is writable and none holds the DB VIP. */
    NO_MASTER(Severity.CRITICAL),
    /**
     * Two nodes answer for the DB VIP, or both nodes are writable (a replica with read_only
     * OFF counts: it takes writes the master never sees). Fence the one that is not the
     * master: detach the VIP from it, make it read-only.
     */
    SPLIT_BRAIN(Severity.CRITICAL);

    private final Severity severity;

    DbCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
