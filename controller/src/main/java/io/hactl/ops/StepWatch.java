package io.hactl.ops;

/**
 * What the controller checks around each step of an operation it runs (issue 16): with
 * coordination, a step starts only while this controller still leads with its epoch, asked at the
 * moment the step starts, not once for the whole operation; each step's intent and result go to
 * the operation's record in ZooKeeper. The CLI's commands run without one ({@link #NONE}).
 */
public interface StepWatch {

    /** No controller around the steps: every step may start. */
    StepWatch NONE = new StepWatch() {
        @Override
        public boolean concurrentSteps() {
            return true;
        }
    };

    /**
     * Asked right before a step's change; its sentence ("deposed: ...") stops the operation there:
     * the step is logged refused with it, and the step's change does not run.
     *
     * @return why the step must not start, or null when it may
     */
    default String before(String node, String description) {
        return null;
    }

    /** The step's change ran: {@code ok}, with its detail or its failure in a line. */
    default void after(String node, String description, boolean ok, String detail) {
    }

    /**
     * The sentence that stopped the operation during a step (a node refused its command: "deposed:
     * ..."), which then ends the operation, or null.
     */
    default String stopped() {
        return null;
    }

    /**
     * Whether two steps may run at once ({@link Operation#atOnce}, issue 20): {@link #before} and {@link #after}
     * then come from two threads, interleaved. False (the default) for a watch that follows the steps one at a
     * time: they then run one after the other.
     */
    default boolean concurrentSteps() {
        return false;
    }
}
