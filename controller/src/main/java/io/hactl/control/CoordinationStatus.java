package io.hactl.control;

import io.hactl.coordination.CoordinationView;
import io.hactl.coordination.MemberView;
import java.time.Instant;
import java.util.List;

/**
 * Where this controller stands among the three and what it sees of them (issue 16), in status
 * ({@code hactl status}, {@code GET /api/status}, {@code GET /api/leader}); absent without
 * {@code controller.coordination}.
 *
 * @param member    this controller's name among the three (null until the coordination started)
 * @param role      {@link #LEADER}, {@link #FOLLOWER}, {@link #NO_QUORUM} or {@link #CONNECTING}
 * @param leader    the member that leads: this one when it leads, the latch's leader when it follows,
 *                  null without a quorum or when it is not known
 * @param epoch     the epoch this controller leads with; otherwise the leader's as ZooKeeper last showed it,
 *                  or the last this controller held (0: none yet)
 * @param since     when this controller came to stand there
 * @param why       the coordination's sentence for it (why leadership was lost, the quorum's answers)
 * @param zookeeper this controller's own connection ("ZooKeeper connection CONNECTED since 06:30:00, to h1:2181")
 * @param members   each ZooKeeper member's answer (leader, follower, not serving, unreachable)
 * @param membersAt when the members were asked
 */
public record CoordinationStatus(String member, String role, String leader, long epoch, Instant since, String why,
                                 String zookeeper, List<MemberView> members, Instant membersAt) {

    public static final String LEADER = "leader";
    public static final String FOLLOWER = "follower";
    public static final String NO_QUORUM = "no quorum";
    public static final String CONNECTING = "connecting";

    public CoordinationStatus {
        members = members == null ? List.of() : List.copyOf(members);
    }

    /** This controller leads. */
    public boolean leads() {
        return LEADER.equals(role);
    }

    /** The role as the owner knows it, with what the coordination's lookout last saw. */
    CoordinationStatus seen(CoordinationView v) {
        if (v == null) {
            return this;
        }
        String leads = switch (role) {
            case LEADER -> v.member();
            case NO_QUORUM, CONNECTING -> null;
            default -> v.leader();
        };
        long e = leads() ? epoch : Math.max(epoch, v.epoch());
        return new CoordinationStatus(v.member(), role, leads, e, since, why, v.connection(), v.members(), v.at());
    }
}
