package io.hactl.control;

import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;

/**
 * Whether this controller may start an operation, and each of its steps, now (issue 16): with
 * coordination, only the leader, while connected ({@code Leadership.mayStartSteps()}); without it,
 * always. Asked on the owner thread before an operation is claimed ({@link #refusal()}), and on the
 * operations thread before each step ({@link #permit()}, whose epoch the step carries to the node);
 * the refusal is the sentence the operator and the log get, and nothing more starts.
 */
@FunctionalInterface
public interface StepGate {

    /** One controller, no coordination: every operation may start. */
    StepGate OPEN = () -> null;

    /** Why no operation may start here now, or null when one may. */
    String refusal();

    /**
     * Before each step: granted with the epoch the step carries, or refused with why. A granted
     * permission without an epoch is a controller without coordination: its commands go to the
     * nodes as they are. This default (no coordination) grants what {@link #refusal()} allows.
     */
    default StepPermission permit() {
        String why = refusal();
        return why == null ? StepPermission.granted(null) : StepPermission.refused(why);
    }

    /** Where the leader records its operation and each step's intent and result; null without coordination. */
    default SharedState sharedState() {
        return null;
    }

    /**
     * A node refused a step: it has seen epoch {@code seen}, newer than this controller's. The
     * coordination starts nothing more until it leads with a higher epoch, and says so.
     */
    default void deposed(long seen, String sentence) {
    }

    /** Whether this is a coordinated controller (one of three, on ZooKeeper): then nodes hold leases. */
    default boolean coordinated() {
        return false;
    }

    /**
     * Before a failover changes anything: waits until {@code node}'s own controller can have fenced
     * it (its ZooKeeper session gone, the self-fence's time passed: {@code io.hactl.selffence.LeaseEnd})
     * and returns what it waited for; null without coordination (no lease, nothing waited).
     */
    default String awaitLease(String node) {
        return null;
    }
}
