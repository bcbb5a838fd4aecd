package io.hactl.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.Snap;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.statemachine.test.StateMachineTestPlanBuilder;
import org.springframework.statemachine.transition.Transition;

/**
 * One StateMachineTestPlan scenario per kind of transition, named after the situation, on the
 * configured machine; the guards' refusals read back as reasons through {@link ClusterMachine#fire}.
 */
class ClusterMachineTest {

    private static final Instant NOW = Cycles.T0.plusSeconds(4);
    /** The test plans log every step at INFO; kept (strongly referenced) at WARNING. */
    private static final java.util.logging.Logger PLAN_LOG = java.util.logging.Logger.getLogger("org.springframework.statemachine");

    @org.junit.jupiter.api.BeforeAll
    static void quietPlans() {
        PLAN_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    private static final Duration BLOCK = Duration.ofHours(1);

    // ------------------------------------------------------------------ inputs

    /** What the detector says after n1's mysqld was killed 4 cycles ago (replica n2 confirms, lacks nothing). */
    static Assessment masterDown() {
        Cycles cy = new Cycles();
        cy.next(Snap.healthy(), Cycles.T0, null);
        Assessment a = null;
        for (int i = 1; i <= 4; i++) {
            a = cy.next(DetectorTest.masterKilled(), Cycles.T0.plusSeconds(i), null);
        }
        assertThat(a.observed()).isEqualTo(ClusterState.MASTER_DOWN);
        return a;
    }

    static Assessment withNode(Assessment a, String node, NodeState s) {
        Map<String, NodeState> nodes = new java.util.LinkedHashMap<>(a.nodes());
        nodes.put(node, s);
        return new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(), nodes, a.app(),
                a.appSentence(), a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(), a.appRemedy(), a.memory());
    }

    static Proposal failover(Instant expires) {
        return new Proposal("p-000001", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "MASTER DOWN", List.of("n1: SQL not answering"), "n2 is 0 transactions behind", Cycles.T0, expires, null,
                Proposal.Status.PENDING, null, null, null);
    }

    /** Nothing in the way: no failover ran lately, a pending proposal valid for 5 minutes. */
    static GuardInputs clear() {
        return new GuardInputs(NOW, null, BLOCK, masterDown(), failover(NOW.plus(Duration.ofMinutes(5))));
    }

    /** A failover ran 10 minutes ago; the block period is 1 h. */
    static GuardInputs blocked() {
        return new GuardInputs(NOW, NOW.minus(Duration.ofMinutes(10)), BLOCK, masterDown(),
                failover(NOW.plus(Duration.ofMinutes(5))));
    }

    /**
     * A plan on {@code cm}'s machine with the guards' inputs in its extended state. The plan
     * starts the machine itself (and waits for it), so it is stopped first: it starts again in
     * its initial state.
     */
    static StateMachineTestPlanBuilder<ClusterState, ClusterEvent> plan(ClusterMachine cm, GuardInputs in) {
        ClusterState initial = cm.state();
        cm.machine().stopReactively().block();
        if (in != null) {
            cm.machine().getExtendedState().getVariables().put(ClusterMachine.INPUTS, in);
        }
        // the first step takes the start (which enters the initial state: one state change)
        return StateMachineTestPlanBuilder.<ClusterState, ClusterEvent>builder().defaultAwaitTime(2)
                .stateMachine(cm.machine())
                .step().expectStateMachineStarted(1).expectState(initial).and();
    }

    // ------------------------------------------------------------------ the proposal's life

