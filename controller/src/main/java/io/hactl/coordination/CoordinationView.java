package io.hactl.coordination;

import java.time.Instant;
import java.util.List;

/**
 * What this controller last saw of the three, for status ({@link Lookout}): who leads by the latch,
 * its own ZooKeeper connection, and each member's answer.
 *
 * @param member     this controller's name among the three
 * @param leader     the member the latch says leads; null when none leads or it could not be read
 * @param epoch      the epoch ZooKeeper holds (the leader's); 0 when none yet or it could not be read
 * @param connection this controller's connection ("ZooKeeper connection CONNECTED since 06:30:00, to h1:2181")
 * @param members    each ZooKeeper member's answer, in the connect string's order; empty before the first look
 * @param at         when the members were asked; null before the first look
 */
public record CoordinationView(String member, String leader, long epoch, String connection, List<MemberView> members,
                               Instant at) {

    public CoordinationView {
        members = members == null ? List.of() : List.copyOf(members);
    }
}
