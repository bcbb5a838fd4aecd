package io.hactl.coordination;

import java.time.Instant;

/**
 * What changed in this controller's standing among the three, as a message for the controller's
 * one event queue ({@code Consumer<CoordinationEvent>}): the queue's thread decides what to do, so
 * no Curator thread ever touches the controller's state. Delivered from Curator's and this package's
 * threads; the consumer must only enqueue.
 */
public sealed interface CoordinationEvent {

    /** When it happened (for QuorumLost: since when). */
    Instant at();

    /** One line for the transition log and the alerts. */
    String text();

    /** The first connection to the ensemble: {@code server} is the member this controller talks to. */
    record Connected(Instant at, String server) implements CoordinationEvent {
        public String text() {
            return "connected to ZooKeeper member " + server;
        }
    }

    /** The connection dropped: from now on this controller starts no step until it is back. */
    record Suspended(Instant at) implements CoordinationEvent {
        public String text() {
            return "ZooKeeper connection SUSPENDED at " + Connection.clock(at) + ": not starting steps";
        }
    }

    /** Back within the session: the session, its latch node and the epoch's version are as they were. */
    record Reconnected(Instant at, Instant suspendedAt, String server) implements CoordinationEvent {
        public String text() {
            return "ZooKeeper connection back at " + Connection.clock(at) + " (SUSPENDED since "
                    + Connection.clock(suspendedAt) + "), to member " + server;
        }
    }

    /** The session is gone (expired, or given up after session_timeout): leadership is given up with it. */
    record SessionLost(Instant at, Instant suspendedAt) implements CoordinationEvent {
        public String text() {
            return "ZooKeeper session LOST at " + Connection.clock(at) + " (connection SUSPENDED since "
                    + Connection.clock(suspendedAt) + "): leadership given up";
        }
    }

    /**
     * Fewer than a majority of the members serve, as seen from here: no leader, no proposals, no
     * operations anywhere; the pair keeps serving as it is. Sent once per loss.
     *
     * @param at   since when this controller has had no usable connection
     * @param text what each member answered
     */
    record QuorumLost(Instant at, String text) implements CoordinationEvent {
    }

    /** This controller leads, with a new epoch that every step it starts carries. */
    record LeadershipGained(Instant at, long epoch) implements CoordinationEvent {
        public String text() {
            return "leader with epoch " + epoch;
        }
    }

    /** This controller no longer leads; no step starts from here any more. */
    record LeadershipLost(Instant at, long epoch, String reason) implements CoordinationEvent {
        public String text() {
            return "no longer leader (epoch " + epoch + "): " + reason;
        }
    }
}
