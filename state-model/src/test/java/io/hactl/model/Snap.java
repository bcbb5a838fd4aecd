package io.hactl.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds probe snapshots for the diagnosis and detection tables: a healthy pair, then one change
 * per case. Mutable: each case starts from its own {@link #healthy()} (or {@link #flipped()}).
 */
public final class Snap {

    public static final String DB_VIP = "198.51.100.89";
    public static final String APP_VIP = "198.51.100.88";
    public static final String N1 = "198.51.100.11";
    public static final String N2 = "198.51.100.12";
    public static final String MAC1 = "02:00:00:00:00:11";
    public static final String MAC2 = "02:00:00:00:00:12";

    final Map<String, NodeProbe> nodes = new HashMap<>();
    VipProbe dbVip;
    VipProbe appVip;
    Instant takenAt = Instant.parse("2026-11-25T12:00:00Z");
    Duration elapsed = Duration.ofMillis(300);

    public static Snap healthy() {
        Snap s = new Snap();
        s.nodes.put("n1", new NodeProbe("n1", N1, up(), shellOk(), List.of(N1, DB_VIP, APP_VIP), MAC1,
                master("0-1-42"), List.of(svc("backend", true, 9090), svc("tomcat", true, 8080))));
        s.nodes.put("n2", new NodeProbe("n2", N2, up(), shellOk(), List.of(N2), MAC2,
                replica(streaming(), "0-1-42"), List.of(svc("backend", false, 9090), svc("tomcat", false, 8080))));
        s.dbVip = vip(DB_VIP, List.of("n1"), List.of(MAC1));
        s.appVip = vip(APP_VIP, List.of("n1"), List.of(MAC1));
        return s;
    }

    /** After a failover: n2 the master with both VIPs at 0-2-50 (history 0-1-42 then 0-2-50), n1 its replica, caught up. */
    public static Snap flipped() {
        Snap s = new Snap();
        s.nodes.put("n1", new NodeProbe("n1", N1, up(), shellOk(), List.of(N1), MAC1,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, from(N2), "0-2-50", "0-2-50",
                        "mariadb-bin.000001", 999L, "0-1-42,0-2-50"),
                List.of(svc("backend", false, 9090), svc("tomcat", false, 8080))));
        s.nodes.put("n2", new NodeProbe("n2", N2, up(), shellOk(), List.of(N2, DB_VIP, APP_VIP), MAC2,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, null, "0-2-50", "0-2-50",
                        "mariadb-bin.000003", 777L, "0-1-42,0-2-50"),
                List.of(svc("backend", true, 9090), svc("tomcat", true, 8080))));
        s.dbVip = vip(DB_VIP, List.of("n2"), List.of(MAC2));
        s.appVip = vip(APP_VIP, List.of("n2"), List.of(MAC2));
        return s;
    }

    /** The time the snapshot was taken (default 2026-11-25T12:00:00Z). */
    public Snap at(Instant t) {
        takenAt = t;
        return this;
    }

    /** How long the cycle's probes took (default 300 ms; a dead node's timeouts make it seconds). */
    public Snap elapsed(Duration d) {
        elapsed = d;
        return this;
    }

    public ProbeSnapshot build() {
        return new ProbeSnapshot("lab", takenAt, elapsed,
                List.of(nodes.get("n1"), nodes.get("n2")), dbVip, appVip);
    }

    public Snap node(String name, UnaryOperator<NodeProbe> change) {
        nodes.put(name, change.apply(nodes.get(name)));
        return this;
    }

    public Snap db(String name, DbProbe db) {
        return node(name, n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(), db, n.services()));
    }

    /** The node's replication status replaced; its GTID positions and binlog state kept. */
    public Snap replicaStatus(String name, ReplicaStatus rs) {
        return node(name, n -> {
            DbProbe d = n.db();
            return new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                    new DbProbe(true, null, DbProbe.Flavor.MARIADB, d.version() == null ? "10.11.19" : d.version(), true, rs,
                            d.gtidCurrentPos(), d.gtidBinlogPos(), d.binlogFile(), d.binlogPosition(), d.gtidBinlogState()),
                    n.services());
        });
    }

    public Snap unreachable(String name) {
        return node(name, n -> new NodeProbe(n.name(), n.address(), new NodeProbe.PingResult(false, null, "timeout"),
                new NodeProbe.ShellResult(false, "ssh connect timed out"), List.of(), null,
                DbProbe.notResponding("connect timed out"), n.services().stream()
                .map(sv -> new ServiceProbe(sv.name(), false, List.of(), sv.port(), false, "node unreachable")).toList()));
    }

    public Snap services(String name, List<ServiceProbe> services) {
        return node(name, n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(), n.db(), services));
    }

    public Snap dbVip(List<String> holders, List<String> macs) {
        dbVip = vip(DB_VIP, holders, macs);
        return this;
    }

    public Snap appVip(List<String> holders, List<String> macs) {
        appVip = vip(APP_VIP, holders, macs);
        return this;
    }

    public static VipProbe vip(String address, List<String> holders, List<String> macs) {
        return new VipProbe(address, holders, macs, Map.of(MAC1, "n1", MAC2, "n2"), null);
    }

    public static NodeProbe.PingResult up() {
        return new NodeProbe.PingResult(true, 0.05, null);
    }

    public static NodeProbe.ShellResult shellOk() {
        return new NodeProbe.ShellResult(true, null);
    }

    public static DbProbe master(String gtid) {
        return new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", false, null, gtid, gtid, "mariadb-bin.000002", 1234L);
    }

    public static DbProbe replica(ReplicaStatus rs, String gtid) {
        return new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19", true, rs, gtid, gtid, "mariadb-bin.000001", 999L);
    }

    public static ReplicaStatus streaming() {
        return new ReplicaStatus(N1, 3306, "Yes", true, 0L, 0, "", 0, "", "0-1-42", "Slave_Pos");
    }

    public static ReplicaStatus status(String io, boolean sql, Long lag, int ioErr, int sqlErr) {
        return new ReplicaStatus(N1, 3306, io, sql, lag, ioErr, ioErr == 0 ? "" : "error " + ioErr,
                sqlErr, sqlErr == 0 ? "" : "error " + sqlErr, "0-1-42", "Slave_Pos");
    }

    /** A replica streaming from {@code masterHost}, caught up. */
    public static ReplicaStatus from(String masterHost) {
        return new ReplicaStatus(masterHost, 3306, "Yes", true, 0L, 0, "", 0, "", "", "Slave_Pos");
    }

    /** The node's database answers no more (kill -9 of mysqld: ping and shell still work). */
    public Snap dbKilled(String name) {
        return db(name, DbProbe.notResponding("Connection refused"));
    }

    /** What the node's shell saw of its database server's process. */
    public Snap process(String name, DbProcess p) {
        return node(name, n -> n.withDbProcess(p));
    }

    /** No mariadbd runs on the node: its pid file names a PID that is gone (kill -9 leaves the file). */
    public static DbProcess noProcess(String name) {
        return new DbProcess(false, 4242L, "/var/lib/hactl-lab/" + name + "/mariadbd.pid");
    }

    /** mariadbd runs on the node (as after SIGSTOP: present, silent). */
    public static DbProcess process(String name) {
        return new DbProcess(true, 4242L, "/var/lib/hactl-lab/" + name + "/mariadbd.pid");
    }

    /** A replica's IO thread reconnecting to n1 after {@code why} ("111 \"Connection refused\"", "110 ..."). */
    public static ReplicaStatus reconnecting(String why) {
        return new ReplicaStatus(N1, 3306, "Connecting", true, null, 2003, "error reconnecting to master 'repl@" + N1
                + ":3306' - retry-time: 1  maximum-retries: 100000  message: Can't connect to server on '" + N1 + "' ("
                + why + ")", 0, "", "0-1-42", "Slave_Pos");
    }

    /**
     * The IO thread's first reconnect reached a server being killed: its host took the connection and reset it
     * before the greeting (error 2013), as MariaDB 10.11 reports it on the lab; {@code why} the system error.
     */
    public static ReplicaStatus reconnectLost(String why) {
        return new ReplicaStatus(N1, 3306, "Connecting", true, null, 2013, "error reconnecting to master 'repl@" + N1
                + ":3306' - retry-time: 1  maximum-retries: 100000  message: Lost connection to server at 'reading"
                + " initial communication packet', system error: " + why, 0, "", "0-1-42", "Slave_Pos");
    }

    /** The node's own interface addresses (where a VIP shows up). */
    public Snap addresses(String name, String... addresses) {
        return node(name, n -> new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), List.of(addresses),
                n.macAddress(), n.db(), n.services()));
    }

    /** How the other node sees {@code name} (asked when the controller gets nothing from it). */
    public Snap peerView(String name, PeerView v) {
        return node(name, n -> n.withPeerView(v));
    }

    /** From {@code from}: no ping, ssh port closed, the services' ports and 3306 closed. */
    public static PeerView seesNothing(String from) {
        return new PeerView(from, false, false, new java.util.TreeMap<>(Map.of(8080, false, 9090, false, 3306, false)), null);
    }

    /** From {@code from}: the node answers ping and ssh (only the controller is cut off from it). */
    public static PeerView seesIt(String from) {
        return new PeerView(from, true, true, new java.util.TreeMap<>(Map.of(8080, true, 9090, true, 3306, true)), null);
    }

    /** A service that does not run, with its log's last lines (read because it is down). */
    public static ServiceProbe svcDown(String name, int port, String... log) {
        return svc(name, false, port).withLogTail(List.of(log));
    }

    public static ServiceProbe svc(String name, boolean running, int port) {
        return new ServiceProbe(name, running, running ? List.of(100L + port) : List.of(), port, running, null);
    }

    public static List<ServiceProbe> svcs(ServiceProbe... s) {
        return new ArrayList<>(List.of(s));
    }
}
