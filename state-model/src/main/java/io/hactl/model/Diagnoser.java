package io.hactl.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one pure function from a {@link ProbeSnapshot} to a diagnosis: an ordered chain of
 * guarded early returns, each returning the code and the sentence of what it decided.
 * No I/O; the same snapshot always gives the same diagnosis.
 */
public final class Diagnoser {

    /** Default replica lag, in seconds, above which a replica is lagging rather than in sync. */
    public static final long DEFAULT_MAX_LAG_SECONDS = 30;

    private final long maxLagSeconds;

    public Diagnoser() {
        this(DEFAULT_MAX_LAG_SECONDS);
    }

    public Diagnoser(long maxLagSeconds) {
        this.maxLagSeconds = maxLagSeconds;
    }

    public Diagnosis<DbCode> diagnoseDb(ProbeSnapshot s) {
        VipProbe vip = s.dbVip();
        if (vip.answeringMacs().size() > 1) {
            return Diagnosis.db(DbCode.SPLIT_BRAIN, null, "DB VIP " + vip.address() + " answered by "
                    + vip.answeringMacs().size() + " MACs (" + macList(vip) + "): IP conflict");
        }
        if (vip.holders().size() > 1) {
            return Diagnosis.db(DbCode.SPLIT_BRAIN, null, "DB VIP " + vip.address() + " is configured on "
                    + String.join(" and ", vip.holders()) + ": IP conflict");
        }
        // rule 2 of docs/controller.md: two writable nodes are a split brain, whether or not one of
        // them replicates (a writable replica takes writes its master never sees)
        List<NodeProbe> anyWritable = s.nodes().stream()
                .filter(n -> n.db().responding() && !n.db().readOnly()).toList();
        if (anyWritable.size() > 1) {
            List<String> replicas = anyWritable.stream().filter(n -> n.db().isReplica())
                    .map(n -> n.name() + " is a replica with read_only OFF").toList();
            return Diagnosis.db(DbCode.SPLIT_BRAIN, null, "both " + names(anyWritable) + " are writable"
                    + (replicas.isEmpty() ? " masters" : " (" + String.join(", ", replicas) + ")")
                    + ": writes may go to either; keep one, make the other read-only");
        }
        List<NodeProbe> writable = anyWritable.stream().filter(n -> !n.db().isReplica()).toList();

        Optional<NodeProbe> masterOpt = findMaster(s, writable);
        if (masterOpt.isEmpty()) {
            return Diagnosis.db(DbCode.NO_MASTER, null, "no master: no node holds DB VIP " + vip.address()
                    + " and no node is writable" + unreachableSuffix(s));
        }
        NodeProbe master = masterOpt.get();
        boolean holdsVip = vip.holders().contains(master.name()) || ownsAnsweringMac(vip, master);

        if (!master.reachable() && !master.db().responding()) {
            return Diagnosis.db(DbCode.MASTER_UNREACHABLE, master.name(), "master " + master.name()
                    + " unreachable: no ping, " + shellWord(master) + ", MySQL not responding"
                    + replicaView(s, master));
        }
        if (!master.db().responding()) {
            return Diagnosis.db(DbCode.MASTER_NOT_RESPONDING, master.name(), "master " + master.name()
                    + ": MySQL not responding (" + master.db().error() + ")" + replicaView(s, master));
        }
        if (master.db().readOnly()) {
            return Diagnosis.db(DbCode.MASTER_READ_ONLY, master.name(), "master " + master.name()
                    + " holds DB VIP " + vip.address() + " but is read-only: writes fail");
        }
        if (!holdsVip) {
            return Diagnosis.db(DbCode.VIP_MISSING, master.name(), "master " + master.name()
                    + " is writable but no node holds DB VIP " + vip.address() + ": clients cannot connect"
                    + " (hactl db-master-set --node " + master.name() + " adds it)");
        }

        Optional<NodeProbe> other = s.nodes().stream().filter(n -> !n.name().equals(master.name())).findFirst();
        if (other.isEmpty()) {
            return Diagnosis.db(DbCode.STANDALONE, master.name(), "STANDALONE: master " + master.name()
                    + ", no replica, no online backup");
        }
        NodeProbe replica = other.get();
        if (!replica.reachable() && !replica.db().responding()) {
            return Diagnosis.db(DbCode.REPLICA_DOWN, master.name(), "replica " + replica.name()
                    + " unreachable (no ping, " + shellWord(replica) + "): master " + master.name()
                    + " runs without an online backup");
        }
        if (!replica.db().responding()) {
            return Diagnosis.db(DbCode.REPLICA_DOWN, master.name(), "replica " + replica.name()
                    + ": MySQL not responding (" + replica.db().error() + "): master " + master.name()
                    + " runs without an online backup");
        }
        ReplicaStatus rs = replica.db().replica();
        Errant errant = Errant.find(replica, master).orElse(null);
        if (rs == null) {
            return Diagnosis.db(DbCode.STANDALONE, master.name(), "STANDALONE: master " + master.name()
                    + ", " + replica.name() + " is not replicating: no replica, no online backup" + errantNote(errant),
                    errant);
        }
        if (!rs.masterHost().equals(master.address()) && !rs.masterHost().equals(vip.address())) {
            return Diagnosis.db(DbCode.REPLICA_WRONG_MASTER, master.name(), "replica " + replica.name()
                    + " replicates from " + rs.masterHost() + ", not from master " + master.name()
                    + " (" + master.address() + ")" + errantNote(errant), errant);
        }
        if (rs.lastSqlErrno() != 0 || (rs.lastIoErrno() != 0 && !"Connecting".equalsIgnoreCase(rs.ioState()))) {
            boolean sql = rs.lastSqlErrno() != 0;
            return Diagnosis.db(DbCode.REPLICA_BROKEN, master.name(), "replica " + replica.name() + " broken: "
                    + (sql ? "SQL thread error " + rs.lastSqlErrno() + " " + rs.lastSqlError()
                           : "IO thread error " + rs.lastIoErrno() + " " + rs.lastIoError()) + errantNote(errant), errant);
        }
        if (errant != null) {
            return Diagnosis.db(DbCode.REPLICA_ERRANT, master.name(), "replica " + replica.name() + " has "
                    + "transactions master " + master.name() + " lacks (errant): " + errant.sentence()
                    + "; a failover would promote them, a rebuild from " + master.name() + " discards them", errant);
        }
        if ("Connecting".equalsIgnoreCase(rs.ioState())) {
            return Diagnosis.db(DbCode.REPLICA_DISCONNECTED, master.name(), "replica " + replica.name()
                    + " cannot connect to master " + master.name()
                    + (rs.lastIoErrno() != 0 ? " (error " + rs.lastIoErrno() + " " + rs.lastIoError() + ")" : ""));
        }
        if (!rs.running()) {
            return Diagnosis.db(DbCode.REPLICA_STOPPED, master.name(), "replica " + replica.name()
                    + " stopped (IO thread " + rs.ioState() + ", SQL thread " + (rs.sqlRunning() ? "Yes" : "No")
                    + "): no online backup until START SLAVE");
        }
        if (rs.secondsBehind() != null && rs.secondsBehind() > maxLagSeconds) {
            return Diagnosis.db(DbCode.REPLICA_LAGGING, master.name(), "replica " + replica.name() + " is "
                    + rs.secondsBehind() + " s behind master " + master.name() + " (more than " + maxLagSeconds + " s)");
        }
        return Diagnosis.db(DbCode.HEALTHY, master.name(), "master " + master.name() + ", replica "
                + replica.name() + syncWords(master, replica, rs));
    }

