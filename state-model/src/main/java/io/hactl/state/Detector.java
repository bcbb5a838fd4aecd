package io.hactl.state;

import io.hactl.model.AppCode;
import io.hactl.model.DbCode;
import io.hactl.model.DbProbe;
import io.hactl.model.DurationText;
import io.hactl.model.Errant;
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
 * <em>and</em> the replica confirms. Only a replica whose IO thread was seen connected to the
 * master in an earlier cycle and then lost it (Connecting, a network error) confirms; one
 * stopped by hand, paused by our backup, or never seen connected by this controller confirms
 * nothing ({@link DetectionMemory.Link}). The controller cut off from the master alone, or a
 * failing master nobody confirms, is {@link ClusterState#MASTER_UNREACHABLE}: watch, do not
 * propose, and say what the controller's own second route (ping, shell) shows. Once down, the
 * master stays down until its database answers again.
 *
 * <p>A crash is not a silence (issue 20): when the master's host answers, its database port refuses
 * connections, no mariadbd/mysqld process runs there and the replica's IO thread is refused too
 * ({@link #crash}), every witness saw the server gone and waiting adds nothing: MASTER_DOWN at the
 * first failed probe, the sentence naming that evidence. A timeout (a lost link, a hung server),
 * anything not seen, or a replica that cannot tell keeps the wait above.
 *
 * <p>The outage is timed from the first probe of the master that failed to the end of the
 * latest cycle (a cycle on a dead node lasts as long as its probes' timeouts), whichever rule
 * decided the cycles in between.
 *
 * <p>The master's last position (what a failover's risk is measured against) is read from the
 * memory it is given, never recorded here: the one memory of it is the controller's
 * {@code gtid-memory.json} ({@link DetectionMemory}).
 *
 * <p>The application half ({@link AppDetector}) completes each assessment with the application's
 * state and its own remedy; when the master's whole node is lost and held the active application,
 * it makes the database half's FAILOVER one NODE_FAILOVER.
 */
public final class Detector {

    public static final int MIN_FAILED_CYCLES = 2;
    /** Cycles run at a fixed rate with a few ms of jitter: 0.998 s of failing counts as 1 s. */
    private static final long TOLERANCE_MS = 50;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Duration downAfter;
    private final AppDetector apps;

    /**
     * @param downAfter      how long a failure must last (and at least {@value #MIN_FAILED_CYCLES} cycles)
     *                       before it is proposed for: the master's, and each application condition's
     * @param followDbMaster application.follow_db_master: the application is moved to the DB master's
     *                       node when the two are split and the database side is stable
     */
    public Detector(Duration downAfter, boolean followDbMaster) {
        this.downAfter = downAfter;
        this.apps = new AppDetector(downAfter, followDbMaster);
    }

    public Assessment assess(ProbeSnapshot s, Diagnosis<DbCode> db, Diagnosis<AppCode> app, Maintenance m,
                             DetectionMemory mem) {
        Assessment a = apps.assess(s, app, decide(s, db, app, m, mem), m, mem);
        return new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(), a.nodes(),
                a.app(), a.appSentence(), a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(), a.appRemedy(),
                a.memory().observed(a.observed(), a.app()));
    }

    private Assessment decide(ProbeSnapshot s, Diagnosis<DbCode> db, Diagnosis<AppCode> app, Maintenance m,
                              DetectionMemory before) {
        AppState appState = AppState.of(app.code());
        String master = db.master() != null ? db.master() : before.master();
        Optional<NodeProbe> mp = master == null ? Optional.empty() : s.node(master);
        NodeProbe other = s.nodes().stream().filter(n -> !n.name().equals(master)).findFirst().orElse(null);
        // what the replica's IO thread did towards this master, this cycle included
        DetectionMemory mem = before.withLink(link(before, mp.orElse(null), other, s.dbVip().address(), m));
        Map<String, NodeState> nodes = nodeStates(s, db, before, master);
        Long lag = other != null && other.db().isReplica() ? other.db().replica().secondsBehind() : null;
        Out out = new Out(db, app, appState, master, other == null ? null : other.name(), nodes, lag);

        // 1. our own operation: whatever the probes see is our doing
        if (m != null && m.touchesDatabase()) {
            ClusterState st = m.kind() == Maintenance.Kind.RESYNC ? ClusterState.RESYNCING : ClusterState.SWITCHING;
            return out.of(st, "operation " + m.describe() + " running: what the probes see is ours, not read as"
                    + " a failure; now: " + db.sentence(), List.of(db.sentence()), mem.failing(null, 0, false));
        }
        // 2. two answers for the DB VIP, or two writable nodes (a writable replica included)
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
                    fence, nodes, appState, app.sentence(), lag, null, -1, Proposal.Kind.DETACH_VIP, null, mem.failing(null, 0, false));
        }
        // 3. the master fails its probes (also when nothing shows a master any more, e.g. both nodes
        // unreachable: the master we knew is the one failing)
        if (mp.isPresent() && !mp.get().db().responding()) {
            return masterFailing(s, out, mp.get(), other, mem, m);
        }
        DetectionMemory next = mp.isPresent() && master.equals(db.master())
                ? mem.healthy(master).withMasterSemiSync(mp.get().db().semiSync()) : mem.failing(null, 0, false);

        // 4. a shell probe failed where the database answers: who holds the VIP is unknown, not missing.
        // Never while a node answers nothing at all (no ping, no shell, no SQL): that node is lost, not
        // unknown, and the pair is not kept as it was
        List<NodeProbe> blindNodes = s.nodes().stream().filter(n -> !n.shell().ok() && n.db().responding()).toList();
        if ((db.code() == DbCode.VIP_MISSING || db.code() == DbCode.NO_MASTER) && !blindNodes.isEmpty()) {
            String blind = blindNodes.stream().map(n -> n.name() + " (" + n.shell().error() + ")")
                    .reduce((x, y) -> x + ", " + y).orElse("");
            List<NodeProbe> dark = dark(s);
            if (!dark.isEmpty()) {
                String lost = dark.stream().map(NodeProbe::name).reduce((x, y) -> x + ", " + y).orElse("");
                boolean replicaLost = mp.isPresent() && dark.stream().noneMatch(n -> n.name().equals(master));
                return out.of(replicaLost ? ClusterState.DEGRADED : ClusterState.NO_MASTER, (replicaLost ? "DEGRADED: "
                        + lost + " unreachable (no ping, no shell, MySQL not responding): master " + master
                        + " runs without an online backup" : "NO MASTER: " + lost + " unreachable (no ping, no shell,"
                        + " MySQL not responding) and no master known") + "; no shell on " + blind
                        + ", so who holds the DB VIP is unknown (not missing)", List.of(db.sentence()), next);
            }
            ClusterState keep = mem.lastObserved() == null ? ClusterState.STARTING : mem.lastObserved();
            return out.of(keep == ClusterState.STARTING ? ClusterState.NO_MASTER : keep, "probe incomplete: no shell on "
                    + blind + ", so who holds the DB VIP is unknown (not missing); keeping " + keep
                    + " until a full probe", List.of(db.sentence()), next);
        }
        // 5. a backup of ours paused the replica
        if (m != null && m.kind() == Maintenance.Kind.BACKUP && db.code() == DbCode.REPLICA_STOPPED) {
            return out.of(ClusterState.ACTIVE_SYNCED, "replica " + out.other + " paused by " + m.describe()
                    + ": not a failure; it resumes when the backup ends", List.of(db.sentence()), next);
        }
        // 6. the other node has transactions the master lacks (errant, whether it replicates or not), or
        // answers but does not replicate: can it, or has it diverged?
        if (other != null && other.db().responding() && mp.isPresent() && mp.get().db().responding()
                && (db.code() == DbCode.STANDALONE || db.code() == DbCode.REPLICA_BROKEN
                    || db.code() == DbCode.REPLICA_WRONG_MASTER || db.code() == DbCode.REPLICA_ERRANT)) {
            Optional<GtidComparison.Result> cmp = compare(other, mp.get());
            if (db.errant() != null) {
                Errant e = db.errant();
                String gtids = String.join(", ", e.gtids());
                // a fenced old master stays FENCED (what keeps it from taking writes); the state and its
                // rebuild say what its own transactions mean
                if (nodes.get(other.name()) != NodeState.FENCED) {
                    nodes.put(other.name(), NodeState.OUT_OF_DATE);
                }
                String why = db.code() == DbCode.REPLICA_ERRANT
                        ? ", written on " + other.name() + " while it replicates from " + master + ": a failover would"
                          + " promote them, and with gtid_strict_mode its replication stops at " + master
                          + "'s next transaction"
                        : ": it cannot replicate from " + master + " without losing or repeating them";
                List<String> ev = new ArrayList<>(List.of(db.sentence(), e.sentence()));
                cmp.ifPresent(r -> ev.add(r.positions()));
                String risk = other.name() + "'s own transactions (those " + master + " lacks: " + gtids + ", "
                        + GtidComparison.transactions(e.count()) + ", committed on " + other.name()
                        + ", never received by " + master + ") are discarded by the rebuild; save them first if they"
                        + " matter (mysqlbinlog on " + other.name() + ")";
                return out.of(ClusterState.OUT_OF_DATE, other.name() + " is OUT OF DATE: it has transactions master "
                        + master + " lacks (" + gtids + ")" + why + "; rebuild it from " + master, ev,
                        Proposal.Kind.RESYNC, risk, next);
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
            case REPLICA_LAGGING, REPLICA_STOPPED, REPLICA_DISCONNECTED, REPLICA_BROKEN, REPLICA_WRONG_MASTER,
                 REPLICA_ERRANT -> {
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

    /** Nodes that answer nothing: no ping, no shell, no SQL. */
    static List<NodeProbe> dark(ProbeSnapshot s) {
        return s.nodes().stream().filter(n -> !n.reachable() && !n.db().responding()).toList();
    }

    /**
     * The replica's IO thread towards {@code master} this cycle, from what it was: running is
     * CONNECTED; Connecting or a network error after it was connected is LOST (a confirmation);
     * paused by our backup keeps what it was (the pause is ours, and it cannot confirm while
     * paused); anything else (stopped by hand, another error, another source, not a replica) is
     * NOT_CONNECTED. A new master starts UNSEEN.
     */
    static DetectionMemory.Link link(DetectionMemory mem, NodeProbe master, NodeProbe other, String dbVip, Maintenance m) {
        DetectionMemory.Link prev = master != null && master.name().equals(mem.master()) ? mem.replicaLink()
                : DetectionMemory.Link.UNSEEN;
        if (master == null || other == null || !other.db().responding()) {
            return prev;
        }
        ReplicaStatus rs = other.db().replica();
        boolean fromMaster = rs != null && (rs.masterHost().equals(master.address()) || rs.masterHost().equals(dbVip));
        if (!fromMaster) {
            return prev == DetectionMemory.Link.UNSEEN ? prev : DetectionMemory.Link.NOT_CONNECTED;
        }
        if (rs.ioRunning()) {
            return DetectionMemory.Link.CONNECTED;
        }
        if (pausedByBackup(rs, m)) {
            return prev;
        }
        if (lostConnection(rs) && (prev == DetectionMemory.Link.CONNECTED || prev == DetectionMemory.Link.LOST)) {
            return DetectionMemory.Link.LOST;
        }
        return prev == DetectionMemory.Link.UNSEEN ? prev : DetectionMemory.Link.NOT_CONNECTED;
    }

    private static boolean pausedByBackup(ReplicaStatus rs, Maintenance m) {
        return m != null && m.kind() == Maintenance.Kind.BACKUP && rs != null && "No".equalsIgnoreCase(rs.ioState());
    }

    /**
     * The IO thread lost its master's connection: it reconnects (Connecting, with no error yet or a
     * network one), or it gave up on a network error. An error the master itself sent (1045 access
     * denied, 1236 ...) proves the master answers, and "No" without an error is a STOP SLAVE.
     */
    static boolean lostConnection(ReplicaStatus rs) {
        boolean network = NETWORK_ERRORS.contains(rs.lastIoErrno());
        return "Connecting".equalsIgnoreCase(rs.ioState()) && (rs.lastIoErrno() == 0 || network)
                || "No".equalsIgnoreCase(rs.ioState()) && network;
    }

    /** Client errors of a lost or refused connection (CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR, CR_SERVER_GONE_ERROR,
     * CR_SERVER_LOST, ...) and the server's network read/write errors (ER_NET_*). */
    private static final java.util.Set<Integer> NETWORK_ERRORS = java.util.Set.of(2002, 2003, 2005, 2006, 2013, 2055,
            1158, 1159, 1160, 1161);

    private Assessment masterFailing(ProbeSnapshot s, Out out, NodeProbe mp, NodeProbe other, DetectionMemory mem,
                                     Maintenance m) {
        Instant now = s.takenAt();
        String master = mp.name();
        Instant since = mem.failingSince() == null ? now : mem.failingSince();
        int cycles = mem.failingCycles() + 1;
        Duration failing = Duration.between(since, end(s));
        List<String> ev = new ArrayList<>();
        ev.add(master + ": SQL not answering (" + mp.db().error() + ") since " + HMS.format(since) + ", "
                + cycles + " cycle(s), " + DurationText.seconds(failing));
        String route = secondRoute(mp);
        ev.add(master + ": " + route);
        boolean otherUp = other != null && other.db().responding();
        ReplicaStatus rs = otherUp ? other.db().replica() : null;
        // a backup of ours may have stopped the replica's threads: a stopped IO thread is then ours, not a confirmation
        boolean pausedByUs = pausedByBackup(rs, m);
        boolean confirms = rs != null && mem.replicaLink() == DetectionMemory.Link.LOST && !pausedByUs;
        // the controller's own second route: a command runs on the master's host and its database port refuses
        // connections (nothing listens there: mysqld is not running). A cut-off controller gets timeouts and no
        // shell, a hung server accepts and stays silent: neither is read as down (issue 13, fault 3)
        boolean hostSaysDown = !confirms && rs != null && mp.shell().ok()
                && mp.db().failure() == DbProbe.Failure.REFUSED;
        // a crash, not a silence (issue 20): every witness saw the server gone, so no waiting makes it surer
        String crash = pausedByUs ? null : crash(mp, other, rs, s.dbVip().address());
        if (mp.dbProcess() != null) {
            ev.add(master + ": " + mp.dbProcess().words());
        }
        if (other == null) {
            ev.add("no other node");
        } else if (!otherUp) {
            ev.add(other.name() + ": database not responding either (" + other.db().error() + ")");
        } else if (rs == null) {
            ev.add(other.name() + ": not a replica: it cannot confirm, and has no copy of the master's data");
        } else {
            ev.add(other.name() + " (replica): IO thread " + rs.ioState()
                    + (rs.lastIoErrno() != 0 ? ", error " + rs.lastIoErrno() + " " + rs.lastIoError() : "")
                    + ", SQL thread " + (rs.sqlRunning() ? "Yes" : "No") + linkWords(mem.replicaLink(), master));
        }
        boolean longEnough = failing.plusMillis(TOLERANCE_MS).compareTo(downAfter) >= 0 && cycles >= MIN_FAILED_CYCLES;
        boolean down = mem.declaredDown() && master.equals(mem.master()) || crash != null
                || (confirms || hostSaysDown) && longEnough;
        DetectionMemory next = new DetectionMemory(master, mem.masterPosition(), mem.masterSeenAt(), since, cycles,
                down, mem.fenced(), mem.lastObserved(), mem.lastApp(), mem.replicaLink(), mem.appTrack(),
                mem.masterSemiSync());
        if (down) {
            Risk risk = salvageable(risk(master, other, otherUp, mem), master, mp, other);
            ev.add("risk: " + risk.words());
            String why = crash != null && !(mem.declaredDown() && master.equals(mem.master()))
                    ? "MASTER DOWN: master " + master + " crashed, decided on definitive evidence (" + cycles
                      + " cycle(s), " + DurationText.seconds(failing) + "): " + crash + "; decided at once, not after"
                      + " failover.down_after " + DurationText.seconds(downAfter)
                    : null;
            return new Assessment(ClusterState.MASTER_DOWN, why != null ? why + "; " + failoverPossible(other.name())
                    + ": " + risk.words() : "MASTER DOWN: master " + master + " has not answered for "
                    + DurationText.seconds(failing) + " (" + cycles + " cycles) and " + (confirms ? "replica " + other.name()
                    + " confirms (IO thread " + rs.ioState() + ": it was connected and lost " + master + ")"
                    : hostSaysDown ? "the controller's second route shows its database down on a live host (shell"
                    + " works, the database port refuses connections: nothing listens); replica " + other.name()
                    + " does not confirm (IO thread " + rs.ioState() + linkWords(mem.replicaLink(), master) + ")"
                    : "was declared down earlier") + "; " + failoverPossible(other == null ? "(no other node)"
                    : other.name()) + ": " + risk.words(),
                    ev, out.db.code(), master, out.other, out.nodes, out.appState, out.app.sentence(), out.lag, risk.words(),
                    risk.behind(), Proposal.Kind.FAILOVER, null, next);
        }
        String sentence;
        if (confirms) {
            sentence = "master " + master + " not answering for " + DurationText.seconds(failing) + "; replica " + other.name()
                    + " confirms (IO thread " + rs.ioState() + "): MASTER_DOWN once it lasts " + DurationText.seconds(downAfter)
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
        } else if (rs.ioRunning()) {
            sentence = "master " + master + " unreachable from controller; replica " + other.name()
                    + " still streaming from it: not a failure, watching";
        } else {
            sentence = "master " + master + " not answering the controller for " + DurationText.seconds(failing) + " (SQL: "
                    + mp.db().error() + "; second route: " + route + "); nobody confirms: replica " + other.name()
                    + "'s IO thread is " + rs.ioState() + (rs.lastIoErrno() != 0 ? " (error " + rs.lastIoErrno() + ")" : "")
                    + ", " + notConfirmingWhy(mem.replicaLink(), rs, master) + "; no proposal, watching (if " + master
                    + " is down: START SLAVE on " + other.name() + " lets it confirm, or promote by hand with"
                    + " hactl db-master-set --node " + other.name() + ")";
        }
        return new Assessment(ClusterState.MASTER_UNREACHABLE, sentence, ev, out.db.code(), master, out.other,
                out.nodes, out.appState, out.app.sentence(), out.lag, null, -1, null, null, next);
    }

    /**
     * The words of a definitive crash of the master's server, or null when what was seen leaves it open.
     * Definitive: the host answers (its shell ran the probe script; ping too, usually), the database
     * port refuses connections (the kernel answers for a port nothing listens on), the pid file names
     * no live mariadbd/mysqld, and the replica's IO thread is refused connecting to it: error 2003 with
     * a refusal, or error 2013 with its connection reset by the server's host while it waited for the
     * server's greeting ("reading initial communication packet", system error 104). The second is what a
     * replica whose first reconnect reached a server being killed sees (the listening socket outlives
     * the process's memory by a few hundred ms): it retries only after MASTER_CONNECT_RETRY (1 s) and
     * would report its 2003 that much later (measured on the lab: 2 kills of 3). A timeout anywhere (a lost link, a hung server), a live process (SIGSTOP), no shell, no
     * process seen, or a replica that is not reconnecting to this master (stopped, paused by a backup,
     * still streaming) leaves it to {@code failover.down_after}.
     */
    static String crash(NodeProbe mp, NodeProbe other, ReplicaStatus rs, String dbVip) {
        if (!mp.shell().ok() || mp.db().failure() != DbProbe.Failure.REFUSED || mp.dbProcess() == null
                || mp.dbProcess().running() || rs == null
                || !(rs.masterHost().equals(mp.address()) || rs.masterHost().equals(dbVip)) || !refusedToReplica(rs)) {
            return null;
        }
        return "its host answers (ping " + (mp.ping().reachable() ? "answers" : "no answer") + ", shell works), its"
                + " database port refuses connections (nothing listens), " + mp.dbProcess().words() + ", and replica "
                + other.name() + "'s IO thread " + refusalWords(rs);
    }

    /** How the replica's IO thread was refused: the figure in the sentence. */
    private static String refusalWords(ReplicaStatus rs) {
        return rs.lastIoErrno() == 2003 ? "gets error 2003 connecting to it (connection refused)"
                : "gets error 2013 connecting to it (connection reset by its host before the server's greeting)";
    }

    /**
     * The replica's IO thread cannot connect to its master and was refused (errno 111), or its connection was
     * reset (errno 104) before the server's greeting: the answer of a host whose server is gone or going, never
     * of a lost link or a hung server (those time out: 110).
     */
    static boolean refusedToReplica(ReplicaStatus rs) {
        if (rs.ioRunning()) {
            return false;
        }
        String e = rs.lastIoError() == null ? "" : rs.lastIoError().toLowerCase(Locale.ROOT);
        return rs.lastIoErrno() == 2003 && (e.contains("connection refused") || e.contains("(111"))
                || rs.lastIoErrno() == 2013 && e.contains("reading initial communication packet")
                        && (e.contains("system error: 104") || e.contains("connection reset by peer"));
    }

    /** The phrase of a MASTER_DOWN sentence the supervisor replaces when the failover is not proposed. */
    static String failoverPossible(String other) {
        return "failover to " + other + " possible";
    }

    /**
     * A failover reads the old master's binary log over ssh when its host answers and applies what
     * the replica lacks before the promotion (BinlogSalvage): with a working shell on the master's
     * host, a replica behind it loses nothing if that log can be read. Said first, with the figure
     * that holds if it cannot.
     */
    private static Risk salvageable(Risk r, String master, NodeProbe mp, NodeProbe other) {
        if (r.behind() <= 0 || !mp.shell().ok() || other == null) {
            return r;
        }
        return new Risk("0 transactions lost if " + master + "'s binary log can be read: its host answers (shell"
                + " works), so the failover reads it from " + other.name() + "'s position and applies what "
                + other.name() + " lacks before the promotion; if it cannot be read: " + r.words(), r.behind());
    }

    /** What the controller itself saw of the master's host besides SQL: MHA's secondary check. */
    private static String secondRoute(NodeProbe mp) {
        return "ping " + (mp.ping().reachable() ? "answers" : "no answer") + ", shell "
                + (mp.shell().ok() ? "works" : "fails (" + mp.shell().error() + ")");
    }

    private static String linkWords(DetectionMemory.Link link, String master) {
        return switch (link) {
            case LOST -> " (was connected, lost " + master + ")";
            case CONNECTED -> " (connected)";
            case UNSEEN -> " (never seen connected to " + master + " by this controller: it cannot confirm)";
            case NOT_CONNECTED -> " (not running, and not because it lost " + master + ": it cannot confirm)";
        };
    }

    private static String notConfirmingWhy(DetectionMemory.Link link, ReplicaStatus rs, String master) {
        if (link == DetectionMemory.Link.UNSEEN) {
            return "and this controller never saw it connected to " + master + ", so it cannot tell whether " + master
                    + " is down";
        }
        if ("No".equalsIgnoreCase(rs.ioState()) && rs.lastIoErrno() == 0) {
            return "stopped (STOP SLAVE, by hand or not started), not by losing " + master + ", so it cannot tell"
                    + " whether " + master + " is down";
        }
        return "not running since before " + master + " stopped answering, or stopped by an error " + master
                + " itself sent, so it cannot tell whether " + master + " is down";
    }

    /** What a failover to {@code other} may lose, in words, and in transactions (-1 unknown). */
    private record Risk(String words, long behind) {
    }

    /**
     * Compares what {@code other} applied and what it received with the master's last position
     * seen by this controller (a lower bound: the master may have committed more after that
     * probe). Transactions received and not yet applied are not lost: the failover applies them
     * before the promotion.
     */
    private static Risk risk(String master, NodeProbe other, boolean otherUp, DetectionMemory mem) {
        if (!otherUp || mem.masterPosition() == null || !master.equals(mem.master())) {
            return new Risk("unknown: " + master + "'s position was never seen by this controller", -1);
        }
        GtidView pos = mem.masterPosition();
        String at = pos.shown() + " at " + HMS.format(mem.masterSeenAt());
        String last = master + " last seen at " + at;
        try {
            GtidView applied = other.db().gtidView();
            GtidComparison.Result r = GtidComparison.compare(other.name(), applied, master, pos);
            String semi = semiSyncWords(master, other.name(), mem);
            if (r.aHasAllOfB()) {
                return new Risk(other.name() + " is 0 transactions behind (" + last + ", a lower bound from " + master
                        + "'s last probe: what " + master + " committed after that and did not send is unknown until it"
                        + " returns)" + semi, 0);
            }
            if (r.kind() != GtidComparison.Kind.BEHIND) {
                return new Risk(other.name() + " has diverged from " + master + ": " + r.sentence(), -1);
            }
            GtidView received = other.db().receivedView();
            GtidComparison.Result got = received == null ? null
                    : GtidComparison.compare(other.name(), received, master, pos);
            if (got != null && got.aHasAllOfB()) {
                return new Risk(other.name() + " has received everything master " + master + " was last seen at ("
                        + at + ", a lower bound from the master's last probe); " + r.count()
                        + " received, not yet applied: applied before promotion" + semi, 0);
            }
            if (got != null && got.kind() == GtidComparison.Kind.BEHIND) {
                long unapplied = r.count() - got.count();
                return new Risk(other.name() + " may lack " + got.count() + " transactions (" + last + ", a lower bound"
                        + " from " + master + "'s last probe; " + other.name() + " received up to " + received.shown()
                        + ", applied " + applied.shown() + (unapplied > 0 ? "; " + unapplied
                        + " received, not yet applied: applied before promotion" : "") + ")" + semi, got.count());
            }
            return new Risk(other.name() + " may lack " + r.count() + " transactions (" + last + ", a lower bound from "
                    + master + "'s last probe; " + other.name() + " at " + applied.shown() + ")" + semi, r.count());
        } catch (IllegalArgumentException e) {
            return new Risk("unknown: " + e.getMessage(), -1);
        }
    }

    /**
     * What semi-synchronous replication adds to the risk: with it on at the master's last answering probe
     * (AFTER_SYNC, waiting, a replica acknowledging), the master acknowledged no commit the replica had not
     * received, unless it then waited its whole timeout for the replica and went on alone. Empty when it was
     * not, or is not known (a restarted controller does not claim it).
     */
    static String semiSyncWords(String master, String other, DetectionMemory mem) {
        io.hactl.model.SemiSync s = mem.masterSemiSync();
        if (s == null || !s.lossless()) {
            return "";
        }
        return "; semi-sync was on at " + master + "'s last probe (AFTER_SYNC, " + s.replicas() + " replica"
                + (s.replicas() == 1 ? "" : "s") + " acknowledging): " + master + " acknowledged no commit " + other
                + " had not received, unless it went on alone after " + s.timeoutWords() + " without " + other
                + "'s answer";
    }

    /** When the cycle's probes ended: a cycle on a dead node lasts as long as its timeouts. */
    static Instant end(ProbeSnapshot s) {
        return s.elapsed() == null ? s.takenAt() : s.takenAt().plus(s.elapsed());
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
                        : db.code() == DbCode.REPLICA_LAGGING || lacksWhatTheMasterHad(s, n, mem, master)
                        ? NodeState.REPLICA_LAGGING : NodeState.REPLICA_SYNCED;
            } else {
                st = mem.fenced().contains(n.name()) && d.readOnly() ? NodeState.FENCED : NodeState.DETACHED;
            }
            out.put(n.name(), st);
        }
        return out;
    }

    /**
     * A replica is in sync only when it has applied what the master had: the master's position of
     * the previous cycle (the replica is read up to a cycle later, so the few transactions committed
     * between the two reads do not count against it), or of this cycle when no earlier one is known.
     * Lag seconds alone are not enough: Seconds_Behind_Master is 0 while the SQL thread is idle.
     */
    private static boolean lacksWhatTheMasterHad(ProbeSnapshot s, NodeProbe replica, DetectionMemory mem, String master) {
        GtidView r = replica.db().gtidView();
        GtidView m = master != null && master.equals(mem.master()) && mem.masterPosition() != null ? mem.masterPosition()
                : s.node(master == null ? "" : master).filter(x -> x.db().responding()).map(x -> x.db().gtidView())
                .orElse(null);
        if (r == null || m == null || r.flavor() != m.flavor() || replica.name().equals(master)) {
            return false;
        }
        try {
            return !GtidComparison.compare(replica.name(), r, master, m).aHasAllOfB();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The parts every assessment of a cycle shares. */
    private record Out(Diagnosis<DbCode> db, Diagnosis<AppCode> app, AppState appState, String master, String other,
                       Map<String, NodeState> nodes, Long lag) {
        Assessment of(ClusterState st, String sentence, List<String> evidence, DetectionMemory next) {
            return of(st, sentence, evidence, null, next);
        }

        Assessment of(ClusterState st, String sentence, List<String> evidence, Proposal.Kind remedy, DetectionMemory next) {
            return of(st, sentence, evidence, remedy, null, next);
        }

        Assessment of(ClusterState st, String sentence, List<String> evidence, Proposal.Kind remedy, String risk,
                      DetectionMemory next) {
            return new Assessment(st, sentence, evidence, db.code(), master, other, nodes, appState, app.sentence(), lag,
                    risk, -1, remedy, null, next);
        }
    }
}
