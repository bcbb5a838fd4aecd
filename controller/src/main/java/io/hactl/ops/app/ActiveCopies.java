package io.hactl.ops.app;

import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.ops.Operation;
import io.hactl.ops.ServiceManager;
import io.hactl.pair.StepFailed;
import io.hactl.probe.TcpProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Never two active application servers (issue 14): before services start on a node, the other
 * node's copies of them must neither answer on their ports (a TCP connect from where hactl runs,
 * as a client's would be) nor run (pgrep there, when its shell answers). Two copies of the
 * application both taking requests (both writing through the DB VIP, both holding sessions) is
 * what the seed's master_set.sh avoided by stopping one side first.
 */
final class ActiveCopies {

    /** The port checks run at once: a lost node makes each wait its whole TCP timeout. */
    private static final ExecutorService PORTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "hactl-port-check");
        t.setDaemon(true);
        return t;
    });

    /**
     * What was seen of the other node's copies.
     *
     * @param copies     each copy that answers or runs, in start order ("tomcat (port 8080 answers on
     *                   198.51.100.11, pids 4242)"); empty when none
     * @param portsTried the ports that were tried (closed unless named in {@code copies})
     */
    record Seen(List<String> copies, List<Integer> portsTried) {
    }

    private final ServiceManager services;
    private final Duration tcpTimeout;

    ActiveCopies(ServiceManager services, Duration tcpTimeout) {
        this.services = services;
        this.tcpTimeout = tcpTimeout;
    }

    /**
     * Looks at {@code other}'s copies of {@code list}: their ports always, their processes when its
     * shell answers ({@code otherUnreachable} null).
     */
    Seen look(NodeConfig other, List<ServiceConfig> list, String otherUnreachable) {
        Map<ServiceConfig, CompletableFuture<Boolean>> open = new LinkedHashMap<>();
        for (ServiceConfig s : list) {
            if (s.port() != null) {
                open.put(s, CompletableFuture.supplyAsync(() -> TcpProbe.open(other.address(), s.port(), tcpTimeout),
                        PORTS));
            }
        }
        Map<String, List<Long>> pids = otherUnreachable == null ? services.pidsAll(other) : Map.of();
        List<String> copies = new ArrayList<>();
        for (ServiceConfig s : list) {
            List<String> why = new ArrayList<>();
            if (open.containsKey(s) && open.get(s).join()) {
                why.add("port " + s.port() + " answers on " + other.address());
            }
            List<Long> p = pids.getOrDefault(s.name(), List.of());
            if (!p.isEmpty()) {
                why.add("pids " + String.join(" ", p.stream().map(String::valueOf).toList()));
            }
            if (!why.isEmpty()) {
                copies.add(s.name() + " (" + String.join(", ", why) + ")");
            }
        }
        return new Seen(copies, open.keySet().stream().map(ServiceConfig::port).toList());
    }

    /**
     * Refuses (nothing changed yet) when {@code other}'s copies of {@code list} answer or run; says
     * so in a note when its processes could not be looked at.
     */
    void refuseIfActive(Operation op, NodeConfig node, NodeConfig other, List<ServiceConfig> list,
                        String otherUnreachable) {
        Seen seen = look(other, list, otherUnreachable);
        if (!seen.copies().isEmpty()) {
            throw op.refuse(running(node, other, seen) + (otherUnreachable == null ? ""
                    : "; processes not looked at: " + other.name() + " cannot be reached (" + otherUnreachable + ")"),
                    "stop them on " + other.name() + " first: hactl master-unset --node " + other.name()
                            + " (detaches the app VIP and stops its services) or hactl stop --node " + other.name()
                            + "; to move the application to " + node.name() + ": hactl master-set --node " + node.name());
        }
        if (otherUnreachable != null) {
            op.note(other.name(), "unreachable (" + otherUnreachable + "): its processes could not be looked at; "
                    + (seen.portsTried().isEmpty() ? "no service has a port to try"
                    : "no service port of " + other.name() + " answers"));
        }
    }

    /** After stopping them: none of {@code other}'s copies runs or answers, else the step fails. */
    String checkStopped(NodeConfig node, NodeConfig other, List<ServiceConfig> list) {
        Seen seen = look(other, list, null);
        if (!seen.copies().isEmpty()) {
            throw new StepFailed(running(node, other, seen) + "; stop them on " + other.name() + " (hactl stop --node "
                    + other.name() + ", or by hand), then run this again");
        }
        List<Integer> ports = seen.portsTried();
        return String.join(", ", list.stream().map(ServiceConfig::name).toList()) + " stopped (no process"
                + (ports.isEmpty() ? "" : "; port" + (ports.size() == 1 ? " " : "s ")
                + String.join(", ", ports.stream().map(String::valueOf).toList()) + " closed") + ")";
    }

    private static String running(NodeConfig node, NodeConfig other, Seen seen) {
        return other.name() + " still runs its copies of the application services: " + String.join(", ", seen.copies())
                + ": starting them on " + node.name() + " would make two active application servers";
    }
}
