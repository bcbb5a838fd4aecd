package io.hactl.lab;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code lab status} sees: the lab directory, the bridge, the namespaces, and per
 * node each component's PID (from its pid file) and whether that PID is alive, in the
 * node's namespace, with the node's marker in its command line.
 *
 * <p>{@link #allUp()}: directory, config, bridge and the three namespaces present, every link
 * up and forwarding, MariaDB and sshd alive on both nodes, each application service
 * (backend, tomcat) alive on at least one node (the active one; after a switch it may be n2),
 * and the ZooKeeper ensemble whole: its three members serving, one leader.
 *
 * @param witness   the witness's namespace (no components of the pair: its member is in {@code zookeeper})
 * @param zookeeper the ensemble, one member per namespace, as each member's srvr answers
 * @param controllers the lab's controllers, one per namespace where one was started (none: the coordination
 *                    tests and benches start them; they are not part of {@link #allUp()})
 */
public record LabStatus(String dir, String config, boolean dirPresent, boolean configPresent,
        boolean bridgePresent, List<String> namespaces, List<Node> nodes, Node witness, Ensemble zookeeper,
        List<Controller> controllers, boolean allUp, List<String> problems) {

    /** A controller the lab started in a namespace ({@link LabControllers}): its PID when it lives, RSS in kB. */
    public record Controller(String member, Long pid, boolean alive, long rssKb) {
    }

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

    /**
     * What a ZooKeeper member is, from its process and its answer to {@code srvr} on its client
     * port (the words are what status and its JSON show).
     */
    public enum ZkMode {
        LEADER("leader"),
        FOLLOWER("follower"),
        OBSERVER("observer"),
        STANDALONE("standalone"),
        /** Up, without a quorum: "This ZooKeeper instance is not currently serving requests". */
        NOT_SERVING("not serving (no quorum)"),
        /** Up, answering something else (srvr not in 4lw.commands.whitelist). */
        UNKNOWN("unknown answer"),
        /** The process lives but nothing answered on its client port in time (link down, cut off). */
        NO_ANSWER("no answer"),
        /** The process is stopped by SIGSTOP ({@link Lab#pauseZookeeper}). */
        STOPPED("stopped (SIGSTOP)"),
        /** No live process. */
        DOWN("down");

        private final String words;

        ZkMode(String words) {
            this.words = words;
        }

        @JsonValue
        public String words() {
            return words;
        }

        /** Leader or follower: part of a working quorum. */
        public boolean serving() {
            return this == LEADER || this == FOLLOWER;
        }
    }

    /**
     * One ZooKeeper member: the namespace it runs in, its client address, its PID when alive, its mode, its RSS in kB.
     */
    public record Member(String node, String address, Long pid, boolean alive, ZkMode mode, long rssKb) {
    }

    /**
     * The ensemble as this machine sees it: a quorum is one leader and a majority (two of three)
     * serving; {@link #allServing()} is the baseline, all three.
     *
     * @param connectString what a client (the controllers' {@code controller.coordination}) connects with
     */
    public record Ensemble(String connectString, List<Member> members, boolean quorum, String leader) {

        /** The ensemble of these members' answers, with the lab's connect string. */
        public static Ensemble of(List<Member> members) {
            List<Member> leaders = members.stream().filter(m -> m.mode() == ZkMode.LEADER).toList();
            long serving = members.stream().filter(m -> m.mode().serving()).count();
            boolean quorum = leaders.size() == 1 && serving >= LabNode.HOSTS.size() / 2 + 1;
            return new Ensemble(LabZookeeper.CONNECT_STRING, List.copyOf(members), quorum,
                    quorum ? leaders.get(0).node() : null);
        }

        /** The three members serve, one of them leads. */
        @JsonIgnore
        public boolean allServing() {
            return quorum && members.size() == LabNode.HOSTS.size() && members.stream().allMatch(m -> m.mode().serving());
        }

        public Member member(String node) {
            return members.stream().filter(m -> m.node().equals(node)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no ZooKeeper member on " + node));
        }

        /** "n1 follower, n2 follower, w leader". */
        public String modes() {
            return String.join(", ", members.stream().map(m -> m.node() + " " + m.mode().words()).toList());
        }

        /** The lines {@code lab status} prints for the ensemble. */
        public List<String> render() {
            List<String> lines = new ArrayList<>();
            lines.add(String.format("zookeeper   %s  %s", connectString,
                    quorum ? "quorum, leader " + leader : "NO QUORUM"));
            for (Member m : members) {
                lines.add(String.format(Locale.ROOT, "    %-3s %-19s %-9s %s%s", m.node(), m.address(),
                        m.alive() && m.pid() != null ? "pid " + m.pid() : "-", m.mode().words(),
                        m.alive() ? String.format(Locale.ROOT, "  %.0f MB", m.rssKb() / 1024.0) : ""));
            }
            return lines;
        }
    }

    /** The lines {@code lab status} prints for the lab's controllers. */
    List<String> renderControllers() {
        if (controllers.isEmpty()) {
            return List.of("controllers none started (the coordination tests and benches start them)");
        }
        List<String> lines = new ArrayList<>();
        long alive = controllers.stream().filter(Controller::alive).count();
        lines.add("controllers " + alive + " of " + controllers.size() + " alive");
        for (Controller c : controllers) {
            lines.add(String.format(Locale.ROOT, "    %-3s %-9s %s", c.member(), c.alive() ? "pid " + c.pid() : "-",
                    c.alive() ? String.format(Locale.ROOT, "alive  %.0f MB", c.rssKb() / 1024.0) : "down"));
        }
        return lines;
    }

    public Node node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** RSS of the lab's live components and ZooKeeper members, kB. */
    public long totalRssKb() {
        return nodes.stream().flatMap(n -> n.components().stream()).filter(Component::alive)
                .mapToLong(Component::rssKb).sum()
                + zookeeper.members().stream().filter(Member::alive).mapToLong(Member::rssKb).sum()
                + controllers.stream().filter(Controller::alive).mapToLong(Controller::rssKb).sum();
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
        sb.append(String.format("%-3s %s %s  %s, link %s%s, addresses %s  (witness: no database)%n", witness.name(),
                witness.namespace(), witness.address(), witness.namespacePresent() ? "present" : "absent",
                witness.linkUp() ? "up" : "down", witness.linkUp() && !witness.forwarding() ? " (isolated)" : "",
                witness.addresses().isEmpty() ? "-" : String.join(" ", witness.addresses())));
        zookeeper.render().forEach(line -> sb.append(line).append(System.lineSeparator()));
        renderControllers().forEach(line -> sb.append(line).append(System.lineSeparator()));
        sb.append(String.format(Locale.ROOT, "RSS         %.0f MB%n", totalRssKb() / 1024.0));
        if (allUp) {
            sb.append("status      all up\n");
        } else {
            sb.append("status      NOT all up: ").append(String.join("; ", problems)).append('\n');
        }
        return sb.toString();
    }
}
