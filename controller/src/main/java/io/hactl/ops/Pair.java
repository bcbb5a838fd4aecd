package io.hactl.ops;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShells;
import java.time.Duration;

/** The pair as operations see it: config, one shell per node, the VIP and service managers. */
public final class Pair implements AutoCloseable {

    private final HactlConfig config;
    private final NodeShells shells = new NodeShells();
    private final VipManager vips;
    private final ServiceManager services;

    public Pair(HactlConfig config) {
        this.config = config;
        this.vips = new VipManager(shells::forNode, config.probe().arpTimeout());
        this.services = new ServiceManager(config, shells::forNode);
    }

    public HactlConfig config() {
        return config;
    }

    public NodeShells shells() {
        return shells;
    }

    public VipManager vips() {
        return vips;
    }

    public ServiceManager services() {
        return services;
    }

    public NodeConfig peerOf(NodeConfig node) {
        return config.peerOf(node);
    }

    /** Can hactl run a command there (SSH login within the connect timeout)? Null when yes, else why not. */
    public String unreachableReason(NodeConfig node) {
        CommandResult r = shells.forNode(node).run("true", node.ssh().connectTimeout().plus(Duration.ofSeconds(3)));
        return r.ok() ? null : r.err().isBlank() ? "exit " + r.exit() : r.err().strip();
    }

    @Override
    public void close() {
        shells.close();
    }
}
