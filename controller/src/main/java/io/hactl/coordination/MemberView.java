package io.hactl.coordination;

/**
 * What one ZooKeeper member answered when asked what it is ({@code srvr}), as status shows it.
 *
 * @param member the member as the connect string names it ("h1:2181")
 * @param mode   "leader", "follower", "standalone", "observer" while it serves; "not serving" (up,
 *               without a quorum), "unknown" (up, it would not say: srvr not allowed), "unreachable"
 * @param detail what it answered, or why it did not (null when the mode says it all)
 */
public record MemberView(String member, String mode, String detail) {

    /** Whether the member serves requests (it is part of a quorum). */
    public boolean serving() {
        return switch (mode) {
            case NOT_SERVING, UNKNOWN, UNREACHABLE -> false;
            default -> true;
        };
    }

    public static final String NOT_SERVING = "not serving";
    public static final String UNKNOWN = "unknown";
    public static final String UNREACHABLE = "unreachable";
}
