package io.hactl.state;

import io.hactl.model.GtidView;
import java.time.Instant;
import java.util.Set;

/**
 * What the detector carries from one cycle to the next (immutable; a new one per cycle).
 *
 * @param master          the master of the last cycle that had one
 * @param masterPosition  the master's GTID position the last time its database answered
 *                        (what a replica must have to lose nothing)
 * @param masterSeenAt    when that was
 * @param failingSince    when the master started failing every probe; null while it answers
 * @param failingCycles   consecutive cycles it failed
 * @param declaredDown    the master was declared MASTER_DOWN and stays so until its database answers
 * @param fenced          nodes a failover fenced (read-only, no VIP)
 * @param lastObserved    the state the last cycle observed (kept when a probe is incomplete)
 * @param lastApp         the application state of the last cycle (kept likewise)
 */
public record DetectionMemory(String master, GtidView masterPosition, Instant masterSeenAt, Instant failingSince,
                              int failingCycles, boolean declaredDown, Set<String> fenced, ClusterState lastObserved,
                              AppState lastApp) {

    public static final DetectionMemory EMPTY = new DetectionMemory(null, null, null, null, 0, false, Set.of(), null, null);

    DetectionMemory healthy(String master, GtidView position, Instant at) {
        return new DetectionMemory(master, position, at, null, 0, false, fenced, lastObserved, lastApp);
    }

    DetectionMemory failing(Instant since, int cycles, boolean down) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, since, cycles, down, fenced, lastObserved, lastApp);
    }

    DetectionMemory observed(ClusterState s, AppState app) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                fenced, s, app);
    }

    public DetectionMemory withFenced(Set<String> nodes) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                Set.copyOf(nodes), lastObserved, lastApp);
    }

    /** After a role change of ours (failover, switchover): the new master, nothing failing. */
    public DetectionMemory newMaster(String node) {
        return new DetectionMemory(node, null, null, null, 0, false, fenced, lastObserved, lastApp);
    }
}
