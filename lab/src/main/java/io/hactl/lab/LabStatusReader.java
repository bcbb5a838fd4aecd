package io.hactl.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What is up, from pid files, /proc, /sys and the namespaces, and the ZooKeeper members' srvr
 * answers. Needs no root (less detail without it).
 */
final class LabStatusReader {

    private final LabLayout layout;
    private final LabProcesses procs;
    private final LabNet net;
    private final LabZookeeper zookeeper;

    LabStatusReader(LabLayout layout, LabProcesses procs, LabNet net, LabZookeeper zookeeper) {
        this.layout = layout;
        this.procs = procs;
        this.net = net;
        this.zookeeper = zookeeper;
    }

    LabStatus read() {
        boolean dirPresent = Files.isDirectory(layout.dir());
        boolean configPresent = Files.exists(layout.config());
        boolean bridgePresent = Files.exists(Path.of("/sys/class/net", LabNetwork.BRIDGE));
        List<String> namespaces = new ArrayList<>();
        List<LabStatus.Node> nodes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!dirPresent) {
            problems.add("no lab dir");
        } else if (!configPresent) {
            problems.add("no config");
        }
        if (!bridgePresent) {
            problems.add("no bridge");
        }
        Map<String, Boolean> serviceSomewhere = new LinkedHashMap<>();
        LabStatus.Node witness = null;
        for (LabNode n : LabNode.HOSTS) {
            boolean nsPresent = Files.exists(Path.of("/run/netns", n.namespace()));
            if (nsPresent) {
                namespaces.add(n.namespace());
            } else {
                problems.add("no namespace " + n.namespace());
            }
            if (nsPresent && !net.hasQuietHome(n)) {
                problems.add(n + ": its processes would read this machine's root .bashrc (no " + LabNet.netnsEtc(n)
                        + "/passwd): lab up");
            }
            boolean linkUp = LabNet.linkUp(n);
            boolean forwarding = LabNet.portForwarding(n);
            if (nsPresent && !linkUp) {
                problems.add("link " + n.hostVeth() + " down");
            }
            if (nsPresent && linkUp && !forwarding) {
                problems.add(n + " isolated (bridge port not forwarding)");
            }
            List<LabStatus.Component> comps = new ArrayList<>();
            for (String c : n.witness() ? List.<String>of() : Lab.COMPONENTS) {
                OptionalLong pid = Procs.readPid(layout.pidFile(n, c));
                boolean alive = pid.isPresent() && procs.isLive(n, c, pid.getAsLong());
                comps.add(new LabStatus.Component(c, pid.isPresent() ? pid.getAsLong() : null, alive,
                        alive ? Procs.rssKb(pid.getAsLong()) : 0, layout.pidFile(n, c).toString()));
                if (Lab.SERVICES.contains(c)) {
                    serviceSomewhere.merge(c, alive, Boolean::logicalOr);
                } else if (!alive) {
                    problems.add(c + " down on " + n);
                }
            }
            LabStatus.Node node = new LabStatus.Node(n.name(), n.namespace(), n.address(), nsPresent, linkUp,
                    forwarding, nsPresent ? net.addresses(n) : List.of(), comps);
            if (n.witness()) {
                witness = node;
            } else {
                nodes.add(node);
            }
        }
        LabStatus.Ensemble ensemble = zookeeper.ensemble();
        for (LabStatus.Member m : ensemble.members()) {
            if (!m.mode().serving()) {
                problems.add("zookeeper on " + m.node() + " " + m.mode().words());
            }
        }
        if (!ensemble.quorum()) {
            problems.add("the ZooKeeper ensemble has no quorum");
        }
        List<LabStatus.Controller> controllers = new ArrayList<>();
        for (LabNode n : LabNode.HOSTS) {
            if (Files.exists(layout.controllerConfig(n))) {
                OptionalLong pid = procs.livePid(n, "controller");
                controllers.add(new LabStatus.Controller(n.name(), pid.isPresent() ? pid.getAsLong() : null,
                        pid.isPresent(), pid.isPresent() ? Procs.rssKb(pid.getAsLong()) : 0));
            }
        }
        serviceSomewhere.forEach((s, up) -> {
            if (!up) {
                problems.add(s + " running on no node");
            }
        });
        return new LabStatus(layout.dir().toString(), layout.config().toString(), dirPresent, configPresent,
                bridgePresent, namespaces, nodes, witness, ensemble, List.copyOf(controllers), problems.isEmpty(), problems);
    }
}
