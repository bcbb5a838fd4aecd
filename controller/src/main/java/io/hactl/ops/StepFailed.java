package io.hactl.ops;

/** A step did not do what it should; the message names the node, the command and what it said. */
public class StepFailed extends RuntimeException {

    public StepFailed(String message) {
        super(message);
    }

    public StepFailed(String message, Throwable cause) {
        super(message, cause);
    }

    private boolean reported;

    /** True once printed and logged by an {@link Operation} step; otherwise the command prints it. */
    public boolean reported() {
        return reported;
    }

    StepFailed markReported() {
        reported = true;
        return this;
    }
}
