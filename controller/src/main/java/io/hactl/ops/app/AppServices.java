package io.hactl.ops.app;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.node.NodeShell;
import io.hactl.ops.Reachability;
import io.hactl.ops.ServiceManager;
import io.hactl.ops.VipManager;
import java.util.function.Function;

/** What the application operations share: the config, the nodes' shells, the service and VIP managers. */
final class AppServices {

    final HactlConfig cfg;
    final Function<NodeConfig, NodeShell> shells;
    final ServiceManager services;
    final VipManager vips;
    final ActiveCopies copies;

    AppServices(HactlConfig cfg, Function<NodeConfig, NodeShell> shells) {
        this.cfg = cfg;
        this.shells = shells;
        this.services = new ServiceManager(cfg, shells);
        this.vips = new VipManager(shells, cfg.probe().arpTimeout());
        this.copies = new ActiveCopies(services, cfg.probe().tcpTimeout());
    }

    /** Null when a command runs on {@code node}, else why not. */
    String unreachable(NodeConfig node) {
        return Reachability.unreachableReason(shells.apply(node), node);
    }
}
