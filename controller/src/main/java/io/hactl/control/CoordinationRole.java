package io.hactl.control;

import io.hactl.coordination.CoordinationEvent;
import java.time.Instant;

/**
 * This controller's standing among the three as the owner thread last heard it (issue 16): not
 * coordinated (one controller), leader with its epoch, follower, or without a quorum since when.
 * Kept by the owner from {@link CoordinationEvent}s; shown in status. Whether a step may start is
 * not read from here but asked of the leadership itself ({@link StepGate}), at the moment it starts.
 *
 * @param kind  where this controller stands
 * @param epoch the epoch it leads with (LEADER), the last it held otherwise, 0 when none
 * @param since when it came to stand there
 * @param why   the coordination's own sentence for it (the quorum's answers, why leadership was lost)
 */
record CoordinationRole(Kind kind, long epoch, Instant since, String why) {

    enum Kind { NONE, CONNECTING, LEADER, FOLLOWER, NO_QUORUM }

    /** Without controller.coordination: one controller. */
    static final CoordinationRole NONE = new CoordinationRole(Kind.NONE, 0, null, null);

    /** With coordination, before the first event. */
    static CoordinationRole connecting(Instant at) {
        return new CoordinationRole(Kind.CONNECTING, 0, at, "connecting to ZooKeeper");
    }

    /** Whether this controller writes, alerts and publishes proposals: alone (no coordination) or the leader. */
    boolean proposes() {
        return kind == Kind.NONE || kind == Kind.LEADER;
    }

    /** Where {@code e} leaves this controller. */
    CoordinationRole next(CoordinationEvent e) {
        if (e instanceof CoordinationEvent.LeadershipGained g) {
            return new CoordinationRole(Kind.LEADER, g.epoch(), g.at(), g.text());
        } else if (kind == Kind.NO_QUORUM && (e instanceof CoordinationEvent.LeadershipLost
                || e instanceof CoordinationEvent.SessionLost || e instanceof CoordinationEvent.QuorumLost)) {
            // the quorum's loss is what status must keep saying: the session and the latch go with it
            // (their events may come after QuorumLost), and only a connection (or a leadership) back ends it
            return this;
        } else if (e instanceof CoordinationEvent.LeadershipLost l) {
            return new CoordinationRole(Kind.FOLLOWER, l.epoch(), l.at(), l.text());
        } else if (e instanceof CoordinationEvent.QuorumLost q) {
            return new CoordinationRole(Kind.NO_QUORUM, epoch, q.at(), q.text());
        } else if (e instanceof CoordinationEvent.SessionLost s) {
            return new CoordinationRole(Kind.FOLLOWER, epoch, s.at(), s.text());
        } else if (e instanceof CoordinationEvent.Connected || e instanceof CoordinationEvent.Reconnected) {
            // a quorum again (or at last): a follower until the latch says otherwise
            return kind == Kind.LEADER ? this : new CoordinationRole(Kind.FOLLOWER, epoch, e.at(), e.text());
        }
        return this; // Suspended: the gate refuses steps from the connection's own state; the role stands
    }

    /** For status: the role alone (the member, the leader and the members are the lookout's); null without coordination. */
    CoordinationStatus status() {
        String r = switch (kind) {
            case NONE -> null;
            case CONNECTING -> CoordinationStatus.CONNECTING;
            case LEADER -> CoordinationStatus.LEADER;
            case FOLLOWER -> CoordinationStatus.FOLLOWER;
            case NO_QUORUM -> CoordinationStatus.NO_QUORUM;
        };
        return r == null ? null : new CoordinationStatus(null, r, null, epoch, since, why, null, null, null);
    }

    /** One line for status: "coordination: leader with epoch 3 since 06:30:01Z". */
    String text() {
        if (kind == Kind.NONE) {
            return null;
        }
        String at = since == null ? "" : " since " + since;
        return switch (kind) {
            case LEADER -> "coordination: leader with epoch " + epoch + at;
            case FOLLOWER -> "coordination: follower" + at + (why == null ? "" : " (" + why + ")");
            case NO_QUORUM -> "coordination: no quorum" + at + ": " + why
                    + "; no proposals, no operations; the pair keeps serving as it is";
            default -> "coordination: " + why + at;
        };
    }
}
