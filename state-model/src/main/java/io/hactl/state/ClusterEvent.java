package io.hactl.state;

/**
 * What moves the cluster state machine: a probe cycle's observation ({@code SEEN_*}, one per
 * observable state), or what happens to a failover proposal.
 */
public enum ClusterEvent {
    SEEN_ACTIVE_SYNCED(ClusterState.ACTIVE_SYNCED),
    SEEN_DEGRADED(ClusterState.DEGRADED),
    SEEN_STANDALONE(ClusterState.STANDALONE),
    SEEN_MASTER_UNREACHABLE(ClusterState.MASTER_UNREACHABLE),
    SEEN_MASTER_DOWN(ClusterState.MASTER_DOWN),
    SEEN_SPLIT_BRAIN(ClusterState.SPLIT_BRAIN),
    SEEN_OUT_OF_DATE(ClusterState.OUT_OF_DATE),
    SEEN_NO_MASTER(ClusterState.NO_MASTER),
    SEEN_SWITCHING(ClusterState.SWITCHING),
    SEEN_RESYNCING(ClusterState.RESYNCING),
    /**
     * The master is down: propose promoting the replica (guarded: anti-flapping, a replica to promote);
     * a FAILOVER, or a NODE_FAILOVER when the master's node is lost and held the active application.
     */
    PROPOSE_FAILOVER(null),
    /** An operator (or automatic mode after its grace period) acknowledged the failover proposal. */
    ACK_FAILOVER(null),
    /** An operator rejected the failover proposal: nothing changes on the nodes. */
    REJECT_FAILOVER(null),
    /** Nobody acknowledged the failover proposal in time. */
    EXPIRE_FAILOVER(null),
    /**
     * The pending failover proposal is no longer called for while the master stays down: it became
     * a NODE_FAILOVER (the other node confirmed the whole node lost), or back to a FAILOVER.
     */
    WITHDRAW_FAILOVER(null);

    private final ClusterState seen;

    ClusterEvent(ClusterState seen) {
        this.seen = seen;
    }

    /** The state this observation shows; null for proposal events. */
    public ClusterState seenState() {
        return seen;
    }

    public static ClusterEvent seen(ClusterState s) {
        for (ClusterEvent e : values()) {
            if (e.seen == s) {
                return e;
            }
        }
        throw new IllegalArgumentException(s + " is not an observable state");
    }

    /** The states a probe cycle can show (every state but STARTING and FAILOVER_PROPOSED). */
    public static java.util.List<ClusterState> observable() {
        return java.util.Arrays.stream(values()).map(ClusterEvent::seenState).filter(java.util.Objects::nonNull).toList();
    }
}
