package io.hactl.ops;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import io.hactl.probe.NodeScript;
import io.hactl.probe.TcpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Starts and stops the configured application services on a node, in the configured
 * order (stop in reverse), waiting for each one's process (pgrep) and port, bounded by
 * its timeout. A service already in the wanted state is skipped.
 */
public final class ServiceManager {

    private static final Duration POLL = Duration.ofMillis(100);

    private final HactlConfig config;
    private final Function<NodeConfig, NodeShell> shells;
    private final Duration tcpTimeout;

    public ServiceManager(HactlConfig config, Function<NodeConfig, NodeShell> shells) {
        this.config = config;
        this.shells = shells;
        this.tcpTimeout = config.probe().tcpTimeout();
    }

    /** PIDs of the service's processes on the node (pgrep -f with the pattern sent on stdin). */
    public List<Long> pids(NodeConfig node, ServiceConfig service) {
        ServiceConfig s = service.forNode(node);
        CommandResult r = shells.apply(node).run("sh -s", "pgrep -f -- " + q(NodeScript.notItself(s.process()))
                + " || true\n", node.ssh().commandTimeout());
        if (!r.ok()) {
            throw new StepFailed("cannot look for " + service.name() + " processes: " + r.describe());
        }
        return Arrays.stream(r.out().trim().split("\\s+")).filter(t -> t.matches("\\d+")).map(Long::valueOf).toList();
    }

    /** PIDs of every configured service on the node, in one round trip (service name → pids). */
    public Map<String, List<Long>> pidsAll(NodeConfig node) {
        Map<String, String> patterns = new LinkedHashMap<>();
        for (ServiceConfig s : config.services()) {
            patterns.put(s.name(), s.forNode(node).process());
        }
        CommandResult r = shells.apply(node).run("sh -s",
                NodeScript.build(node.networkInterface(), patterns, List.of(), config.probe().arpTimeout()),
                node.ssh().commandTimeout());
        if (!r.ok()) {
            throw new StepFailed("cannot look for service processes: " + r.describe());
        }
        return NodeScript.parse(r.out()).servicePids();
    }

    /** Names of the configured services running on the node, in start order. */
    public List<String> running(NodeConfig node) {
        Map<String, List<Long>> pids = pidsAll(node);
        return config.services().stream().map(ServiceConfig::name)
                .filter(n -> !pids.getOrDefault(n, List.of()).isEmpty()).toList();
    }

    /** The configured services with these names (all when empty), in start order; unknown names refused. */
    public List<ServiceConfig> select(List<String> names) {
        if (names == null || names.isEmpty()) {
            return config.services();
        }
        for (String n : names) {
            if (config.service(n).isEmpty()) {
                throw new Refused("no service named '" + n + "'", "configured services: "
                        + String.join(", ", config.services().stream().map(ServiceConfig::name).toList()));
            }
        }
        return config.services().stream().filter(s -> names.contains(s.name())).toList();
    }

    public void startAll(Operation op, NodeConfig node, List<ServiceConfig> services) {
        startAll(op, node, services, pidsAll(node));
    }

    /** {@link #startAll}, the node's service processes already looked up ({@link #pidsAll}). */
    public void startAll(Operation op, NodeConfig node, List<ServiceConfig> services, Map<String, List<Long>> all) {
        for (ServiceConfig s : services) {
            List<Long> pids = all.getOrDefault(s.name(), List.of());
            if (!pids.isEmpty()) {
                op.skip(node.name(), "start " + s.name(), "already running (pids " + join(pids) + ")");
                continue;
            }
            op.step(node.name(), "start " + s.name(), () -> start(node, s));
        }
    }

    public void stopAll(Operation op, NodeConfig node, List<ServiceConfig> services) {
        List<ServiceConfig> reversed = new ArrayList<>(services);
        java.util.Collections.reverse(reversed);
        Map<String, List<Long>> all = pidsAll(node);
        for (ServiceConfig s : reversed) {
            List<Long> pids = all.getOrDefault(s.name(), List.of());
            if (pids.isEmpty()) {
                op.skip(node.name(), "stop " + s.name(), "not running");
                continue;
            }
            op.step(node.name(), "stop " + s.name() + " (pids " + join(pids) + ")", () -> stop(node, s));
        }
    }

    /** Runs the start command, then waits for a process and, if configured, the port. */
    String start(NodeConfig node, ServiceConfig service) {
        ServiceConfig s = service.forNode(node);
        CommandResult r = shells.apply(node).run(s.start(), s.startTimeout());
        if (!r.ok()) {
            throw new StepFailed(service.name() + " did not start: " + r.describe() + logHint(s));
        }
        long deadline = System.nanoTime() + s.startTimeout().toNanos();
        List<Long> pids = List.of();
        boolean portOpen = s.port() == null;
        while (System.nanoTime() < deadline) {
            pids = pids(node, service);
            portOpen = s.port() == null || TcpProbe.open(node.address(), s.port(), tcpTimeout);
            if (!pids.isEmpty() && portOpen) {
                return "pids " + join(pids) + (s.port() == null ? "" : ", port " + s.port() + " answering");
            }
            pause();
        }
        throw new StepFailed(service.name() + " on " + node.name() + " did not come up within "
                + s.startTimeout().toSeconds() + " s (" + (pids.isEmpty() ? "no process matching '" + s.process() + "'"
                : "port " + s.port() + " not answering") + ")" + logHint(s));
    }

    /** Runs the stop command, then waits until no process matches. */
    String stop(NodeConfig node, ServiceConfig service) {
        ServiceConfig s = service.forNode(node);
        CommandResult r = shells.apply(node).run(s.stop(), s.stopTimeout());
        if (!r.ok()) {
            throw new StepFailed(service.name() + " did not stop: " + r.describe() + logHint(s));
        }
        long deadline = System.nanoTime() + s.stopTimeout().toNanos();
        List<Long> pids = pids(node, service);
        while (!pids.isEmpty() && System.nanoTime() < deadline) {
            pause();
            pids = pids(node, service);
        }
        if (!pids.isEmpty()) {
            throw new StepFailed(service.name() + " on " + node.name() + " still running after "
                    + s.stopTimeout().toSeconds() + " s (pids " + join(pids) + ")" + logHint(s));
        }
        return "stopped";
    }

    private static String logHint(ServiceConfig s) {
        return s.log() == null ? "" : "; read its log: " + s.log();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StepFailed("interrupted");
        }
    }

    private static String join(List<Long> pids) {
        return String.join(" ", pids.stream().map(String::valueOf).toList());
    }

    private static String q(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
