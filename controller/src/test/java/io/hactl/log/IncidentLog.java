package io.hactl.log;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A realistic incident, as the controller and an acknowledged failover write it: n1's MariaDB
 * dies at about 19:02, the controller sees it unreachable then down, proposes a failover
 * (p-3f9a1c, n2 may lack 3 transactions), alerts (one channel fails), alice acknowledges it
 * 2m 06s later, the failover runs four steps, n2 is master alone. Then a rejoin proposal bob
 * rejects and a resync proposal that expires.
 */
public final class IncidentLog {

    public static final Instant T0 = Instant.parse("2025-03-14T19:00:00Z");
    public static final String CLUSTER = "pair1";
    public static final String OP = "a1b2c3d4";

    private IncidentLog() {
    }

    public static Instant at(String hms) {
        return Instant.parse("2025-03-14T" + hms + "Z");
    }

    public static Proposal failover() {
        return new Proposal("p-3f9a1c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down for 1s and replica n2 confirms", List.of("n1 SQL: connection refused since 19:02:03.120",
                "n2 IO thread: not connected since 19:02:03.900"), "n2 may lack 3 transactions", at("19:02:04.140"),
                at("19:17:04.140"), null, Proposal.Status.PENDING, null, null, null);
    }

    static TransitionEntry op(String time, Event event, String step, String node, String result, String detail,
                              Long ms) {
        return new OperationEntry(at(time), CLUSTER, event, "failover", OP, step, node, result, detail, "alice",
                "ack p-3f9a1c: n1's disk is dead", ms);
    }

    static TransitionEntry state(String time, String from, String to, String sentence, String... evidence) {
        return StateEntry.of(at(time), CLUSTER, Event.STATE, from, to, sentence, List.of(evidence),
                "controller", null);
    }

    static TransitionEntry alert(String time, Event event, String channel, String to, String detail) {
        return new AlertEntry(at(time), CLUSTER, event, null, channel, null, detail, "controller", null, null, null, to,
                "master n1 down: failover proposed (hactl ack p-3f9a1c)", "p-3f9a1c");
    }

    public static List<TransitionEntry> entries() {
        List<TransitionEntry> l = new ArrayList<>();
        Proposal p = failover();
        Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, "alice", at("19:04:10"), "n1's disk is dead");
        Proposal rejoin = new Proposal("p-5e6f7a", Proposal.Kind.REJOIN, "n1", "n2", "make n1 a replica of n2",
                "n1 answers again and lacks nothing", List.of("n1 SQL: answers since 19:09:55"),
                "none: n1 lacks nothing", at("19:10:00"), at("19:25:00"), null, Proposal.Status.PENDING, null, null, null);
        Proposal resync = new Proposal("p-9c0d1e", Proposal.Kind.RESYNC, "n1", "n2", "rebuild n1 from n2",
                "n1 has 3 transactions n2 lacks", List.of("n1 GTID 0-1-1045, n2 0-1-1042"), "n1's 3 transactions are"
                + " discarded", at("19:12:00"), at("19:27:00"), null, Proposal.Status.PENDING, null, null, null);

        l.add(StateEntry.of(at("19:00:00"), CLUSTER, Event.CONTROLLER_START, null, null,
                "watching pair1 every 1s", null, "controller", null));
        l.add(state("19:00:01", "STARTING", "ACTIVE_SYNCED", "master n1 writable with the DB VIP; replica n2 caught up"));
        l.add(state("19:02:03.120", "ACTIVE_SYNCED", "MASTER_UNREACHABLE", "master n1 unreachable from controller;"
                + " replica n2 still streaming from it: not a failure, watching", "n1 SQL: connection refused since"
                + " 19:02:03.120"));
        l.add(state("19:02:04.130", "MASTER_UNREACHABLE", "MASTER_DOWN", "master n1 down: no answer for 1s and"
                + " replica n2 lost it", "n1 SQL: connection refused since 19:02:03.120", "n2 IO thread: not connected"
                + " since 19:02:03.900"));
        l.add(ProposalEntry.of(at("19:02:04.140"), CLUSTER, Event.PROPOSAL, p, null, "controller", null));
        l.add(state("19:02:04.150", "MASTER_DOWN", "FAILOVER_PROPOSED", "failover to n2 proposed: hactl ack p-3f9a1c"));
        l.add(alert("19:02:04.300", Event.ALERT, "email", "FAILOVER_PROPOSED", "[CRITICAL] to oncall@example.org"));
        l.add(alert("19:02:04.800", Event.ALERT_FAILED, "teams", "FAILOVER_PROPOSED", "HTTP 503 after 3 tries"));
        l.add(ProposalEntry.of(at("19:04:10"), CLUSTER, Event.ACK, acked, OP, "alice", "n1's disk is dead"));
        l.add(state("19:04:10.005", "FAILOVER_PROPOSED", "SWITCHING", "failover to n2 running (operation " + OP + ")"));
        l.add(op("19:04:10.010", Event.OPERATION_START, null, null, null, "promote n2 to master; fence n1", null));
        l.add(op("19:04:10.020", Event.STEP_END, "fence n1 (read_only, VIP detached)", "n1", "skipped",
                "n1 unreachable", 0L));
        l.add(op("19:04:10.030", Event.STEP_START, "stop replication", "n2", null, null, null));
        l.add(op("19:04:10.150", Event.STEP_END, "stop replication", "n2", "ok", null, 120L));
        l.add(op("19:04:10.160", Event.NOTE, null, "n2", null, "n2 applied up to 0-1-1042, n1 was last seen at"
                + " 0-1-1045: 3 transactions may be lost", null));
        l.add(op("19:04:10.170", Event.STEP_START, "make n2 writable", "n2", null, null, null));
        l.add(op("19:04:10.250", Event.STEP_END, "make n2 writable", "n2", "ok", "read_only=OFF", 80L));
        l.add(op("19:04:10.260", Event.STEP_START, "move the DB VIP to n2", "n2", null, null, null));
        l.add(op("19:04:10.900", Event.STEP_END, "move the DB VIP to n2", "n2", "ok", "arping: only n2 answers", 640L));
        l.add(op("19:04:11.110", Event.OPERATION_END, null, null, "ok", "n2 is master", 1100L));
        l.add(state("19:04:11.200", "SWITCHING", "STANDALONE", "n2 master alone, n1 down: no online backup"));
        l.add(alert("19:04:11.300", Event.ALERT, "email", "STANDALONE", "[WARNING] to oncall@example.org"));
        l.add(ProposalEntry.of(at("19:10:00"), CLUSTER, Event.PROPOSAL, rejoin, null, "controller", null));
        l.add(ProposalEntry.of(at("19:11:00"), CLUSTER, Event.REJECT,
                rejoin.decided(Proposal.Status.REJECTED, "bob", at("19:11:00"), "n1 needs a new disk first"), null,
                "bob", "n1 needs a new disk first"));
        l.add(ProposalEntry.of(at("19:12:00"), CLUSTER, Event.PROPOSAL, resync, null, "controller", null));
        l.add(ProposalEntry.of(at("19:27:00"), CLUSTER, Event.EXPIRE,
                resync.decided(Proposal.Status.EXPIRED, "controller", at("19:27:00"), "not acknowledged within 15m"),
                null, "controller", null));
        return l;
    }

    /** Writes the incident through a real TransitionLog in {@code stateDirectory}. */
    public static TransitionLog write(java.nio.file.Path stateDirectory) {
        TransitionLog log = new TransitionLog(stateDirectory);
        entries().forEach(log::append);
        return log;
    }

    static Duration ms(long n) {
        return Duration.ofMillis(n);
    }
}
