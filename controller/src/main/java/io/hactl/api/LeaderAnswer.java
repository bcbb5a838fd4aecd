package io.hactl.api;

import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import java.time.Instant;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/leader}: whether this controller is the one that proposes and runs operations, so
 * a load balancer or an operator's script finds the leader among the three by asking each. 200 on the
 * leader ({@link Leads}: its member name, its epoch, since when); 503 on a follower, while connecting
 * and without a quorum ({@link Follows}: the leader it knows of or null, the epoch, why). Without
 * {@code controller.coordination} the one controller leads: 200, member null, epoch 0.
 */
final class LeaderAnswer {

    /** This controller leads. */
    record Leads(String member, long epoch, Instant since) {
    }

    /** This controller does not lead: who does, if it knows, and why not this one. */
    record Follows(String leader, long epoch, String why) {
    }

    private LeaderAnswer() {
    }

    static ResponseEntity<?> of(ControllerStatus s) {
        CoordinationStatus c = s.coordination();
        if (c == null) {
            return ResponseEntity.ok(new Leads(null, 0, null));
        }
        if (c.leads()) {
            return ResponseEntity.ok(new Leads(c.member(), c.epoch(), c.since()));
        }
        return ResponseEntity.status(503).body(new Follows(c.leader(), c.epoch(), why(c)));
    }

    private static String why(CoordinationStatus c) {
        String me = c.member() == null ? "this controller" : "this controller (" + c.member() + ")";
        return switch (c.role()) {
            case CoordinationStatus.NO_QUORUM -> me + " has no ZooKeeper quorum, and no controller leads: "
                    + c.why() + "; bring back a ZooKeeper member (or its host)";
            case CoordinationStatus.CONNECTING -> me + " is still connecting to ZooKeeper: ask again in a moment";
            default -> me + " follows; " + (c.leader() == null ? "the leader is not known yet: ask the other controllers"
                    : c.leader() + " leads: ask its API");
        };
    }
}
