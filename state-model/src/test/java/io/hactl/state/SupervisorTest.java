package io.hactl.state;

import static io.hactl.model.Snap.DB_VIP;
import static io.hactl.model.Snap.MAC1;
import static io.hactl.model.Snap.N2;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.ReplicaStatus;
import io.hactl.model.Snap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The supervisor over real detector output, with a clock the test moves: proposals, ack and
 * reject, expiry, withdrawal, automatic mode, the anti-flapping block, reminders, restart.
 */
class SupervisorTest {

    static final Duration EXPIRY = Duration.ofMinutes(5);
    static final Duration BLOCK = Duration.ofHours(1);
    static final Duration REMIND = Duration.ofMinutes(10);
    static final Duration GRACE = Duration.ofSeconds(30);
    static final Duration CYCLE = Duration.ofSeconds(1);

    /** A clock that moves only when the test says so. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the test clock is UTC");
        }
    }

    private final TestClock clock = new TestClock(Cycles.T0);
    private final AtomicInteger ids = new AtomicInteger();
    private Cycles detector = new Cycles();
    private Supervisor sup = supervisor(false);

    private Supervisor supervisor(boolean automatic) {
        return new Supervisor(new Supervisor.Settings(Cycles.DOWN_AFTER, BLOCK, EXPIRY, automatic, GRACE, REMIND), clock,
                () -> String.format("%06d", ids.incrementAndGet()));
    }

    // ------------------------------------------------------------------ driving

    /** One probe cycle {@code after} the previous one. */
    private List<Effect> cycle(Duration after, Supplier<Snap> snap) {
        clock.advance(after);
        return sup.observe(detector.next(snap.get(), clock.instant(), null));
    }

    private List<Effect> cycle(Supplier<Snap> snap) {
        return cycle(CYCLE, snap);
    }

