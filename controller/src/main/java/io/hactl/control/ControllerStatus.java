package io.hactl.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hactl.state.AppState;
import io.hactl.state.ClusterState;
import io.hactl.state.NodeState;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the controller knows now: served by {@code GET /api/status} and shown by
 * {@code hactl status}.
 *
 * @param sentence       this cycle's sentence ("master n1 unreachable from controller; replica n2
 *                       still streaming from it: not a failure, watching")
 * @param evidence       the facts behind it
 * @param dbCode         the database diagnosis code of the last cycle (DbCode name)
 * @param appState       the application side's state
 * @param appSentence    the application side's sentence
 * @param nodes          each node's state, in config order
 * @param proposals      pending proposals
 * @param failoverBlock  null, or why no failover would be proposed now and how to override it
 * @param operation      null, or the operation running on the pair ("db-master-set a1b2c3d4 by alice since ...")
 * @param lastCycleAt    when the last probe cycle ended
 * @param lastCycleMillis how long it took
 * @param cycles         probe cycles since the controller started
 * @param replicaLagSeconds the replica's Seconds_Behind_Master, null when none
 * @param mode           MANUAL or AUTOMATIC
 * @param source         "controller" when a running controller answered, "check" for a one-shot check
 * @param coordination   where this controller stands among the three and what it sees of them (issue 16);
 *                       null, and left out of the JSON, without controller.coordination
 */
public record ControllerStatus(String cluster, ClusterState state, Instant since, String sentence,
                               List<String> evidence, String dbCode, AppState appState, String appSentence,
                               Map<String, NodeState> nodes, List<Proposal> proposals, String failoverBlock,
                               String operation, Instant lastCycleAt, long lastCycleMillis, long cycles,
                               Long replicaLagSeconds, String mode, String source,
                               @JsonInclude(JsonInclude.Include.NON_NULL) CoordinationStatus coordination) {

    /** Without coordination: one controller. */
    public ControllerStatus(String cluster, ClusterState state, Instant since, String sentence, List<String> evidence,
                            String dbCode, AppState appState, String appSentence, Map<String, NodeState> nodes,
                            List<Proposal> proposals, String failoverBlock, String operation, Instant lastCycleAt,
                            long lastCycleMillis, long cycles, Long replicaLagSeconds, String mode, String source) {
        this(cluster, state, since, sentence, evidence, dbCode, appState, appSentence, nodes, proposals, failoverBlock,
                operation, lastCycleAt, lastCycleMillis, cycles, replicaLagSeconds, mode, source, null);
    }

    /** The same status with {@code c} as its coordination. */
    public ControllerStatus withCoordination(CoordinationStatus c) {
        return new ControllerStatus(cluster, state, since, sentence, evidence, dbCode, appState, appSentence, nodes,
                proposals, failoverBlock, operation, lastCycleAt, lastCycleMillis, cycles, replicaLagSeconds, mode,
                source, c);
    }
}
