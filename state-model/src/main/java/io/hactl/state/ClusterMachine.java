package io.hactl.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateContext;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.StateMachineEventResult;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.config.configurers.ExternalTransitionConfigurer;
import org.springframework.statemachine.guard.Guard;
import reactor.core.publisher.Mono;

/**
 * The cluster's state machine (Spring Statemachine), built without a Spring context. Guards
 * return reasons ({@link Veto}), not booleans: a refused transition says why, read back with
 * {@link Fired#veto()}. The transitions:
 * <ul>
 *   <li>every observation moves any state to the state it shows ({@code SEEN_x}: X), except
 *       that FAILOVER_PROPOSED stays while the master is still seen down;
 *   <li>MASTER_DOWN --PROPOSE_FAILOVER--&gt; FAILOVER_PROPOSED, guarded by the
 *       anti-flapping block and by a replica able to take over;
 *   <li>FAILOVER_PROPOSED --ACK_FAILOVER--&gt; SWITCHING, guarded by the proposal being
 *       pending and unexpired (and the block);
 *   <li>FAILOVER_PROPOSED --REJECT_FAILOVER / EXPIRE_FAILOVER / WITHDRAW_FAILOVER--&gt; MASTER_DOWN.
 * </ul>
 * A failover proposal is a FAILOVER, or a NODE_FAILOVER (the master's whole node lost while it held
 * the active application: one proposal for both halves); both take the same transitions.
 * {@link #transitions()} lists them as configured; docs/state-machine.md is generated from it.
 */
public final class ClusterMachine {

    /** One configured transition, and the name of its guard ("" when none). */
    public record Row(ClusterState source, ClusterEvent event, ClusterState target, String guard) {
    }

    /** What became of one event. */
    public record Fired(ClusterEvent event, boolean accepted, ClusterState from, ClusterState to, Optional<Veto> veto) {
        public boolean changed() {
            return accepted && from != to;
        }
    }

    static final String INPUTS = "inputs";
    static final String VETO = "veto";

    private final StateMachine<ClusterState, ClusterEvent> machine;
    private final List<Row> rows;

    private ClusterMachine(StateMachine<ClusterState, ClusterEvent> machine, List<Row> rows) {
        this.machine = machine;
        this.rows = rows;
    }

    public static ClusterMachine create() {
        return create(ClusterState.STARTING);
    }

    /** A machine that starts in {@code initial} (a controller restarting from its log). */
    public static ClusterMachine create(ClusterState initial) {
        try {
            StateMachineBuilder.Builder<ClusterState, ClusterEvent> b = StateMachineBuilder.builder();
            b.configureConfiguration().withConfiguration().autoStartup(false).machineId("cluster");
            b.configureStates().withStates().initial(initial).states(EnumSet.allOf(ClusterState.class));
            List<Row> rows = new ArrayList<>();
            var t = b.configureTransitions();

            // --- the master is down: propose a failover
            add(rows, t, ClusterState.MASTER_DOWN, ClusterEvent.PROPOSE_FAILOVER, ClusterState.FAILOVER_PROPOSED,
                    "failoverAllowed", Guards::failoverAllowed);
            // --- an operator confirms it: the failover runs
            add(rows, t, ClusterState.FAILOVER_PROPOSED, ClusterEvent.ACK_FAILOVER, ClusterState.SWITCHING,
                    "proposalValid", Guards::proposalValid);
            // --- an operator refuses it: nothing changes
            add(rows, t, ClusterState.FAILOVER_PROPOSED, ClusterEvent.REJECT_FAILOVER, ClusterState.MASTER_DOWN, "", null);
            // --- nobody answered in time
            add(rows, t, ClusterState.FAILOVER_PROPOSED, ClusterEvent.EXPIRE_FAILOVER, ClusterState.MASTER_DOWN, "", null);
            // --- the master stays down but the proposal changed kind (FAILOVER <-> NODE_FAILOVER)
            add(rows, t, ClusterState.FAILOVER_PROPOSED, ClusterEvent.WITHDRAW_FAILOVER, ClusterState.MASTER_DOWN, "", null);

            // --- observations: any state to the state a cycle shows. FAILOVER_PROPOSED is left by
            // any observation but MASTER_DOWN (the proposal stands while the master is down).
            for (ClusterState source : ClusterState.values()) {
                for (ClusterState seen : ClusterEvent.observable()) {
                    if (seen == source || source == ClusterState.FAILOVER_PROPOSED && seen == ClusterState.MASTER_DOWN) {
                        continue;
                    }
                    add(rows, t, source, ClusterEvent.seen(seen), seen, "", null);
                }
            }
            StateMachine<ClusterState, ClusterEvent> m = b.build();
            m.startReactively().block();
            return new ClusterMachine(m, Collections.unmodifiableList(rows));
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the cluster state machine: " + e.getMessage(), e);
        }
    }

    /** One {@code .withExternal()} transition, recorded as a row for the diagram and the tests. */
    private static void add(List<Row> rows, StateMachineTransitionConfigurer<ClusterState, ClusterEvent> t,
                            ClusterState source, ClusterEvent event, ClusterState target, String guardName,
                            Function<GuardInputs, Optional<Veto>> guard) throws Exception {
        ExternalTransitionConfigurer<ClusterState, ClusterEvent> c = t.withExternal().source(source).target(target).event(event);
        if (guard != null) {
            c.guard(reasoned(guard));
        }
        rows.add(new Row(source, event, target, guardName));
    }

    /** Wraps a reasoned guard as Spring's boolean guard; the reason is kept in the extended state. */
    private static Guard<ClusterState, ClusterEvent> reasoned(Function<GuardInputs, Optional<Veto>> g) {
        return (StateContext<ClusterState, ClusterEvent> ctx) -> {
            GuardInputs in = ctx.getExtendedState().get(INPUTS, GuardInputs.class);
            Optional<Veto> v = in == null ? Optional.of(new Veto("no inputs for the guard", null)) : g.apply(in);
            v.ifPresent(veto -> ctx.getExtendedState().getVariables().put(VETO, veto));
            return v.isEmpty();
        };
    }

    public ClusterState state() {
        return machine.getState().getId();
    }

    /** Sends one event with the guards' inputs; says whether it was accepted, and why not. */
    public synchronized Fired fire(ClusterEvent event, GuardInputs inputs) {
        ClusterState from = state();
        var vars = machine.getExtendedState().getVariables();
        vars.remove(VETO);
        vars.put(INPUTS, inputs);
        List<StateMachineEventResult<ClusterState, ClusterEvent>> results = machine
                .sendEvent(Mono.just(MessageBuilder.withPayload(event).build())).collectList().block();
        Veto veto = (Veto) vars.get(VETO);
        // Spring reports an event ACCEPTED when a transition's trigger matches, even when its guard then
        // refuses it: a veto means the transition did not happen
        boolean accepted = veto == null && results != null && results.stream()
                .anyMatch(r -> r.getResultType() == StateMachineEventResult.ResultType.ACCEPTED);
        return new Fired(event, accepted, from, state(), Optional.ofNullable(veto));
    }

    /** Every transition as configured (source, event, target, guard). */
    public List<Row> transitions() {
        return rows;
    }

    /** The Spring machine itself, for StateMachineTestPlan scenarios. */
    public StateMachine<ClusterState, ClusterEvent> machine() {
        return machine;
    }

}
