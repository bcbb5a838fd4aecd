package io.hactl.coordination;

import java.time.Instant;

/**
 * An operator's switchover or unblock, recorded by whichever controller the operator talked to
 * ({@code <base>/state/requests/r-<sequence>}) and taken once by the leader, which runs it through
 * the same path as a request made to it directly.
 *
 * @param id           the request's node name (r-0000000003); null in the stored JSON, filled in on reading
 * @param kind         SWITCHOVER or UNBLOCK
 * @param node         the node to become master (SWITCHOVER); null for UNBLOCK
 * @param operator     who asked
 * @param reason       the operator's reason, or null
 * @param member       the controller that recorded it (n1, n2, w)
 * @param at           when it was recorded
 * @param takenInEpoch the leader's epoch that took it; null until taken
 * @param takenAt      when it was taken; null until taken
 */
public record Request(String id, Kind kind, String node, String operator, String reason, String member, Instant at,
                      Long takenInEpoch, Instant takenAt) {

    public enum Kind { SWITCHOVER, UNBLOCK }

    /** Not taken yet: the leader has yet to act on it. */
    public boolean open() {
        return takenInEpoch == null;
    }

    Request withId(String name) {
        return new Request(name, kind, node, operator, reason, member, at, takenInEpoch, takenAt);
    }

    Request taken(long epoch, Instant when) {
        return new Request(id, kind, node, operator, reason, member, at, epoch, when);
    }

    /** "switchover to n2 by alice on n2 at 12:00:01". */
    public String describe() {
        return (kind == Kind.SWITCHOVER ? "switchover to " + node : "unblock") + " by " + operator + " on " + member
                + " at " + Connection.clock(at);
    }
}
