package io.hactl.state;

import java.util.ArrayList;
import java.util.List;

/**
 * What a proposal's operation will do, step by step, in words: the one place that says it. A
 * proposal's {@link Proposal#action() action} is these steps joined ({@link #action}), and the
 * console lists them as the plan an operator approves ({@link Proposal#plan()}). The operation's
 * logged steps are finer (each command on each node) and depend on what it finds when it runs.
 */
public final class ProposalPlan {

    private ProposalPlan() {
    }

    /** The steps of {@code kind}'s operation on {@code node}, {@code master} being the master named by the proposal. */
    public static List<String> steps(Proposal.Kind kind, String node, String master) {
        return switch (kind) {
            case FAILOVER -> List.of("promote " + node + " to master", "fence " + master + " if it can be reached"
                    + " (read-only, DB VIP detached)");
            case DETACH_VIP -> List.of("fence " + node + ": detach the DB VIP from it and make it read-only; "
                    + master + " stays master");
            case RESYNC -> List.of("rebuild " + node + " from master " + master + ": copy the data, then replicate"
                    + " from the copy's GTID position");
            case REJOIN -> List.of("make " + node + " a replica of master " + master + " again (GTID)");
            case RESTART_SERVICES -> List.of("start the services on " + node + " again, in the configured order"
                    + " (hactl start)");
            case MOVE_APP -> List.of("make " + node + " the active application server (app VIP and services; hactl"
                    + " master-set)");
            case DETACH_APP_VIP -> List.of("detach the app VIP from " + node + " and stop its services there; "
                    + master + " keeps it (hactl master-unset)");
            case ATTACH_APP_VIP -> List.of("attach the app VIP on " + node + ", where the services run (hactl"
                    + " master-set)");
            case NODE_FAILOVER -> List.of("promote " + node + " to DB master (fence " + master + " if it can be reached)",
                    "move the DB VIP to " + node, "move the app VIP to " + node, "start the services on " + node
                            + " in the configured order");
        };
    }

    /**
     * The steps in one line, as a proposal's action reads: "a; b", numbered ("1. a; 2. b") when the
     * operation has more than two steps, so the order is said.
     */
    public static String action(Proposal.Kind kind, String node, String master) {
        List<String> steps = steps(kind, node, master);
        if (steps.size() <= 2) {
            return String.join("; ", steps);
        }
        List<String> numbered = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            numbered.add((i + 1) + ". " + steps.get(i));
        }
        return String.join("; ", numbered);
    }
}
