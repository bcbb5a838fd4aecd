package io.hactl.log;

import static io.hactl.log.IncidentLog.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a restarting controller gets back from its log, over hand-built lists of lines. */
class LogReplayTest {

    private static List<TransitionEntry> upTo(int n) {
        return new ArrayList<>(IncidentLog.entries().subList(0, n));
    }

    private static TransitionEntry op(String time, Event event, String operation, String id, String result) {
        return new OperationEntry(at(time), "pair1", event, operation, id, null, null, result, null, "alice", "why",
                null);
    }

    @Test
    void aFinishedIncidentLeavesNothingPendingAndTheLastFailoverAndState() {
        LogReplay.Result r = LogReplay.scan(IncidentLog.entries(), at("19:30:00"));
        assertThat(r.pending()).isEmpty();
        assertThat(r.expiredWhileDown()).isEmpty();          // the resync proposal's expiry is logged
        assertThat(r.unfinished()).isEmpty();
        assertThat(r.lastFailoverAt()).isEqualTo(at("19:04:11.110"));
        assertThat(r.unblocked()).isFalse();
        assertThat(r.lastFailoverOrUnblock()).isEqualTo(at("19:04:11.110"));
        assertThat(r.failoverBlocked(Duration.ofHours(1), at("19:30:00"))).isTrue();
        assertThat(r.failoverBlocked(Duration.ofHours(1), at("20:04:11.110"))).isFalse();
        assertThat(r.failoverBlocked(Duration.ZERO, at("19:30:00"))).isFalse();
        assertThat(r.lastState()).isEqualTo(ClusterState.STANDALONE);
        assertThat(r.lastStateAt()).isEqualTo(at("19:04:11.200"));
    }

