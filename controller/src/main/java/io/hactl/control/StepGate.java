package io.hactl.control;

/**
 * Whether this controller may start an operation now (issue 16): with coordination, only the
 * leader, while connected ({@code Leadership.mayStartSteps()}); without it, always. Asked on the
 * owner thread before an operation is claimed; the refusal is the sentence the operator and the
 * log get, and nothing starts.
 */
@FunctionalInterface
public interface StepGate {

    /** One controller, no coordination: every operation may start. */
    StepGate OPEN = () -> null;

    /** Why no operation may start here now, or null when one may. */
    String refusal();
}
