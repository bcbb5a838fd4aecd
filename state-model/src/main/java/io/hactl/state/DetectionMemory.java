package io.hactl.state;

import io.hactl.model.GtidView;
import io.hactl.model.SemiSync;
import java.time.Instant;
import java.util.Set;

/**
 * What the detector carries from one cycle to the next (immutable; a new one per cycle).
 *
 * <p>The master's last position has one memory (issue 15): {@code gtid-memory.json}, which
 * every hactl that reads a node writes (each controller cycle, {@code hactl check}, the db
 * commands), which outlives a restart, and which a failover and db-master-set measure their
 * risk against. {@link #masterPosition} is only the detector's copy of that memory's entry
 * for the master, fed before each cycle from what was stored before that cycle's snapshot
 * (the controller's {@code GtidMemory.feed}); the detector reads it and never records a
 * position itself. So the risk a proposal states and the one its operation checks come from
 * the same place, positions another hactl read count too, and a restarted controller is
 * fed the same way as a running one. When the state directory cannot be written the copy
 * stays as old as the store: the risk then reads as of that time, or "never seen", never
 * better than what is known.
 *
 * @param master          the master of the last cycle that had one
 * @param masterPosition  the master's GTID position the last time its database answered
 *                        (what a replica must have to lose nothing): the detector's copy,
 *                        fed by {@link #withMasterSeen}, never recorded by the detector
 * @param masterSeenAt    when that was
 * @param failingSince    when the master's database first failed a probe, kept across every
 *                        cycle it keeps failing, whichever rule decides that cycle; null while
 *                        it answers
 * @param failingCycles   consecutive cycles it failed
 * @param declaredDown    the master was declared MASTER_DOWN and stays so until its database answers
 * @param fenced          nodes a failover fenced (read-only, no VIP)
 * @param lastObserved    the state the last cycle observed (kept when a probe is incomplete)
 * @param lastApp         the application state of the last cycle (kept likewise)
 * @param replicaLink     what the other node's replication IO thread did towards this master,
 *                        across cycles: only a replica that was seen connected and then lost
 *                        the master confirms that it is down
 * @param appTrack        the application side across cycles: the active node last seen, and the
 *                        application condition being timed (since when, how many cycles)
 * @param masterSemiSync  the master's semi-synchronous replication the last time this controller saw its database
 *                        answer (not persisted: unknown after a restart, and then not claimed)
 */
public record DetectionMemory(String master, GtidView masterPosition, Instant masterSeenAt, Instant failingSince,
                              int failingCycles, boolean declaredDown, Set<String> fenced, ClusterState lastObserved,
                              AppState lastApp, Link replicaLink, AppTrack appTrack, SemiSync masterSemiSync) {

    /**
     * The application side across cycles, like the master-failing sequence: a condition (a state
     * and the node it is about, "SERVICES_DOWN n1") is proposed for only once it has lasted
     * {@code downAfter} and at least two cycles.
     *
     * @param active    the node last seen as the active application node (it held the app VIP); null
     *                  while none was seen. What a lost node was is known only from here
     * @param condition the condition being timed, null when none
     * @param since     when the first cycle that showed it was taken
     * @param cycles    consecutive cycles that showed it
     */
    public record AppTrack(String active, String condition, Instant since, int cycles) {

        public static final AppTrack NONE = new AppTrack(null, null, null, 0);

        /** This cycle shows {@code c} (null: no condition) taken at {@code at}; the count goes on while it is the same. */
        AppTrack seen(String activeNow, String c, Instant at) {
            String a = activeNow != null ? activeNow : active;
            if (c == null) {
                return new AppTrack(a, null, null, 0);
            }
            return c.equals(condition) ? new AppTrack(a, c, since, cycles + 1) : new AppTrack(a, c, at, 1);
        }
    }

    /** The replica's IO thread towards the master, as the cycles so far saw it. */
    public enum Link {
        /** Not seen connected to this master by this controller (it started, or the master changed, since). */
        UNSEEN,
        /** Its IO thread was running (Slave_IO_Running: Yes) in the last cycle that could read it. */
        CONNECTED,
        /** It was connected, then lost the master (Connecting, or a network error 2003/2013...): a confirmation. */
        LOST,
        /** It was seen, but its IO thread is not running for another reason (STOP SLAVE by hand, an
         * error that is not the network, another source): it cannot confirm anything. */
        NOT_CONNECTED
    }

    public static final DetectionMemory EMPTY = new DetectionMemory(null, null, null, null, 0, false, Set.of(), null, null,
            Link.UNSEEN, AppTrack.NONE, null);

    /**
     * What a restarting controller knows from its state directory: the master, and whether a
     * failover proposal of it is still pending (then it was declared down before the restart
     * and stays so). Its last position is fed like every cycle's ({@link #withMasterSeen}).
     */
    public static DetectionMemory restored(String master, boolean declaredDown, Instant failingSince) {
        return new DetectionMemory(master, null, null, declaredDown ? failingSince : null, 0, declaredDown,
                Set.of(), null, null, Link.UNSEEN, AppTrack.NONE, null);
    }

    /** The master's last position and when it was seen, as the one memory of it has them (see the class comment). */
    public DetectionMemory withMasterSeen(GtidView position, Instant at) {
        return new DetectionMemory(master, position, at, failingSince, failingCycles, declaredDown, fenced, lastObserved,
                lastApp, replicaLink, appTrack, masterSemiSync);
    }

    /** The master answered: nothing fails. Its fed position is kept while it stays the master. */
    DetectionMemory healthy(String master) {
        boolean same = master.equals(this.master);
        return new DetectionMemory(master, same ? masterPosition : null, same ? masterSeenAt : null, null, 0, false,
                fenced, lastObserved, lastApp, replicaLink, appTrack, masterSemiSync);
    }

    DetectionMemory failing(Instant since, int cycles, boolean down) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, since, cycles, down, fenced, lastObserved, lastApp,
                replicaLink, appTrack, masterSemiSync);
    }

    DetectionMemory observed(ClusterState s, AppState app) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                fenced, s, app, replicaLink, appTrack, masterSemiSync);
    }

    DetectionMemory withLink(Link link) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                fenced, lastObserved, lastApp, link, appTrack, masterSemiSync);
    }

    public DetectionMemory withFenced(Set<String> nodes) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                Set.copyOf(nodes), lastObserved, lastApp, replicaLink, appTrack, masterSemiSync);
    }

    /** After a role change of ours (failover, switchover): the new master, nothing failing, no replica seen yet. */
    public DetectionMemory newMaster(String node) {
        return new DetectionMemory(node, null, null, null, 0, false, fenced, lastObserved, lastApp, Link.UNSEEN, appTrack,
                null);
    }

    /** The master's semi-sync as its database answered this cycle. */
    DetectionMemory withMasterSemiSync(SemiSync seen) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                fenced, lastObserved, lastApp, replicaLink, appTrack, seen);
    }

    DetectionMemory withAppTrack(AppTrack t) {
        return new DetectionMemory(master, masterPosition, masterSeenAt, failingSince, failingCycles, declaredDown,
                fenced, lastObserved, lastApp, replicaLink, t, masterSemiSync);
    }
}
