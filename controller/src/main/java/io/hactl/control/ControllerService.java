package io.hactl.control;

import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionLog;
import io.hactl.model.ProbeSnapshot;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the running controller offers to the REST API (and through it to the CLI's
 * status, proposals, ack, reject). Every action names its operator; every action is
 * written to the transition log by the implementation.
 */
public interface ControllerService {

    ControllerStatus status();

    /** Pending proposals first, then the last decided ones (newest first). */
    List<Proposal> proposals();

    /** Acknowledges a pending proposal: its operation starts (or is refused, naming why). */
    ActionResult ack(String proposalId, String operator, String comment);

    /** Rejects a pending proposal: nothing changes on the nodes. */
    ActionResult reject(String proposalId, String operator, String comment);

    /** A planned switchover to {@code node} (db-master-set), refused while another operation runs. */
    ActionResult requestSwitchover(String node, String operator, String reason);

    /** Lifts the anti-flapping block after a failover, so the next failure is proposed again. */
    ActionResult unblock(String operator, String reason);

    /**
     * Transition log lines at or after {@code since} (all when null), and the count of damaged
     * lines the reading skipped in the whole file.
     */
    TransitionLog.Contents history(Instant since);

    /**
     * What the last probe cycle saw of each node and VIP (the web console's pair page shows it);
     * empty before the first cycle, and where no cycle runs.
     */
    default Optional<ProbeSnapshot> lastSnapshot() {
        return Optional.empty();
    }

    /**
     * The lines of the operation running on the pair, else of the last one (its start, steps, notes
     * and end), as the transition log has them: the one record of an operation's steps, whoever ran
     * it (this controller, another, the CLI). Empty when the log has none.
     */
    default List<OperationEntry> lastOperation() {
        return List.of();
    }
}
