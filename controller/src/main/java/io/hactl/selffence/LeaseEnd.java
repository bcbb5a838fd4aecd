package io.hactl.selffence;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Before a failover changes anything: the old master's node gives up writes by itself when cut off
 * ({@link SelfFence}), so the failover waits until that can have happened — its controller's
 * ZooKeeper session is gone (the member has left the election) and the self-fence's own time has
 * passed — instead of trusting that timing works out. At most {@code sessionTimeout +}
 * {@link #SELF_FENCE_TAKES}. A member already out of the election gets the self-fence's time too:
 * when its session ended is not known.
 */
public final class LeaseEnd {

    /**
     * What a self-fence takes at most once its controller's connection is SUSPENDED: the other
     * node's two ports (800 ms each), then the VIP and read_only steps on the node itself.
     */
    public static final Duration SELF_FENCE_TAKES = Duration.ofMillis(2500);
    static final Duration POLL = Duration.ofMillis(200);

    /** Sleeps; the real one is Thread.sleep, tests count. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private LeaseEnd() {
    }

    /**
     * After its session ended at the ensemble, how much longer the node's self-fence may still take:
     * its controller's connection was SUSPENDED a third of the session timeout before the session
     * expired (the client gives up after two thirds of it, the server after all of it).
     */
    public static Duration afterSessionEnd(Duration sessionTimeout) {
        Duration left = SELF_FENCE_TAKES.minus(sessionTimeout.dividedBy(3));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /**
     * Waits for {@code node}'s lease to end; returns the sentence for the operation's step.
     *
     * @param members the members in the election now (empty when ZooKeeper cannot be read)
     */
    public static String await(String node, Supplier<Optional<Set<String>>> members, Duration sessionTimeout,
                               Sleeper sleeper) throws InterruptedException {
        Duration waited = Duration.ZERO; // counted in polls: the reads' own time only makes the wait longer
        Duration max = sessionTimeout.plus(SELF_FENCE_TAKES);
        Optional<Set<String>> now = members.get();
        while (now.isEmpty() || now.get().contains(node)) {
            if (waited.compareTo(max) >= 0) {
                return node + "'s controller still holds its ZooKeeper session after " + seconds(max)
                        + " (it answers ZooKeeper, so it is not cut off, or ZooKeeper cannot be read): going on;"
                        + " the fence of " + node + " in this operation and its fence-on-return stand";
            }
            sleeper.sleep(POLL);
            waited = waited.plus(POLL);
            now = members.get();
        }
        // when its session ended is not known (it may have just now): the self-fence gets its time in any case
        Duration budget = afterSessionEnd(sessionTimeout);
        if (!budget.isZero()) {
            sleeper.sleep(budget);
        }
        return node + "'s controller holds no ZooKeeper session (seen after " + seconds(waited) + " of waiting"
                + (budget.isZero() ? "" : ", then " + seconds(budget) + " for a self-fence to finish") + "): " + node
                + "'s lease is over; cut off, its controller has fenced it (one that is not running holds no lease:"
                + " the fence of " + node + " in this operation and its fence-on-return stand)";
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
