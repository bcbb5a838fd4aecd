package io.hactl.ops.db;

import io.hactl.model.GtidComparison;
import java.util.List;

/**
 * What db-master-set will do, decided from an {@link Observation} alone.
 *
 * @param notes      sentences to print before the steps (what was seen, warnings, overrides)
 * @param comparison the GTID comparison the decision rests on, null when none was needed
 */
public record SwitchPlan(Kind kind, String summary, List<String> notes, String reason, String fix, boolean forceSync,
                         GtidComparison.Result comparison) {

    public enum Kind {
        /** The target is already the master with the DB VIP and the other node replicates from it. */
        NOTHING_TO_DO,
        /** The target is the master with the DB VIP but read-only (e.g. restarted with read_only=ON in my.cnf). */
        MAKE_WRITABLE,
        /**
         * The target is the master by replication (replicates from nobody, the other node replicates
         * from it) but no node holds the DB VIP (a new pair, or the VIP lost): add it there.
         */
        ADD_VIP,
        /** Planned switch: both reachable; the old master becomes the target's replica. */
        SWITCH,
        /** The target is already the master; the other node is (re-)attached as its replica. */
        REJOIN,
        /** The other node's database is unreachable: the target becomes master without a replica. */
        STANDALONE,
        /** Nothing is done; {@code reason} and {@code fix} say why and what to do. */
        REFUSE
    }

    static SwitchPlan refuse(String reason, String fix, List<String> notes, GtidComparison.Result cmp) {
        return new SwitchPlan(Kind.REFUSE, reason, notes, reason, fix, false, cmp);
    }
}
