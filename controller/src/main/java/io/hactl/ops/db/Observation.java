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
 */
public record Observation(NodeView target, NodeView other, String dbVip, GtidMemory.Seen otherSeen,
                          java.util.List<String> arpFromTarget, String arpError) {
}
