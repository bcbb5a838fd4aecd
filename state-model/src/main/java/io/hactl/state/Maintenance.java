package io.hactl.state;

import java.time.Instant;

/**
 * An operation of ours running on the pair (it holds the pair's operation lock): what the
 * probes see while it runs is our doing, not a failure.
 *
 * @param kind SWITCH (switchover, failover, fence, VIP moves), RESYNC (rebuild or re-join of
 *             the other node), BACKUP (may stop the replica's threads), APP (an application
 *             operation: hactl start, master-set, master-unset; the application's probes are
 *             ours, the database side is read as usual)
 */
public record Maintenance(Kind kind, String operation, String operationId, String who, Instant since) {

    public enum Kind { SWITCH, RESYNC, BACKUP, APP }

    /** "db-master-set a1b2c3d4 by alice since 19:02:03Z". */
    public String describe() {
        return operation + (operationId == null ? "" : " " + operationId) + " by " + who + " since " + since;
    }

    /** An operation that changes the database's roles or data: the database's probes are ours. */
    boolean touchesDatabase() {
        return kind == Kind.SWITCH || kind == Kind.RESYNC;
    }
}
