package io.hactl.probe;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One probe cycle: every probe of both nodes in parallel (ping, one shell round trip per
 * node, SQL, TCP ports), each bounded by its timeout, assembled into one immutable
 * {@link ProbeSnapshot}. Probes only observe; nothing here changes a node.
 *
 * <p>A node that answered neither ping nor SQL is not waited for until its shell probe's
 * timeout (an SSH session on a dead link waits ssh connect_timeout + arp_timeout + 2 s): its
 * shell gets {@link #DARK_SHELL_GRACE} more, then the cycle ends and says so. That shell probe
 * is left to finish on its own, and no second one is started for that node while it runs, so
 * a lost node makes cycles of about the ping and SQL timeouts, not of the SSH timeout.
 */
public final class ProbeCycle implements AutoCloseable {

    /** How much longer a cycle waits for the shell of a node that answered neither ping nor SQL. */
    static final Duration DARK_SHELL_GRACE = Duration.ofMillis(500);

    private final HactlConfig config;
    private final Function<NodeConfig, NodeShell> shells;
    private final DbProber dbProber;
    private final ExecutorService pool;
    /** Shell probes a cycle stopped waiting for (node name to the probe), still running. */
    private final Map<String, CompletableFuture<CommandResult>> abandoned = new java.util.concurrent.ConcurrentHashMap<>();

    public ProbeCycle(HactlConfig config, Function<NodeConfig, NodeShell> shells) {
        this.config = config;
        this.shells = shells;
        this.dbProber = new DbProber(config.database());
        this.pool = Executors.newFixedThreadPool(4 * config.nodes().size() + 4, r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
    }

    public ProbeSnapshot run() {
        long t0 = System.nanoTime();
        Instant at = Instant.now();
        List<String> vips = List.of(config.dbVip().address(), config.appVip().address());
        Map<String, CompletableFuture<NodeProbe.PingResult>> pings = new LinkedHashMap<>();
        Map<String, CompletableFuture<CommandResult>> scripts = new LinkedHashMap<>();
        Map<String, CompletableFuture<DbProbe>> dbs = new LinkedHashMap<>();
        Map<String, Map<String, CompletableFuture<Boolean>>> ports = new LinkedHashMap<>();
        for (NodeConfig n : config.nodes()) {
            pings.put(n.name(), async(() -> PingProbe.ping(n.address(), config.probe().pingTimeout())));
            CompletableFuture<CommandResult> left = abandoned.get(n.name());
            if (left == null || left.isDone()) {
                abandoned.remove(n.name());
                scripts.put(n.name(), async(() -> runScript(n, vips)));
            }
            dbs.put(n.name(), async(() -> dbProber.probe(n.address())));
            Map<String, CompletableFuture<Boolean>> p = new LinkedHashMap<>();
            for (ServiceConfig s : config.services()) {
                if (s.port() != null) {
                    p.put(s.name(), async(() -> TcpProbe.open(n.address(), s.port(), config.probe().tcpTimeout())));
                }
            }
            ports.put(n.name(), p);
        }

        List<NodeProbe> nodes = new ArrayList<>();
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        for (NodeConfig n : config.nodes()) {
            NodeProbe.PingResult ping = join(pings.get(n.name()), new NodeProbe.PingResult(false, null, "probe did not finish"));
            DbProbe db = join(dbs.get(n.name()), DbProbe.notResponding("probe did not finish"));
            boolean dark = !ping.reachable() && !db.responding();
            CompletableFuture<CommandResult> scriptRun = scripts.get(n.name());
            CommandResult script;
            String unanswered = null;
            if (scriptRun == null) {
                script = null;
                unanswered = "no answer: the shell probe of an earlier cycle is still waiting (no ping and no SQL"
                        + " either)";
            } else if (dark) {
                script = join(scriptRun, null, DARK_SHELL_GRACE.toMillis());
                if (script == null) {
                    abandoned.put(n.name(), scriptRun);
                    unanswered = "no answer within " + (DARK_SHELL_GRACE.toMillis()) + " ms after ping and SQL failed"
                            + " (no ping and no SQL either): not waited for further";
                }
            } else {
                script = join(scriptRun, null);
            }
            boolean shellOk = script != null && script.exit() == 0;
            String shellError = script == null ? (unanswered != null ? unanswered : "probe did not finish")
                    : shellOk ? null : (script.err() == null || script.err().isBlank() ? "exit " + script.exit() : script.err().strip());
            NodeFacts f = shellOk ? NodeScript.parse(script.out()) : null;
            if (f != null) {
                facts.put(n.name(), f);
            }
            List<ServiceProbe> services = new ArrayList<>();
            for (ServiceConfig s : config.services()) {
                List<Long> pids = f == null ? List.of() : f.servicePids().getOrDefault(s.name(), List.of());
                Boolean open = s.port() == null ? null : join(ports.get(n.name()).get(s.name()), false);
                services.add(new ServiceProbe(s.name(), !pids.isEmpty(), List.copyOf(pids), s.port(), open,
                        shellOk ? null : "cannot look for processes: " + shellError));
            }
            nodes.add(new NodeProbe(n.name(), n.address(), ping, new NodeProbe.ShellResult(shellOk, shellError),
                    f == null ? List.of() : f.addresses(), f == null ? null : f.mac(), db, List.copyOf(services)));
        }
        VipProbe db = vip(config.dbVip().address(), nodes, facts);
        VipProbe app = vip(config.appVip().address(), nodes, facts);
        return new ProbeSnapshot(config.clusterName(), at, Duration.ofNanos(System.nanoTime() - t0),
                List.copyOf(nodes), db, app);
    }

    private CommandResult runScript(NodeConfig n, List<String> vips) {
        Map<String, String> patterns = new LinkedHashMap<>();
        for (ServiceConfig s : config.services()) {
            patterns.put(s.name(), s.forNode(n).process());
        }
        String script = NodeScript.build(n.networkInterface(), patterns, vips, config.probe().arpTimeout());
        Duration timeout = n.ssh().connectTimeout().plus(config.probe().arpTimeout()).plusSeconds(2);
        return shells.apply(n).run("sh -s", script, timeout);
    }

    static VipProbe vip(String address, List<NodeProbe> nodes, Map<String, NodeFacts> facts) {
        List<String> holders = nodes.stream().filter(n -> n.holds(address)).map(NodeProbe::name).toList();
        List<String> macs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Map.Entry<String, NodeFacts> e : facts.entrySet()) {
            for (String mac : e.getValue().arpReplies().getOrDefault(address, List.of())) {
                if (!macs.contains(mac)) {
                    macs.add(mac);
                }
            }
            String err = e.getValue().arpErrors().get(address);
            if (err != null) {
                errors.add(e.getKey() + ": " + err);
            }
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (NodeProbe n : nodes) {
            if (n.macAddress() != null) {
                owners.put(n.macAddress(), n.name());
            }
        }
        String arpError = facts.isEmpty() ? "no node could be asked" : errors.isEmpty() ? null : String.join("; ", errors);
        return new VipProbe(address, holders, List.copyOf(macs), Map.copyOf(owners), arpError);
    }

    private <T> CompletableFuture<T> async(Supplier<T> s) {
        return CompletableFuture.supplyAsync(s, pool);
    }

    private <T> T join(CompletableFuture<T> f, T fallback) {
        return join(f, fallback, 15_000);
    }

    private <T> T join(CompletableFuture<T> f, T fallback, long millis) {
        try {
            return f.get(millis, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return fallback;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
