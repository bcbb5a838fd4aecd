package io.hactl.lab;

import io.hactl.model.GtidComparison;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Heal in place: back to the baseline from whatever faults and tests left (links, routes,
 * stopped or missing daemons, a full disk, replication, users, VIPs, services, the ZooKeeper
 * ensemble), each repair
 * named in the actions, ending with both nodes' data compared ({@link #verifyData}).
 */
final class LabHeal {

    private final LabShell shell;
    private final LabProcesses procs;
    private final LabNet net;
    private final LabMariadb mariadb;
    private final LabSshd sshd;
    private final LabServices services;
    private final LabFaults faults;
    private final LabZookeeper zookeeper;
    private final LabControllers controllers;
    private final LabFiles files;
    private final LabCuts cuts;

    LabHeal(LabShell shell, LabProcesses procs, LabNet net, LabMariadb mariadb, LabSshd sshd, LabServices services,
            LabFaults faults, LabZookeeper zookeeper, LabControllers controllers, LabFiles files, LabCuts cuts) {
        this.shell = shell;
        this.procs = procs;
        this.net = net;
        this.mariadb = mariadb;
        this.sshd = sshd;
        this.services = services;
        this.faults = faults;
        this.zookeeper = zookeeper;
        this.controllers = controllers;
        this.files = files;
        this.cuts = cuts;
    }

    /** Repairs in place, adding what it did to {@code actions}; returns the last step's sentence: the data comparison. */
    String inPlace(List<String> actions) {
        // what the ensemble was before any repair: members cut off rejoin on their own once their link is back
        LabStatus.Ensemble found = zookeeper.ensemble();
        // first: a repair below that fails falls back to lab up, which keeps the namespaces (and their nftables).
        // Each node's network is its own (its namespace, its host end): the three are looked at side by side,
        // their actions then added in node order (a heal at the baseline is mostly these looks: ~25 commands)
        List<List<String>> perNode = new ArrayList<>();
        List<Runnable> looks = new ArrayList<>();
        Set<LabNode> reconnected = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Map<LabNode, Long> resumed = new java.util.concurrent.ConcurrentHashMap<>();
        for (LabNode n : LabNode.HOSTS) {
            List<String> mine = new ArrayList<>();
            perNode.add(mine);
            looks.add(() -> network(n, mine, reconnected, resumed));
        }
        Parallel.run(looks);
        perNode.forEach(actions::addAll);
        long repairedAt = System.currentTimeMillis();
        // the members heal may have to wait on: cut off from the others (no answer, stopped, or their network
        // repaired just now) and still running; a member found down is started below and joins afresh
        Set<LabNode> cutOff = new LinkedHashSet<>();
        for (LabStatus.Member m : found.members()) {
            LabNode n = LabNode.host(m.node());
            boolean unreachable = m.mode() == LabStatus.ZkMode.NO_ANSWER || m.mode() == LabStatus.ZkMode.STOPPED;
            if (m.mode() != LabStatus.ZkMode.DOWN && (unreachable || reconnected.contains(n))) {
                cutOff.add(n);
            }
        }
        Map<LabNode, Long> recorded = cuts.recorded();
        Map<LabNode, Long> staleUntil = new LinkedHashMap<>();
        for (LabNode n : cutOff) {
            staleUntil.put(n, LabCuts.staleUntil(Set.of(n), recorded, resumed, repairedAt));
        }
        files.writeMariadbCtl();
        for (LabNode n : LabNode.ALL) {
            String left = mariadb.rebuildLeftovers(n);
            if (left != null) {
                actions.add(left);
            }
        }
        List<Runnable> starts = new ArrayList<>();
        for (LabNode n : LabNode.HOSTS) {
            if (procs.livePid(n, "zookeeper").isEmpty()) {
                actions.add("start zookeeper on " + n);
                starts.add(() -> zookeeper.start(n));
            }
        }
        for (LabNode n : LabNode.ALL) {
            if (procs.livePid(n, "sshd").isEmpty()) {
                actions.add("start sshd on " + n);
                starts.add(() -> sshd.start(n));
            }
            if (procs.livePid(n, "mariadb").isEmpty()) {
                actions.add("start mariadb on " + n);
                starts.add(() -> mariadb.start(n));
            }
        }
        Parallel.run(starts);
        // the members rejoin while the pair is repaired; joined before the data comparison
        CompletableFuture<LabStatus.Ensemble> whole = found.allServing() ? CompletableFuture.completedFuture(found)
                : CompletableFuture.supplyAsync(() -> zookeeper.awaitAllServing(Duration.ofSeconds(60)), Parallel.POOL);
        for (LabNode n : LabNode.ALL) {
            if (Files.exists(faults.fullDir(n))) {
                actions.add("free the disk filled on " + n + " (drop " + Lab.FULL_DATABASE + ", unmount "
                        + faults.fullDir(n) + ")");
                faults.diskFree(n);
            }
        }
        replication(actions);
        mariadb.ensureAppUser(actions);
        vips(actions);
        for (LabNode n : LabNode.ALL) {
            if (!n.baselineActive()) {
                for (String s : Lab.SERVICES) {
                    if (procs.livePid(n, s).isPresent()) {
                        actions.add("stop " + s + " on " + n);
                        services.stop(n, s);
                    }
                }
            }
        }
        for (LabNode n : LabNode.ALL) {
            if (n.baselineActive()) {
                List<String> missing = new ArrayList<>();
                for (String s : Lab.SERVICES) {
                    if (procs.livePid(n, s).isEmpty()) {
                        actions.add("start " + s + " on " + n);
                        missing.add(s);
                    }
                }
                services.start(n, missing); // and both answer HTTP 200, running or just started
            }
        }
        ensemble(found, staleUntil, whole, actions);
        cuts.clear();
        // the pair is at its baseline and the ensemble whole: the controllers the lab runs come back last
        controllers.heal(actions);
        return verifyData(actions);
    }

