package io.hactl.probe;

import java.util.List;
import java.util.Map;

/**
 * What one round trip to a node told: its IPv4 addresses, its interface's MAC, the PIDs
 * matching each service's process pattern, and the MACs that answered ARP for each VIP.
 *
 * @param arpReplies VIP address to the distinct MACs that answered (lower case)
 * @param arpErrors  VIP address to why the ARP probe could not run
 */
public record NodeFacts(List<String> addresses, String mac, Map<String, List<Long>> servicePids,
                        Map<String, List<String>> arpReplies, Map<String, String> arpErrors) {
}
