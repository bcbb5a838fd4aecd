package io.hactl.log;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry for every way hactl writes a transition log line, built with the arguments its
 * writer passes (the writer is named above each), then the {@link IncidentLog}. The lines the
 * flat 18-field record wrote for these entries (before the log entries became types, issue 15)
 * are kept in {@code transitions-golden.jsonl}, and the REST history's body for them in
 * {@code api-history-golden.json}: what hactl writes and serves must not change byte for byte.
 */
public final class GoldenLog {

    public static final String LOG = "/io/hactl/log/transitions-golden.jsonl";
    public static final String API_HISTORY = "/io/hactl/log/api-history-golden.json";

    static final Instant T = Instant.parse("2026-12-01T19:02:03.120Z");
    /** Text from an operator or a node: non-ASCII, a quote, a backslash, a tab, ESC, a newline. */
    static final String ODD = "caf\u00e9 \"q\" back\\slash\ttab \u001b[31m new\nline \u2028";

    static final String QUORUM_LOST = "ZooKeeper quorum lost (no usable connection since 2026-12-01T19:02:03.120Z):"
            + " no leader, no proposals, no operations; the pair keeps serving as it is; to end it, bring back a"
            + " ZooKeeper member (or its host)";

    private GoldenLog() {
    }

    private static Instant t(long ms) {
        return T.plusMillis(ms);
    }

    static Proposal failover() {
        return new Proposal("p-3f9a1c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down for 1s and replica n2 confirms", List.of("n1 SQL: connection refused since 19:02:03.120",
                "n2 IO thread: " + ODD), "n2 may lack 3 transactions", T, T.plusSeconds(900), T.plusSeconds(60),
                Proposal.Status.PENDING, null, null, null);
    }

    static Proposal nodeFailover() {
        return new Proposal("p-4d5e6f", Proposal.Kind.NODE_FAILOVER, "n2", "n1", "promote n2; move the application",
                "n1 lost", List.of(), "n2 is 0 transactions behind", T, null, null, Proposal.Status.PENDING, null,
                null, null);
    }

