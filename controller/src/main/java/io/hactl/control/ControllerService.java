package io.hactl.control;

import io.hactl.log.TransitionLog;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;

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
}