    public Diagnosis<AppCode> diagnoseApp(ProbeSnapshot s) {
        VipProbe vip = s.appVip();
        if (vip.answeringMacs().size() > 1) {
            return Diagnosis.app(AppCode.VIP_CONFLICT, null, "app VIP " + vip.address() + " answered by "
                    + vip.answeringMacs().size() + " MACs (" + macList(vip) + "): IP conflict");
        }
        if (vip.holders().size() > 1) {
            return Diagnosis.app(AppCode.VIP_CONFLICT, null, "app VIP " + vip.address() + " is configured on "
                    + String.join(" and ", vip.holders()) + ": IP conflict");
        }
        Optional<NodeProbe> activeOpt = vip.holders().isEmpty()
                ? s.nodes().stream().filter(n -> ownsAnsweringMac(vip, n)).findFirst()
                : s.node(vip.holders().get(0));
        if (activeOpt.isEmpty()) {
            return Diagnosis.app(AppCode.VIP_MISSING, null, "no node holds app VIP " + vip.address()
                    + ": clients cannot reach the application" + unreachableSuffix(s));
        }
        NodeProbe active = activeOpt.get();
        if (!active.shell().ok()) {
            return Diagnosis.app(AppCode.ACTIVE_UNREACHABLE, active.name(), "active node " + active.name()
                    + " (app VIP " + vip.address() + ") cannot be checked: " + active.shell().error());
        }
        List<String> down = new ArrayList<>();
        for (ServiceProbe sv : active.services()) {
            if (!sv.running()) {
                down.add(sv.name() + " not running");
            } else if (Boolean.FALSE.equals(sv.portOpen())) {
                down.add(sv.name() + " port " + sv.port() + " not answering");
            }
        }
        if (!down.isEmpty()) {
            return Diagnosis.app(AppCode.SERVICES_DOWN, active.name(), "active node " + active.name() + ": "
                    + String.join(", ", down));
        }
        List<String> onPassive = s.nodes().stream().filter(n -> !n.name().equals(active.name()))
                .flatMap(n -> n.services().stream().filter(ServiceProbe::running).map(sv -> sv.name() + " on " + n.name()))
                .toList();
        if (!onPassive.isEmpty()) {
            return Diagnosis.app(AppCode.SERVICES_ON_PASSIVE, active.name(), "active " + active.name()
                    + ", but also running on the passive node: " + String.join(", ", onPassive));
        }
        String services = active.services().stream().map(ServiceProbe::name).collect(Collectors.joining(", "));
        return Diagnosis.app(AppCode.ACTIVE, active.name(), "active " + active.name() + " with app VIP "
                + vip.address() + (services.isEmpty() ? "" : "; " + services + " running"));
    }

