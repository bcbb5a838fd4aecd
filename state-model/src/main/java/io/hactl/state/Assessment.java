package io.hactl.state;

import io.hactl.model.DbCode;
import java.util.List;
import java.util.Map;

/**
 * What one probe cycle means for the pair, with what the detector remembers: the state it
 * observes, the sentence a person reads, and the evidence behind it. Made by {@link Detector}.
 * One remedy for the database side ({@link #remedy()}, about {@code master} and {@code other})
 * and one for the application side ({@link #appRemedy()}) per cycle; a lost node that held
 * both halves is one remedy, {@link Proposal.Kind#NODE_FAILOVER}, on the database side.
 *
 * @param observed   the state this cycle shows (the machine may refuse to enter it, with a reason)
 * @param master     the master (the node that failed, for MASTER_DOWN); null when there is none
 * @param other      the other node: the replica, the node out of date, the node to fence
 * @param risk       for MASTER_DOWN: what a failover to {@code other} may lose, in words; for
 *                   OUT_OF_DATE: what a rebuild of {@code other} discards (its own transactions)
 * @param otherBehind for MASTER_DOWN: how many transactions {@code other} lacks of the master's
 *                   last known position (0 = none; -1 unknown)
 * @param remedy     what the controller would propose for this state (null: nothing)
 * @param appRemedy  what the controller would propose for the application (null: nothing)
 * @param memory     what the next cycle needs to know
 */
public record Assessment(ClusterState observed, String sentence, List<String> evidence, DbCode dbCode,
                         String master, String other, Map<String, NodeState> nodes, AppState app,
                         String appSentence, Long replicaLag, String risk, long otherBehind,
                         Proposal.Kind remedy, AppRemedy appRemedy, DetectionMemory memory) {

    /**
     * The application's remedy for this cycle: what a proposal of it would say.
     *
     * @param kind          RESTART_SERVICES, MOVE_APP, DETACH_APP_VIP or ATTACH_APP_VIP
     * @param node          the node it acts on (see {@link Proposal.Kind})
     * @param master        the other party: the DB master (RESTART_SERVICES), the node that was active
     *                      (MOVE_APP), the node that keeps the app VIP (DETACH_APP_VIP); null when none
     * @param sentence      why, in a sentence
     * @param evidence      the probe facts behind it
     * @param risk          what it may cost, in words
     * @param stillAnswering the other node's copies of the services that answer on their ports and that the
     *                      operation would not stop first ("tomcat on n2 (port 8080)"): non-empty means two
     *                      active application servers, and the supervisor makes no proposal
     */
    public record AppRemedy(Proposal.Kind kind, String node, String master, String sentence, List<String> evidence,
                            String risk, List<String> stillAnswering) {
        public AppRemedy {
            evidence = List.copyOf(evidence);
            stillAnswering = List.copyOf(stillAnswering);
        }
    }

    /** The same assessment, said otherwise (the supervisor says why a failover is not proposed). */
    public Assessment withSentence(String s) {
        return new Assessment(observed, s, evidence, dbCode, master, other, nodes, app, appSentence, replicaLag, risk,
                otherBehind, remedy, appRemedy, memory);
    }

    /** The same assessment, its application side said otherwise (the supervisor says why nothing is proposed). */
    public Assessment withAppSentence(String s) {
        return new Assessment(observed, sentence, evidence, dbCode, master, other, nodes, app, s, replicaLag, risk,
                otherBehind, remedy, appRemedy, memory);
    }
}
