package io.hactl.pair;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** "This server", as the seed's scripts meant it: the node whose address is on this machine. */
public final class LocalNode {

    private LocalNode() {
    }

    /** The named node, or the node whose address is on a local interface; refuses with the fix otherwise. */
    public static NodeConfig resolve(HactlConfig cfg, String name) {
        if (name != null) {
            return cfg.node(name).orElseThrow(() -> new Refused("no node named '" + name + "' in " + cfg.source(),
                    "use one of: " + String.join(", ", cfg.nodes().stream().map(NodeConfig::name).toList())));
        }
        List<String> local = localAddresses();
        Optional<NodeConfig> here = cfg.nodes().stream().filter(n -> local.contains(n.address())).findFirst();
        return here.orElseThrow(() -> new Refused("no node's address is on this machine (addresses here: "
                + String.join(", ", local) + ")", "say which node with --node NAME ("
                + String.join(" or ", cfg.nodes().stream().map(NodeConfig::name).toList()) + ")"));
    }

    /** The IPv4 addresses on this machine's interfaces. */
    public static List<String> localAddresses() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if (a instanceof java.net.Inet4Address) {
                        out.add(a.getHostAddress());
                    }
                }
            }
        } catch (SocketException e) {
            // no interfaces readable: nothing is local
        }
        return out;
    }
}
