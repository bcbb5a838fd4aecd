package io.hactl.control;

import io.hactl.coordination.CoordinationEvent;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A lost ZooKeeper quorum, said where an operator looks (issue 16): when this controller's role
 * becomes "no quorum", one {@code quorum-lost} line in its transition log and one CRITICAL alert
 * (every controller that still runs says it: no leader is left to say it for the three); when a
 * connection or a leadership ends it, one {@code quorum-back} line, one resolved alert and a line on
 * the daemon's output. The reminders while it lasts are the alert policy's, every
 * {@code controller.remind_interval}. Called by the owner thread only.
 */
final class QuorumAlarm {

    private final String cluster;
    private final Clock clock;
    private final EffectLog log;
    private final ControllerEvents events;
    private final PrintWriter out;

    QuorumAlarm(String cluster, Clock clock, EffectLog log, ControllerEvents events, PrintWriter out) {
        this.cluster = cluster;
        this.clock = clock;
        this.log = log;
        this.events = events;
        this.out = out;
    }

    /** {@code e} moved this controller from {@code before} to {@code after}. */
    void changed(CoordinationRole before, CoordinationRole after, CoordinationEvent e) {
        boolean was = before.kind() == CoordinationRole.Kind.NO_QUORUM;
        boolean is = after.kind() == CoordinationRole.Kind.NO_QUORUM;
        if (!was && is) {
            log.write(StateEntry.of(clock.instant(), cluster, Event.QUORUM_LOST, null, null,
                    "ZooKeeper quorum lost (no usable connection since " + after.since() + "): no leader, no proposals,"
                            + " no operations; the pair keeps serving as it is; to end it, bring back a ZooKeeper"
                            + " member (or its host)", null, ControlLoop.ACTOR, e.text()));
            events.quorumLost(e.text(), after.since());
        } else if (was && !is) {
            Instant now = clock.instant();
            String lasted = before.since() == null ? "" : " after " + Duration.between(before.since(), now).toSeconds()
                    + " s";
            log.write(StateEntry.of(now, cluster, Event.QUORUM_BACK, null, null, "ZooKeeper quorum back" + lasted
                    + ": the controllers elect a leader; proposals and operations resume", List.of(), ControlLoop.ACTOR,
                    e.text()));
            events.quorumBack(e.text(), now);
            out.println("hactl controller: ZooKeeper quorum back" + lasted + " (" + e.text() + ")");
            out.flush();
        }
    }
}
