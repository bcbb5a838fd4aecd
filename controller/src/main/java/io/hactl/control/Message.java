package io.hactl.control;

import io.hactl.db.GtidMemory;
import io.hactl.model.ProbeSnapshot;
import io.hactl.state.Maintenance;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Every input of a controller, as its one owner thread receives it through the {@link Inbox}: a
 * probe cycle's snapshot, an operator's request, an operation's end. Nothing else changes what the
 * owner owns (the supervisor, the detection memory, the running operation, the pending fences, the
 * counters, the published status), so no input can slip between another one's check and its act.
 * A new kind of input (a leadership change, issue 16) is one more record here and one more case in
 * {@link ControlOwner#dispatch}.
 */
sealed interface Message {

    /** What the owner does while it handles this message, for a request refused as busy. */
    String doing();

    /** An operator's request: its caller waits for the answer, for a bounded time ({@link Reply}). */
    sealed interface Request extends Message {
        Reply reply();
    }

    /** A message whose sender waits until the owner is done with it (a probe cycle, the start). */
    sealed interface Awaited extends Message {
        /** Completed once the owner handled the message and published what it changed. */
        CompletableFuture<Void> handled();
    }

    /** The controller starts: what its log and state directory say ({@link Recovery}, read by the starting thread). */
    record Restored(Recovery.Result recovery, CompletableFuture<Void> handled) implements Awaited {
        @Override
        public String doing() {
            return "restoring the proposals and the memory of the transition log (controller start)";
        }
    }

    /**
     * One probe cycle's snapshot. The probes (network I/O) and the GTID memory's file ran on the probe
     * thread; the owner assesses it.
     *
     * @param stored       each node's last position as stored before this snapshot (gtid-memory.json):
     *                     a replica read in the same cycle as the master is not held to what the master
     *                     committed meanwhile
     * @param lockHolder   another process's operation on the pair (the pair's lock, a maintenance marker)
     *                     when the probes started; null when none
     * @param startedNanos {@link System#nanoTime()} when the probes started: an operation of ours that
     *                     ended after it makes the cycle ours, and a snapshot that started before the last
     *                     one assessed is left out
     * @param focused      a focused re-probe's (issue 20: the master and the replica looked at again, the rest
     *                     the last whole cycle's), not a whole cycle
     */
    /**
     * {@code startedNanos}: when its probes started; {@code keptSinceNanos}: when its oldest look started — a
     * focused re-probe keeps the rest of the last whole cycle (issue 20), so an operation of ours that ended
     * after that cycle started makes the focused snapshot ours too; for a whole cycle the two are the same.
     */
    record Probed(ProbeSnapshot snapshot, Map<String, GtidMemory.Seen> stored, Maintenance lockHolder,
                  long startedNanos, long keptSinceNanos, boolean focused, CompletableFuture<Void> handled)
            implements Awaited {
        @Override
        public String doing() {
            return "assessing a probe cycle";
        }
    }

    record Ack(String proposalId, String operator, String comment, Reply reply) implements Request {
        @Override
        public String doing() {
            return "acknowledging " + proposalId + " for " + operator;
        }
    }

    record Reject(String proposalId, String operator, String comment, Reply reply) implements Request {
        @Override
        public String doing() {
            return "rejecting " + proposalId + " for " + operator;
        }
    }

    record Switchover(String node, String operator, String reason, Reply reply) implements Request {
        @Override
        public String doing() {
            return "starting a switchover to " + node + " for " + operator;
        }
    }

    record Unblock(String operator, String reason, Reply reply) implements Request {
        @Override
        public String doing() {
            return "lifting the anti-flapping block for " + operator;
        }
    }

    /** An operation ended on the operations thread (an acknowledged proposal's, or a switchover), with its result. */
    record OperationEnded(OperationBook.Running operation, ProposalRunner.Result result) implements Message {
        @Override
        public String doing() {
            return "ending the operation " + operation.describe();
        }
    }

    /** The fence of an old master that answered again ended on the operations thread, with its result. */
    record FenceEnded(OperationBook.Running claim, PendingFences.Pending fence, ProposalRunner.Result result)
            implements Message {
        @Override
        public String doing() {
            return "ending the fence of " + fence.node() + " under " + fence.failover().id();
        }
    }

    /** This controller's standing among the three changed (issue 16): sent from the coordination's threads. */
    record Coordinated(io.hactl.coordination.CoordinationEvent event) implements Message {
        @Override
        public String doing() {
            return "taking a coordination change (" + event.text() + ")";
        }
    }

    /**
     * Another controller recorded a decision or a request, or the leader wrote a proposal (issue 16):
     * the ZooKeeper watch's thread posts it, at most one waiting at a time ({@code queued}).
     */
    record SharedChanged(java.util.concurrent.atomic.AtomicBoolean queued) implements Message {
        @Override
        public String doing() {
            return "reading what another controller recorded in ZooKeeper";
        }
    }

    /** The controller stops: the owner ends after the messages before this one. */
    record Stop() implements Message {
        @Override
        public String doing() {
            return "stopping";
        }
    }
}