    /**
     * One node's network back to the baseline: no reset rule (the failover's), its processes not
     * stopped, no blackhole route to or inside it, its links up and its bridge port forwarding.
     * Touches that node's namespace and host end only (heal runs the three side by side).
     */
    private void network(LabNode n, List<String> actions, Set<LabNode> reconnected, Map<LabNode, Long> resumed) {
        if (!n.witness() && net.resetRule(n)) {
            actions.add("remove the failover's reset rule (nft table " + LabNet.RESET_TABLE + ") from " + n);
            net.removeResetRule(n);
        }
        if (!n.witness() && faults.mariadbPaused(n)) {
            actions.add("SIGCONT to mariadbd on " + n);
            faults.resumeMariadb(n);
        }
        if (zookeeper.paused(n)) {
            actions.add("SIGCONT to zookeeper on " + n);
            zookeeper.resume(n);
            resumed.put(n, System.currentTimeMillis());
            reconnected.add(n);
        }
        if (faults.blackholed(n)) {
            actions.add("remove the blackhole route to " + n);
            faults.reconnectToHost(n);
            reconnected.add(n);
        }
        List<String> inside = faults.blackholesInside(n);
        if (!inside.isEmpty()) {
            actions.add("remove the blackhole routes inside " + n + " " + inside);
            faults.removeBlackholesInside(n, inside);
            reconnected.add(n);
        }
        // the namespace's own end first: with eth0 set down inside it (the node's whole network gone) the
        // host end has no carrier, and its bridge port state cannot be set ("Network is down")
        // (a link already up, or a port already the bridge's and up, is left alone: one look instead of three sets)
        Set<String> up = upInside(n);
        boolean eth0WasDown = !up.contains(LabNetwork.IFACE);
        if (eth0WasDown) {
            reconnected.add(n);
            actions.add("eth0 up inside " + n.namespace());
            shell.check(n.name(), "ip", "-n", n.namespace(), "link", "set", LabNetwork.IFACE, "up");
        }
        if (!up.contains("lo")) {
            shell.check(n.name(), "ip", "-n", n.namespace(), "link", "set", "lo", "up");
        }
        if (!LabNet.linkUp(n)) {
            reconnected.add(n);
            actions.add("link " + n.hostVeth() + " up");
        }
        if (!LabNet.bridgePortUp(n)) {
            reconnected.add(n);
            shell.check(n.name(), "ip", "link", "set", n.hostVeth(), "master", LabNetwork.BRIDGE, "up");
        }
        if (!LabNet.portForwarding(n)) {
            // a port whose carrier just came back goes to forwarding by itself (no STP): a moment
            reconnected.add(n);
            if (!eth0WasDown || !Poll.until(Duration.ofSeconds(2), Duration.ofMillis(20), () -> LabNet.portForwarding(n))) {
                actions.add("bridge port " + n.hostVeth() + " forwarding");
                faults.rejoin(n);
            }
        }
    }

