package io.hactl.console;

import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import io.hactl.coordination.MemberView;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.DbProbe;
import io.hactl.model.DurationText;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.ServiceProbe;
import io.hactl.model.Severity;
import io.hactl.model.VipProbe;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the pair page shows (issue 17), made from what the controller knows: its status, the last
 * probe cycle's snapshot and the last operation's lines. Pure, and a value: two views of the same
 * pair are equal, so the live updates send a page only when what it shows changed. Nothing in it
 * belongs to one user (no name, no token): every logged-in user is sent the same.
 *
 * <p>Each node's facts follow {@code hactl check}'s columns (role, read_only, IO and SQL threads,
 * lag, GTID, services with PIDs and ports), each VIP who answers ARP for it.
 *
 * @param probed      when the last probe cycle ended, how long it took, its number: how fresh the page is
 * @param block       the anti-flapping block in force, or null
 * @param unblock     how to lift it (null without a block)
 * @param operation   the operation running, or the last one while it {@linkplain #JUST_RAN just ran}; null otherwise
 * @param controllers the three controllers as this one sees them; null without coordination
 * @param pending     the proposals waiting for an operator
 */
public record ConsolePairView(String cluster, String state, String stateTone, String since, String sinceIso,
                              String sentence, List<String> evidence, String mode, String probed, List<Node> nodes,
                              Vip dbVip, Vip appVip, String block, String unblock, Operation operation,
                              Controllers controllers, List<Pending> pending) {

    /** How long an ended operation stays on the page: long enough to read what it did after the alert. */
    public static final Duration JUST_RAN = Duration.ofMinutes(15);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final String NONE = "-";

    /**
     * One node. {@code role}: the controller's NodeState for it (MASTER, REPLICA_SYNCED, DOWN...);
     * {@code tone}: ok, warn or bad (the page's colour); {@code reach}: on line, no ping, OFF LINE;
     * {@code replication}: where it replicates from and its threads' errors, null when not a replica.
     */
    public record Node(String name, String role, String tone, String reach, String db, String readOnly, String gtid,
                       String ioThread, String sqlThread, String lag, String replication, List<String> services) {
    }

    /**
     * A VIP. {@code holder}: the node(s) answering ARP for it ("nobody" when none);
     * {@code configuredOn}: the nodes with it on an interface; {@code conflict}: two answer.
     */
    public record Vip(String id, String label, String address, String holder, String configuredOn, boolean conflict,
                      String arpError) {
    }

    /** An operation: {@code title} says which, who, and running since or how it ended. */
    public record Operation(String title, boolean running, String why, List<Step> steps, List<String> notes) {
    }

    /** One step: {@code text} its name, node and outcome; {@code outcome} ok, failed, skipped, running... */
    public record Step(String text, String outcome) {
    }

    /** The controllers (issue 16): this one and its standing, the leader, the epoch, ZooKeeper's quorum. */
    public record Controllers(String self, String leader, long epoch, String quorum, List<String> members,
                              String zookeeper) {
    }

    /** A pending proposal and where the operator decides it. */
    public record Pending(String id, String kind, String action, String sentence, String expires, String expiresIso,
                          String href) {
    }

    /** The view of {@code status}, {@code snapshot} (null before the first cycle) and {@code lastOperation}'s lines at {@code now}. */
    public static ConsolePairView of(ControllerStatus status, ProbeSnapshot snapshot, List<OperationEntry> lastOperation,
                                     Instant now) {
        String block = status.failoverBlock();
        return new ConsolePairView(status.cluster(), name(status.state()), status.state() == null ? "muted"
                : tone(status.state().severity()), time(status.since()),
                status.since() == null ? null : status.since().toString(), status.sentence(),
                status.evidence() == null ? List.of() : List.copyOf(status.evidence()), status.mode(), probed(status),
                nodes(status, snapshot), vip("vip-db", "DB VIP", snapshot == null ? null : snapshot.dbVip()),
                vip("vip-app", "Application VIP", snapshot == null ? null : snapshot.appVip()), block,
                block == null ? null : "lift it with: hactl unblock --reason TEXT, or an operator's Unblock form below"
                        + " (the next failure is then proposed again)",
                operation(status.operation(), lastOperation, now), controllers(status.coordination()),
                pending(status.proposals()));
    }

    private static String probed(ControllerStatus s) {
        if (s.lastCycleAt() == null) {
            return "no probe cycle yet";
        }
        return "last probe cycle " + time(s.lastCycleAt()) + " (" + s.lastCycleMillis() + " ms), cycle " + s.cycles();
    }

    // ------------------------------------------------------------------ nodes

    /** The status's nodes in config order, then any other the snapshot has. */
    private static List<Node> nodes(ControllerStatus status, ProbeSnapshot snapshot) {
        Map<String, NodeState> states = status.nodes() == null ? Map.of() : status.nodes();
        Set<String> names = new LinkedHashSet<>(states.keySet());
        if (snapshot != null) {
            snapshot.nodes().forEach(n -> names.add(n.name()));
        }
        List<Node> nodes = new ArrayList<>();
        for (String name : names) {
            NodeState state = states.get(name);
            Optional<NodeProbe> probe = snapshot == null ? Optional.empty() : snapshot.node(name);
            nodes.add(node(name, state, probe.orElse(null)));
        }
        return List.copyOf(nodes);
    }

    private static Node node(String name, NodeState state, NodeProbe p) {
        String role = state == null ? "UNKNOWN" : state.name();
        String tone = state == null ? "muted" : switch (state) {
            case MASTER, REPLICA_SYNCED -> "ok";
            case REPLICA_LAGGING, DETACHED, FENCED -> "warn";
            default -> "bad";
        };
        if (p == null) {
            return new Node(name, role, tone, NONE, "not probed yet", NONE, NONE, NONE, NONE, NONE, null, List.of());
        }
        DbProbe db = p.db();
        ReplicaStatus rs = db.replica();
        String reach = p.ping().reachable() ? "on line" : p.shell().ok() ? "no ping" : "OFF LINE";
        String dbWord = db.responding() ? "responding" + (db.version() == null ? "" : ", " + db.version())
                : "NOT RESPONDING" + (db.error() == null ? "" : ": " + db.error());
        String replication = rs == null ? null : "replicates from " + rs.masterHost() + ":" + rs.masterPort()
                + " (GTID " + rs.usingGtid() + ")"
                + (rs.lastIoErrno() != 0 ? ", IO error " + rs.lastIoErrno() + ": " + rs.lastIoError() : "")
                + (rs.lastSqlErrno() != 0 ? ", SQL error " + rs.lastSqlErrno() + ": " + rs.lastSqlError() : "");
        return new Node(name, role, tone, reach, dbWord, db.responding() ? (db.readOnly() ? "ON" : "OFF") : NONE,
                db.gtidCurrentPos() == null || db.gtidCurrentPos().isEmpty() ? NONE : db.gtidCurrentPos(),
                rs == null ? NONE : rs.ioState(), rs == null ? NONE : rs.sqlRunning() ? "Yes" : "No",
                rs == null || rs.secondsBehind() == null ? NONE : rs.secondsBehind() + " s", replication,
                p.services().stream().map(ConsolePairView::service).toList());
    }

    /** "tomcat: running, pid 4242, port 8080 answering", as {@code hactl check}'s services table. */
    private static String service(ServiceProbe s) {
        String state = s.error() != null ? "unknown (" + s.error() + ")" : s.running() ? "running" : "not running";
        String pids = s.pids().isEmpty() ? "" : (s.pids().size() == 1 ? ", pid " : ", pids ")
                + s.pids().stream().map(String::valueOf).collect(Collectors.joining(" "));
        String port = s.port() == null ? "" : ", port " + s.port()
                + (Boolean.TRUE.equals(s.portOpen()) ? " answering" : " closed");
        return s.name() + ": " + state + pids + port;
    }

    private static Vip vip(String id, String label, VipProbe v) {
        if (v == null) {
            return new Vip(id, label, NONE, "not probed yet", NONE, false, null);
        }
        String holder = v.answeringMacs().isEmpty() ? "nobody" : v.answeringMacs().stream()
                .map(m -> v.macOwners().containsKey(m) ? v.macOwners().get(m) : "unknown host (" + m + ")")
                .collect(Collectors.joining(", "));
        return new Vip(id, label, v.address(), holder, v.holders().isEmpty() ? "no node" : String.join(", ",
                v.holders()), v.conflict(), v.arpError());
    }

    // ------------------------------------------------------------------ operation

    /**
     * The operation from its log lines: shown while it runs, and for {@link #JUST_RAN} after its end.
     * {@code running}: the status's line for an operation running that wrote no line yet (or another
     * process's, from the pair's lock).
     */
    private static Operation operation(String running, List<OperationEntry> lines, Instant now) {
        OperationEntry start = lines.stream().filter(e -> e.event() == Event.OPERATION_START).findFirst().orElse(null);
        OperationEntry end = lines.stream().filter(e -> e.event() == Event.OPERATION_END || e.event() == Event.REFUSED)
                .reduce((a, b) -> b).orElse(null);
        if (running != null && (start == null || end != null)) {
            // ours (or the lock holder's) runs and has written no line yet: not the last one's steps
            return new Operation(running, true, null, List.of(), List.of());
        }
        if (start == null || end != null && end.time() != null && end.time().plus(JUST_RAN).isBefore(now)) {
            return null;
        }
        String who = start.operation() + " " + start.operationId() + (start.who() == null ? "" : " by " + start.who());
        String title = end == null ? who + ", running since " + time(start.time())
                : who + ", ended " + end.result() + " at " + time(end.time())
                + (end.elapsedMs() == null ? "" : " after " + DurationText.human(Duration.ofMillis(end.elapsedMs())))
                + (end.detail() == null ? "" : ": " + end.detail());
        List<String[]> steps = new ArrayList<>(); // name, node, outcome, text after the outcome
        List<String> notes = new ArrayList<>();
        for (OperationEntry e : lines) {
            if (e.event() == Event.STEP_START) {
                steps.add(new String[] {e.step(), e.node(), "running", ""});
            } else if (e.event() == Event.STEP_END) {
                String after = (e.elapsedMs() == null ? "" : " (" + DurationText.human(Duration.ofMillis(e.elapsedMs()))
                        + ")") + (e.detail() == null || e.detail().isBlank() ? "" : " — " + e.detail());
                String[] open = steps.stream().filter(s -> "running".equals(s[2]) && same(s[0], e.step())
                        && same(s[1], e.node())).reduce((a, b) -> b).orElse(null);
                if (open == null) {
                    steps.add(new String[] {e.step(), e.node(), e.result(), after});
                } else {
                    open[2] = e.result();
                    open[3] = after;
                }
            } else if (e.event() == Event.NOTE && e.detail() != null) {
                notes.add((e.node() == null ? "" : e.node() + ": ") + e.detail());
            }
        }
        return new Operation(end == null && running != null ? running : title, end == null, start.why(),
                steps.stream().map(s -> new Step((s[0] == null ? "step" : s[0]) + (s[1] == null ? "" : " on " + s[1])
                        + ": " + (s[2] == null ? "?" : s[2]) + s[3], s[2] == null ? "muted" : s[2])).toList(),
                List.copyOf(notes));
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }

    // ------------------------------------------------------------------ controllers, proposals

    private static Controllers controllers(CoordinationStatus c) {
        if (c == null) {
            return null;
        }
        long serving = c.members().stream().filter(MemberView::serving).count();
        String quorum = CoordinationStatus.NO_QUORUM.equals(c.role()) ? "no quorum"
                : c.members().isEmpty() ? "ZooKeeper members not asked yet"
                : serving + " of " + c.members().size() + " ZooKeeper members serving";
        return new Controllers((c.member() == null ? "this controller" : c.member()) + " (" + c.role() + ")",
                c.leader() == null ? "none" : c.leader(), c.epoch(), quorum,
                c.members().stream().map(m -> m.member() + " " + m.mode() + (m.detail() == null ? "" : ": " + m.detail()))
                        .toList(), c.zookeeper());
    }

    private static List<Pending> pending(List<Proposal> proposals) {
        if (proposals == null) {
            return List.of();
        }
        return proposals.stream().filter(Proposal::pending).map(p -> new Pending(p.id(), p.kind().name(), p.action(),
                p.sentence(), p.runAt() != null ? "runs at " + time(p.runAt()) + " unless rejected"
                : p.expiresAt() == null ? null : "expires " + time(p.expiresAt()),
                p.expiresAt() == null ? null : p.expiresAt().toString(), "/proposals/" + p.id())).toList();
    }

    // ------------------------------------------------------------------ words

    private static String tone(Severity s) {
        return switch (s) {
            case OK -> "ok";
            case WARNING -> "warn";
            case CRITICAL -> "bad";
        };
    }

    private static String name(Enum<?> e) {
        return e == null ? "UNKNOWN" : e.name();
    }

    private static String time(Instant t) {
        return t == null ? NONE : TIME.format(t);
    }
}
