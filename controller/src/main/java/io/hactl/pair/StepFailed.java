package io.hactl.pair;

/** A step did not do what it should; the message names the node, the command and what it said. */
public class StepFailed extends RuntimeException {

    public StepFailed(String message) {
        super(message);
    }

    public StepFailed(String message, Throwable cause) {
        super(message, cause);
    }

    private boolean reported;

    /** True once printed and logged by an {@code io.hactl.ops.Operation} step; otherwise the command prints it. */
    public boolean reported() {
        return reported;
    }

    /** Called by the operation that printed and logged it (public since this package sits below ops). */
    public StepFailed markReported() {
        reported = true;
        return this;
    }
}
