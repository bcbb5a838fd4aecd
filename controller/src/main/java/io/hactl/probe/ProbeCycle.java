package io.hactl.probe;

import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ServiceConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.PeerView;
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
import java.util.Set;
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
 *
 * <p>A node that gives the controller no ping and no shell is looked at from the other node
 * ({@link PeerLook}, through the other node's shell, within {@link PeerLook#TIMEOUT}): started the
 * moment its ping fails (at the cycle's start when it was dark in the last cycle), in parallel
 * with the rest, so that "the controller is cut off" and "the node is lost" are told apart. A
 * service that is down on a node whose shell works carries its log's last lines
 * ({@link LogTail}): read in the probe's own round trip when no process runs, with one more
 * round trip when it runs but its port does not answer.
 */
public final class ProbeCycle implements AutoCloseable {

    /** How much longer a cycle waits for the shell of a node that answered neither ping nor SQL. */
    static final Duration DARK_SHELL_GRACE = Duration.ofMillis(500);

    private final HactlConfig config;
    private final Function<NodeConfig, NodeShell> shells;
    private final NetworkLooks net;
    private final ExecutorService pool;
    private volatile List<String> secrets;
    /** Shell probes a cycle stopped waiting for (node name to the probe), still running. */
    private final Map<String, CompletableFuture<CommandResult>> abandoned = new java.util.concurrent.ConcurrentHashMap<>();
    /** The other node's looks at a node a cycle stopped waiting for (node name to the look), still running. */
    private final Map<String, CompletableFuture<PeerView>> lookLeft = new java.util.concurrent.ConcurrentHashMap<>();
    /** Nodes that gave no ping and no shell in the last cycle: the next cycle asks the other node at once. */
    private final Set<String> darkLast = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Nodes whose shell answered in the last cycle: only they are asked to look at the other node early. */
    private final Set<String> shellOkLast = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /**
     * Each node's database pid file ({@code @@pid_file}) as its server last told it: the shell probe reads it
     * to tell whether the server runs once it stops answering (issue 20). Unknown until the server answered.
     */
    private final Map<String, String> pidFiles = new java.util.concurrent.ConcurrentHashMap<>();
    /** Which arping each node has, as its last shell probe that asked said ({@link NodeFacts#arping}). */
    private final Map<String, String> arpings = new java.util.concurrent.ConcurrentHashMap<>();

    public ProbeCycle(HactlConfig config, Function<NodeConfig, NodeShell> shells) {
        this(config, shells, NetworkLooks.of(config.database()));
    }

    /** With the network's looks given (a test's: nothing sent anywhere). */
    ProbeCycle(HactlConfig config, Function<NodeConfig, NodeShell> shells, NetworkLooks net) {
        this.config = config;
        this.shells = shells;
        this.net = net;
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
            pings.put(n.name(), async(() -> net.ping(n.address(), config.probe().pingTimeout())));
            CompletableFuture<CommandResult> left = abandoned.get(n.name());
            if (left == null || left.isDone()) {
                abandoned.remove(n.name());
                scripts.put(n.name(), async(() -> runScript(n, vips)));
            }
            dbs.put(n.name(), async(() -> net.db(n.address())));
            Map<String, CompletableFuture<Boolean>> p = new LinkedHashMap<>();
            for (ServiceConfig s : config.services()) {
                if (s.port() != null) {
                    p.put(s.name(), async(() -> net.port(n.address(), s.port(), config.probe().tcpTimeout())));
                }
            }
            ports.put(n.name(), p);
        }
        Map<String, CompletableFuture<PeerView>> looks = new LinkedHashMap<>();
        for (NodeConfig n : config.nodes()) {
            NodeConfig other = config.peerOf(n);
            CompletableFuture<PeerView> left = lookLeft.remove(n.name());
            CompletableFuture<CommandResult> otherScript = scripts.get(other.name());
            if (left != null && !left.isDone()) {
                looks.put(n.name(), left);
            } else if (darkLast.contains(n.name()) && shellOkLast.contains(other.name())) {
                looks.put(n.name(), async(() -> look(other, n)));
            } else if (otherScript != null) {
                // asked the moment the node's ping fails, if the other node's own shell answered
                looks.put(n.name(), pings.get(n.name()).thenCombineAsync(otherScript, (ping, os) ->
                        !ping.reachable() && os != null && os.ok() ? look(other, n) : null, pool));
            }
        }

        List<NodeProbe> nodes = new ArrayList<>();
        Map<String, NodeFacts> facts = new LinkedHashMap<>();
        for (NodeConfig n : config.nodes()) {
            NodeProbe.PingResult ping = join(pings.get(n.name()), new NodeProbe.PingResult(false, null, "probe did not finish"));
            DbProbe db = join(dbs.get(n.name()), DbProbe.notResponding("probe did not finish"));
            rememberPidFile(n.name(), db);
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
                if (f.arping() != null) {
                    arpings.put(n.name(), f.arping());
                }
            }
            List<ServiceProbe> services = new ArrayList<>();
            for (ServiceConfig s : config.services()) {
                List<Long> pids = f == null ? List.of() : f.servicePids().getOrDefault(s.name(), List.of());
                Boolean open = s.port() == null ? null : join(ports.get(n.name()).get(s.name()), false);
                ServiceProbe sp = new ServiceProbe(s.name(), !pids.isEmpty(), List.copyOf(pids), s.port(), open,
                        shellOk ? null : "cannot look for processes: " + shellError);
                List<String> tail = f == null ? null : f.logTails().get(s.name());
                services.add(tail == null ? sp : sp.withLogTail(LogTail.clean(tail, secrets())));
            }
            if (f != null) {
                services = tailRunningButClosed(n, services);
            }
            nodes.add(new NodeProbe(n.name(), n.address(), ping, new NodeProbe.ShellResult(shellOk, shellError),
                    f == null ? List.of() : f.addresses(), f == null ? null : f.mac(), db, List.copyOf(services))
                    .withDbProcess(f == null ? null : f.dbProcess()));
        }
        nodes = peerViews(nodes, looks);
        VipProbe db = vip(config.dbVip().address(), nodes, facts);
        VipProbe app = vip(config.appVip().address(), nodes, facts);
        return new ProbeSnapshot(config.clusterName(), at, Duration.ofNanos(System.nanoTime() - t0),
                List.copyOf(nodes), db, app);
    }

    /** The pid file a server told, for the shell probe's look at its process once it stops answering. */
    private void rememberPidFile(String node, DbProbe db) {
        if (db.responding() && db.pidFile() != null && !db.pidFile().isBlank()) {
            pidFiles.put(node, db.pidFile());
        }
    }

    /**
     * The re-probe of a master that has just failed (issue 20): only what decides a crash, asked in
     * parallel and at once: the master's database port (refused, or no answer), whether its server's
     * process runs (the node script's pid facts alone: no ARP wait, no process search, no addresses), and
     * the other node's database (its replica's IO thread). Everything else (pings, addresses, the VIPs'
     * ARP answers, services, the other node's shell) is {@code last}'s, the last whole cycle's: a crash
     * changes none of it, and a whole cycle costs ~0.35–0.8 s on the lab, most of it the node script with its
     * ARP probes. Null when it cannot be asked (no whole cycle yet, {@code master} not in it, its pid file never
     * told by its server): the caller then runs a whole cycle.
     */
    public ProbeSnapshot focus(ProbeSnapshot last, String master) {
        if (last == null || master == null || config.database() == null) {
            return null;
        }
        NodeConfig m = config.node(master).orElse(null);
        NodeProbe lastMaster = last.node(master).orElse(null);
        if (m == null || lastMaster == null) {
            return null;
        }
        String pidFile = pidFiles.get(master);
        if (pidFile == null && lastMaster.db().pidFile() != null && !lastMaster.db().pidFile().isBlank()) {
            pidFile = lastMaster.db().pidFile();
        }
        if (pidFile == null) {
            return null;
        }
        long t0 = System.nanoTime();
        Instant at = Instant.now();
        NodeConfig other = config.peerOf(m);
        String script = NodeScript.dbProcess(pidFile) + "\n";
        CompletableFuture<CommandResult> process = async(() -> shells.apply(m).run("sh -s", script,
                m.ssh().connectTimeout()));
        CompletableFuture<DbProbe> masterDb = async(() -> net.db(m.address()));
        CompletableFuture<DbProbe> otherDb = async(() -> net.db(other.address()));
        DbProbe md = join(masterDb, DbProbe.notResponding("probe did not finish"));
        DbProbe od = join(otherDb, DbProbe.notResponding("probe did not finish"));
        CommandResult r = join(process, null);
        boolean shellOk = r != null && r.exit() == 0;
        String shellError = r == null ? "probe did not finish" : shellOk ? null
                : r.err() == null || r.err().isBlank() ? "exit " + r.exit() : r.err().strip();
        rememberPidFile(master, md);
        rememberPidFile(other.name(), od);
        List<NodeProbe> nodes = new ArrayList<>();
        for (NodeProbe n : last.nodes()) {
            if (n.name().equals(master)) {
                nodes.add(new NodeProbe(n.name(), n.address(), n.ping(), new NodeProbe.ShellResult(shellOk, shellError),
                        n.addresses(), n.macAddress(), md, n.services(), null,
                        shellOk ? NodeScript.parse(r.out()).dbProcess() : null));
            } else if (n.name().equals(other.name())) {
                nodes.add(new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(), od,
                        n.services(), n.peerView(), n.dbProcess()));
            } else {
                nodes.add(n);
            }
        }
        return new ProbeSnapshot(last.cluster(), at, Duration.ofNanos(System.nanoTime() - t0), List.copyOf(nodes),
                last.dbVip(), last.appVip());
    }

    /**
     * The other node's view of each node that gave the controller no ping and no shell (null for the
     * others): the look started during the cycle, waited for at most {@link PeerLook#TIMEOUT}; one not
     * done by then is left running and its answer used by the next cycle.
     */
    private List<NodeProbe> peerViews(List<NodeProbe> nodes, Map<String, CompletableFuture<PeerView>> looks) {
        List<NodeProbe> out = new ArrayList<>();
        Map<String, NodeProbe> byName = new LinkedHashMap<>();
        nodes.forEach(n -> byName.put(n.name(), n));
        darkLast.clear();
        shellOkLast.clear();
        for (NodeProbe n : nodes) {
            if (n.shell().ok()) {
                shellOkLast.add(n.name());
            }
            if (n.ping().reachable() || n.shell().ok()) {
                out.add(n);
                continue;
            }
            darkLast.add(n.name());
            NodeConfig other = config.peerOf(config.node(n.name()).orElseThrow());
            NodeProbe o = byName.get(other.name());
            // the other node's own shell did not answer: it is not waited for to look at this one
            CompletableFuture<PeerView> look = o != null && o.shell().ok() ? looks.get(n.name()) : null;
            PeerView v = look == null ? null : join(look, null, PeerLook.TIMEOUT.toMillis() + 200);
            if (v == null && look != null && !look.isDone()) {
                lookLeft.put(n.name(), look);
                v = new PeerView(other.name(), false, false, Map.of(), "no answer within "
                        + (PeerLook.TIMEOUT.toMillis() + 200) + " ms (used by the next cycle when it comes)");
            } else if (v == null) {
                v = new PeerView(other.name(), false, false, Map.of(), "not asked: " + other.name() + "'s shell does not"
                        + " answer either" + (o == null || o.shell().error() == null ? "" : " (" + o.shell().error() + ")"));
            }
            out.add(n.withPeerView(v));
        }
        return out;
    }

    /** {@code other} looks at {@code n}: its ping, its ssh port, its database port and its service ports. */
    private PeerView look(NodeConfig other, NodeConfig n) {
        List<Integer> ports = lookedPorts();
        CommandResult r = shells.apply(other).run("sh -s", PeerLook.script(n.address(), n.ssh().port(), ports),
                PeerLook.TIMEOUT);
        return PeerLook.parse(other.name(), r, n.ssh().port(), ports);
    }

    private List<Integer> lookedPorts() {
        List<Integer> ports = new ArrayList<>();
        if (config.database() != null) {
            ports.add(config.database().port());
        }
        config.services().stream().map(ServiceConfig::port).filter(java.util.Objects::nonNull).forEach(ports::add);
        return ports;
    }

    /**
     * The log tails of the services that run but whose port does not answer (the script tailed only
     * those with no process): one more round trip, only then, bounded by the command timeout.
     */
    private List<ServiceProbe> tailRunningButClosed(NodeConfig n, List<ServiceProbe> services) {
        StringBuilder script = new StringBuilder();
        for (ServiceProbe sp : services) {
            ServiceConfig s = config.service(sp.name()).orElseThrow();
            if (sp.running() && Boolean.FALSE.equals(sp.portOpen()) && s.log() != null) {
                script.append(NodeScript.logTail(s.name(), s.forNode(n).log())).append('\n');
            }
        }
        if (script.length() == 0) {
            return services;
        }
        CommandResult r = shells.apply(n).run("sh -s", script.toString(), n.ssh().commandTimeout());
        if (!r.ok()) {
            return services;
        }
        Map<String, List<String>> tails = NodeScript.parse(r.out()).logTails();
        return services.stream().map(sp -> tails.containsKey(sp.name())
                ? sp.withLogTail(LogTail.clean(tails.get(sp.name()), secrets())) : sp).toList();
    }

    /** The config's passwords, masked wherever a log line shows one (read once, when a log is first shown). */
    private List<String> secrets() {
        List<String> s = secrets;
        if (s == null) {
            List<String> found = new ArrayList<>();
            if (config.database() != null) {
                for (io.hactl.config.Secret secret : List.of(config.database().password(),
                        config.database().replicationPassword())) {
                    try {
                        String v = secret == null ? null : secret.reveal();
                        if (v != null && !v.isEmpty()) {
                            found.add(v);
                        }
                    } catch (RuntimeException e) {
                        // unreadable here: the pattern mask still applies
                    }
                }
            }
            s = secrets = List.copyOf(found);
        }
        return s;
    }

    private CommandResult runScript(NodeConfig n, List<String> vips) {
        Map<String, String> patterns = new LinkedHashMap<>();
        Map<String, String> logs = new LinkedHashMap<>();
        for (ServiceConfig s : config.services()) {
            patterns.put(s.name(), s.forNode(n).process());
            if (s.log() != null) {
                logs.put(s.name(), s.forNode(n).log());
            }
        }
        String script = NodeScript.build(n.networkInterface(), patterns, vips, config.probe().arpTimeout(), logs,
                pidFiles.get(n.name()), arpings.get(n.name()));
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
