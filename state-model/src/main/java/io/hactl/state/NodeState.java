package io.hactl.state;

/** One node's role and health, as the controller sees it. */
public enum NodeState {
    /** Writable, holds the DB VIP (or is the only writable node). */
    MASTER,
    /** Replicating from the master, caught up. */
    REPLICA_SYNCED,
    /** Replicating, behind by more than the allowed lag. */
    REPLICA_LAGGING,
    /** Configured as a replica but its threads are stopped, erroring or not connected. */
    REPLICA_BROKEN,
    /** Answers SQL but is neither the master nor a replica (a stand-alone server). */
    DETACHED,
    /** Has transactions the master lacks: must be rebuilt. */
    OUT_OF_DATE,
    /** The controller reaches neither its host (ping, shell) nor its database. */
    UNREACHABLE,
    /** Its host answers but its database does not. */
    DOWN,
    /** A former master made read-only and stripped of the DB VIP by a failover. */
    FENCED
}
