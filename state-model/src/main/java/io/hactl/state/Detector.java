package io.hactl.state;

import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.DbProbe;
import io.hactl.model.Diagnosis;
import io.hactl.model.GtidComparison;
import io.hactl.model.GtidView;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The one pure function from a probe cycle (snapshot + its diagnoses), the operation of ours
 * that runs (if any) and what earlier cycles showed, to the state the pair is in and the
 * sentence that says why. An ordered chain of guarded early returns: the first rule that
 * matches decides. No I/O, no clock: time is the snapshot's.
 *
 * <p>Holistic master failure: the master is {@link ClusterState#MASTER_DOWN} only when it has
 * failed every probe for {@code downAfter} and at least {@value #MIN_FAILED_CYCLES} cycles
 * <em>and</em> the replica confirms (its IO thread is no longer connected to it). The
 * controller cut off from the master alone is {@link ClusterState#MASTER_UNREACHABLE}: watch,
 * do not propose. Once down, the master stays down until its database answers again.
 */
public final class Detector {

    public static final int MIN_FAILED_CYCLES = 2;
    /** Cycles run at a fixed rate with a few ms of jitter: 0.998 s of failing counts as 1 s. */
    private static final long TOLERANCE_MS = 50;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Duration downAfter;

    public Detector(Duration downAfter) {
        this.downAfter = downAfter;
    }

    public Assessment assess(ProbeSnapshot s, Diagnosis<DbCode> db, Diagnosis<AppCode> app, Maintenance m,
                             DetectionMemory mem) {
        Assessment a = decide(s, db, app, m, mem);
        AppState appState = a.app();
        String appSentence = a.appSentence();
        if (app.code() == AppCode.VIP_MISSING && mem.lastApp() != null
                && s.nodes().stream().anyMatch(n -> !n.shell().ok() && n.reachable())) {
            appState = mem.lastApp();
            appSentence = "probe incomplete (no shell on a node that answers ping): who holds the app VIP is unknown;"
                    + " keeping " + appState;
        }
        return new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(), a.nodes(),
                appState, appSentence, a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(),
                a.memory().observed(a.observed(), appState));
    }

    private Assessment decide(ProbeSnapshot s, Diagnosis<DbCode> db, Diagnosis<AppCode> app, Maintenance m,
                              DetectionMemory mem) {
        Instant now = s.takenAt();
        AppState appState = AppState.of(app.code());
        String master = db.master() != null ? db.master() : mem.master();
        Optional<NodeProbe> mp = master == null ? Optional.empty() : s.node(master);
        NodeProbe other = s.nodes().stream().filter(n -> !n.name().equals(master)).findFirst().orElse(null);
        Map<String, NodeState> nodes = nodeStates(s, db, mem, master);
        Long lag = other != null && other.db().isReplica() ? other.db().replica().secondsBehind() : null;
        Out out = new Out(db, app, appState, master, other == null ? null : other.name(), nodes, lag);

        // 1. our own operation: whatever the probes see is our doing
        if (m != null && m.kind() != Maintenance.Kind.BACKUP) {
            ClusterState st = m.kind() == Maintenance.Kind.RESYNC ? ClusterState.RESYNCING : ClusterState.SWITCHING;
            return out.of(st, "operation " + m.describe() + " running: what the probes see is ours, not read as"
                    + " a failure; now: " + db.sentence(), List.of(db.sentence()), mem.failing(null, 0, false));
        }
        // 2. two answers for the DB VIP, or two writable nodes
        if (db.code() == DbCode.SPLIT_BRAIN) {
            String keep = splitBrainMaster(s, mem);
            String fence = s.nodes().stream().map(NodeProbe::name).filter(n -> !n.equals(keep)).findFirst().orElse(null);
            List<String> ev = new ArrayList<>();
            ev.add(db.sentence());
            s.nodes().forEach(n -> ev.add(n.name() + ": " + (n.db().responding()
                    ? (n.db().readOnly() ? "read-only" : "writable") + (n.db().isReplica() ? ", replica" : "")
                    : "database not responding") + (n.holds(s.dbVip().address()) ? ", holds DB VIP" : "")));
            return new Assessment(ClusterState.SPLIT_BRAIN, "SPLIT BRAIN: " + db.sentence() + "; keep master " + keep
                    + ", fence " + fence + " (detach the DB VIP from it, make it read-only)", ev, db.code(), keep,
                    fence, nodes, appState, app.sentence(), lag, null, -1, Proposal.Kind.DETACH_VIP, mem.failing(null, 0, false));
        }
        // 3. the master fails its probes (also when nothing shows a master any more, e.g. both nodes
        // unreachable: the master we knew is the one failing)
        if (mp.isPresent() && !mp.get().db().responding()
                && (db.code() == DbCode.MASTER_UNREACHABLE || db.code() == DbCode.MASTER_NOT_RESPONDING
                    || db.code() == DbCode.NO_MASTER && db.master() == null || mem.declaredDown())) {
            return masterFailing(s, out, mp.get(), other, mem, m);
        }
        DetectionMemory next = mp.isPresent() && mp.get().db().responding() && master.equals(db.master())
                ? mem.healthy(master, mp.get().db().gtidView(), now) : mem.failing(null, 0, false);

        // 4. a shell probe failed where the database answers: who holds the VIP is unknown, not missing
        if ((db.code() == DbCode.VIP_MISSING || db.code() == DbCode.NO_MASTER)
                && s.nodes().stream().anyMatch(n -> !n.shell().ok() && n.db().responding())) {
            String blind = s.nodes().stream().filter(n -> !n.shell().ok() && n.db().responding())
                    .map(n -> n.name() + " (" + n.shell().error() + ")").reduce((x, y) -> x + ", " + y).orElse("");
            ClusterState keep = mem.lastObserved() == null ? ClusterState.STARTING : mem.lastObserved();
            return out.of(keep == ClusterState.STARTING ? ClusterState.NO_MASTER : keep, "probe incomplete: no shell on "
                    + blind + ", so who holds the DB VIP is unknown (not missing); keeping " + keep
                    + " until a full probe", List.of(db.sentence()), next);
        }
        // 5. a backup of ours paused the replica
        if (m != null && db.code() == DbCode.REPLICA_STOPPED) {
            return out.of(ClusterState.ACTIVE_SYNCED, "replica " + out.other + " paused by " + m.describe()
                    + ": not a failure; it resumes when the backup ends", List.of(db.sentence()), next);
        }
        // 6. the other node answers but does not replicate: can it, or has it diverged?
        if (other != null && other.db().responding() && mp.isPresent() && mp.get().db().responding()
                && (db.code() == DbCode.STANDALONE || db.code() == DbCode.REPLICA_BROKEN
                    || db.code() == DbCode.REPLICA_WRONG_MASTER)) {
            Optional<GtidComparison.Result> cmp = compare(other, mp.get());
            if (cmp.isPresent() && (cmp.get().kind() == GtidComparison.Kind.AHEAD
                    || cmp.get().kind() == GtidComparison.Kind.DIVERGED)) {
                GtidComparison.Result r = cmp.get();
                nodes.put(other.name(), NodeState.OUT_OF_DATE);
                return out.of(ClusterState.OUT_OF_DATE, other.name() + " is OUT OF DATE: it has transactions master "
                        + master + " lacks (" + String.join(", ", r.bLacks()) + "): it cannot replicate from "
                        + master + " without losing or repeating them; rebuild it from " + master,
                        List.of(db.sentence(), r.positions()), Proposal.Kind.RESYNC, next);
            }
            if (db.code() == DbCode.STANDALONE) {
                String lacks = cmp.map(r -> r.kind() == GtidComparison.Kind.EQUAL ? "lacks nothing"
                        : "lacks " + r.count() + " transaction(s), has none of its own").orElse("cannot be compared");
                return out.of(ClusterState.STANDALONE, "STANDALONE: master " + master + ", no replica; " + other.name()
                        + " answers, is not replicating and " + lacks + ": it can re-join as replica",
                        List.of(db.sentence()), cmp.isPresent() ? Proposal.Kind.REJOIN : null, next);
            }
        }
        // 7. a replica in trouble
        switch (db.code()) {
            case REPLICA_LAGGING, REPLICA_STOPPED, REPLICA_DISCONNECTED, REPLICA_BROKEN, REPLICA_WRONG_MASTER -> {
                return out.of(ClusterState.DEGRADED, "DEGRADED: " + db.sentence(), List.of(db.sentence()), next);
            }
            case REPLICA_DOWN -> {
                if (other != null && mem.fenced().contains(other.name())) {
                    return out.of(ClusterState.STANDALONE, "STANDALONE: master " + master + " since the failover; "
                            + other.name() + " is fenced and its database is down: no online backup",
                            List.of(db.sentence()), next);
                }
                return out.of(ClusterState.DEGRADED, "DEGRADED: " + db.sentence(), List.of(db.sentence()), next);
            }
            case STANDALONE -> {
                return out.of(ClusterState.STANDALONE, db.sentence(), List.of(db.sentence()), next);
            }
            case NO_MASTER, VIP_MISSING, MASTER_READ_ONLY -> {
                return out.of(ClusterState.NO_MASTER, "NO MASTER: " + db.sentence(), List.of(db.sentence()), next);
            }
            default -> {
                return out.of(ClusterState.ACTIVE_SYNCED, db.sentence(), List.of(db.sentence()), next);
            }
        }
    }

    private Assessment masterFailing(ProbeSnapshot s, Out out, NodeProbe mp, NodeProbe other, DetectionMemory mem,
                                     Maintenance m) {
        Instant now = s.takenAt();
        String master = mp.name();
        Instant since = mem.failingSince() == null ? now : mem.failingSince();
        int cycles = mem.failingCycles() + 1;
        Duration failing = Duration.between(since, now);
        List<String> ev = new ArrayList<>();
        ev.add(master + ": SQL not answering (" + mp.db().error() + ") since " + HMS.format(since) + ", "
                + cycles + " cycle(s), " + seconds(failing));
        ev.add(master + ": ping " + (mp.ping().reachable() ? "answers" : "no answer") + ", shell "
                + (mp.shell().ok() ? "works" : "fails (" + mp.shell().error() + ")"));
        boolean otherUp = other != null && other.db().responding();
        ReplicaStatus rs = otherUp ? other.db().replica() : null;
        // a backup of ours may have stopped the replica's threads: a stopped IO thread is then ours, not a confirmation
        boolean pausedByUs = m != null && m.kind() == Maintenance.Kind.BACKUP && rs != null && "No".equalsIgnoreCase(rs.ioState());
        boolean confirms = rs != null && !rs.ioRunning() && !pausedByUs;
        if (other == null) {
            ev.add("no other node");
        } else if (!otherUp) {
            ev.add(other.name() + ": database not responding either (" + other.db().error() + ")");
        } else if (rs == null) {
            ev.add(other.name() + ": not a replica: it cannot confirm, and has no copy of the master's data");
        } else {
            ev.add(other.name() + " (replica): IO thread " + rs.ioState()
                    + (rs.lastIoErrno() != 0 ? ", error " + rs.lastIoErrno() + " " + rs.lastIoError() : "")
                    + ", SQL thread " + (rs.sqlRunning() ? "Yes" : "No"));
        }
        boolean longEnough = failing.plusMillis(TOLERANCE_MS).compareTo(downAfter) >= 0 && cycles >= MIN_FAILED_CYCLES;
        boolean down = mem.declaredDown() && master.equals(mem.master()) || confirms && longEnough;
        DetectionMemory next = new DetectionMemory(master, mem.masterPosition(), mem.masterSeenAt(), since, cycles,
                down, mem.fenced(), mem.lastObserved(), mem.lastApp());
        if (down) {
            long behind = -1;
            String risk = "unknown: " + master + "'s position was never seen by this controller";
            if (otherUp && mem.masterPosition() != null) {
                try {
                    GtidComparison.Result r = GtidComparison.compare(other.name(), other.db().gtidView(), master,
                            mem.masterPosition());
                    String last = master + " last seen at " + mem.masterPosition().shown() + " at "
                            + HMS.format(mem.masterSeenAt());
                    if (r.aHasAllOfB()) {
                        behind = 0;
                        risk = other.name() + " is 0 transactions behind (" + last + "; what " + master
                                + " committed after that and did not send is unknown until it returns)";
                    } else if (r.kind() == GtidComparison.Kind.BEHIND) {
                        behind = r.count();
                        risk = other.name() + " may lack " + r.count() + " transactions (" + last + "; " + other.name()
                                + " at " + other.db().gtidView().shown() + ")";
                    } else {
                        risk = other.name() + " has diverged from " + master + ": " + r.sentence();
                    }
                } catch (IllegalArgumentException e) {
                    risk = "unknown: " + e.getMessage();
                }
            }
            ev.add("risk: " + risk);
            return new Assessment(ClusterState.MASTER_DOWN, "MASTER DOWN: master " + master + " has not answered for "
                    + seconds(failing) + " (" + cycles + " cycles) and " + (confirms ? "replica " + other.name()
                    + " confirms (IO thread " + rs.ioState() + ")" : "was declared down earlier")
                    + "; failover to " + (other == null ? "(no other node)" : other.name()) + " possible: " + risk,
                    ev, out.db.code(), master, out.other, out.nodes, out.appState, out.app.sentence(), out.lag, risk,
                    behind, Proposal.Kind.FAILOVER, next);
        }
        String sentence;
        if (confirms) {
            sentence = "master " + master + " not answering for " + seconds(failing) + "; replica " + other.name()
                    + " confirms (IO thread " + rs.ioState() + "): MASTER_DOWN once it lasts " + seconds(downAfter)
                    + " and " + MIN_FAILED_CYCLES + " cycles";
        } else if (other != null && !otherUp) {
            sentence = "master " + master + " and " + other.name() + " both unreachable from the controller: the"
                    + " controller may be the one cut off; no proposal, watching";
        } else if (pausedByUs) {
            sentence = "master " + master + " unreachable from controller; replica " + other.name() + " paused by "
                    + m.describe() + ": it cannot confirm; no proposal, watching";
        } else if (rs == null) {
            sentence = "master " + master + " not answering; " + (other == null ? "no other node" : other.name()
                    + " is not its replica") + ": nothing to fail over to, watching";
        } else {
            sentence = "master " + master + " unreachable from controller; replica " + other.name()
                    + " still streaming from it: not a failure, watching";
        }
        return new Assessment(ClusterState.MASTER_UNREACHABLE, sentence, ev, out.db.code(), master, out.other,
                out.nodes, out.appState, out.app.sentence(), out.lag, null, -1, null, next);
    }

    /** A compares the other node with the master: AHEAD/DIVERGED = it has transactions the master lacks. */
    private static Optional<GtidComparison.Result> compare(NodeProbe other, NodeProbe master) {
        GtidView o = other.db().gtidView();
        GtidView m = master.db().gtidView();
        if (o == null || m == null || o.flavor() != m.flavor()) {
            return Optional.empty();
        }
        try {
            return Optional.of(GtidComparison.compare(other.name(), o, master.name(), m));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The master to keep in a split brain: the one we knew, else the one replicated from, else the writable one. */
    private static String splitBrainMaster(ProbeSnapshot s, DetectionMemory mem) {
        if (mem.master() != null && s.node(mem.master()).map(n -> n.db().responding() && !n.db().readOnly()).orElse(false)) {
            return mem.master();
        }
        for (NodeProbe n : s.nodes()) {
            if (n.db().isReplica()) {
                String host = n.db().replica().masterHost();
                Optional<NodeProbe> src = s.nodes().stream().filter(x -> x.address().equals(host)).findFirst();
                if (src.isPresent()) {
                    return src.get().name();
                }
            }
        }
        return s.nodes().stream().filter(n -> n.db().responding() && !n.db().readOnly()).map(NodeProbe::name)
                .findFirst().orElse(mem.master() != null ? mem.master() : s.nodes().get(0).name());
    }

    static Map<String, NodeState> nodeStates(ProbeSnapshot s, Diagnosis<DbCode> db, DetectionMemory mem, String master) {
        Map<String, NodeState> out = new LinkedHashMap<>();
        for (NodeProbe n : s.nodes()) {
            DbProbe d = n.db();
            NodeState st;
            if (!d.responding()) {
                st = mem.fenced().contains(n.name()) ? NodeState.FENCED : n.reachable() ? NodeState.DOWN : NodeState.UNREACHABLE;
            } else if (n.name().equals(master) && !d.isReplica()) {
                st = NodeState.MASTER;
            } else if (d.isReplica()) {
                ReplicaStatus rs = d.replica();
                st = !rs.running() || rs.lastSqlErrno() != 0 ? NodeState.REPLICA_BROKEN
                        : db.code() == DbCode.REPLICA_LAGGING ? NodeState.REPLICA_LAGGING : NodeState.REPLICA_SYNCED;
            } else {
                st = mem.fenced().contains(n.name()) && d.readOnly() ? NodeState.FENCED : NodeState.DETACHED;
            }
            out.put(n.name(), st);
        }
        return out;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** The parts every assessment of a cycle shares. */
    private record Out(Diagnosis<DbCode> db, Diagnosis<AppCode> app, AppState appState, String master, String other,
                       Map<String, NodeState> nodes, Long lag) {
        Assessment of(ClusterState st, String sentence, List<String> evidence, DetectionMemory next) {
            return of(st, sentence, evidence, null, next);
        }

        Assessment of(ClusterState st, String sentence, List<String> evidence, Proposal.Kind remedy, DetectionMemory next) {
            return new Assessment(st, sentence, evidence, db.code(), master, other, nodes, appState, app.sentence(), lag,
                    null, -1, remedy, next);
        }
    }
}
