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
        List<NodeProbe> writable = s.nodes().stream()
                .filter(n -> n.db().responding() && !n.db().readOnly() && !n.db().isReplica()).toList();
        if (writable.size() > 1) {
            return Diagnosis.db(DbCode.SPLIT_BRAIN, null, "both " + names(writable)
                    + " are writable masters: writes may go to either; keep one, make the other read-only");
        }

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
        if (rs == null) {
            return Diagnosis.db(DbCode.STANDALONE, master.name(), "STANDALONE: master " + master.name()
                    + ", " + replica.name() + " is not replicating: no replica, no online backup");
        }
        if (!rs.masterHost().equals(master.address()) && !rs.masterHost().equals(vip.address())) {
            return Diagnosis.db(DbCode.REPLICA_WRONG_MASTER, master.name(), "replica " + replica.name()
                    + " replicates from " + rs.masterHost() + ", not from master " + master.name()
                    + " (" + master.address() + ")");
        }
        if (rs.lastSqlErrno() != 0 || (rs.lastIoErrno() != 0 && !"Connecting".equalsIgnoreCase(rs.ioState()))) {
            boolean sql = rs.lastSqlErrno() != 0;
            return Diagnosis.db(DbCode.REPLICA_BROKEN, master.name(), "replica " + replica.name() + " broken: "
                    + (sql ? "SQL thread error " + rs.lastSqlErrno() + " " + rs.lastSqlError()
                           : "IO thread error " + rs.lastIoErrno() + " " + rs.lastIoError()));
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
                + replica.name() + " in sync" + gtidNote(master, replica));
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

    private static String gtidNote(NodeProbe master, NodeProbe replica) {
        String m = master.db().gtidBinlogPos() != null && !master.db().gtidBinlogPos().isBlank()
                ? master.db().gtidBinlogPos() : master.db().gtidCurrentPos();
        String r = replica.db().gtidCurrentPos();
        if (m == null || r == null) {
            return "";
        }
        if (GtidPositions.equalSets(m, r)) {
            return " (GTID " + (m.isEmpty() ? "empty" : m) + ")";
        }
        return " (GTID master " + m + ", replica " + r + ")";
    }
}
