package io.hactl.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.net.util.SubnetUtils;

/**
 * Checks across keys, on the bound config: the pair has two distinct nodes, the VIPs sit on
 * the nodes' network and clash with nothing, probe timeouts fit in the interval. Values
 * already reported as wrong (null) are skipped. Service names and ports are checked where
 * the services are read ({@link ServicesBinder}), start_order in {@link StartOrder}.
 */
final class SemanticChecks {

    private final Locations locations;
    private final Problems problems;

    SemanticChecks(Locations locations, Problems problems) {
        this.locations = locations;
        this.problems = problems;
    }

    void check(HactlConfig config) {
        nodes(config.nodes());
        vip("vips.db", config.dbVip(), config.nodes());
        vip("vips.app", config.appVip(), config.nodes());
        if (config.dbVip() != null && config.appVip() != null
                && config.dbVip().address().equals(config.appVip().address())) {
            error("vips.app", config.appVip().address() + " is also the db VIP: the two VIPs must differ (each"
                    + " moves on its own: the database master and the application can be on different nodes)");
        }
        probe(config.probe());
    }

    private void nodes(List<NodeConfig> nodes) {
        if (locations.has("nodes") && nodes.size() != 2 && !problems.reported("nodes")) {
            error("nodes", "found " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s")
                    + ": hactl manages a pair, list exactly two nodes");
        }
        for (int i = 0; i < nodes.size(); i++) {
            NodeConfig a = nodes.get(i);
            for (int j = 0; j < i; j++) {
                NodeConfig b = nodes.get(j);
                boolean sameName = a.name() != null && a.name().equals(b.name());
                boolean sameAddress = a.address() != null && a.address().equals(b.address());
                String here = "nodes[" + i + "]";
                if (sameName && sameAddress) {
                    error(here, "node " + a.name() + " (" + a.address() + ") is listed twice (also nodes[" + j
                            + "], line " + locations.line("nodes[" + j + "]") + "): remove one and list the other node");
                } else if (sameName) {
                    error(here + ".name", "'" + a.name() + "' is also the name of nodes[" + j + "]: give each node its"
                            + " own name");
                } else if (sameAddress) {
                    error(here + ".address", a.address() + " is also the address of node " + b.name() + ": give each"
                            + " node its own address");
                }
            }
        }
    }

    private void vip(String key, VipConfig vip, List<NodeConfig> nodes) {
        if (vip == null) {
            return;
        }
        SubnetUtils.SubnetInfo own = subnet(vip.address(), vip.prefixLength());
        if (vip.prefixLength() <= 30 && (vip.address().equals(own.getNetworkAddress())
                || vip.address().equals(own.getBroadcastAddress()))) {
            error(key, vip.cidr() + " is the " + (vip.address().equals(own.getNetworkAddress()) ? "network" : "broadcast")
                    + " address of " + own.getNetworkAddress() + "/" + vip.prefixLength() + ": choose a free host address");
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NodeConfig node : nodes) {
            if (node.address() == null || !seen.add(node.address())) {
                continue; // a node listed twice is reported once, above
            }
            if (node.address().equals(vip.address())) {
                error(key, vip.address() + " is the address of node " + node.name() + ": a VIP must be an extra"
                        + " address that moves between the nodes, not a node's own one");
                continue;
            }
            SubnetUtils.SubnetInfo nodeNet = subnet(node.address(), vip.prefixLength());
            if (!nodeNet.isInRange(vip.address())) {
                error(key, vip.cidr() + " is outside the subnet of node " + node.name() + " (" + node.address()
                        + " is in " + nodeNet.getNetworkAddress() + "/" + vip.prefixLength() + "): a VIP must be on"
                        + " the nodes' network; fix the VIP, its prefix or the node's address");
            }
        }
    }

    private static SubnetUtils.SubnetInfo subnet(String address, int prefix) {
        SubnetUtils s = new SubnetUtils(address + "/" + prefix);
        s.setInclusiveHostCount(true);
        return s.getInfo();
    }

    private void probe(ProbeConfig probe) {
        if (probe.interval() == null) {
            return;
        }
        timeoutWithinInterval("probe.ping_timeout", probe.pingTimeout(), probe.interval());
        timeoutWithinInterval("probe.tcp_timeout", probe.tcpTimeout(), probe.interval());
        timeoutWithinInterval("probe.arp_timeout", probe.arpTimeout(), probe.interval());
    }

    private void timeoutWithinInterval(String key, Duration timeout, Duration interval) {
        if (timeout != null && timeout.compareTo(interval) > 0) {
            problems.warning(locations.line(key), key, Durations.format(timeout) + " is longer than probe.interval ("
                    + Durations.format(interval) + "): a probe cycle can overrun the next one; lower the timeout"
                    + " or raise the interval");
        }
    }

    private void error(String key, String message) {
        problems.error(locations.line(key), key, message);
    }
}
