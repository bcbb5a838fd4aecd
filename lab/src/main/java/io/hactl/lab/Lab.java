package io.hactl.lab;

import io.hactl.node.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The two-node lab: a real active/passive pair on this machine, built with network
 * namespaces (see docs/lab.md). Needs root for everything but {@link #status()}.
 *
 * <p>Baseline after {@link #up()} or {@link #heal()}: bridge {@code hactl-br}
 * 198.51.100.1/24; n1 (198.51.100.11, namespace hactl-n1) MariaDB master, writable,
 * holding both VIPs (db 198.51.100.89, app 198.51.100.88) and running the services
 * backend (:9090) and tomcat (:8080); n2 (198.51.100.12) MariaDB replica of n1 with
 * GTID (slave_pos), read_only, no VIP, services stopped; sshd on both. The witness w
 * (198.51.100.13, namespace hactl-w) has no database; a ZooKeeper member runs in each of the
 * three namespaces ({@link LabZookeeper#CONNECT_STRING}), all three serving, one leading.
 *
 * <p>Fault helpers for tests: {@link #killMariadb}, {@link #startMariadb},
 * {@link #linkDown}, {@link #linkUp}, {@link #isolate}, {@link #rejoin}, {@link #addVip}, {@link #removeVip},
 * {@link #serviceCtl}, and for the ensemble {@link #killZookeeper}, {@link #pauseZookeeper},
 * {@link #resumeZookeeper}; {@link #heal()} returns to the baseline. {@link #sqlAsRoot} and
 * {@link #nsExec} run things on a node. Node names are "n1" and "n2"; the network faults,
 * {@link #nsExec} and the ZooKeeper helpers also take the witness, "w".
 *
 * <p>A thin facade: the work is done by one class per concern ({@link LabNet} the network,
 * {@link LabMariadb}, {@link LabSshd}, {@link LabServices}, {@link LabFaults}, {@link LabHeal},
 * {@link LabTeardown}, {@link LabStatusReader}, {@link LabBuild} the steps of up, {@link LabFiles}),
 * over {@link LabShell}, which runs and logs every command. up, down and heal hold {@link LabLock}
 * ({@code /run/lock/hactl-lab.lock}) so two processes never build or tear down the lab at the same time.
 */
public final class Lab {

    /** The four processes per node, as status reports them. */
    public static final List<String> COMPONENTS = List.of("mariadb", "sshd", "tomcat", "backend");
    /** The application services, in start order. */
    public static final List<String> SERVICES = List.of("backend", "tomcat");
    /** The lab's application database (seeded on n1, replicated to n2). */
    public static final String DATABASE = "hactl_demo";
    /** The database {@link #diskFull} fills, MyISAM, on the node only. */
    public static final String FULL_DATABASE = "hactl_full";

    private final LabLayout layout;
    private final Consumer<String> progress;
    private final LabLog log;
    private final Preflight preflight;
    private final LabShell shell;
    private final LabProcesses procs;
    private final LabFiles files;
    private final LabMariadb mariadb;
    private final LabNet net;
    private final LabServices services;
    private final LabFaults faults;
    private final LabTeardown teardown;
    private final LabHeal healing;
    private final LabBuild build;
    private final LabStatusReader statusReader;
    private final LabZookeeper zookeeper;
    private final LabControllers controllers;

    /** The lab at /var/lib/hactl-lab, progress lines discarded. */
    public Lab() {
        this(line -> { });
    }

    /** The lab at /var/lib/hactl-lab; {@code progress} gets one line per step of up, down and heal. */
    public Lab(Consumer<String> progress) {
        this(LabLayout.standard(), progress, LabHost.REAL);
    }

    Lab(LabLayout layout, Consumer<String> progress, LabHost host) {
        this.layout = layout;
        this.progress = progress;
        this.log = new LabLog(layout.log());
        this.preflight = new Preflight(host);
        this.shell = new LabShell(host, log);
        this.procs = new LabProcesses(layout);
        this.files = new LabFiles(layout, shell, log, procs);
        this.net = new LabNet(layout, shell);
        this.mariadb = new LabMariadb(layout, shell, procs, log);
        LabSshd sshd = new LabSshd(layout, shell, procs);
        this.services = new LabServices(layout, shell);
        LabCuts cuts = new LabCuts(layout);
        this.zookeeper = new LabZookeeper(layout, shell, procs, cuts);
        this.faults = new LabFaults(layout, shell, procs, mariadb, log, cuts);
        this.controllers = new LabControllers(layout, shell, procs, log);
        this.teardown = new LabTeardown(layout, shell, procs, faults, log);
        this.healing = new LabHeal(shell, procs, net, mariadb, sshd, services, faults, zookeeper, controllers, files,
                cuts);
        this.build = new LabBuild(layout, log, progress, teardown, files, net, mariadb, sshd, services, zookeeper);
        this.statusReader = new LabStatusReader(layout, procs, net, zookeeper);
    }

    /** The lab directory, /var/lib/hactl-lab. */
    public Path dir() {
        return layout.dir();
    }

    /** hactl's config for the lab, /var/lib/hactl-lab/hactl.yml. */
    public Path config() {
        return layout.config();
    }

    public LabLayout layout() {
        return layout;
    }

    // ------------------------------------------------------------------ up, down, heal, status

    /** One step of {@code up}, {@code down} or {@code heal}. */
    public record Step(String name, Duration took, String detail) {
    }

    /** What {@link #up()} did. */
    public record UpReport(List<Step> steps, Duration total) {
    }

    /**
     * Builds the lab from nothing. Whatever exists of a previous lab (a running one, or the
     * leftovers of a killed run) is torn down first. On failure the partial lab is left in
     * place for inspection (see lab.log); the next {@code up} or {@code down} clears it.
     */
    public UpReport up() {
        preflight("up");
        return LabLock.locked(progress, () -> {
            long t0 = System.nanoTime();
            log.buffer();
            try {
                return build.fresh(t0);
            } finally {
                log.attach();
            }
        });
    }

    /** Refuses clearly when not root or when a program the lab needs is missing. */
    void preflight(String what) {
        preflight.check(what);
    }

    /**
     * Takes the lab down: kills everything it started (TERM, bounded wait, KILL), deletes
     * the namespaces, the veth host ends, the bridge and the lab directory. Succeeds on
     * nothing. Returns what it removed ("nothing" when there was no lab).
     */
    public String down() {
        preflight("down");
        return LabLock.locked(progress, () -> {
            long t0 = System.nanoTime();
            LabTeardown.Leftovers found = teardown.discover();
            LabNet.removeNetnsEtc();
            if (found.isEmpty()) {
                progress.accept("no lab found: nothing to take down");
                return "nothing";
            }
            teardown.teardown(found);
            String s = String.format(Locale.ROOT, "removed %s in %.2f s", found.summary(), (System.nanoTime() - t0) / 1e9);
            progress.accept(s);
            return found.summary();
        });
    }

    /**
     * Brings the lab back to its baseline: links up, MariaDB running on both nodes, n1
     * writable master, n2 read_only replica of n1 (GTID slave_pos) running and caught up,
     * both VIPs on n1 only, services running on n1 and stopped on n2, sshd on both, the
     * witness's link up, the three ZooKeeper members running and serving (one leader). Repairs
     * in place when it can (a replica with errant transactions is rebuilt from n1: n1's
     * data is the baseline), and ends comparing CHECKSUM TABLE of every table of the lab
     * database on both nodes (copying n1's to n2 when they differ); when anything fails, or
     * the lab is gone, it runs {@link #up()}. Returns what it did.
     */
    public List<String> heal() {
        preflight("heal");
        return LabLock.locked(progress, () -> {
            long t0 = System.nanoTime();
            List<String> actions = new ArrayList<>();
            // the namespaces and links only (not teardown's search of the lab's processes: heal finds its daemons
            // by pid file); a lab built before the witness existed has no hactl-w: that is not a lab heal can repair
            List<String> links = teardown.hactlLinks();
            boolean skeleton = Files.exists(layout.config())
                    && teardown.namespaces().containsAll(LabNode.HOSTS.stream().map(LabNode::namespace).toList())
                    && links.contains(LabNetwork.BRIDGE)
                    && links.containsAll(LabNode.HOSTS.stream().map(LabNode::hostVeth).toList());
            if (!skeleton) {
                actions.add("no complete lab: lab up");
                progress.accept("heal: no complete lab, running lab up");
                up();
                return actions;
            }
            String verified;
            try {
                verified = healing.inPlace(actions);
            } catch (RuntimeException e) {
                log.line("heal in place failed: " + e.getMessage());
                progress.accept("heal: in-place repair failed (" + e.getMessage() + "), running lab up");
                actions.add("in-place repair failed (" + e.getMessage() + "): lab up");
                up();
                return actions;
            }
            boolean saidSo = !actions.isEmpty() && actions.get(actions.size() - 1).endsWith(verified);
            String s = String.format(Locale.ROOT, "heal %.2f s: %s%s", (System.nanoTime() - t0) / 1e9,
                    actions.isEmpty() ? "already at baseline" : String.join("; ", actions), saidSo ? "" : "; " + verified);
            log.line(s);
            progress.accept(s);
            return actions;
        });
    }

    /** What is up, from pid files, /proc and the namespaces. Needs no root (less detail without it). */
    public LabStatus status() {
        return statusReader.read();
    }

    // ------------------------------------------------------------------ secrets

    /** SHA-256 (hex) of the lab operator's token, as the lab's hactl.yml holds it. */
    public String operatorTokenSha256() {
        return files.operatorTokenSha256();
    }

    /** The application user's password (secrets/app.password). */
    public String appPassword() {
        return LabFiles.secret(layout.appPassword());
    }

    // ------------------------------------------------------------------ helpers for tests

    /** Runs {@code sql} as MariaDB root on the node, through its socket (unix_socket auth); SQL on stdin; returns stdout (tab-separated, no headers). */
    public String sqlAsRoot(String node, String sql) {
        return mariadb.sql(LabNode.of(node), sql, Duration.ofSeconds(60));
    }

    /** {@link #sqlAsRoot(String, String)} within {@code timeout} (a hung server fails it instead of holding the caller). */
    public String sqlAsRoot(String node, String sql, Duration timeout) {
        return mariadb.sql(LabNode.of(node), sql, timeout);
    }

    /** CHECKSUM TABLE of every base table of the lab database ({@link #DATABASE}) on the node. */
    public TableChecksums tableChecksums(String node) {
        return mariadb.tableChecksums(LabNode.of(node));
    }

    /** SHOW SLAVE STATUS on the node as column to value; empty when no replication is configured. */
    public Map<String, String> replicaStatus(String node) {
        return mariadb.slaveStatus(LabNode.of(node));
    }

    /** Runs {@code argv} inside the node's (or the witness's) namespace (ip netns exec), 60 s timeout. */
    public CommandResult nsExec(String node, String... argv) {
        LabNode n = LabNode.host(node);
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", n.namespace()));
        a.addAll(List.of(argv));
        return shell.run(n.name(), Duration.ofSeconds(60), null, a.toArray(String[]::new));
    }

    /** {@code backend-ctl|tomcat-ctl start|stop|status NODE} inside the node's namespace, as hactl runs it over SSH. */
    public CommandResult serviceCtl(String node, String service, String action) {
        return services.ctl(LabNode.of(node), service, action);
    }

    /** kill -9 of the node's mariadbd (by its pid file's PID); waits until it is gone. False when it was not running. */
    public boolean killMariadb(String node) {
        return faults.killMariadb(LabNode.of(node));
    }

    /** Starts the node's mariadbd if it is not running and waits until it answers; no-op when running. */
    public void startMariadb(String node) {
        LabNode n = LabNode.of(node);
        if (procs.livePid(n, "mariadb").isEmpty()) {
            mariadb.start(n);
        }
    }

    /** Sets the host end of the node's veth down: the node is cut off from the bridge (host and peer). */
    public void linkDown(String node) {
        faults.linkDown(LabNode.host(node));
    }

    /** Sets the host end of the node's veth up again. */
    public void linkUp(String node) {
        faults.linkUp(LabNode.host(node));
    }

    /**
     * A silent partition: the node's bridge port stops forwarding (state disabled) while
     * both ends of the veth keep their carrier, so the node sees its eth0 up (unlike
     * {@link #linkDown}, where eth0 inside the node shows NO-CARRIER).
     */
    public void isolate(String node) {
        faults.isolate(LabNode.host(node));
    }

    /** Undoes {@link #isolate}: the node's bridge port forwards again. */
    public void rejoin(String node) {
        faults.rejoin(LabNode.host(node));
    }

    /**
     * Cuts the node off from this machine (the controller's side) only: a blackhole route for
     * its address in the root namespace. The nodes still reach each other over the bridge.
     */
    public void cutFromHost(String node) {
        faults.cutFromHost(LabNode.host(node));
    }

    /** Undoes {@link #cutFromHost}; a no-op when there is no such route. */
    public void reconnectToHost(String node) {
        faults.reconnectToHost(LabNode.host(node));
    }

    /**
     * SIGSTOP to the node's mariadbd (by its pid file's PID): a hung master. The kernel still
     * accepts connections on its port; nothing answers them. Undone by {@link #resumeMariadb}
     * and by heal. False when it was not running.
     */
    public boolean pauseMariadb(String node) {
        return faults.pauseMariadb(LabNode.of(node));
    }

    /** SIGCONT to the node's mariadbd when it is stopped; a no-op otherwise. */
    public void resumeMariadb(String node) {
        faults.resumeMariadb(LabNode.of(node));
    }

    /**
     * The nodes cannot reach each other; this machine (the controller, the clients) still
     * reaches both: in each node's namespace a blackhole route for the other's address
     * (replication runs between the node addresses). Undone by {@link #unpartition} and heal.
     */
    public void partition() {
        faults.partition();
    }

    /** Undoes {@link #partition}: every blackhole route inside the nodes goes; a no-op when there is none. */
    public void unpartition() {
        faults.unpartition();
    }

    /**
     * A full disk under the node's MariaDB, without InnoDB seeing it: a 1 MB tmpfs in the mount
     * namespace of the node's mariadbd only, a MyISAM table {@code hactl_full.tm} there, and a
     * session filling it until the server waits "for someone to free space" (binary log off).
     * Returns once that session waits. Undone by {@link #diskFree} and by heal.
     */
    public void diskFull(String node) {
        faults.diskFull(LabNode.of(node));
    }

    /**
     * Undoes {@link #diskFull}: room again, the filling session ended, the database dropped, the
     * mount gone. With mariadbd down it waits for heal, which runs it once mariadbd is back.
     */
    public void diskFree(String node) {
        faults.diskFree(LabNode.of(node));
    }

    // ------------------------------------------------------------------ the ZooKeeper ensemble

    /** The ensemble as this machine sees it: each member's mode (srvr on its client port), the quorum, the leader. */
    public LabStatus.Ensemble zookeeper() {
        return zookeeper.ensemble();
    }

    /** The member's raw answer to {@code srvr} ("" when none came within 0.7 s). Node: n1, n2 or w. */
    public String zookeeperSrvr(String node) {
        return LabZookeeper.srvr(LabNode.host(node));
    }

    /** kill -9 of the member's JVM on n1, n2 or w; waits until it is gone. False when it was not running. */
    public boolean killZookeeper(String node) {
        LabNode n = LabNode.host(node);
        log.line("kill -9 zookeeper on " + n);
        return zookeeper.kill(n);
    }

    /** Starts the member on n1, n2 or w when it is not running (it joins the ensemble by itself); a no-op when running. */
    public void startZookeeper(String node) {
        LabNode n = LabNode.host(node);
        if (procs.livePid(n, "zookeeper").isEmpty()) {
            zookeeper.start(n);
        }
    }

    /**
     * SIGSTOP to the member's JVM on n1, n2 or w: it lives, it answers nothing (its followers or
     * its leader drop it after syncLimit ticks, 5 s). Undone by {@link #resumeZookeeper} and heal.
     * False when it was not running.
     */
    public boolean pauseZookeeper(String node) {
        return zookeeper.pause(LabNode.host(node));
    }

    /** SIGCONT to the member's JVM when it is stopped; a no-op otherwise. */
    public void resumeZookeeper(String node) {
        zookeeper.resume(LabNode.host(node));
    }

    // ------------------------------------------------------------------ the three controllers

    /**
     * The three coordinated controllers (issue 16), one in each namespace, for the tests that ask:
     * {@link LabControllers#startAll}, kill9, stop (SIGSTOP) and cont, leader, awaitLeader, removeAll.
     * Heal resumes or restarts the ones the lab runs; down kills them and removes their directories.
     */
    public LabControllers controllers() {
        return controllers;
    }

    /** Adds {@code vip} ("198.51.100.x" or with "/24") on the node's eth0, then one gratuitous ARP; no-op if present. */
    public void addVip(String node, String vip) {
        net.addVip(LabNode.of(node), vip);
    }

    /** Removes {@code vip} from the node's eth0; no-op if absent. */
    public void removeVip(String node, String vip) {
        net.removeVip(LabNode.of(node), vip);
    }

    static boolean tcpOpen(String address, int port) {
        return LabServices.tcpOpen(address, port);
    }

    /** HTTP status of GET http://address:port/ (no proxy, short timeouts), -1 when there is no answer. */
    public static int httpStatus(String address, int port) {
        return LabServices.httpStatus(address, port);
    }
}
