package io.hactl.model;

/** The closed set of diagnoses for the application side (app VIP and its services). */
public enum AppCode {
    /** The app VIP is on one node and all its services run there. Nothing to do. */
    ACTIVE(Severity.OK),
    /** Services also run on the passive node (they should run on one node at a time). */
    SERVICES_ON_PASSIVE(Severity.WARNING),
    /** Some services of the active node are not running or their port does not answer. Start them. */
    SERVICES_DOWN(Severity.CRITICAL),
    /** The node with the app VIP cannot be reached. */
    ACTIVE_UNREACHABLE(Severity.CRITICAL),
    /** No node holds the app VIP: clients cannot reach the application. */
    VIP_MISSING(Severity.CRITICAL),
    /** Two nodes answer for the app VIP: an IP conflict. Detach it from one (master-unset). */
    VIP_CONFLICT(Severity.CRITICAL);

    private final Severity severity;

    AppCode(Severity severity) {
        this.severity = severity;
    }

    public Severity severity() {
        return severity;
    }
}
