package io.hactl.control;

import io.hactl.ops.db.Fencing;
import io.hactl.state.Proposal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Old masters an acknowledged failover could not fence (unreachable, hung), with the proposal
 * and who acknowledged it (issue 13, defect 6). The moment such a node answers (a command runs on
 * it, or its database answers) the controller fences it as part of that same acknowledgement: no
 * second ack, logged with the original proposal id and operator. Until then the node is never
 * shown FENCED, and status says the risk. A NODE_FAILOVER ({@link Proposal#promotes()}) is such a
 * failover: its lost node waits here the same way. Owned by the controller's owner thread
 * ({@link OperationBook}): not thread-safe.
 */
final class PendingFences {

    /** A fence that failed while the node answered is tried again after this long (not every cycle). */
    static final Duration RETRY = Duration.ofSeconds(5);

    /**
     * One node waiting to be fenced: the failover's proposal, its acknowledger, what was done so far.
     * {@code untilReadOnly}: the node was fenced with its database down (VIP gone, MySQL not running);
     * a database that starts again comes back writable (read_only is not kept across a restart unless
     * my.cnf says so), so it is made read-only the moment it answers (issue 13, fault 14).
     */
    record Pending(Proposal failover, String who, String comment, Fencing fencing, Instant lastTry,
                   boolean untilReadOnly) {
        Pending(Proposal failover, String who, String comment, Fencing fencing, Instant lastTry) {
            this(failover, who, comment, fencing, lastTry, false);
        }

        String node() {
            return failover.master();
        }

        /** The acknowledgement it waits under: "failover p-1a2b3c acknowledged by alice" (a node failover named so). */
        String under() {
            return (failover.kind() == Proposal.Kind.NODE_FAILOVER ? "node failover " : "failover ") + failover.id()
                    + " acknowledged by " + who;
        }

        boolean doneBy(Fencing result) {
            return result != null && result.fenced() && (!untilReadOnly || result.db() == Fencing.Db.READ_ONLY);
        }
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /** After a failover that did not prove {@code fencing}: the old master is fenced when it answers. */
    void add(Proposal failover, String who, String comment, Fencing fencing) {
        pending.put(failover.master(), new Pending(failover, who, comment, fencing, null));
    }

    /**
     * After a failover that fenced the old master with its database down: made read-only when its
     * database answers again, under the same acknowledgement.
     */
    void addUntilReadOnly(Proposal failover, String who, String comment, Fencing fencing) {
        pending.put(failover.master(), new Pending(failover, who, comment, fencing, null, true));
    }

    /** The nodes that answer now and were not tried within {@link #RETRY}. */
    List<Pending> due(Predicate<String> answers, Instant now) {
        return due(answers, answers, now);
    }

    /**
     * The nodes that answer now ({@code answers}: a command runs there or its database answers;
     * {@code dbAnswers} for a node fenced with its database down) and were not tried within {@link #RETRY}.
     */
    List<Pending> due(Predicate<String> answers, Predicate<String> dbAnswers, Instant now) {
        List<Pending> out = new ArrayList<>();
        for (Pending p : pending.values()) {
            boolean back = p.untilReadOnly() ? dbAnswers.test(p.node()) : answers.test(p.node());
            if (back && (p.lastTry() == null || !now.isBefore(p.lastTry().plus(RETRY)))) {
                out.add(p);
            }
        }
        return out;
    }

    /** A fence ran: done when it proved the node fenced (read-only, for one fenced while down); else kept. */
    void tried(Pending p, Fencing result, Instant at) {
        if (p.doneBy(result)) {
            pending.remove(p.node());
        } else {
            pending.put(p.node(), new Pending(p.failover(), p.who(), p.comment(), result != null ? result : p.fencing(), at,
                    p.untilReadOnly()));
        }
    }

    /** Every node waiting, oldest first (a leader hands them to the next, issue 16). */
    List<Pending> all() {
        return List.copyOf(pending.values());
    }

    /** A node handed over by an earlier leader: kept unless this controller already waits for it. */
    void adopt(Pending p) {
        pending.putIfAbsent(p.node(), p);
    }

    /** No longer waiting for {@code node} (its fence is not due any more: {@link OperationBook#fenceReturned}). */
    void drop(String node) {
        pending.remove(node);
    }

    boolean contains(String node) {
        return pending.containsKey(node);
    }

    /** One evidence line per waiting node, for status. */
    List<String> evidence() {
        return pending.values().stream().map(p -> p.fencing().words() + (p.untilReadOnly() ? ": made read-only the"
                + " moment its database answers again" : "") + " (" + p.under() + ")").sorted().toList();
    }
}
