package io.hactl.lab;

import java.util.List;
import java.util.Locale;

/**
 * What {@code lab status} sees: the lab directory, the bridge, the namespaces, and per
 * node each component's PID (from its pid file) and whether that PID is alive, in the
 * node's namespace, with the node's marker in its command line.
 *
 * <p>{@link #allUp()}: directory, config, bridge and both namespaces present, both links
 * up and forwarding, MariaDB and sshd alive on both nodes, and each application service
 * (backend, tomcat) alive on at least one node (the active one; after a switch it may be n2).
 */
public record LabStatus(String dir, String config, boolean dirPresent, boolean configPresent,
        boolean bridgePresent, List<String> namespaces, List<Node> nodes, boolean allUp, List<String> problems) {

    /**
     * One node: its namespace, whether the host end of its veth is up ({@link Lab#linkDown})
     * and its bridge port forwards ({@link Lab#isolate}), its IPv4 addresses on eth0.
     */
    public record Node(String name, String namespace, String address, boolean namespacePresent, boolean linkUp,
            boolean forwarding, List<String> addresses, List<Component> components) {

        public Component component(String name) {
            return components.stream().filter(c -> c.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no component " + name));
        }

        public boolean alive(String component) {
            return component(component).alive();
        }
    }

    /** One process: PID from the pid file (null when there is none), alive or not, RSS in kB. */
    public record Component(String name, Long pid, boolean alive, long rssKb, String pidFile) {
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** RSS of the lab's live components, kB. */
    public long totalRssKb() {
        return nodes.stream().flatMap(n -> n.components().stream()).filter(Component::alive)
                .mapToLong(Component::rssKb).sum();
    }

    /** The text {@code lab status} prints. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("lab dir     %s%s%n", dir, dirPresent ? "" : " (absent)"));
        sb.append(String.format("config      %s%s%n", config, configPresent ? "" : " (absent)"));
        sb.append(String.format("bridge      %s%s%n", LabNetwork.BRIDGE, bridgePresent ? "" : " (absent)"));
        sb.append(String.format("namespaces  %s%n", namespaces.isEmpty() ? "(none)" : String.join(" ", namespaces)));
        for (Node n : nodes) {
            sb.append(String.format("%s  %s %s  %s, link %s%s, addresses %s%n", n.name(), n.namespace(), n.address(),
                    n.namespacePresent() ? "present" : "absent", n.linkUp() ? "up" : "down",
                    n.linkUp() && !n.forwarding() ? " (isolated)" : "",
                    n.addresses().isEmpty() ? "-" : String.join(" ", n.addresses())));
            for (Component c : n.components()) {
                sb.append(String.format("    %-8s %-9s %-6s %s%n", c.name(),
                        c.pid() == null ? "-" : "pid " + c.pid(), c.alive() ? "alive" : "down",
                        c.alive() ? String.format(Locale.ROOT, "%.0f MB", c.rssKb() / 1024.0) : ""));
            }
        }
        sb.append(String.format(Locale.ROOT, "RSS         %.0f MB%n", totalRssKb() / 1024.0));
        if (allUp) {
            sb.append("status      all up\n");
        } else {
            sb.append("status      NOT all up: ").append(String.join("; ", problems)).append('\n');
        }
        return sb.toString();
    }
}
