package io.hactl.daemon;

import io.hactl.coordination.StepPermission;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The highest epoch a node refused one of this controller's steps with (issue 16): a newer leader
 * acted there. Until this controller leads with an epoch above it, no operation and no step starts
 * here, whatever the leadership says (ZooKeeper normally says the same; this holds also when the
 * node learnt it first).
 */
final class SeenOnNodes {

    private final AtomicLong seen = new AtomicLong();

    /** A node has seen {@code epoch}. */
    void record(long epoch) {
        seen.accumulateAndGet(epoch, Math::max);
    }

    /** {@code p} as it stands, or refused when it grants an epoch not above what a node has seen. */
    StepPermission check(StepPermission p) {
        long s = seen.get();
        if (p.granted() && p.epoch() != null && p.epoch().number() <= s) {
            return StepPermission.refused("deposed: a node has seen epoch " + s + ", this controller leads with "
                    + p.epoch().number() + "; not starting steps until it leads with a higher one");
        }
        return p;
    }
}
