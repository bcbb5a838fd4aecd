package io.hactl.notify;

import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.util.Locale;

/**
 * How bad each alert is (docs/alerts.md). Critical: the master is down or about to be failed
 * over, split brain, no writable master, an interrupted or failed operation. Warning: no
 * online backup (degraded, stand-alone), the master unreachable from the controller only, an
 * out-of-date node, a resync or switch in progress. Critical too: a ZooKeeper quorum lost (no controller leads). Info ({@link Severity#OK}): healthy again,
 * acknowledgements, rejections, operations finished, tests.
 */
public final class Severities {

    private Severities() {
    }

    public static Severity ofState(ClusterState state) {
        return switch (state) {
            case MASTER_DOWN, FAILOVER_PROPOSED, SPLIT_BRAIN, NO_MASTER -> Severity.CRITICAL;
            case DEGRADED, STANDALONE, MASTER_UNREACHABLE, OUT_OF_DATE, RESYNCING, SWITCHING -> Severity.WARNING;
            case ACTIVE_SYNCED, STARTING -> Severity.OK;
        };
    }

    /** A failover or a VIP detach is proposed on a critical state; a rejoin or resync on a warning one. */
    public static Severity ofProposal(Proposal.Kind kind) {
        return switch (kind) {
            case FAILOVER, NODE_FAILOVER, DETACH_VIP, MOVE_APP, RESTART_SERVICES, DETACH_APP_VIP, ATTACH_APP_VIP ->
                    Severity.CRITICAL;
            case REJOIN, RESYNC -> Severity.WARNING;
        };
    }

    public static Severity ofOperationEnd(boolean ok) {
        return ok ? Severity.OK : Severity.CRITICAL;
    }

    /** The kinds whose severity does not depend on a state or a proposal. */
    public static Severity ofKind(Alert.Kind kind) {
        return switch (kind) {
            case INTERRUPTED, QUORUM_LOST -> Severity.CRITICAL;
            case ACK, REJECT, RECOVERY, TEST, OPERATION_END, QUORUM_BACK -> Severity.OK;
            case STATE_CHANGE, PROPOSAL, REMINDER -> throw new IllegalArgumentException(
                    kind + ": its severity is the state's or the proposal's");
        };
    }

    /** "INFO", "WARNING", "CRITICAL": OK is shown as info. */
    public static String label(Severity s) {
        return s == Severity.OK ? "INFO" : s.name();
    }

    /** Reads "info" (or "ok"), "warning", "critical", any case; throws with the accepted words. */
    public static Severity parse(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "info", "ok" -> Severity.OK;
            case "warning" -> Severity.WARNING;
            case "critical" -> Severity.CRITICAL;
            default -> throw new IllegalArgumentException("'" + text + "' is not a severity: write info, warning"
                    + " or critical");
        };
    }

    /** Whether an alert of {@code s} passes a channel whose minimum is {@code min}. */
    public static boolean passes(Severity s, Severity min) {
        return s.ordinal() >= min.ordinal();
    }
}