    public static List<TransitionEntry> entries() {
        List<TransitionEntry> l = new ArrayList<>();
        Proposal p = failover();
        Proposal acked = p.decided(Proposal.Status.ACKNOWLEDGED, "alice", t(60_000), "n1's disk is dead");
        String who = "root (sudo by alice)@db1";
        String why = "ack p-3f9a1c: " + ODD;
        // pair/OperationJournal: started, stepStarted, stepEnded, note, end (ok, refused), refusedBeforeStart
        l.add(new OperationEntry(t(1), "pair1", Event.OPERATION_START, "failover", "a1b2c3d4", null, null, null,
                "promote n2 to master; fence n1", who, why, null));
        l.add(new OperationEntry(t(2), "pair1", Event.STEP_START, "failover", "a1b2c3d4", "stop replication", "n2",
                null, null, who, why, null));
        l.add(new OperationEntry(t(3), "pair1", Event.STEP_END, "failover", "a1b2c3d4", "stop replication", "n2",
                "ok", null, who, why, 120L));
        l.add(new OperationEntry(t(4), "pair1", Event.STEP_END, "failover", "a1b2c3d4", "fence n1", "n1", "skipped",
                "n1 unreachable: " + ODD, who, why, 0L));
        l.add(new OperationEntry(t(5), "pair1", Event.NOTE, "failover", "a1b2c3d4", null, "n2", null,
                "n2 applied up to 0-1-1042: 3 transactions may be lost", who, why, null));
        l.add(new OperationEntry(t(6), "pair1", Event.OPERATION_END, "failover", "a1b2c3d4", null, null, "ok",
                "n2 is master", who, why, 1100L));
        l.add(new OperationEntry(t(7), "pair1", Event.REFUSED, "db-master-set", "b2c3d4e5", null, null, "refused",
                "n1 holds the DB VIP — run hactl db-master-unset --node n1 first", who, null, 3L));
        l.add(new OperationEntry(t(8), "pair1", Event.REFUSED, "start", null, null, null, "refused",
                "no service frontend in hactl.yml — services: backend, tomcat", who, "restart", 0L));
        // control/Recovery: an operation that never ended, closed at the controller's start (no cluster)
        l.add(new OperationEntry(t(9), null, Event.OPERATION_END, "db-master-set", "c3d4e5f6", null, null,
                "interrupted", "never finished: found by the controller at its start", "bob@db2", "move it", null));
        // control/ControlLoop: a run refused, a fence note, a switchover refused
        l.add(new OperationEntry(t(10), "pair1", Event.REFUSED, "failover", null, null, "n2", "refused",
                "an operation runs on the pair: resync r-1 by carol; wait for it to end", "controller", null, null));
        l.add(new OperationEntry(t(11), "pair1", Event.NOTE, "node-failover", null, null, "n1", null,
                "n1 not fenced yet: fenced the moment it answers (proposal p-4d5e6f, acknowledged by alice)", "alice",
                "n1 is gone", null));
        l.add(new OperationEntry(t(12), "pair1", Event.REFUSED, "switchover", null, null, "n2", "refused",
                "an operation runs on the pair: failover a1b2c3d4; wait for it to end", "alice", ODD, null));
        // control/ControlLoop: controller lines
        l.add(StateEntry.of(t(13), "pair1", Event.CONTROLLER_START, null, null,
                "pid 4242, probe interval 1000 ms, failover mode manual; nothing to recover",
                List.of("p-3f9a1c pending"), "controller", null));
        l.add(StateEntry.of(t(14), "pair1", Event.CONTROLLER_START, null, null, "pid 4243", List.of(),
                "controller", null));
        l.add(StateEntry.of(t(15), "pair1", Event.INTERRUPTED, null, null,
                "INTERRUPTED: db-master-set c3d4e5f6 started by bob never finished",
                List.of("c3d4e5f6 last line: 2026-12-01T19:00:00Z step-start n1 set read_only"), "controller", null));
        l.add(StateEntry.of(t(16), "pair1", Event.STATE, "ACTIVE_SYNCED", "MASTER_DOWN",
                "master n1 down: " + ODD, List.of("n1 SQL: connection refused since 19:02:03.120", "n2 IO: lost"),
                "controller", null));
        l.add(StateEntry.of(t(17), "pair1", Event.STATE, "FAILOVER_PROPOSED", "SWITCHING",
                "failover to n2 running", null, "alice", "n1's disk is dead"));
        l.add(StateEntry.of(t(18), "pair1", Event.DIAGNOSIS, null, "MASTER_DOWN",
                "master n1 down for 3s", List.of("n1 SQL: refused"), "controller", null));
        l.add(StateEntry.of(t(19), "pair1", Event.APP_STATE, "ACTIVE", "SERVICES_DOWN",
                "tomcat on n1 down", null, "controller", null));
        l.add(StateEntry.of(t(20), "pair1", Event.APP_STATE, null, "ACTIVE", "services up", null,
                "controller", null));
        l.add(StateEntry.of(t(21), "pair1", Event.BLOCKED, null, "MASTER_DOWN",
                "no failover proposed: a failover ended 5m ago (block 1h)", null, "controller", null));
        l.add(StateEntry.of(t(22), "pair1", Event.REMINDER, null, "MASTER_DOWN",
                "still MASTER_DOWN after 600 s: master n1 down", null, "controller", null));
        l.add(StateEntry.of(t(23), "pair1", Event.UNBLOCK, null, "STANDALONE",
                "anti-flapping block lifted by alice", null, "alice", "n1 replaced"));
        l.add(StateEntry.of(t(24), "pair1", Event.CONTROLLER_STOP, null, null, "in state STANDALONE",
                null, "controller", null));
        // control/ControlLoop: proposals and what became of them
        l.add(ProposalEntry.of(t(25), "pair1", Event.PROPOSAL, p, null, "controller", p.sentence()));
        l.add(ProposalEntry.of(t(26), "pair1", Event.ACK, acked, null, "alice", "n1's disk is dead"));
        l.add(ProposalEntry.of(t(27), "pair1", Event.ACK, acked, "a1b2c3d4", "alice", null));
        l.add(ProposalEntry.of(t(28), "pair1", Event.REJECT,
                p.decided(Proposal.Status.REJECTED, "bob", t(28), ODD), null, "bob", ODD));
        l.add(ProposalEntry.of(t(29), "pair1", Event.EXPIRE,
                p.decided(Proposal.Status.EXPIRED, "controller", t(29), "expired while the controller was not running"),
                null, "controller", "expired while the controller was not running"));
        l.add(ProposalEntry.of(t(30), "pair1", Event.WITHDRAW,
                nodeFailover().decided(Proposal.Status.WITHDRAWN, "controller", t(30), "n1 answers again"), null,
                "controller", "n1 answers again"));
        // control/ControlLoop.refusedAck
        Proposal nf = nodeFailover();
        l.add(ProposalEntry.refusedAck(t(31), "pair1", nf, "bob", "second try",
                "an operation runs on the pair: switchover s-1 by carol"));
        // alert/AlertLog.entry: sent, failed, one without a proposal or a from state
        l.add(new AlertEntry(t(32), "pair1", Event.ALERT, "alert", "email", "ok", "sent via email (1 try)",
                "controller", "FAILOVER_PROPOSED:p-3f9a1c", 230L, "MASTER_DOWN", "FAILOVER_PROPOSED",
                "[CRITICAL] pair1: failover proposed (hactl ack p-3f9a1c)", "p-3f9a1c"));
        l.add(new AlertEntry(t(33), "pair1", Event.ALERT_FAILED, "alert", "teams", "failed", "HTTP 503 after 3 tries",
                "controller", "FAILOVER_PROPOSED:p-3f9a1c", 4200L, "MASTER_DOWN", "FAILOVER_PROPOSED",
                "[CRITICAL] pair1: failover proposed", "p-3f9a1c"));
        l.add(new AlertEntry(t(34), "pair1", Event.ALERT, "alert", "slack", "ok", "sent via slack (2 tries)",
                "hactl notify test", "test", 15L, null, "ACTIVE_SYNCED", "[INFO] test", null));
        l.addAll(IncidentLog.entries());
        // control/QuorumAlarm: a lost ZooKeeper quorum and its return (issue 16)
        l.add(StateEntry.of(t(60), "pair1", Event.QUORUM_LOST, null, null, QUORUM_LOST, null, "controller",
                "no quorum: 1 of 3 members serve, a majority is 2 (h1:2181 unreachable (ConnectException: Connection"
                        + " refused), w:2181 up, not serving (no quorum)); ZooKeeper session LOST at 19:02:09"));
        l.add(StateEntry.of(t(61), "pair1", Event.QUORUM_BACK, null, null, "ZooKeeper quorum back after 58 s: the"
                + " controllers elect a leader; proposals and operations resume", List.of(), "controller",
                "connected to ZooKeeper member h1:2181"));
        return l;
    }

    /** A resource of this class's package, as text. */
    public static String resource(String path) {
        try (InputStream in = GoldenLog.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("no test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
