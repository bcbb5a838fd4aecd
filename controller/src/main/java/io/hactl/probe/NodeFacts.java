package io.hactl.probe;

import io.hactl.model.DbProcess;
import java.util.List;
import java.util.Map;

/**
 * What one round trip to a node told: its IPv4 addresses, its interface's MAC, the PIDs
 * matching each service's process pattern, and the MACs that answered ARP for each VIP.
 *
 * @param arpReplies VIP address to the distinct MACs that answered (lower case)
 * @param arpErrors  VIP address to why the ARP probe could not run
 * @param logTails   service name to the last lines of its log, for the services with no process
 *                   and a configured log (raw: {@link LogTail#clean} cuts and masks them)
 * @param dbProcess  whether the database server runs (its pid file and /proc); null when not looked at
 *                   (no pid file known) or unreadable
 * @param arping     which arping the node has ({@link NodeScript#HABETS}, {@link NodeScript#IPUTILS}) when the script
 *                   asked it this time (it did not know, or the one it knew failed as another); null: not asked
 */
public record NodeFacts(List<String> addresses, String mac, Map<String, List<Long>> servicePids,
                        Map<String, List<String>> arpReplies, Map<String, String> arpErrors,
                        Map<String, List<String>> logTails, DbProcess dbProcess, String arping) {
}