    @Test
    void masterKilled_thenProposed_thenAcknowledged_switches() throws Exception {
        ClusterMachine cm = ClusterMachine.create();
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.SEEN_ACTIVE_SYNCED).expectStateChanged(1).expectState(ClusterState.ACTIVE_SYNCED).and()
                .step().sendEvent(ClusterEvent.SEEN_MASTER_UNREACHABLE).expectStateChanged(1)
                        .expectState(ClusterState.MASTER_UNREACHABLE).and()
                .step().sendEvent(ClusterEvent.SEEN_MASTER_DOWN).expectStateChanged(1).expectState(ClusterState.MASTER_DOWN).and()
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectTransition(1).expectStateChanged(1)
                        .expectState(ClusterState.FAILOVER_PROPOSED).and()
                .step().sendEvent(ClusterEvent.ACK_FAILOVER).expectTransition(1).expectStateChanged(1)
                        .expectState(ClusterState.SWITCHING).and()
                .step().sendEvent(ClusterEvent.SEEN_STANDALONE).expectStateChanged(1).expectState(ClusterState.STANDALONE).and()
                .build().test();
    }

    @Test
    void proposalRejected_backToMasterDown() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectState(ClusterState.FAILOVER_PROPOSED).and()
                .step().sendEvent(ClusterEvent.REJECT_FAILOVER).expectStateChanged(1).expectStateExited(ClusterState.FAILOVER_PROPOSED)
                        .expectStateEntered(ClusterState.MASTER_DOWN).expectState(ClusterState.MASTER_DOWN).and()
                .build().test();
    }

    @Test
    void proposalExpired_backToMasterDown() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectState(ClusterState.FAILOVER_PROPOSED).and()
                .step().sendEvent(ClusterEvent.EXPIRE_FAILOVER).expectStateChanged(1).expectState(ClusterState.MASTER_DOWN).and()
                // a fresh proposal can be made while the master is still down
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectStateChanged(1).expectState(ClusterState.FAILOVER_PROPOSED).and()
                .build().test();
    }

    @Test
    void proposalWithdrawnWhileTheMasterStaysDown_backToMasterDown_andProposedAgain() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectState(ClusterState.FAILOVER_PROPOSED).and()
                .step().sendEvent(ClusterEvent.WITHDRAW_FAILOVER).expectStateChanged(1).expectState(ClusterState.MASTER_DOWN).and()
                // the FAILOVER became a NODE_FAILOVER: proposed again
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectStateChanged(1).expectState(ClusterState.FAILOVER_PROPOSED).and()
                .build().test();
    }

    @Test
    void failoverBlockedByAntiFlapping_staysMasterDown_withReason() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, blocked())
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectTransition(0).expectStateChanged(0)
                        .expectState(ClusterState.MASTER_DOWN).expectVariable(ClusterMachine.VETO).and()
                .build().test();

        ClusterMachine.Fired f = cm.fire(ClusterEvent.PROPOSE_FAILOVER, blocked());
        assertThat(f.accepted()).isFalse();
        assertThat(f.changed()).isFalse();
        assertThat(f.to()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(f.veto()).isPresent();
        assertThat(f.veto().get().reason()).isEqualTo("failover blocked until 2026-11-25 12:50:04 UTC: a failover ran at"
                + " 2026-11-25 11:50:04 UTC (anti-flapping, failover.block_period 1h)");
        assertThat(f.veto().get().override()).isEqualTo("to allow one now: hactl unblock --reason TEXT");
    }

    @Test
    void blockPeriodOver_failoverProposedAgain() throws Exception {
        GuardInputs old = new GuardInputs(NOW, NOW.minus(Duration.ofMinutes(61)), BLOCK, masterDown(), null);
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, old)
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectStateChanged(1).expectState(ClusterState.FAILOVER_PROPOSED)
                        .and()
                .build().test();
    }

    @Test
    void masterReturnsWhileProposed_proposalLeft() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.SEEN_ACTIVE_SYNCED).expectStateChanged(1)
                        .expectStateExited(ClusterState.FAILOVER_PROPOSED).expectState(ClusterState.ACTIVE_SYNCED).and()
                .build().test();
    }

    @Test
    void masterStillDownWhileProposed_proposalStands() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.SEEN_MASTER_DOWN).expectEventNotAccepted(1).expectStateChanged(0)
                        .expectState(ClusterState.FAILOVER_PROPOSED).and()
                .build().test();
    }

    @Test
    void sameObservationAgain_noTransition() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.DEGRADED);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.SEEN_DEGRADED).expectEventNotAccepted(1).expectStateChanged(0)
                        .expectState(ClusterState.DEGRADED).and()
                .build().test();
    }

    @Test
    void proposalOnlyWhenMasterDown_notFromActiveSynced() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.ACTIVE_SYNCED);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectEventNotAccepted(1).expectState(ClusterState.ACTIVE_SYNCED).and()
                .step().sendEvent(ClusterEvent.ACK_FAILOVER).expectEventNotAccepted(1).expectState(ClusterState.ACTIVE_SYNCED).and()
                .build().test();
        ClusterMachine.Fired f = cm.fire(ClusterEvent.PROPOSE_FAILOVER, clear());
        assertThat(f.accepted()).isFalse();
        assertThat(f.veto()).as("no guard ran: there is no such transition").isEmpty();
    }

    @Test
    void expiredProposalAcknowledged_staysProposed_withReason() throws Exception {
        GuardInputs late = new GuardInputs(NOW, null, BLOCK, masterDown(), failover(NOW.minusSeconds(1)));
        ClusterMachine cm = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        plan(cm, late)
                .step().sendEvent(ClusterEvent.ACK_FAILOVER).expectTransition(0).expectStateChanged(0)
                        .expectState(ClusterState.FAILOVER_PROPOSED).expectVariable(ClusterMachine.VETO).and()
                .build().test();
        Veto v = cm.fire(ClusterEvent.ACK_FAILOVER, late).veto().orElseThrow();
        assertThat(v.reason()).isEqualTo("proposal p-000001 expired at 2026-11-25 12:00:03 UTC");
        assertThat(v.override()).isEqualTo("a new one is made while the master is still down");
    }

    @Test
    void restartedInProposed_acknowledged_switches() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        plan(cm, clear())
                .step().sendEvent(ClusterEvent.ACK_FAILOVER).expectStateChanged(1).expectState(ClusterState.SWITCHING).and()
                .build().test();
    }

    @Test
    void ownOperationRunning_switchingThenObservedAgain() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.ACTIVE_SYNCED);
        plan(cm, null)
                .step().sendEvent(ClusterEvent.SEEN_SWITCHING).expectStateChanged(1).expectState(ClusterState.SWITCHING).and()
                .step().sendEvent(ClusterEvent.SEEN_ACTIVE_SYNCED).expectStateChanged(1).expectState(ClusterState.ACTIVE_SYNCED).and()
                .step().sendEvent(ClusterEvent.SEEN_RESYNCING).expectStateChanged(1).expectState(ClusterState.RESYNCING).and()
                .step().sendEvent(ClusterEvent.SEEN_ACTIVE_SYNCED).expectStateChanged(1).expectState(ClusterState.ACTIVE_SYNCED).and()
                .build().test();
    }

    /** Every observation moves every state to the state it shows, except itself and FAILOVER_PROPOSED to MASTER_DOWN. */
    @Test
    void observationsMoveAnyState() throws Exception {
        int plans = 0;
        for (ClusterState source : ClusterState.values()) {
            for (ClusterState seen : ClusterEvent.observable()) {
                boolean moves = seen != source && !(source == ClusterState.FAILOVER_PROPOSED && seen == ClusterState.MASTER_DOWN);
                ClusterMachine cm = ClusterMachine.create(source);
                var step = plan(cm, null).step().sendEvent(ClusterEvent.seen(seen));
                if (moves) {
                    step.expectStateChanged(1).expectState(seen);
                } else {
                    step.expectEventNotAccepted(1).expectStateChanged(0).expectState(source);
                }
                step.and().build().test();
                plans++;
            }
        }
        assertThat(plans).isEqualTo(ClusterState.values().length * ClusterEvent.observable().size());
    }

    // ------------------------------------------------------------------ guards as reasons

    @Test
    void failoverRefused_replicaDatabaseDown_saysSo() {
        GuardInputs in = new GuardInputs(NOW, null, BLOCK, withNode(masterDown(), "n2", NodeState.DOWN), null);
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        ClusterMachine.Fired f = cm.fire(ClusterEvent.PROPOSE_FAILOVER, in);
        assertThat(f.accepted()).isFalse();
        assertThat(cm.state()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(f.veto().orElseThrow().reason()).isEqualTo("no failover to n2: its database does not answer (DOWN)");
        assertThat(f.veto().get().override()).isEqualTo("bring n2's database up");
    }

    @Test
    void failoverRefused_otherFenced_saysItWasFencedNotThatItsDatabaseIsDown() {
        GuardInputs in = new GuardInputs(NOW, null, BLOCK, withNode(masterDown(), "n2", NodeState.FENCED), null);
        Veto v = ClusterMachine.create(ClusterState.MASTER_DOWN).fire(ClusterEvent.PROPOSE_FAILOVER, in).veto().orElseThrow();
        assertThat(v.reason()).isEqualTo("no failover to n2: it was fenced by the last failover (read-only, without"
                + " the DB VIP) and has not replicated from n1 since");
        assertThat(v.override()).contains("rebuild n2 from n1 first", "hactl db-replica-init --node n2");
    }

    @Test
    void failoverRefused_otherNotAReplica_saysDecideByHand() {
        GuardInputs in = new GuardInputs(NOW, null, BLOCK, withNode(masterDown(), "n2", NodeState.DETACHED), null);
        Veto v = ClusterMachine.create(ClusterState.MASTER_DOWN).fire(ClusterEvent.PROPOSE_FAILOVER, in).veto().orElseThrow();
        assertThat(v.reason()).isEqualTo("no failover to n2: it is not a replica of n1 (DETACHED), its data may be far behind");
        assertThat(v.override()).contains("hactl db-sync-check", "hactl db-master-set --node n2 --force");
    }

    @Test
    void failoverRefused_replicaDiverged_saysCompareByHand() {
        Assessment a = masterDown();
        Assessment diverged = new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), a.other(),
                a.nodes(), a.app(), a.appSentence(), a.replicaLag(), "n2 has diverged from n1: ...", -1, a.remedy(), a.appRemedy(), a.memory());
        Veto v = ClusterMachine.create(ClusterState.MASTER_DOWN)
                .fire(ClusterEvent.PROPOSE_FAILOVER, new GuardInputs(NOW, null, BLOCK, diverged, null)).veto().orElseThrow();
        assertThat(v.reason()).startsWith("no failover to n2: n2 has diverged from n1");
        assertThat(v.override()).isEqualTo("compare by hand: hactl db-sync-check");
    }

    @Test
    void failoverRefused_noOtherNode() {
        Assessment a = masterDown();
        Assessment alone = new Assessment(a.observed(), a.sentence(), a.evidence(), a.dbCode(), a.master(), null, a.nodes(),
                a.app(), a.appSentence(), a.replicaLag(), a.risk(), a.otherBehind(), a.remedy(), a.appRemedy(), a.memory());
        Veto v = ClusterMachine.create(ClusterState.MASTER_DOWN)
                .fire(ClusterEvent.PROPOSE_FAILOVER, new GuardInputs(NOW, null, BLOCK, alone, null)).veto().orElseThrow();
        assertThat(v.reason()).isEqualTo("no other node to fail over to");
    }

    @Test
    void guardWithoutInputs_refusesAndSaysSo() throws Exception {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        plan(cm, null)
                .step().sendEvent(ClusterEvent.PROPOSE_FAILOVER).expectTransition(0).expectStateChanged(0).expectState(ClusterState.MASTER_DOWN)
                        .and()
                .build().test();
        assertThat(cm.machine().getExtendedState().get(ClusterMachine.VETO, Veto.class).reason())
                .isEqualTo("no inputs for the guard");
    }

    @Test
    void ackRefused_noProposal_decidedProposal_blockSinceProposal() {
        ClusterMachine cm = ClusterMachine.create(ClusterState.FAILOVER_PROPOSED);
        Assessment a = masterDown();
        Veto none = cm.fire(ClusterEvent.ACK_FAILOVER, new GuardInputs(NOW, null, BLOCK, a, null)).veto().orElseThrow();
        assertThat(none.reason()).isEqualTo("no failover proposal to acknowledge");
        assertThat(none.override()).isEqualTo("hactl proposals lists them");

        Proposal rejected = failover(NOW.plusSeconds(60)).decided(Proposal.Status.REJECTED, "bob", NOW, "not now");
        Veto decided = cm.fire(ClusterEvent.ACK_FAILOVER, new GuardInputs(NOW, null, BLOCK, a, rejected)).veto().orElseThrow();
        assertThat(decided.reason()).isEqualTo("proposal p-000001 is rejected (by bob)");

        ClusterMachine.Fired f = cm.fire(ClusterEvent.ACK_FAILOVER, blocked());
        assertThat(f.accepted()).isFalse();
        assertThat(f.veto().orElseThrow().reason()).startsWith("failover blocked until");
        assertThat(cm.state()).isEqualTo(ClusterState.FAILOVER_PROPOSED);

        ClusterMachine.Fired ok = cm.fire(ClusterEvent.ACK_FAILOVER, clear());
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.changed()).isTrue();
        assertThat(ok.veto()).isEmpty();
        assertThat(ok.from()).isEqualTo(ClusterState.FAILOVER_PROPOSED);
        assertThat(ok.to()).isEqualTo(ClusterState.SWITCHING);
    }

    @Test
    void vetoOfOneEventIsNotReportedForTheNext() {
        ClusterMachine cm = ClusterMachine.create(ClusterState.MASTER_DOWN);
        assertThat(cm.fire(ClusterEvent.PROPOSE_FAILOVER, blocked()).veto()).isPresent();
        ClusterMachine.Fired next = cm.fire(ClusterEvent.SEEN_ACTIVE_SYNCED, blocked());
        assertThat(next.changed()).isTrue();
        assertThat(next.veto()).isEqualTo(Optional.empty());
    }

    // ------------------------------------------------------------------ the rows are the machine

    @Test
    void recordedRowsAreTheConfiguredTransitions() {
        ClusterMachine cm = ClusterMachine.create();
        List<String> rows = cm.transitions().stream()
                .map(r -> r.source() + " --" + r.event() + "--> " + r.target() + (r.guard().isEmpty() ? "" : " [guarded]"))
                .sorted().toList();
        List<String> spring = cm.machine().getTransitions().stream()
                .map(ClusterMachineTest::describe).sorted().toList();
        assertThat(rows).isEqualTo(spring);
        // 5 proposal transitions, and (states x observable states) minus self-loops minus FAILOVER_PROPOSED -> MASTER_DOWN
        int observable = ClusterEvent.observable().size();
        assertThat(rows).hasSize(5 + ClusterState.values().length * observable - observable - 1);
        assertThat(cm.transitions().stream().filter(r -> !r.guard().isEmpty())
                .collect(Collectors.toMap(r -> r.event(), r -> r.guard())))
                .isEqualTo(Map.of(ClusterEvent.PROPOSE_FAILOVER, "failoverAllowed", ClusterEvent.ACK_FAILOVER, "proposalValid"));
    }

    private static String describe(Transition<ClusterState, ClusterEvent> t) {
        return t.getSource().getId() + " --" + t.getTrigger().getEvent() + "--> " + t.getTarget().getId()
                + (t.getGuard() == null ? "" : " [guarded]");
    }
}
