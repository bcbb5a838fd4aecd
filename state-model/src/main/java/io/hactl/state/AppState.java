package io.hactl.state;

import io.hactl.model.AppCode;
import io.hactl.model.Severity;
import java.util.List;

/**
 * The application side's small model: the app VIP and its services. Each constant says what it
 * means and which proposals it leads to (docs/state-machine.md shows both); the detection rules
 * are {@link AppDetector}'s.
 */
public enum AppState {
    ACTIVE(Severity.OK, "The app VIP on one node, all its services running and answering there. Nothing to do.",
            List.of()),
    SERVICES_DOWN(Severity.CRITICAL, "Some services of the active node are not running or do not answer on their port,"
            + " its host answers (shell works). After failover.down_after and 2 cycles: restart them there in the"
            + " configured order (the seed's start.sh), each service's last log lines as evidence.",
            List.of(Proposal.Kind.RESTART_SERVICES)),
    VIP_MISSING(Severity.CRITICAL, "No node holds the app VIP: clients cannot reach the application. Attach it where"
            + " the services run (none run: on the DB master's node).", List.of(Proposal.Kind.ATTACH_APP_VIP)),
    VIP_CONFLICT(Severity.CRITICAL, "Two nodes answer for the app VIP. Detach it from the wrong one (the seed's"
            + " master_unset.sh): the node where the services run keeps it (both or neither: the DB master's node).",
            List.of(Proposal.Kind.DETACH_APP_VIP)),
    UNREACHABLE(Severity.CRITICAL, "The active node cannot be checked (no shell) but answers ping or a service port:"
            + " not lost, watching.", List.of()),
    NODE_LOST(Severity.CRITICAL, "The active node answers nothing from the controller (no ping, no shell, no service"
            + " port). Confirmed lost from the other node's vantage (it sees nothing of it either) and nobody answers"
            + " ARP for the app VIP: move the application to the other node (the seed's master_set.sh, \"takes control"
            + " anyway\"); when that node also held the DB master: one NODE_FAILOVER for both halves. Not confirmed, or"
            + " a MAC still answers ARP for the app VIP: watching.", List.of(Proposal.Kind.MOVE_APP, Proposal.Kind.NODE_FAILOVER)),
    SPLIT_FROM_DB(Severity.WARNING, "The application is active on the other node than the DB master while"
            + " application.follow_db_master is true (the default): once the database side is stable (ACTIVE_SYNCED or"
            + " STANDALONE, no operation of ours) for failover.down_after, move it to the DB master's node (the"
            + " runbook's \"Server maintenance\": the application follows the database).",
            List.of(Proposal.Kind.MOVE_APP));

    private final Severity severity;
    private final String description;
    private final List<Proposal.Kind> leadsTo;

    AppState(Severity severity, String description, List<Proposal.Kind> leadsTo) {
        this.severity = severity;
        this.description = description;
        this.leadsTo = leadsTo;
    }

    public Severity severity() {
        return severity;
    }

    /** What the state means and what is done about it (docs/state-machine.md shows it). */
    public String description() {
        return description;
    }

    /** The proposals this state can lead to (empty: none). */
    public List<Proposal.Kind> leadsTo() {
        return leadsTo;
    }

    /** The app state for an application diagnosis code (before what earlier cycles showed). */
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
