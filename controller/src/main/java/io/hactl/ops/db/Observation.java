package io.hactl.ops.db;

import io.hactl.db.GtidMemory;

/**
 * Everything db-master-set reads before it decides: both nodes, what hactl remembers of
 * their GTID positions, and (only when the other node's database is unreachable) who
 * answers ARP for the DB VIP as seen from the target.
 *
 * @param otherSeen     the other node's last remembered GTID observation, null when none
 * @param arpFromTarget MACs other than the target's answering ARP for the DB VIP (asked from
 *                      the target); null when not asked
 * @param otherMac      the other node's MAC, when it holds the DB VIP and its shell answers (its
 *                      answer is expected: it lets the VIP go during the promotion); null otherwise
 */
public record Observation(NodeView target, NodeView other, String dbVip, GtidMemory.Seen otherSeen,
                          java.util.List<String> arpFromTarget, String arpError, String otherMac) {

    public Observation(NodeView target, NodeView other, String dbVip, GtidMemory.Seen otherSeen,
                       java.util.List<String> arpFromTarget, String arpError) {
        this(target, other, dbVip, otherSeen, arpFromTarget, arpError, null);
    }

    /** The MACs answering for the DB VIP that hactl will not remove it from: another host's. */
    public java.util.List<String> foreignArp() {
        if (arpFromTarget == null) {
            return java.util.List.of();
        }
        return arpFromTarget.stream().filter(m -> otherMac == null || !m.equalsIgnoreCase(otherMac)).toList();
    }
}