    /**
     * The links inside the node's namespace that are administratively up ({@code ip -o link}: their flags
     * list UP), by name without the peer suffix ("eth0", "lo").
     */
    private Set<String> upInside(LabNode n) {
        String out = shell.run(n.name(), Duration.ofSeconds(5), null, "ip", "-n", n.namespace(), "-o", "link", "show")
                .out();
        Set<String> up = new LinkedHashSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            int open = line.indexOf('<');
            int close = line.indexOf('>');
            if (f.length < 2 || open < 0 || close < open) {
                continue;
            }
            String name = f[1].replaceAll(":$", "");
            int at = name.indexOf('@');
            if (at >= 0) {
                name = name.substring(0, at);
            }
            if (List.of(line.substring(open + 1, close).split(",")).contains("UP")) {
                up.add(name);
            }
        }
        return up;
    }

    /**
     * The ensemble whole again: its three members serving, one leading. The members that were
     * stopped, killed or cut off were resumed, started or reconnected above; a member that ran
     * alone (no quorum) or was cut off rejoins by itself within a second or two (election
     * notifications at most 1 s apart, {@link LabZookeeper#javaArgv}). {@code found}: the ensemble
     * before heal repaired anything; {@code whole}: the wait for all three, started once they
     * could rejoin. Bounded (60 s): a LabException, and heal runs lab up.
     * <p>
     * A member that was cut off and answered "serving" the moment its link came back can still be
     * dropped by its leader until its {@code staleUntil} ({@link LabCuts#staleUntil}: syncLimit ticks and one
     * past the start of its cut; LabFaultsIT's link-down test once found n1 "not serving (no quorum)"
     * right after heal). Rather than wait that out, heal resets the quorum connections of the members
     * still in that window ({@link LabZookeeper#resetQuorumConnections}) and waits until they have
     * rejoined afresh (or, not seen leaving, until the window is over).
     */
    private void ensemble(LabStatus.Ensemble found, Map<LabNode, Long> staleUntil,
                          CompletableFuture<LabStatus.Ensemble> whole, List<String> actions) {
        LabStatus.Ensemble now;
        try {
            now = whole.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
        if (!now.allServing()) { // a member that failed since (or found whole, then not): wait again
            now = zookeeper.awaitAllServing(Duration.ofSeconds(60));
        }
        long t = System.currentTimeMillis();
        Set<LabNode> stale = new LinkedHashSet<>();
        staleUntil.forEach((n, until) -> {
            if (until > t) {
                stale.add(n);
            }
        });
        if (!stale.isEmpty()) {
            for (LabNode n : stale) {
                zookeeper.resetQuorumConnections(n);
            }
            actions.add("reset the ZooKeeper quorum connections of " + stale.stream().map(LabNode::name).toList()
                    + " (cut off a moment ago: they rejoin afresh)");
            long until = stale.stream().mapToLong(staleUntil::get).max().orElseThrow();
            now = zookeeper.awaitRejoined(stale, until, Duration.ofSeconds(60));
        }
        if (!found.allServing()) {
            actions.add("ZooKeeper ensemble whole again (was " + found.modes() + "; now " + now.modes() + ")");
        }
    }

    /**
     * Heal's last step. Equal GTID positions do not prove equal data: a row changed with the
     * binary log off, or n2 rebuilt by replaying a binlog of n1's that lacks a change (n1 once
     * loaded a copy with the binary log off), leaves the same GTIDs and different tables, and
     * every lab test after it would start from a pair that only looks in sync. So both nodes'
     * CHECKSUM TABLE of every table of the lab database are compared at one GTID position;
     * when they differ, n2's copy of the database is replaced by n1's
     * ({@link LabMariadb#copyDatabase}) and compared again. Still different: a LabException (heal then
     * runs {@code lab up}). Returns what it found ("hactl_demo: 2 tables with equal checksums
     * on n1 and n2 at 0-1-13").
     */
    private String verifyData(List<String> actions) {
        DataComparison c = compareData(LabNode.N1, LabNode.N2);
        if (c.differences().isEmpty()) {
            return c.sentence();
        }
        actions.add("n2's tables differ from n1's at the same GTID position " + c.position() + ": "
                + String.join(", ", c.differences()) + ": copy " + Lab.DATABASE + " from n1 to n2");
        mariadb.copyDatabase(LabNode.N1, LabNode.N2);
        DataComparison again = compareData(LabNode.N1, LabNode.N2);
        if (!again.differences().isEmpty()) {
            throw new LabException("n2's tables still differ from n1's after copying " + Lab.DATABASE + " from n1: "
                    + String.join(", ", again.differences()));
        }
        actions.add("after the copy: " + again.sentence());
        return again.sentence();
    }

    /** Both nodes' checksums at one GTID position of the master (the replica caught up, the master quiet meanwhile). */
    private record DataComparison(String position, TableChecksums master, TableChecksums replica) {
        List<String> differences() {
            return master.differences(replica);
        }

        String sentence() {
            return Lab.DATABASE + ": " + master.describe() + " with equal checksums on " + master.node() + " and "
                    + replica.node() + " at " + (position.isEmpty() ? "an empty GTID position" : position);
        }
    }

    private DataComparison compareData(LabNode master, LabNode replica) {
        for (int attempt = 1; ; attempt++) {
            String pos = mariadb.waitCaughtUp(replica, master, Duration.ofSeconds(15));
            TableChecksums[] sums = new TableChecksums[2];
            Parallel.run(List.of(() -> sums[0] = mariadb.tableChecksums(master),
                    () -> sums[1] = mariadb.tableChecksums(replica)));
            TableChecksums a = sums[0];
            TableChecksums b = sums[1];
            String after = mariadb.sql(master, "SELECT @@gtid_binlog_pos", Duration.ofSeconds(10)).strip();
            if (after.equals(pos)) {
                return new DataComparison(pos, a, b);
            }
            if (attempt == 3) {
                throw new LabException(master + " is being written to (GTID " + pos + " then " + after + " while its"
                        + " tables were summed): stop the clients that write to the lab, then heal again");
            }
        }
    }

    /** n1 the writable master without replication of its own, n2 its read-only replica, running and caught up. */
    private void replication(List<String> actions) {
        LabNode master = LabNode.N1;
        LabNode replica = LabNode.N2;
        if (!mariadb.slaveStatus(master).isEmpty()) {
            actions.add("n1: stop replication, RESET SLAVE ALL");
            mariadb.sql(master, "STOP SLAVE; RESET SLAVE ALL;", Duration.ofSeconds(30));
        }
        // RESET SLAVE ALL leaves gtid_slave_pos: an n1 that once replicated would later ask a new
        // master for everything after that old position (duplicates, a stopped SQL thread)
        // each node's read_only set and its binlog state read in one round trip, both nodes side by side
        String[] states = new String[2];
        Parallel.run(List.of(
                () -> states[0] = mariadb.sql(master, "SET GLOBAL read_only=OFF; SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos;"
                        + " SELECT @@gtid_binlog_state;", Duration.ofSeconds(10)).strip(),
                () -> states[1] = mariadb.sql(replica, "SET GLOBAL read_only=ON; SELECT @@gtid_binlog_state;",
                        Duration.ofSeconds(10)).strip()));
        String masterState = states[0];
        String replicaState = states[1];
        if (!GtidComparison.mariadbStateHasAll(masterState, replicaState)) {
            actions.add("n2 has transactions n1 lacks (" + replicaState + " vs " + masterState + "): rebuild n2 from n1");
            mariadb.rebuildReplica(replica, master);
            return;
        }
        Map<String, String> s = mariadb.slaveStatus(replica);
        boolean configured = !s.isEmpty() && master.address().equals(s.get("Master_Host"))
                && "3306".equals(s.get("Master_Port")) && "repl".equals(s.get("Master_User"))
                && "Slave_Pos".equalsIgnoreCase(s.get("Using_Gtid"));
        boolean sqlError = !s.isEmpty() && !"0".equals(s.get("Last_SQL_Errno"));
        if (!configured || sqlError) {
            actions.add("n2: point replication at n1 from its own position");
            mariadb.sql(replica, "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL gtid_slave_pos=@@gtid_binlog_pos;",
                    Duration.ofSeconds(30));
            mariadb.configureReplica(replica, master);
        } else if (!"Yes".equals(s.get("Slave_SQL_Running")) || "No".equals(s.get("Slave_IO_Running"))) {
            actions.add("n2: START SLAVE");
            mariadb.sql(replica, "START SLAVE", Duration.ofSeconds(30));
        } else if (!"Yes".equals(s.get("Slave_IO_Running"))) {
            // "Connecting" (master was down or cut off): reconnect now, not at the next retry
            actions.add("n2: restart the IO thread");
            mariadb.sql(replica, "STOP SLAVE IO_THREAD; START SLAVE IO_THREAD;", Duration.ofSeconds(30));
        }
        boolean running = configured && !sqlError && "Yes".equals(s.get("Slave_IO_Running"))
                && "Yes".equals(s.get("Slave_SQL_Running"));
        try {
            // threads seen running above, and nothing changed since: no second look
            if (!running) {
                Poll.await("n2's replication threads to run", Duration.ofSeconds(15), Duration.ofMillis(50), () -> {
                    Map<String, String> st = mariadb.slaveStatus(replica);
                    if (LabMariadb.sqlStopped(st)) { // restarted and stopped again on the same event: no use waiting
                        throw new LabException("n2's SQL thread stopped: " + st.get("Last_SQL_Error"));
                    }
                    return "Yes".equals(st.get("Slave_IO_Running")) && "Yes".equals(st.get("Slave_SQL_Running"));
                }, () -> mariadb.slaveStatus(replica).toString());
            }
            mariadb.waitCaughtUp(replica, master, Duration.ofSeconds(15));
        } catch (LabException e) {
            actions.add("n2 did not catch up (" + e.getMessage() + "): rebuild n2 from n1");
            mariadb.rebuildReplica(replica, master);
        }
    }

    /** The node's own address, and both VIPs when it is n1: what is missing added, what is extra removed. */
    private void addresses(LabNode n, List<String> actions) {
        net.announceOwnAddress(n);
        Set<String> want = new LinkedHashSet<>();
        want.add(n.address() + "/24");
        if (n.baselineActive()) {
            want.add(LabNetwork.DB_VIP + "/24");
            want.add(LabNetwork.APP_VIP + "/24");
        }
        List<String> have = net.addresses(n);
        for (String a : have) {
            if (!want.contains(a)) {
                actions.add("remove " + a + " from " + n);
                net.removeVip(n, a);
            }
        }
        for (String a : want) {
            if (!have.contains(a)) {
                actions.add("add " + a + " on " + n);
                shell.check(n.name(), "ip", "-n", n.namespace(), "addr", "add", a, "dev", LabNetwork.IFACE);
            }
        }
    }

    /** Each node's own address, both VIPs on n1 only; then fresh ARP everywhere, announced when anything moved. */
    private void vips(List<String> actions) {
        int before = actions.size();
        // each node's addresses are its own: the two looked at (and repaired) side by side, actions in node order
        List<List<String>> perNode = new ArrayList<>();
        List<Runnable> looks = new ArrayList<>();
        for (LabNode n : LabNode.ALL) {
            List<String> mine = new ArrayList<>();
            perNode.add(mine);
            looks.add(() -> addresses(n, mine));
        }
        Parallel.run(looks);
        perNode.forEach(actions::addAll);
        // Forget whatever was learnt while addresses moved (the host and both nodes are all
        // there is on the bridge), and announce the VIPs from n1 if anything changed.
        List<Runnable> flushes = new ArrayList<>();
        flushes.add(() -> shell.runIgnoringMissing("ip", "neigh", "flush", "dev", LabNetwork.BRIDGE));
        for (LabNode n : LabNode.ALL) {
            flushes.add(() -> shell.check(n.name(), "ip", "-n", n.namespace(), "neigh", "flush", "dev", LabNetwork.IFACE));
        }
        Parallel.run(flushes);
        if (actions.size() > before) {
            Parallel.run(List.of(() -> net.gratuitousArp(LabNode.N1, LabNetwork.DB_VIP),
                    () -> net.gratuitousArp(LabNode.N1, LabNetwork.APP_VIP)));
        }
    }
}