    /** {@code n} cycles a second apart; all their effects. */
    private List<Effect> cycles(int n, Supplier<Snap> snap) {
        List<Effect> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.addAll(cycle(snap));
        }
        return all;
    }

    /** Healthy, then n1's mysqld killed until it is MASTER_DOWN (4 failing cycles); the effects of the last one. */
    private List<Effect> masterDies() {
        cycle(Snap::healthy);
        List<Effect> before = cycles(3, DetectorTest::masterKilled);
        assertThat(before).noneMatch(e -> e instanceof Effect.ProposalMade);
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_UNREACHABLE);
        return cycle(DetectorTest::masterKilled);
    }

    /** After our failover: n2 master, n1 its replica; then n2's mysqld killed, n1 reconnecting. */
    static Snap newMasterKilled() {
        return Snap.flipped().dbKilled("n2").replicaStatus("n1", new ReplicaStatus(N2, 3306, "Connecting", true, null,
                2003, "Can't connect to server on '198.51.100.12' (111)", 0, "", "0-2-50", "Slave_Pos"));
    }

    static <T extends Effect> List<T> of(List<Effect> fx, Class<T> type) {
        return fx.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends Effect> T one(List<Effect> fx, Class<T> type) {
        List<T> found = of(fx, type);
        assertThat(found).as(type.getSimpleName() + " in " + fx).hasSize(1);
        return found.get(0);
    }

    // ------------------------------------------------------------------ failover proposals

    @Test
    void masterDown_proposedOnce_withEvidenceRiskAndExpiry() {
        List<Effect> first = cycle(Snap::healthy);
        assertThat(one(first, Effect.StateChanged.class)).extracting(Effect.StateChanged::from, Effect.StateChanged::to)
                .containsExactly(ClusterState.STARTING, ClusterState.ACTIVE_SYNCED);
        assertThat(one(first, Effect.AppStateChanged.class).to()).isEqualTo(AppState.ACTIVE);

        List<Effect> unreachable = cycle(DetectorTest::masterKilled);
        assertThat(one(unreachable, Effect.StateChanged.class).to()).isEqualTo(ClusterState.MASTER_UNREACHABLE);
        cycles(2, DetectorTest::masterKilled);

        List<Effect> down = cycle(DetectorTest::masterKilled);
        assertThat(of(down, Effect.StateChanged.class)).extracting(Effect.StateChanged::from, Effect.StateChanged::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ClusterState.MASTER_UNREACHABLE, ClusterState.MASTER_DOWN),
                        org.assertj.core.groups.Tuple.tuple(ClusterState.MASTER_DOWN, ClusterState.FAILOVER_PROPOSED));
        Proposal p = one(down, Effect.ProposalMade.class).proposal();
        assertThat(p.id()).isEqualTo("p-000001");
        assertThat(p.kind()).isEqualTo(Proposal.Kind.FAILOVER);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.action()).startsWith("promote n2 to master; fence n1");
        assertThat(p.sentence()).startsWith("MASTER DOWN: master n1");
        assertThat(p.evidence()).anyMatch(e -> e.startsWith("n1: SQL not answering (Connection refused)"))
                .anyMatch(e -> e.startsWith("n2 (replica): IO thread Connecting, error 2003"));
        assertThat(p.risk()).startsWith("n2 is 0 transactions behind");
        assertThat(p.createdAt()).isEqualTo(clock.instant());
        assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(EXPIRY));
        assertThat(p.runAt()).as("manual mode").isNull();
        assertThat(p.pending()).isTrue();
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);

        List<Effect> later = cycles(30, DetectorTest::masterKilled);
        assertThat(later).as("not proposed every cycle").noneMatch(e -> e instanceof Effect.ProposalMade
                || e instanceof Effect.StateChanged || e instanceof Effect.ProposalClosed);
        assertThat(sup.pending()).containsExactly(p);
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
    }

    @Test
    void acknowledged_runsTheFailover_andSwitches() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        clock.advance(Duration.ofSeconds(20));
        Supervisor.Decision d = sup.ack(p.id(), "alice", "n1 is gone, go");
        assertThat(d.accepted()).isTrue();
        assertThat(d.proposal().status()).isEqualTo(Proposal.Status.ACKNOWLEDGED);
        assertThat(d.proposal().decidedBy()).isEqualTo("alice");
        assertThat(d.proposal().decidedAt()).isEqualTo(clock.instant());
        Effect.StateChanged sc = one(d.effects(), Effect.StateChanged.class);
        assertThat(sc.from()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(sc.to()).isEqualTo(ClusterState.SWITCHING);
        assertThat(sc.sentence()).startsWith("failover acknowledged by alice: promote n2");
        Effect.Run run = one(d.effects(), Effect.Run.class);
        assertThat(run.proposal().id()).isEqualTo(p.id());
        assertThat(run.who()).isEqualTo("alice");
        assertThat(run.comment()).isEqualTo("n1 is gone, go");
        assertThat(sup.state()).isEqualTo(ClusterState.SWITCHING);
        assertThat(sup.pending()).isEmpty();

        Supervisor.Decision again = sup.ack(p.id(), "bob", null);
        assertThat(again.accepted()).isFalse();
        assertThat(again.effects()).isEmpty();
        assertThat(again.veto().reason()).contains(p.id());
    }

    @Test
    void rejected_backToMasterDown_notProposedAgainWhileDown_proposedAfterItCameBackAndFailedAgain() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        Supervisor.Decision d = sup.reject(p.id(), "bob", "n1 reboots");
        assertThat(d.accepted()).isTrue();
        assertThat(d.proposal().status()).isEqualTo(Proposal.Status.REJECTED);
        Effect.StateChanged sc = one(d.effects(), Effect.StateChanged.class);
        assertThat(sc.to()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(sc.sentence()).contains("failover rejected by bob (n1 reboots)", "no new proposal while n1 stays down",
                "hactl db-master-set --node n2");
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(sup.reject(p.id(), "bob", null).veto().reason()).isEqualTo("proposal " + p.id() + " is rejected already");

        List<Effect> whileDown = cycles(20, DetectorTest::masterKilled);
        assertThat(whileDown).noneMatch(e -> e instanceof Effect.ProposalMade || e instanceof Effect.Blocked);
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_DOWN);

        cycle(Snap::healthy);
        assertThat(sup.state()).isEqualTo(ClusterState.ACTIVE_SYNCED);
        cycles(3, DetectorTest::masterKilled);
        Proposal fresh = one(cycle(DetectorTest::masterKilled), Effect.ProposalMade.class).proposal();
        assertThat(fresh.id()).isNotEqualTo(p.id());
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
    }

    @Test
    void notAcknowledgedInTime_expires_thenAFreshProposal() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        List<Effect> justBefore = cycle(EXPIRY.minus(CYCLE), DetectorTest::masterKilled);
        assertThat(justBefore).noneMatch(e -> e instanceof Effect.ProposalClosed);

        List<Effect> fx = cycle(DetectorTest::masterKilled);
        Effect.ProposalClosed closed = one(fx, Effect.ProposalClosed.class);
        assertThat(closed.event()).isEqualTo("expire");
        assertThat(closed.proposal().id()).isEqualTo(p.id());
        assertThat(closed.proposal().status()).isEqualTo(Proposal.Status.EXPIRED);
        assertThat(closed.proposal().comment()).isEqualTo("not acknowledged within 5m");
        Proposal fresh = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(fx.indexOf(closed)).isLessThan(fx.indexOf(new Effect.ProposalMade(fresh)));
        assertThat(fresh.id()).isNotEqualTo(p.id());
        assertThat(fresh.expiresAt()).isEqualTo(clock.instant().plus(EXPIRY));
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(sup.pending()).containsExactly(fresh);

        Supervisor.Decision late = sup.ack(p.id(), "alice", null);
        assertThat(late.accepted()).isFalse();
        assertThat(late.veto().reason()).isEqualTo("proposal " + p.id() + " is expired (by controller)");
    }

    @Test
    void masterReturns_pendingProposalWithdrawn() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        List<Effect> fx = cycle(Snap::healthy);
        Effect.ProposalClosed closed = one(fx, Effect.ProposalClosed.class);
        assertThat(closed.event()).isEqualTo("withdraw");
        assertThat(closed.proposal().status()).isEqualTo(Proposal.Status.WITHDRAWN);
        assertThat(closed.proposal().comment()).startsWith("no longer called for: master n1, replica n2 in sync");
        assertThat(one(fx, Effect.StateChanged.class).to()).isEqualTo(ClusterState.ACTIVE_SYNCED);
        assertThat(sup.pending()).isEmpty();
        assertThat(sup.ack(p.id(), "alice", null).accepted()).isFalse();
        assertThat(sup.state()).isEqualTo(ClusterState.ACTIVE_SYNCED);
    }

    // ------------------------------------------------------------------ automatic mode

    @Test
    void automaticMode_runsAfterGrace() {
        sup = supervisor(true);
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        assertThat(p.runAt()).isEqualTo(clock.instant().plus(GRACE));

        List<Effect> waiting = cycles((int) GRACE.toSeconds() - 1, DetectorTest::masterKilled);
        assertThat(waiting).noneMatch(e -> e instanceof Effect.Run);
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);

        List<Effect> due = cycle(DetectorTest::masterKilled);
        Effect.Run run = one(due, Effect.Run.class);
        assertThat(run.proposal().id()).isEqualTo(p.id());
        assertThat(run.who()).isEqualTo("controller (failover.mode automatic)");
        assertThat(run.comment()).isEqualTo("grace period of 30s passed without a rejection");
        assertThat(sup.state()).isEqualTo(ClusterState.SWITCHING);
        assertThat(sup.proposal(p.id()).orElseThrow().status()).isEqualTo(Proposal.Status.ACKNOWLEDGED);
    }

    @Test
    void automaticMode_rejectedWithinGrace_neverRuns() {
        sup = supervisor(true);
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        cycles(10, DetectorTest::masterKilled);
        assertThat(sup.reject(p.id(), "bob", "wait").accepted()).isTrue();
        List<Effect> after = cycles(60, DetectorTest::masterKilled);
        assertThat(after).noneMatch(e -> e instanceof Effect.Run || e instanceof Effect.ProposalMade);
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_DOWN);
    }

    // ------------------------------------------------------------------ anti-flapping

    @Test
    void afterAFailover_theNextMasterDownIsBlocked_onceWithReason_untilUnblocked() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        assertThat(sup.ack(p.id(), "alice", null).accepted()).isTrue();
        Instant failoverAt = clock.instant().plusSeconds(5);
        clock.advance(Duration.ofSeconds(5));
        sup.operationEnded(p.id(), true, "n2 promoted, n1 fenced");
        assertThat(sup.proposal(p.id()).orElseThrow().status()).isEqualTo(Proposal.Status.DONE);
        assertThat(sup.lastFailoverAt()).isEqualTo(failoverAt);
        // the controller tells the detector about the new roles
        detector.memory = detector.memory.newMaster("n2").withFenced(Set.of("n1"));

        cycle(Snap::flipped);
        assertThat(sup.state()).isEqualTo(ClusterState.ACTIVE_SYNCED);
        cycles(3, SupervisorTest::newMasterKilled);
        List<Effect> down = cycle(SupervisorTest::newMasterKilled);
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(down).noneMatch(e -> e instanceof Effect.ProposalMade);
        Veto v = one(down, Effect.Blocked.class).veto();
        assertThat(v.reason()).isEqualTo("failover blocked until 2026-11-25 13:00:10 UTC: a failover ran at"
                + " 2026-11-25 12:00:10 UTC (anti-flapping, failover.block_period 1h)");
        assertThat(v.toString()).contains("failover blocked until", "hactl unblock");
        assertThat(sup.failoverBlock()).contains(v);

        List<Effect> more = cycles(20, SupervisorTest::newMasterKilled);
        assertThat(more).as("reported once").noneMatch(e -> e instanceof Effect.Blocked || e instanceof Effect.ProposalMade);

        sup.unblock();
        assertThat(sup.failoverBlock()).isEmpty();
        Proposal back = one(cycle(SupervisorTest::newMasterKilled), Effect.ProposalMade.class).proposal();
        assertThat(back.node()).isEqualTo("n1");
        assertThat(back.master()).isEqualTo("n2");
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
    }

    /** Issue 13, defect 8: the status said "failover to n1 possible" while the log said BLOCKED. */
    @Test
    void statusSaysFailoverPossibleWhileTheLogSaysBlocked_theSentenceSaysBlockedAndHowToLiftIt() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        assertThat(sup.last().sentence()).contains("failover to n2 possible");
        cycle(DetectorTest::masterKilled);
        assertThat(sup.last().sentence()).contains("failover to n2 proposed (" + p.id() + ": hactl ack " + p.id());
        sup.ack(p.id(), "alice", null);
        sup.operationEnded(p.id(), true, "done");
        detector.memory = detector.memory.newMaster("n2").withFenced(Set.of("n1"));
        cycle(Snap::flipped);
        cycles(3, SupervisorTest::newMasterKilled);
        List<Effect> down = cycle(SupervisorTest::newMasterKilled);
        Effect.StateChanged sc = one(down, Effect.StateChanged.class);
        assertThat(sc.to()).isEqualTo(ClusterState.MASTER_DOWN);
        for (String said : List.of(sc.sentence(), sup.last().sentence())) {
            assertThat(said).doesNotContain("possible")
                    .contains("failover to n1 BLOCKED (failover blocked until 2026-11-25 13:00:06 UTC")
                    .contains("to allow one now: hactl unblock --reason TEXT");
        }
        cycles(3, SupervisorTest::newMasterKilled);
        assertThat(sup.last().sentence()).contains("failover to n1 BLOCKED");
    }

    @Test
    void statusSaysFailoverPossibleAfterARejection_theSentenceSaysNotProposedAndTheWayByHand() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        sup.reject(p.id(), "bob", "n1 reboots");
        cycle(DetectorTest::masterKilled);
        assertThat(sup.last().sentence()).doesNotContain("possible")
                .contains("failover to n2 NOT proposed (rejected", "hactl db-master-set --node n2");
    }

    @Test
    void failedFailover_startsNoBlock() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        sup.ack(p.id(), "alice", null);
        sup.operationEnded(p.id(), false, "promotion failed: n2 read-only");
        assertThat(sup.proposal(p.id()).orElseThrow().status()).isEqualTo(Proposal.Status.FAILED);
        assertThat(sup.lastFailoverAt()).isNull();
        assertThat(sup.failoverBlock()).isEmpty();
    }

    @Test
    void blockPeriodOver_proposedAgain() {
        Proposal p = one(masterDies(), Effect.ProposalMade.class).proposal();
        sup.ack(p.id(), "alice", null);
        sup.operationEnded(p.id(), true, "done");
        detector.memory = detector.memory.newMaster("n2").withFenced(Set.of("n1"));
        cycle(BLOCK, Snap::flipped);
        assertThat(sup.failoverBlock()).isEmpty();
        cycles(3, SupervisorTest::newMasterKilled);
        List<Effect> down = cycle(SupervisorTest::newMasterKilled);
        assertThat(of(down, Effect.Blocked.class)).isEmpty();
        assertThat(one(down, Effect.ProposalMade.class).proposal().node()).isEqualTo("n1");
    }

    // ------------------------------------------------------------------ reminders

    @Test
    void degraded_remindedEveryInterval_untilResolved() {
        Supplier<Snap> stopped = () -> Snap.healthy().replicaStatus("n2", Snap.status("No", false, null, 0, 0));
        cycle(Snap::healthy);
        List<Effect> went = cycle(stopped);
        assertThat(one(went, Effect.StateChanged.class).to()).isEqualTo(ClusterState.DEGRADED);
        Instant since = clock.instant();

        assertThat(cycle(REMIND.minus(CYCLE), stopped)).noneMatch(e -> e instanceof Effect.Reminder);
        Effect.Reminder r = one(cycle(stopped), Effect.Reminder.class);
        assertThat(r.state()).isEqualTo(ClusterState.DEGRADED);
        assertThat(r.sentence()).startsWith("DEGRADED: replica n2 stopped");
        assertThat(r.standing()).isEqualTo(REMIND);
        assertThat(sup.since()).isEqualTo(since);

        assertThat(cycle(Duration.ofMinutes(5), stopped)).noneMatch(e -> e instanceof Effect.Reminder);
        assertThat(one(cycle(Duration.ofMinutes(5), stopped), Effect.Reminder.class).standing()).isEqualTo(REMIND.multipliedBy(2));

        cycle(Snap::healthy);
        assertThat(cycle(REMIND, Snap::healthy)).noneMatch(e -> e instanceof Effect.Reminder);
    }

    @Test
    void standalone_reminded() {
        detector = new Cycles(DetectionMemory.EMPTY.newMaster("n2").withFenced(Set.of("n1")));
        Supplier<Snap> fencedDown = () -> Snap.flipped().dbKilled("n1");
        assertThat(one(cycle(fencedDown), Effect.StateChanged.class).to()).isEqualTo(ClusterState.STANDALONE);
        assertThat(one(cycle(REMIND, fencedDown), Effect.Reminder.class).sentence())
                .startsWith("STANDALONE: master n2 since the failover");
    }

    @Test
    void activeSynced_neverReminded() {
        List<Effect> fx = new ArrayList<>(cycle(Snap::healthy));
        for (int i = 0; i < 6; i++) {
            fx.addAll(cycle(REMIND, Snap::healthy));
        }
        assertThat(fx).noneMatch(e -> e instanceof Effect.Reminder);
        assertThat(of(fx, Effect.StateChanged.class)).hasSize(1);
    }

    // ------------------------------------------------------------------ what changed

    @Test
    void sameStateOtherDiagnosis_diagnosisChanged_onceAndAppChangesToo() {
        cycle(Snap::healthy);
        cycle(() -> Snap.healthy().replicaStatus("n2", Snap.status("No", false, null, 0, 0)));
        Supplier<Snap> sqlError = () -> Snap.healthy().replicaStatus("n2", Snap.status("Yes", false, null, 0, 1062));
        List<Effect> fx = cycle(sqlError);
        Effect.DiagnosisChanged dc = one(fx, Effect.DiagnosisChanged.class);
        assertThat(dc.state()).isEqualTo(ClusterState.DEGRADED);
        assertThat(dc.sentence()).contains("SQL thread error 1062");
        assertThat(of(fx, Effect.StateChanged.class)).isEmpty();
        assertThat(cycle(sqlError)).as("nothing new").isEmpty();

        List<Effect> app = cycle(() -> Snap.healthy().replicaStatus("n2", Snap.status("Yes", false, null, 0, 1062))
                .services("n1", Snap.svcs(Snap.svc("backend", true, 9090), Snap.svc("tomcat", false, 8080))));
        Effect.AppStateChanged ac = one(app, Effect.AppStateChanged.class);
        assertThat(ac.from()).isEqualTo(AppState.ACTIVE);
        assertThat(ac.to()).isEqualTo(AppState.SERVICES_DOWN);
        assertThat(ac.sentence()).startsWith("active node n1: tomcat not running");
    }

    // ------------------------------------------------------------------ other proposals

    @Test
    void splitBrain_proposesDetachingTheVipFromTheOtherNode() {
        cycle(Snap::healthy);
        Supplier<Snap> twoVips = () -> Snap.healthy().addresses("n2", N2, DB_VIP).dbVip(List.of("n1", "n2"), List.of(MAC1));
        List<Effect> fx = cycle(twoVips);
        assertThat(one(fx, Effect.StateChanged.class).to()).isEqualTo(ClusterState.SPLIT_BRAIN);
        Proposal p = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.DETACH_VIP);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.action()).isEqualTo("fence n2: detach the DB VIP from it and make it read-only; n1 stays master");
        assertThat(sup.state()).isEqualTo(ClusterState.SPLIT_BRAIN);
        assertThat(cycles(5, twoVips)).noneMatch(e -> e instanceof Effect.ProposalMade);

        Supervisor.Decision d = sup.ack(p.id(), "alice", null);
        assertThat(d.accepted()).isTrue();
        assertThat(one(d.effects(), Effect.Run.class).proposal().kind()).isEqualTo(Proposal.Kind.DETACH_VIP);
        // the state says at once that the fence runs, even if it ends before the next cycle
        Effect.StateChanged sc = one(d.effects(), Effect.StateChanged.class);
        assertThat(sc.from()).isEqualTo(ClusterState.SPLIT_BRAIN);
        assertThat(sc.to()).isEqualTo(ClusterState.SWITCHING);
        assertThat(sup.state()).isEqualTo(ClusterState.SWITCHING);
    }

    @Test
    void outOfDate_proposesResync() {
        cycle(Snap::flipped);
        List<Effect> fx = cycle(() -> Snap.flipped().db("n1", DetectorTest.readOnlyAlone("0-1-43", "0-1-43")));
        assertThat(one(fx, Effect.StateChanged.class).to()).isEqualTo(ClusterState.OUT_OF_DATE);
        Proposal p = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.RESYNC);
        assertThat(p.node()).isEqualTo("n1");
        assertThat(p.master()).isEqualTo("n2");
        assertThat(p.action()).startsWith("rebuild n1 from master n2");
        assertThat(p.risk()).startsWith("n1's own transactions (those n2 lacks").contains("discarded by the rebuild")
                .contains("mysqlbinlog on n1");
    }

    /** Issue 13, defect 2: the rebuild's proposal names the errant transactions it discards. */
    @Test
    void errantTransactionOnAStreamingReplica_resyncProposalNamesWhatTheRebuildDiscards() {
        cycle(DetectorTest::withServerIds);
        List<Effect> fx = cycle(DetectorTest::errantOnStreamingReplica);
        assertThat(one(fx, Effect.StateChanged.class).to()).isEqualTo(ClusterState.OUT_OF_DATE);
        Proposal p = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.RESYNC);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.sentence()).contains("it has transactions master n1 lacks (0-2-43)");
        assertThat(p.evidence()).contains("n2 has 1 transaction master n1 lacks: 0-2-43 (written on n2, never on n1)");
        assertThat(p.risk()).isEqualTo("n2's own transactions (those n1 lacks: 0-2-43, 1 transaction, committed on n2,"
                + " never received by n1) are discarded by the rebuild; save them first if they matter (mysqlbinlog on n2)");
    }

    @Test
    void unknownProposal_refusedWithHint() {
        Supervisor.Decision d = sup.ack("p-nope", "alice", null);
        assertThat(d.accepted()).isFalse();
        assertThat(d.veto().reason()).isEqualTo("no proposal p-nope");
        assertThat(d.veto().override()).isEqualTo("hactl proposals lists them");
        assertThat(sup.reject("p-nope", "alice", null).veto().reason()).isEqualTo("no proposal p-nope");
    }

    // ------------------------------------------------------------------ application proposals

    /** Healthy, then Tomcat killed on n1 until its restart is due (4 failing cycles, 3.3 s); the effects of the last one. */
    private List<Effect> tomcatDies() {
        cycle(Snap::healthy);
        List<Effect> before = cycles(3, DetectorTest::tomcatKilled);
        assertThat(before).noneMatch(e -> e instanceof Effect.ProposalMade);
        return cycle(DetectorTest::tomcatKilled);
    }

    /** The database failed over alone: n2 DB master, the application still on n1; the move is due at the 4th cycle. */
    private List<Effect> appSplitFromDb() {
        List<Effect> before = cycles(3, DetectorTest::appOnN1DbOnN2);
        assertThat(before).noneMatch(e -> e instanceof Effect.ProposalMade);
        return cycle(DetectorTest::appOnN1DbOnN2);
    }

    /** After the move: DB master n1 (a switchover back), the application on n2. */
    static Snap appOnN2DbOnN1() {
        return Snap.healthy().addresses("n1", Snap.N1, DB_VIP).addresses("n2", N2, Snap.APP_VIP)
                .appVip(List.of("n2"), List.of(Snap.MAC2)).services("n1", DetectorTest.allDown())
                .services("n2", DetectorTest.allUp());
    }

    @Test
    void servicesDown_restartProposedOnce_withItsLog_machineUntouched_withdrawnWhenTheyAnswer() {
        List<Effect> due = tomcatDies();
        Proposal p = one(due, Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.RESTART_SERVICES);
        assertThat(p.node()).isEqualTo("n1");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.action()).isEqualTo("start the services on n1 again, in the configured order (hactl start)");
        assertThat(p.sentence()).startsWith("active node n1: tomcat not running (3.3 s, 4 cycles)");
        assertThat(p.evidence()).contains("tomcat on n1: not running",
                "tomcat on n1, log: SEVERE: java.lang.OutOfMemoryError: Java heap space");
        assertThat(p.risk()).startsWith("the application stays unavailable on n1 until its services answer again");
        assertThat(p.expiresAt()).isEqualTo(clock.instant().plus(EXPIRY));
        assertThat(sup.state()).as("the database side's machine").isEqualTo(ClusterState.ACTIVE_SYNCED);
        assertThat(of(due, Effect.StateChanged.class)).isEmpty();
        cycle(DetectorTest::tomcatKilled);
        assertThat(sup.last().appSentence()).contains("restart of the services on n1 proposed (" + p.id() + ": hactl ack "
                + p.id() + " or hactl reject " + p.id() + ")").doesNotContain("possible");

        assertThat(cycles(20, DetectorTest::tomcatKilled)).as("one per condition")
                .noneMatch(e -> e instanceof Effect.ProposalMade || e instanceof Effect.ProposalClosed);
        assertThat(sup.pending()).containsExactly(p);

        List<Effect> back = cycle(Snap::healthy);
        Effect.ProposalClosed closed = one(back, Effect.ProposalClosed.class);
        assertThat(closed.event()).isEqualTo("withdraw");
        assertThat(closed.proposal().comment()).startsWith("no longer called for: active n1 with app VIP");
        assertThat(sup.pending()).isEmpty();
    }

    @Test
    void appProposal_acknowledged_runs_withoutMovingTheDatabaseMachine() {
        Proposal p = one(tomcatDies(), Effect.ProposalMade.class).proposal();
        Supervisor.Decision d = sup.ack(p.id(), "alice", "restart it");
        assertThat(d.accepted()).as(String.valueOf(d.veto())).isTrue();
        assertThat(d.proposal().status()).isEqualTo(Proposal.Status.ACKNOWLEDGED);
        Effect.Run run = one(d.effects(), Effect.Run.class);
        assertThat(run.proposal().kind()).isEqualTo(Proposal.Kind.RESTART_SERVICES);
        assertThat(run.who()).isEqualTo("alice");
        assertThat(of(d.effects(), Effect.StateChanged.class)).isEmpty();
        assertThat(sup.state()).isEqualTo(ClusterState.ACTIVE_SYNCED);
        assertThat(sup.ack(p.id(), "bob", null).accepted()).isFalse();
    }

    @Test
    void appProposal_notAcknowledgedInTime_expires_thenAFreshOne() {
        Proposal p = one(tomcatDies(), Effect.ProposalMade.class).proposal();
        assertThat(cycle(EXPIRY.minus(CYCLE), DetectorTest::tomcatKilled)).noneMatch(e -> e instanceof Effect.ProposalClosed);
        List<Effect> fx = cycle(DetectorTest::tomcatKilled);
        Effect.ProposalClosed closed = one(fx, Effect.ProposalClosed.class);
        assertThat(closed.event()).isEqualTo("expire");
        assertThat(closed.proposal().id()).isEqualTo(p.id());
        Proposal fresh = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(fresh.kind()).isEqualTo(Proposal.Kind.RESTART_SERVICES);
        assertThat(fresh.id()).isNotEqualTo(p.id());
        assertThat(sup.pending()).containsExactly(fresh);
    }

    @Test
    void appProposal_rejected_notMadeAgainWhileItsConditionStands_madeAgainAfterItEnded() {
        Proposal p = one(tomcatDies(), Effect.ProposalMade.class).proposal();
        Supervisor.Decision d = sup.reject(p.id(), "bob", "I restart it by hand");
        assertThat(d.accepted()).isTrue();
        assertThat(d.effects()).as("the database side's machine is not the application's").isEmpty();
        assertThat(cycles(20, DetectorTest::tomcatKilled)).noneMatch(e -> e instanceof Effect.ProposalMade);
        assertThat(sup.last().appSentence()).contains("restart of the services on n1 NOT proposed (rejected: no new"
                + " proposal while this condition stands; by hand: hactl start --node n1)");

        cycle(Snap::healthy);
        cycles(3, DetectorTest::tomcatKilled);
        Proposal fresh = one(cycle(DetectorTest::tomcatKilled), Effect.ProposalMade.class).proposal();
        assertThat(fresh.id()).isNotEqualTo(p.id());
    }

    @Test
    void appProposal_automaticMode_runsAfterGrace() {
        sup = supervisor(true);
        Proposal p = one(tomcatDies(), Effect.ProposalMade.class).proposal();
        assertThat(p.runAt()).isEqualTo(clock.instant().plus(GRACE));
        assertThat(cycles((int) GRACE.toSeconds() - 1, DetectorTest::tomcatKilled)).noneMatch(e -> e instanceof Effect.Run);
        Effect.Run run = one(cycle(DetectorTest::tomcatKilled), Effect.Run.class);
        assertThat(run.proposal().id()).isEqualTo(p.id());
        assertThat(run.who()).isEqualTo("controller (failover.mode automatic)");
        assertThat(sup.state()).isEqualTo(ClusterState.ACTIVE_SYNCED);
    }

    @Test
    void appServicesDown_remindedEveryInterval_untilTheyAnswer() {
        cycle(Snap::healthy);
        cycle(DetectorTest::tomcatKilled);
        assertThat(cycle(REMIND.minus(CYCLE), DetectorTest::tomcatKilled)).noneMatch(e -> e instanceof Effect.AppReminder);
        Effect.AppReminder r = one(cycle(DetectorTest::tomcatKilled), Effect.AppReminder.class);
        assertThat(r.state()).isEqualTo(AppState.SERVICES_DOWN);
        assertThat(r.sentence()).startsWith("active node n1: tomcat not running");
        assertThat(r.standing()).isEqualTo(REMIND);
        assertThat(of(cycles(3, DetectorTest::tomcatKilled), Effect.Reminder.class)).as("the database is fine").isEmpty();
        cycle(Snap::healthy);
        assertThat(cycle(REMIND, Snap::healthy)).noneMatch(e -> e instanceof Effect.AppReminder);
    }

    @Test
    void twoActiveApplicationServers_noRestartWhileTheOtherNodesCopiesAnswer_reportedOnce_proposedWhenTheyStop() {
        cycle(Snap::healthy);
        Supplier<Snap> bothRun = () -> DetectorTest.tomcatKilled().services("n2", DetectorTest.allUp());
        List<Effect> fx = cycles(10, bothRun);
        assertThat(fx).noneMatch(e -> e instanceof Effect.ProposalMade);
        Effect.AppBlocked b = one(fx, Effect.AppBlocked.class);
        assertThat(b.kind()).isEqualTo(Proposal.Kind.RESTART_SERVICES);
        assertThat(b.node()).isEqualTo("n1");
        assertThat(b.veto().reason()).isEqualTo("no restart of the services on n1: the other node's copies still answer"
                + " on their ports (backend on n2 (port 9090), tomcat on n2 (port 8080)): two active application servers");
        assertThat(b.veto().override()).isEqualTo("stop them there first: hactl stop --node n2");
        assertThat(sup.last().appSentence()).contains("restart of the services on n1 NOT proposed (no restart of the"
                + " services on n1: the other node's copies still answer");

        Proposal p = one(cycle(DetectorTest::tomcatKilled), Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.RESTART_SERVICES);
    }

    @Test
    void twoActiveApplicationServers_aPendingRestartIsWithdrawn_andCannotBeAcknowledged() {
        Proposal p = one(tomcatDies(), Effect.ProposalMade.class).proposal();
        List<Effect> fx = cycle(() -> DetectorTest.tomcatKilled().services("n2", DetectorTest.allUp()));
        Effect.ProposalClosed closed = one(fx, Effect.ProposalClosed.class);
        assertThat(closed.event()).isEqualTo("withdraw");
        assertThat(closed.proposal().comment()).contains("two active application servers");
        Supervisor.Decision d = sup.ack(p.id(), "alice", null);
        assertThat(d.accepted()).isFalse();
        assertThat(d.effects()).isEmpty();
    }

    @Test
    void twoActiveApplicationServers_noAttachOfTheAppVipWhereTheOtherNodesCopiesAnswer() {
        cycle(Snap::healthy);
        List<Effect> fx = cycles(10, () -> DetectorTest.appVipNowhere().services("n2", DetectorTest.allUp()));
        assertThat(fx).noneMatch(e -> e instanceof Effect.ProposalMade);
        assertThat(one(fx, Effect.AppBlocked.class).veto().reason()).startsWith("no attach of the app VIP on n1: the other"
                + " node's copies still answer on their ports (backend on n2 (port 9090), tomcat on n2 (port 8080))");
    }

    @Test
    void followDbMaster_moveProposed_ackRuns_thenTheNextMoveIsBlocked_onceWithReason_untilUnblocked() {
        Proposal p = one(appSplitFromDb(), Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.MOVE_APP);
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.action()).isEqualTo("make n2 the active application server (app VIP and services; hactl master-set)");
        assertThat(sup.ack(p.id(), "alice", null).accepted()).isTrue();
        assertThat(sup.appMoveBlock()).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        Instant movedAt = clock.instant();
        sup.operationEnded(p.id(), true, "n2 active");
        assertThat(sup.lastAppMoveAt()).isEqualTo(movedAt);
        assertThat(sup.failoverBlock()).as("a move is not a failover").isEmpty();
        Veto block = sup.appMoveBlock().orElseThrow();
        assertThat(block.reason()).isEqualTo("application move blocked until 2026-11-25 13:00:09 UTC: the application"
                + " moved at 2026-11-25 12:00:09 UTC (anti-flapping, failover.block_period 1h)");
        assertThat(block.override()).isEqualTo("to allow one now: hactl unblock --reason TEXT");

        cycle(Snap::flipped);
        // the database switched back to n1: the application is split from it again
        cycles(3, SupervisorTest::appOnN2DbOnN1);
        List<Effect> due = cycles(10, SupervisorTest::appOnN2DbOnN1);
        assertThat(due).noneMatch(e -> e instanceof Effect.ProposalMade);
        Effect.AppBlocked b = one(due, Effect.AppBlocked.class);
        assertThat(b.veto()).isEqualTo(block);
        assertThat(sup.last().appSentence()).contains("move of the application to n1 BLOCKED (application move blocked"
                + " until 2026-11-25 13:00:09 UTC", "to allow one now: hactl unblock --reason TEXT");

        sup.unblock();
        assertThat(sup.appMoveBlock()).isEmpty();
        Proposal back = one(cycle(SupervisorTest::appOnN2DbOnN1), Effect.ProposalMade.class).proposal();
        assertThat(back.kind()).isEqualTo(Proposal.Kind.MOVE_APP);
        assertThat(back.node()).isEqualTo("n1");
    }

    @Test
    void aDoneFailoverOfTheDatabaseAlone_startsNoMoveBlock_andAFailedMoveNone() {
        Proposal f = one(masterDies(), Effect.ProposalMade.class).proposal();
        sup.ack(f.id(), "alice", null);
        sup.operationEnded(f.id(), true, "n2 promoted");
        assertThat(sup.failoverBlock()).isPresent();
        assertThat(sup.appMoveBlock()).isEmpty();

        detector = new Cycles();
        sup = supervisor(false);
        Proposal m = one(appSplitFromDb(), Effect.ProposalMade.class).proposal();
        sup.ack(m.id(), "alice", null);
        sup.operationEnded(m.id(), false, "master-set failed");
        assertThat(sup.appMoveBlock()).isEmpty();
    }

    // ------------------------------------------------------------------ a lost node: one proposal

    /** Healthy, then the whole of n1 lost (n2 sees nothing of it) until MASTER_DOWN; the effects of the last cycle. */
    private List<Effect> n1Dies() {
        cycle(Snap::healthy);
        List<Effect> before = cycles(3, () -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        assertThat(before).noneMatch(e -> e instanceof Effect.ProposalMade);
        return cycle(() -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
    }

    @Test
    void nodeLost_oneNodeFailoverProposal_throughTheMachine_ackRunsIt_andStartsBothBlocks() {
        List<Effect> down = n1Dies();
        assertThat(of(down, Effect.StateChanged.class)).extracting(Effect.StateChanged::from, Effect.StateChanged::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ClusterState.MASTER_UNREACHABLE, ClusterState.MASTER_DOWN),
                        org.assertj.core.groups.Tuple.tuple(ClusterState.MASTER_DOWN, ClusterState.FAILOVER_PROPOSED));
        Proposal p = one(down, Effect.ProposalMade.class).proposal();
        assertThat(p.kind()).isEqualTo(Proposal.Kind.NODE_FAILOVER);
        assertThat(p.promotes()).isTrue();
        assertThat(p.node()).isEqualTo("n2");
        assertThat(p.master()).isEqualTo("n1");
        assertThat(p.risk()).startsWith("n2 is 0 transactions behind");
        assertThat(p.action()).isEqualTo("1. promote n2 to DB master (fence n1 if it can be reached); 2. move the DB VIP"
                + " to n2; 3. move the app VIP to n2; 4. start the services on n2 in the configured order");
        assertThat(p.sentence()).contains("one proposal for both halves");
        assertThat(p.evidence()).anyMatch(e -> e.startsWith("steps: 1. promote n2"));
        cycle(() -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        assertThat(sup.last().sentence()).contains("node failover to n2 proposed (" + p.id() + ": hactl ack " + p.id());
        assertThat(cycles(10, () -> DetectorTest.n1Lost(Snap.seesNothing("n2"))))
                .noneMatch(e -> e instanceof Effect.ProposalMade || e instanceof Effect.StateChanged);

        Supervisor.Decision d = sup.ack(p.id(), "alice", "n1 is gone");
        assertThat(d.accepted()).as(String.valueOf(d.veto())).isTrue();
        Effect.StateChanged sc = one(d.effects(), Effect.StateChanged.class);
        assertThat(sc.to()).isEqualTo(ClusterState.SWITCHING);
        assertThat(sc.sentence()).startsWith("node failover acknowledged by alice: 1. promote n2");
        assertThat(one(d.effects(), Effect.Run.class).proposal().kind()).isEqualTo(Proposal.Kind.NODE_FAILOVER);

        sup.operationEnded(p.id(), true, "n2 master with both VIPs, services started");
        assertThat(sup.lastFailoverAt()).isEqualTo(clock.instant());
        assertThat(sup.failoverBlock()).isPresent();
        assertThat(sup.appMoveBlock()).isPresent();
        sup.unblock();
        assertThat(sup.failoverBlock()).isEmpty();
        assertThat(sup.appMoveBlock()).isEmpty();
    }

    @Test
    void aPendingFailoverBecomesANodeFailover_whenTheOtherNodeConfirmsTheWholeNodeLost() {
        cycle(Snap::healthy);
        cycles(3, () -> DetectorTest.n1Lost(null));
        Proposal f = one(cycle(() -> DetectorTest.n1Lost(null)), Effect.ProposalMade.class).proposal();
        assertThat(f.kind()).isEqualTo(Proposal.Kind.FAILOVER);
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);

        List<Effect> fx = cycle(() -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        Effect.ProposalClosed closed = one(fx, Effect.ProposalClosed.class);
        assertThat(closed.proposal().id()).isEqualTo(f.id());
        assertThat(closed.event()).isEqualTo("withdraw");
        Proposal nf = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(nf.kind()).isEqualTo(Proposal.Kind.NODE_FAILOVER);
        assertThat(of(fx, Effect.StateChanged.class)).extracting(Effect.StateChanged::from, Effect.StateChanged::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ClusterState.FAILOVER_PROPOSED, ClusterState.MASTER_DOWN),
                        org.assertj.core.groups.Tuple.tuple(ClusterState.MASTER_DOWN, ClusterState.FAILOVER_PROPOSED));
        assertThat(of(fx, Effect.Blocked.class)).isEmpty();
        assertThat(sup.pending()).containsExactly(nf);
    }

    @Test
    void nodeFailover_rejected_backToMasterDown_notProposedAgainWhileDown() {
        Proposal p = one(n1Dies(), Effect.ProposalMade.class).proposal();
        Supervisor.Decision d = sup.reject(p.id(), "bob", "n1 reboots");
        assertThat(one(d.effects(), Effect.StateChanged.class).to()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(cycles(20, () -> DetectorTest.n1Lost(Snap.seesNothing("n2"))))
                .noneMatch(e -> e instanceof Effect.ProposalMade);
        assertThat(sup.state()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(sup.last().sentence()).contains("node failover to n2 NOT proposed (rejected", "by hand: hactl"
                + " db-master-set --node n2, then hactl master-set --node n2)");
        assertThat(one(d.effects(), Effect.StateChanged.class).sentence()).contains("node failover rejected by bob (n1"
                + " reboots)", "to fail over by hand: hactl db-master-set --node n2, then hactl master-set --node n2");
    }

    @Test
    void nodeFailover_expires_throughTheMachine_thenAFreshOne() {
        Proposal p = one(n1Dies(), Effect.ProposalMade.class).proposal();
        cycle(EXPIRY.minus(CYCLE), () -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        List<Effect> fx = cycle(() -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        assertThat(one(fx, Effect.ProposalClosed.class).proposal().id()).isEqualTo(p.id());
        Proposal fresh = one(fx, Effect.ProposalMade.class).proposal();
        assertThat(fresh.kind()).isEqualTo(Proposal.Kind.NODE_FAILOVER);
        assertThat(sup.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
    }

    @Test
    void nodeFailover_blockedByARecentFailover_likeAFailover() {
        Proposal f = one(masterDies(), Effect.ProposalMade.class).proposal();
        sup.ack(f.id(), "alice", null);
        sup.operationEnded(f.id(), true, "done");
        detector = new Cycles();
        cycle(Snap::healthy);
        cycles(3, () -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        List<Effect> down = cycle(() -> DetectorTest.n1Lost(Snap.seesNothing("n2")));
        assertThat(down).noneMatch(e -> e instanceof Effect.ProposalMade);
        assertThat(one(down, Effect.Blocked.class).veto().reason()).startsWith("failover blocked until");
        assertThat(sup.last().sentence()).contains("node failover to n2 BLOCKED (failover blocked until");
    }

    @Test
    void restoredPendingNodeFailover_machineProposed_andTheMoveBlockComesBack() {
        Proposal pending = new Proposal("p-abc124", Proposal.Kind.NODE_FAILOVER, "n2", "n1", "1. promote n2",
                "MASTER DOWN: master n1", List.of("n1: SQL not answering"), "n2 is 0 transactions behind",
                clock.instant().minusSeconds(30), clock.instant().plus(Duration.ofMinutes(4)), null,
                Proposal.Status.PENDING, null, null, null);
        Supervisor restarted = supervisor(false);
        restarted.restore(List.of(pending), null, clock.instant().minus(Duration.ofMinutes(10)));
        assertThat(restarted.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(restarted.failoverBlock()).isEmpty();
        assertThat(restarted.appMoveBlock()).hasValueSatisfying(v ->
                assertThat(v.reason()).startsWith("application move blocked until 2026-11-25 12:50:00 UTC"));
        assertThat(restarted.ack("p-abc124", "alice", null).accepted()).isTrue();
    }

    // ------------------------------------------------------------------ an interrupted operation (issue 16)

    @Test
    void afterAnInterruptedOperation_thePendingProposalCarriesItsStepsAndWaitsForAnAck_evenInAutomaticMode() {
        sup = supervisor(true);
        Proposal made = one(masterDies(), Effect.ProposalMade.class).proposal();
        assertThat(made.runAt()).isNotNull();
        List<String> context = List.of("INTERRUPTED after step 2 (db-read-only n1): failover o-1 (proposal p-3), started"
                + " by n1 in epoch 7 at 12:00:01, lost its leader", "last finished step: 2 (db-read-only n1)",
                "in flight: step 3 (promote n2), its effect unknown");

        List<Proposal> changed = sup.afterInterrupted(context, "step 3 (promote n2) of the interrupted failover started"
                + " with no result: its effect is unknown");

        assertThat(changed).singleElement().satisfies(p -> {
            assertThat(p.id()).isEqualTo(made.id());
            assertThat(p.kind()).isEqualTo(made.kind());
            assertThat(p.evidence()).startsWith(context.toArray(String[]::new)).endsWith(made.evidence()
                    .toArray(String[]::new));
            assertThat(p.risk()).isEqualTo("step 3 (promote n2) of the interrupted failover started with no result: its"
                    + " effect is unknown; " + made.risk());
            assertThat(p.runAt()).as("waits for an ack, automatic mode or not").isNull();
        });
        assertThat(sup.pending()).containsExactlyElementsOf(changed);
        List<Effect> later = cycles(5, DetectorTest::masterKilled);
        clock.advance(GRACE.multipliedBy(2));
        later.addAll(cycle(DetectorTest::masterKilled));
        assertThat(later).noneMatch(e -> e instanceof Effect.Run);
    }

    @Test
    void afterAnInterruptedOperation_nothingPendingNothingChanged() {
        cycle(Snap::healthy);

        assertThat(sup.afterInterrupted(List.of("INTERRUPTED ..."), "unknown")).isEmpty();
        assertThat(sup.pending()).isEmpty();
    }

    // ------------------------------------------------------------------ restart

    @Test
    void restoredPendingFailover_machineProposed_andAckWorks() {
        clock.advance(Duration.ofMinutes(1));
        Proposal pending = new Proposal("p-abc123", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "MASTER DOWN: master n1", List.of("n1: SQL not answering"), "n2 is 0 transactions behind",
                clock.instant().minusSeconds(30), clock.instant().plus(Duration.ofMinutes(4)), null,
                Proposal.Status.PENDING, null, null, null);
        Supervisor restarted = supervisor(false);
        restarted.restore(List.of(pending), null);
        assertThat(restarted.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(restarted.pending()).containsExactly(pending);

        Supervisor.Decision d = restarted.ack("p-abc123", "alice", "after restart");
        assertThat(d.accepted()).as(String.valueOf(d.veto())).isTrue();
        assertThat(one(d.effects(), Effect.StateChanged.class).to()).isEqualTo(ClusterState.SWITCHING);
        assertThat(one(d.effects(), Effect.Run.class).who()).isEqualTo("alice");
    }

    @Test
    void restoredLastFailover_keepsTheBlock() {
        Supervisor restarted = supervisor(false);
        restarted.restore(List.of(), clock.instant().minus(Duration.ofMinutes(15)));
        assertThat(restarted.state()).isEqualTo(ClusterState.STARTING);
        assertThat(restarted.failoverBlock()).hasValueSatisfying(v ->
                assertThat(v.reason()).startsWith("failover blocked until 2026-11-25 12:45:00 UTC"));
    }
}
