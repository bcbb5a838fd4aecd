package io.hactl.state;

import io.hactl.model.AppCode;

/** The application side's small model: the app VIP and its services. */
public enum AppState {
    /** The app VIP on one node, all its services running there. */
    ACTIVE,
    /** Some services of the active node are down or do not answer on their port. hactl start. */
    SERVICES_DOWN,
    /** No node holds the app VIP. hactl master-set --node N. */
    VIP_MISSING,
    /** Two nodes answer for the app VIP. hactl master-unset --node N on the wrong one. */
    VIP_CONFLICT,
    /** The active node cannot be checked. */
    UNREACHABLE;

    /** The app state for an application diagnosis code. */
    public static AppState of(AppCode code) {
        return switch (code) {
            case ACTIVE, SERVICES_ON_PASSIVE -> ACTIVE;
            case SERVICES_DOWN -> SERVICES_DOWN;
            case VIP_MISSING -> VIP_MISSING;
            case VIP_CONFLICT -> VIP_CONFLICT;
            case ACTIVE_UNREACHABLE -> UNREACHABLE;
        };
    }
}
