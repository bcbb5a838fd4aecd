package io.hactl.ops.db;

import io.hactl.config.NodeConfig;
import io.hactl.db.DbAdmin;
import io.hactl.db.DbState;
import io.hactl.ops.Operation;
import io.hactl.pair.StepFailed;

/**
 * Issue 20: a failover's new master stops receiving from the old master <em>beside</em> the read of both nodes, not
 * after it. A semi-synchronous replica's receiver, when it stops, first tries its master to end the dump thread there
 * (up to 1 s against a lost node or a hung server: docs/decisions.md, "Semi-synchronous replication"); the read waits
 * on the same old master anyway (its shell: on a lost node, the ssh connect timeout), so that second is spent inside
 * the read, not on the path after it. Against a crashed server (refused at once) it takes the stop's few milliseconds
 * off the path too.
 *
 * <p>Only where the promotion would stop it first anyway, and nothing is lost by doing it before the checks: the old
 * master's database did not answer this read; the new master replicates and its receiver is not connected (its IO
 * thread {@code Connecting}: it receives nothing now); its SQL thread runs (with both threads stopped, a GTID replica's
 * next start discards its relay log). A step like any other (logged, printed, its undo registered in the
 * failover's {@link Changes}): a failover refused by its checks after it, or one that fails before its commit point,
 * starts replication again. Not in a dry run, and not when steps must run one at a time (with coordination). When the
 * stop fails here, the promotion stops the receiver in its own step, as without this.
 */
final class ReceiverStop {

    private final Operation op;
    private final Changes changes;
    private final NodeConfig target;
    private final NodeConfig old;
    private volatile boolean stopped;

    ReceiverStop(Operation op, Changes changes, NodeConfig target, NodeConfig old) {
        this.op = op;
        this.changes = changes;
        this.target = target;
        this.old = old;
    }

    /** The new master as read: a replica, its receiver trying to connect, its SQL thread running. */
    static boolean eligible(DbState t) {
        return t != null && t.isReplica() && "Connecting".equalsIgnoreCase(t.replica().ioState())
                && t.replica().sqlRunning();
    }

    /**
     * Called once the read has both databases' answers: {@code t} the new master's state over {@code ta} (its
     * connection, not used by the read any more), {@code oldAnswered} whether the old master's database answered.
     */
    void run(DbState t, DbAdmin ta, boolean oldAnswered) {
        if (oldAnswered || !eligible(t) || !op.concurrentSteps()) {
            return;
        }
        try {
            op.alongside(() -> step(changes, ta, target.name(), old.name(), "IO thread, not connected to it; its SQL"
                    + " thread applies what it received), beside the read of " + old.name()));
            stopped = true;
        } catch (StepFailed e) {
            // said in its step; the promotion stops the receiver in its own step
        }
    }

    /**
     * The step itself, here and in the {@link Promotion} when it was not done here: {@code target} stops receiving
     * from {@code old} ("stop receiving from OLD (" + {@code how}), its undo "start replication again".
     */
    static void step(Changes changes, DbAdmin ta, String target, String old, String how) {
        changes.change(target, "stop receiving from " + old + " (" + how, () -> {
            ta.stopReceiving();
            return null;
        }, "start replication again", ta::startReplication);
    }

    /** Whether the receiver was stopped here (the promotion does not stop it again). */
    boolean stopped() {
        return stopped;
    }
}
