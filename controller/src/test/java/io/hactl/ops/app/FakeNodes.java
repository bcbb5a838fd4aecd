package io.hactl.ops.app;

import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.ServiceConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionLog;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.ops.OperationRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Two simulated nodes for the application operations: each answers the commands hactl sends
 * (the probe script, pgrep, the services' start/stop commands, ip addr, arping, the MAC) from its
 * own state, and records every command. A running service with a port really listens on it, on
 * the node's loopback address (n1 127.0.0.1, n2 127.0.0.2), so "answers on its port" is a real
 * TCP connect from the test, as from where hactl runs.
 */
final class FakeNodes implements AutoCloseable {

    static final String VIP = "127.0.0.88";

    /** One node's state and the commands it was sent. */
    static final class Node {
        final NodeConfig config;
        final String mac;
        final List<String> commands = new CopyOnWriteArrayList<>();
        final Map<String, Long> running = new LinkedHashMap<>();
        final Map<String, ServerSocket> listeners = new LinkedHashMap<>();
        final Set<String> vips = new HashSet<>();
        /** Services whose stop command leaves the port answering (a stray listener). */
        final Set<String> strayPort = new HashSet<>();
        boolean reachable = true;
        private long nextPid = 4000;

        Node(NodeConfig config, String mac) {
            this.config = config;
            this.mac = mac;
        }

        String name() {
            return config.name();
        }

        /** Changes made to the node (service start/stop, VIP add/del), in order. */
        List<String> changes() {
            return commands.stream().filter(c -> c.contains("-ctl start") || c.contains("-ctl stop")
                    || c.contains("ip addr add") || c.contains("ip addr del")).toList();
        }
    }

    final Map<String, Node> nodes = new LinkedHashMap<>();
    final List<ServiceConfig> services;
    final HactlConfig config;
    final StringWriter out = new StringWriter();
    final Path state;

    /** Services: backend (no port), tomcat (a free port found now). */
    FakeNodes(Path state) {
        this.state = state;
        int port = freePort();
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        NodeConfig n1 = new NodeConfig("n1", "127.0.0.1", "eth0", ssh);
        NodeConfig n2 = new NodeConfig("n2", "127.0.0.2", "eth0", ssh);
        services = List.of(
                new ServiceConfig("backend", "backend-ctl start {node}", "backend-ctl stop {node}", "Backend --node {node}",
                        null, Duration.ofSeconds(5), Duration.ofSeconds(5), "/srv/{node}/backend.log", null),
                new ServiceConfig("tomcat", "tomcat-ctl start {node}", "tomcat-ctl stop {node}", "catalina.base={node}",
                        port, Duration.ofSeconds(5), Duration.ofSeconds(5), "/srv/{node}/catalina.out", null));
        config = new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1", List.of(n1, n2),
                new VipConfig("127.0.0.89", 8), new VipConfig(VIP, 8),
                new DatabaseConfig(3306, "app", "hactl", Secret.NONE, "repl", Secret.NONE, Duration.ofMillis(300),
                        Duration.ofMillis(300), null),
                services, new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                        Duration.ofMillis(300)), BackupConfig.defaults(), state);
        nodes.put("n1", new Node(n1, "02:00:00:00:00:0b"));
        nodes.put("n2", new Node(n2, "02:00:00:00:00:0c"));
    }

    Node n1() {
        return nodes.get("n1");
    }

    Node n2() {
        return nodes.get("n2");
    }

    NodeConfig cfg(String name) {
        return nodes.get(name).config;
    }

    /** n1 active: both services running and the app VIP; n2 passive. */
    FakeNodes activeOnN1() {
        run(n1(), "backend");
        run(n1(), "tomcat");
        n1().vips.add(VIP);
        return this;
    }

    void run(Node n, String service) {
        n.running.put(service, n.nextPid++);
        ServiceConfig s = services.stream().filter(x -> x.name().equals(service)).findFirst().orElseThrow();
        if (s.port() != null && !n.listeners.containsKey(service)) {
            try {
                n.listeners.put(service, new ServerSocket(s.port(), 5, InetAddress.getByName(n.config.address())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    void halt(Node n, String service) {
        n.running.remove(service);
        if (n.strayPort.contains(service)) {
            return;
        }
        ServerSocket s = n.listeners.remove(service);
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    Function<NodeConfig, NodeShell> shells() {
        return c -> new Shell(nodes.get(c.name()));
    }

    OperationRunner runner() {
        return new OperationRunner(new TransitionLog(state), new PrintWriter(out, true), "pair1", "alice@host",
                "test", false);
    }

    List<OperationEntry> log() {
        return new TransitionLog(state).read(OperationEntry.class);
    }

    String out() {
        return out.toString();
    }

    @Override
    public void close() {
        for (Node n : nodes.values()) {
            for (ServerSocket s : n.listeners.values()) {
                try {
                    s.close();
                } catch (IOException e) {
                    // closing a test socket
                }
            }
        }
    }

    private static int freePort() {
        for (int i = 0; i < 20; i++) {
            try (ServerSocket a = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                 ServerSocket b = new ServerSocket(a.getLocalPort(), 1, InetAddress.getByName("127.0.0.2"))) {
                return a.getLocalPort();
            } catch (IOException e) {
                // taken on 127.0.0.2: try another
            }
        }
        throw new IllegalStateException("no port free on both 127.0.0.1 and 127.0.0.2");
    }

    /** The node's shell: answers from its state; an unreachable node fails every command like a dead ssh. */
    private final class Shell implements NodeShell {
        private final Node n;

        Shell(Node n) {
            this.n = n;
        }

        @Override
        public String node() {
            return n.name();
        }

        @Override
        public CommandResult run(String command, String stdin, Duration timeout) {
            String full = stdin == null ? command : command + " <<< " + stdin;
            n.commands.add(full);
            if (!n.reachable) {
                return result(command, -1, "", "ssh to root@" + n.config.address() + ":22: timeout: socket is not"
                        + " established");
            }
            synchronized (FakeNodes.this) {
                return answer(command, stdin);
            }
        }

        private CommandResult answer(String command, String stdin) {
            if (command.equals("true")) {
                return ok(command, "");
            }
            if (stdin != null && stdin.contains("@@SVC")) {
                StringBuilder b = new StringBuilder("@@ADDR\n");
                b.append("2: eth0    inet ").append(n.config.address()).append("/8 scope global eth0\n");
                n.vips.forEach(v -> b.append("2: eth0    inet ").append(v).append("/8 scope global secondary eth0\n"));
                b.append("@@MAC\n").append(n.mac).append('\n');
                for (ServiceConfig s : services) {
                    b.append("@@SVC ").append(s.name()).append('\n');
                    Long pid = n.running.get(s.name());
                    b.append(pid == null ? "" : pid + " ").append('\n');
                }
                return ok(command, b.toString());
            }
            if (stdin != null && stdin.startsWith("pgrep -f -- ")) {
                for (ServiceConfig s : services) {
                    if (stdin.contains("'" + io.hactl.probe.NodeScript.notItself(s.forNode(n.config).process()) + "'")) {
                        Long pid = n.running.get(s.name());
                        return ok(command, pid == null ? "" : pid + "\n");
                    }
                }
                return ok(command, "");
            }
            for (ServiceConfig s : services) {
                ServiceConfig x = s.forNode(n.config);
                if (command.equals(x.start())) {
                    FakeNodes.this.run(n, s.name());
                    return ok(command, "");
                }
                if (command.equals(x.stop())) {
                    halt(n, s.name());
                    return ok(command, "");
                }
            }
            if (command.startsWith("ip -o -4 addr show dev")) {
                StringBuilder b = new StringBuilder("2: eth0    inet " + n.config.address() + "/8 scope global eth0\n");
                n.vips.forEach(v -> b.append("2: eth0    inet ").append(v).append("/8 scope global secondary eth0\n"));
                return ok(command, b.toString());
            }
            if (command.contains("ip addr del")) {
                boolean had = n.vips.remove(VIP);
                return ok(command, had ? "removed\n" : "not there\n");
            }
            if (command.contains("ip addr add")) {
                boolean had = !n.vips.add(VIP);
                return ok(command, had ? "already there\n" : "");
            }
            if (command.contains("arping") && (command.contains("-r -c 3") || command.contains("-D "))) {
                StringBuilder b = new StringBuilder();
                for (Node o : nodes.values()) {
                    if (o != n && o.vips.contains(VIP)) {
                        b.append(o.mac).append('\n');
                    }
                }
                return ok(command, b.toString());
            }
            if (command.contains("arping")) {
                return ok(command, "");
            }
            if (command.startsWith("cat /sys/class/net/")) {
                return ok(command, n.mac + "\n");
            }
            return result(command, 127, "", "fake node: unknown command " + command);
        }

        private CommandResult ok(String command, String out) {
            return result(command, 0, out, "");
        }

        private CommandResult result(String command, int exit, String out, String err) {
            return new CommandResult(n.name(), command, exit, out, err, Duration.ofMillis(1));
        }
    }

    static List<String> lines(String text) {
        return new ArrayList<>(List.of(text.split("\n")));
    }
}
