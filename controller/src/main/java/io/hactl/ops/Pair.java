package io.hactl.ops;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.NodeShells;

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

    @Override
    public void close() {
        shells.close();
    }
}
