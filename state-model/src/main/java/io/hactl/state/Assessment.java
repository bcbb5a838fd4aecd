package io.hactl.state;

import io.hactl.model.DbCode;
import java.util.List;
import java.util.Map;

/**
 * What one probe cycle means for the pair, with what the detector remembers: the state it
 * observes, the sentence a person reads, and the evidence behind it. Made by {@link Detector}.
 *
 * @param observed   the state this cycle shows (the machine may refuse to enter it, with a reason)
 * @param master     the master (the node that failed, for MASTER_DOWN); null when there is none
 * @param other      the other node: the replica, the node out of date, the node to fence
 * @param risk       for MASTER_DOWN: what a failover to {@code other} may lose, in words; for
 *                   OUT_OF_DATE: what a rebuild of {@code other} discards (its own transactions)
 * @param otherBehind for MASTER_DOWN: how many transactions {@code other} lacks of the master's
 *                   last known position (0 = none; -1 unknown)
 * @param remedy     what the controller would propose for this state (null: nothing)
 * @param memory     what the next cycle needs to know
 */
public record Assessment(ClusterState observed, String sentence, List<String> evidence, DbCode dbCode,
                         String master, String other, Map<String, NodeState> nodes, AppState app,
                         String appSentence, Long replicaLag, String risk, long otherBehind,
                         Proposal.Kind remedy, DetectionMemory memory) {

    /** The same assessment, said otherwise (the supervisor says why a failover is not proposed). */
    public Assessment withSentence(String s) {
        return new Assessment(observed, s, evidence, dbCode, master, other, nodes, app, appSentence, replicaLag, risk,
                otherBehind, remedy, memory);
    }
}
