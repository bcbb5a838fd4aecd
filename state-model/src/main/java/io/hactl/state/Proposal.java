package io.hactl.state;

import java.time.Instant;
import java.util.List;

/**
 * An action the controller proposes and an operator confirms (acknowledges) or rejects.
 *
 * @param id        short and unique ("p-3f9a1c"), what {@code hactl ack ID} takes
 * @param kind      what would be done
 * @param node      the node the action is about: the replica to promote, the node to detach
 *                  the VIP from, the node to rebuild
 * @param master    the master at the time of the proposal (the one that failed, for a failover)
 * @param action    the operation it runs, in words ("promote n2 to master; fence n1")
 * @param sentence  why, in a sentence
 * @param evidence  the probe facts behind it, each with since when
 * @param risk      what may be lost ("n2 is 0 transactions behind", "n2 may lack 37 transactions")
 * @param createdAt when it was made
 * @param expiresAt when it expires unless acknowledged
 * @param runAt     automatic mode: when it runs unless rejected; null in manual mode
 * @param status    PENDING until acknowledged, rejected, expired or withdrawn
 * @param decidedBy who acknowledged or rejected it ("controller" for automatic runs and expiry)
 * @param decidedAt when
 * @param comment   the operator's comment, or why it was withdrawn
 */
public record Proposal(String id, Kind kind, String node, String master, String action, String sentence,
                       List<String> evidence, String risk, Instant createdAt, Instant expiresAt, Instant runAt,
                       Status status, String decidedBy, Instant decidedAt, String comment) {

    public enum Kind {
        /** Promote the replica to master (the master is down); fence the old master if reachable. */
        FAILOVER,
        /** Split brain: detach the DB VIP from the node that is not the master (and make it read-only). */
        DETACH_VIP,
        /** The other node lacks nothing but does not replicate: make it the master's replica again. */
        REJOIN,
        /** The other node has transactions the master lacks: rebuild it from the master (copy + replication). */
        RESYNC,
        /**
         * The active node's services are down (its host answers): start them again in the configured order on
         * {@code node} (the seed's start.sh, {@code hactl start}). {@code master}: the DB master, for context.
         */
        RESTART_SERVICES,
        /**
         * Make {@code node} the active application server, {@code master} being the node that was (the seed's
         * master_set.sh, {@code hactl master-set --node NODE}): the active node lost, or the application to
         * follow the DB master ({@code application.follow_db_master}). When {@code master} cannot be reached,
         * only if nobody answers ARP for the app VIP ("takes control anyway").
         */
        MOVE_APP,
        /** Two nodes answer for the app VIP: detach it from {@code node}, {@code master} keeps it (master_unset.sh). */
        DETACH_APP_VIP,
        /** No node holds the app VIP: attach it on {@code node}, where the services run ({@code hactl master-set}). */
        ATTACH_APP_VIP,
        /**
         * The node that held the DB master and the active application ({@code master}) is lost: one proposal
         * for both halves. Promote {@code node} (the FAILOVER's promotion), move the DB VIP, move the app
         * VIP, start the services on {@code node}; one acknowledgement runs it all.
         */
        NODE_FAILOVER;

        /** Promotes a replica to DB master: through the cluster machine, the failover block and rules apply. */
        public boolean promotes() {
            return this == FAILOVER || this == NODE_FAILOVER;
        }

        /** About the application alone: the application's remedy of a cycle, the cluster machine untouched. */
        public boolean application() {
            return this == RESTART_SERVICES || this == MOVE_APP || this == DETACH_APP_VIP || this == ATTACH_APP_VIP;
        }

        /** Starts services on its node: never while the other node's copies still answer (two active servers). */
        public boolean startsServices() {
            return this == RESTART_SERVICES || this == MOVE_APP || this == ATTACH_APP_VIP;
        }
    }

    /** A kind that promotes a replica to DB master (the anti-flapping block and the failover rules apply). */
    public boolean promotes() {
        return kind.promotes();
    }

    public enum Status { PENDING, ACKNOWLEDGED, REJECTED, EXPIRED, WITHDRAWN, DONE, FAILED }

    /** What its operation will do, step by step, in words ({@link ProposalPlan}): what an operator approves. */
    public List<String> plan() {
        return kind == null ? List.of() : ProposalPlan.steps(kind, node, master);
    }

    public boolean pending() {
        return status == Status.PENDING;
    }

    public Proposal decided(Status s, String who, Instant at, String why) {
        return new Proposal(id, kind, node, master, action, sentence, evidence, risk, createdAt, expiresAt, runAt,
                s, who, at, why);
    }
}