    @Test
    void aPendingProposalComesBackUntilItsExpiryThenIsReportedExpired() {
        List<TransitionEntry> log = upTo(8);      // the failover proposal and its alerts, no ack
        assertThat(log.get(log.size() - 1).event()).isEqualTo(Event.ALERT_FAILED);

        LogReplay.Result before = LogReplay.scan(log, at("19:10:00"));
        assertThat(before.pending()).singleElement().isEqualTo(IncidentLog.failover());
        assertThat(before.expiredWhileDown()).isEmpty();
        assertThat(before.lastState()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(before.lastFailoverAt()).isNull();

        LogReplay.Result after = LogReplay.scan(log, at("19:17:04.140"));   // expiresAt: expired
        assertThat(after.pending()).isEmpty();
        assertThat(after.expiredWhileDown()).extracting(Proposal::id).containsExactly("p-3f9a1c");
    }

    @Test
    void eachLaterLineCarriesTheProposalAsItBecame() {
        Proposal p = IncidentLog.failover();
        List<TransitionEntry> log = List.of(
                ProposalEntry.of(at("19:02:04"), "pair1", Event.PROPOSAL, p, null, "controller", null),
                ProposalEntry.of(at("19:03:00"), "pair1", Event.WITHDRAW,
                        p.decided(Proposal.Status.WITHDRAWN, "controller", at("19:03:00"), "n1 answers again"), null,
                        "controller", null));
        assertThat(LogReplay.scan(log, at("19:04:00")).pending()).isEmpty();
        assertThat(LogReplay.scan(log.subList(0, 1), at("19:04:00")).pending()).hasSize(1);
    }

    @Test
    void anOperationWithoutItsEndIsUnfinishedWithItsLastStep() {
        List<TransitionEntry> log = upTo(16);     // failover started; "make n2 writable" started, never ended
        LogReplay.Result r = LogReplay.scan(log, at("19:05:00"));
        assertThat(r.unfinished()).singleElement().satisfies(u -> {
            assertThat(u.operation()).isEqualTo("failover");
            assertThat(u.operationId()).isEqualTo(IncidentLog.OP);
            assertThat(u.who()).isEqualTo("alice");
            assertThat(u.why()).isEqualTo("ack p-3f9a1c: n1's disk is dead");
            assertThat(u.startedAt()).isEqualTo(at("19:04:10.010"));
            assertThat(u.what()).isEqualTo("promote n2 to master; fence n1");
            assertThat(u.lastStep().event()).isEqualTo(Event.STEP_START);
            assertThat(u.lastStep().step()).isEqualTo("make n2 writable");
            assertThat(u.summary()).isEqualTo("failover a1b2c3d4 started by alice at 2025-03-14 19:04:10 UTC (why: ack"
                    + " p-3f9a1c: n1's disk is dead) never finished; last recorded: step 'make n2 writable' on n2 started"
                    + " at 2025-03-14 19:04:10 UTC, its end was never recorded (it may or may not have been done);"
                    + " check the pair (hactl check) before anything else");
        });
        // the ack is not pending: it was acknowledged before the crash
        assertThat(r.pending()).isEmpty();
        assertThat(r.lastState()).isEqualTo(ClusterState.SWITCHING);
    }

    @Test
    void refusedAndInterruptedLinesEndAnOperation() {
        List<TransitionEntry> log = List.of(
                op("10:00:00", Event.OPERATION_START, "db-master-set", "aaaa0001", null),
                op("10:00:01", Event.REFUSED, "db-master-set", "aaaa0001", "refused"),
                op("10:01:00", Event.OPERATION_START, "master-set", "aaaa0002", null),
                StateEntry.of(at("10:05:00"), "pair1", Event.INTERRUPTED, null, null, "reported", null,
                        "controller", null),
                op("10:02:00", Event.OPERATION_START, "stop", "aaaa0003", null));
        LogReplay.Result r = LogReplay.scan(log, at("10:06:00"));
        // the interrupted line above names no operation: master-set is still unfinished
        assertThat(r.unfinished()).extracting(LogReplay.UnfinishedOperation::operationId)
                .containsExactly("aaaa0002", "aaaa0003");
        assertThat(r.unfinished().get(1).summary()).contains("stop aaaa0003 started by alice", "no step was recorded");

        List<TransitionEntry> reported = new ArrayList<>(log);
        reported.add(new OperationEntry(at("10:06:00"), "pair1", Event.OPERATION_END, "master-set", "aaaa0002", null,
                null, "interrupted", "reported at restart", "controller", null, null));
        assertThat(LogReplay.scan(reported, at("10:07:00")).unfinished())
                .extracting(LogReplay.UnfinishedOperation::operationId).containsExactly("aaaa0003");
    }

    @Test
    void anUnblockAfterTheFailoverLiftsItsBlock() {
        List<TransitionEntry> log = new ArrayList<>(IncidentLog.entries());
        TransitionEntry before = StateEntry.of(at("18:00:00"), "pair1", Event.UNBLOCK, null, null, null,
                null, "bob", "old");
        log.add(0, before);
        assertThat(LogReplay.scan(log, at("19:30:00")).unblocked()).isFalse();   // before the failover: no effect

        log.add(StateEntry.of(at("19:20:00"), "pair1", Event.UNBLOCK, null, null, null, null, "bob",
                "n1 replaced, tested"));
        LogReplay.Result r = LogReplay.scan(log, at("19:30:00"));
        assertThat(r.unblocked()).isTrue();
        assertThat(r.lastFailoverAt()).isEqualTo(at("19:04:11.110"));
        assertThat(r.unblockedAt()).isEqualTo(at("19:20:00"));
        assertThat(r.lastFailoverOrUnblock()).isEqualTo(at("19:20:00"));
        assertThat(r.failoverBlocked(Duration.ofHours(1), at("19:30:00"))).isFalse();

        // a later failover starts a new block
        log.add(op("19:25:00", Event.OPERATION_END, "failover", "bbbb0001", "ok"));
        LogReplay.Result again = LogReplay.scan(log, at("19:30:00"));
        assertThat(again.unblocked()).isFalse();
        assertThat(again.lastFailoverAt()).isEqualTo(at("19:25:00"));
        assertThat(again.failoverBlocked(Duration.ofHours(1), at("19:30:00"))).isTrue();
    }

    @Test
    void aFailedFailoverOrAnotherOperationStartsNoBlock() {
        List<TransitionEntry> log = List.of(
                op("10:00:00", Event.OPERATION_END, "failover", "cccc0001", "failed"),
                op("10:01:00", Event.OPERATION_END, "db-master-set", "cccc0002", "ok"));
        assertThat(LogReplay.scan(log, at("10:02:00")).lastFailoverAt()).isNull();
    }

    @Test
    void theApplicationMoveBlockComesBackAfterARestart_onlyForAMoveAnAckRan_liftedByAnUnblock() {
        TransitionEntry byHand = op("10:00:00", Event.OPERATION_END, "master-set", "dddd0001", "ok");
        TransitionEntry acked = new OperationEntry(at("10:05:00"), "pair1", Event.OPERATION_END, "master-set",
                "dddd0002", null, null, "ok", null, "alice", "proposal p-1a2b3c acknowledged", null);
        TransitionEntry node = new OperationEntry(at("10:07:00"), "pair1", Event.OPERATION_END, "node-failover",
                "dddd0003", null, null, "ok", null, "alice", "proposal p-4d5e6f acknowledged", null);
        assertThat(LogReplay.scan(List.of(byHand), at("10:10:00")).lastAppMoveAt()).isNull();
        assertThat(LogReplay.scan(List.of(byHand, acked), at("10:10:00")).lastAppMoveAt()).isEqualTo(at("10:05:00"));
        assertThat(LogReplay.scan(List.of(acked, node), at("10:10:00")).lastAppMoveAt()).isEqualTo(at("10:07:00"));
        TransitionEntry unblock = StateEntry.of(at("10:08:00"), "pair1", Event.UNBLOCK, null, null, null,
                null, "bob", "tested");
        assertThat(LogReplay.scan(List.of(acked, node, unblock), at("10:10:00")).lastAppMoveAt()).isNull();
    }

    @Test
    void tornAndAbsentFieldsAreToleratedNeverFatal() {
        Proposal p = IncidentLog.failover();
        Proposal noExpiry = new Proposal("p-000001", Proposal.Kind.DETACH_VIP, "n2", "n1", null, null, null, null,
                null, null, null, Proposal.Status.PENDING, null, null, null);
        List<TransitionEntry> log = new ArrayList<>();
        log.add(ProposalEntry.of(at("19:02:04"), "pair1", Event.PROPOSAL, p, null, "controller", null));
        // an ack whose proposal object was lost: the id and the event still decide it
        log.add(new ProposalEntry(at("19:03:00"), "pair1", Event.ACK, null, null, null, null, null, "alice", "go",
                null, null, "p-3f9a1c", null));
        log.add(ProposalEntry.of(at("19:03:01"), "pair1", Event.PROPOSAL, noExpiry, null, "controller", null));
        // lines with the fields a rule needs missing
        log.add(new OperationEntry(null, null, Event.NOTE, null, null, null, null, null, null, null, null, null));
        log.add(new OperationEntry(at("19:03:02"), "pair1", Event.OPERATION_START, "failover", null, null, null,
                null, null, null, null, null));
        log.add(new OperationEntry(at("19:03:03"), "pair1", Event.STEP_END, "failover", "zzzz", "s", null, "ok",
                null, null, null, 5L));
        log.add(new ProposalEntry(at("19:03:04"), "pair1", Event.REJECT, null, null, null, null, null, "bob", null,
                null, null, "p-unknown", null));
        log.add(new OperationEntry(null, "pair1", Event.OPERATION_END, "failover", "yyyy", null, null, "ok", null,
                null, null, 1L));
        log.add(StateEntry.of(at("19:03:05"), "pair1", Event.STATE, "ACTIVE_SYNCED", "MASTER_DOWN",
                null, null, null, null));
        log.add(StateEntry.of(at("19:03:06"), "pair1", Event.STATE, "MASTER_DOWN", null, null, null,
                null, null));
        log.add(null);

        LogReplay.Result r = LogReplay.scan(log, at("23:00:00"));
        assertThat(r.pending()).extracting(Proposal::id).containsExactly("p-000001");   // no expiry: never expires
        assertThat(r.expiredWhileDown()).isEmpty();
        assertThat(r.unfinished()).isEmpty();
        assertThat(r.lastFailoverAt()).isNull();
        assertThat(r.lastState()).isEqualTo(ClusterState.MASTER_DOWN);             // a state line without 'to' is passed over

        log.add(StateEntry.of(at("19:03:07"), "pair1", Event.STATE, "MASTER_DOWN", "SOMETHING_NEW",
                null, null, null, null));
        assertThat(LogReplay.scan(log, at("23:00:00")).lastState()).isNull();
        assertThat(LogReplay.scan(List.of(), at("23:00:00"))).isEqualTo(new LogReplay.Result(List.of(), List.of(),
                List.of(), null, null, null, null));
    }
}