    /** The master: the node holding the DB VIP; else the node a replica points at; else the writable one. */
    private static Optional<NodeProbe> findMaster(ProbeSnapshot s, List<NodeProbe> writable) {
        VipProbe vip = s.dbVip();
        if (!vip.holders().isEmpty()) {
            return s.node(vip.holders().get(0));
        }
        Optional<NodeProbe> byMac = s.nodes().stream().filter(n -> ownsAnsweringMac(vip, n)).findFirst();
        if (byMac.isPresent()) {
            return byMac;
        }
        if (writable.size() == 1) {
            return Optional.of(writable.get(0));
        }
        for (NodeProbe n : s.nodes()) {
            if (n.db().isReplica()) {
                String host = n.db().replica().masterHost();
                Optional<NodeProbe> pointed = s.nodes().stream()
                        .filter(m -> !m.name().equals(n.name()) && m.address().equals(host)).findFirst();
                if (pointed.isPresent() && !pointed.get().db().responding()) {
                    return pointed;
                }
            }
        }
        return Optional.empty();
    }

    private static boolean ownsAnsweringMac(VipProbe vip, NodeProbe n) {
        return vip.answeringMacs().stream().anyMatch(mac -> n.name().equals(vip.macOwners().get(mac)));
    }

    private static String macList(VipProbe vip) {
        return vip.answeringMacs().stream()
                .map(mac -> vip.macOwners().getOrDefault(mac, "unknown host") + " " + mac)
                .collect(Collectors.joining(", "));
    }

    private static String names(List<NodeProbe> nodes) {
        return nodes.stream().map(NodeProbe::name).collect(Collectors.joining(" and "));
    }

    private static String shellWord(NodeProbe n) {
        return n.shell().ok() ? "shell works" : "no shell";
    }

    private static String unreachableSuffix(ProbeSnapshot s) {
        List<String> down = s.nodes().stream().filter(n -> !n.reachable()).map(NodeProbe::name).toList();
        return down.isEmpty() ? "" : " (unreachable: " + String.join(", ", down) + ")";
    }

    /** What the other node says about the master, when it is a replica of it. */
    private static String replicaView(ProbeSnapshot s, NodeProbe master) {
        return s.nodes().stream().filter(n -> !n.name().equals(master.name()) && n.db().isReplica())
                .findFirst()
                .map(r -> {
                    ReplicaStatus rs = r.db().replica();
                    if (rs.ioRunning()) {
                        return "; replica " + r.name() + " still streaming from it";
                    }
                    return "; replica " + r.name() + " IO thread " + rs.ioState()
                            + (rs.lastIoErrno() != 0 ? " (error " + rs.lastIoErrno() + ")" : "");
                })
                .orElse("");
    }

    private static String errantNote(Errant errant) {
        return errant == null ? "" : "; " + errant.sentence();
    }

    /**
     * " in sync (GTID 0-1-42)" only when the replica has applied every transaction the master
     * reported; otherwise how far behind it is in transactions, and whether it has at least
     * received them (lag seconds alone say nothing of a replica whose SQL thread is idle or
     * far behind what it received).
     */
    private static String syncWords(NodeProbe master, NodeProbe replica, ReplicaStatus rs) {
        String m = master.db().gtidBinlogPos() != null && !master.db().gtidBinlogPos().isBlank()
                ? master.db().gtidBinlogPos() : master.db().gtidCurrentPos();
        String r = replica.db().gtidCurrentPos();
        String lag = rs.secondsBehind() == null ? "" : "; lag " + rs.secondsBehind() + " s";
        GtidView mv = master.db().gtidView();
        GtidView rv = replica.db().gtidView();
        if (m == null || r == null || mv == null || rv == null || mv.flavor() != rv.flavor()) {
            return " replicating (GTIDs not comparable" + lag + ")";
        }
        GtidComparison.Result applied;
        try {
            applied = GtidComparison.compare(replica.name(), rv, master.name(), mv);
        } catch (IllegalArgumentException e) {
            return " replicating (GTIDs not comparable: " + e.getMessage() + lag + ")";
        }
        if (applied.aHasAllOfB()) {
            return " in sync" + (GtidPositions.equalSets(m, r) ? " (GTID " + (m.isEmpty() ? "empty" : m) + ")"
                    : " (GTID master " + m + ", replica " + r + ": the replica was read after the master)");
        }
        String behind = applied.kind() == GtidComparison.Kind.BEHIND
                ? GtidComparison.transactions(applied.count()) + " behind master " + master.name()
                : "not in sync with master " + master.name();
        String received = "";
        GtidView got = replica.db().receivedView();
        if (got != null) {
            try {
                GtidComparison.Result rec = GtidComparison.compare(replica.name(), got, master.name(), mv);
                received = rec.aHasAllOfB() ? ", all received, not yet applied"
                        : ", received up to " + got.shown();
            } catch (IllegalArgumentException e) {
                received = "";
            }
        }
        return " replicating, " + behind + received + " (GTID master " + m + ", replica " + r + lag + ")";
    }
}
