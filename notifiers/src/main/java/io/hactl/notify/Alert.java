package io.hactl.notify;

import io.hactl.model.Severity;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * One thing an operator is told about: a state change, a proposal, what became of it, the end
 * of an operation, a reminder, a recovery. What a {@link Notifier} takes. Build it with the
 * factories ({@link #stateChange}, {@link #proposal}, ...): they fill in the severity
 * ({@link Severities}), the title and the dedup key.
 *
 * @param cluster         the pair's name ({@code cluster:} in hactl.yml)
 * @param time            when it happened
 * @param kind            what it is
 * @param from            the cluster state before (null when it does not apply)
 * @param to              the cluster state now (null when it does not apply)
 * @param severity        OK is shown as "info"
 * @param title           the short form after "[SEVERITY] cluster: " ("MASTER_DOWN — failover proposed")
 * @param sentence        what the controller saw, in a sentence a person can read
 * @param evidence        the probe facts behind it, each with since when
 * @param proposal        the proposal this is about (null if none): its id and how to confirm it
 * @param dedupKey        the condition: the same key alerts once ({@link AlertPolicy})
 * @param suppressedFlaps how many changes of this condition were held back as flapping since the last message
 * @param since           reminders and recoveries: since when the condition has stood (null otherwise)
 */
public record Alert(String cluster, Instant time, Kind kind, ClusterState from, ClusterState to, Severity severity,
                    String title, String sentence, List<String> evidence, Proposal proposal, String dedupKey,
                    int suppressedFlaps, Instant since) {

    public enum Kind {
        /** The cluster state changed. */
        STATE_CHANGE,
        /** The controller proposes an action an operator confirms. */
        PROPOSAL,
        /** An operator acknowledged a proposal (its operation runs). */
        ACK,
        /** An operator rejected a proposal, or it expired. */
        REJECT,
        /** An operation (switchover, failover, resync...) finished, well or not. */
        OPERATION_END,
        /** An operation started and never finished (the controller died during it). */
        INTERRUPTED,
        /** A warning or critical state still stands. */
        REMINDER,
        /** The cluster is healthy again after an announced condition. */
        RECOVERY,
        /** {@code hactl notify test}. */
        TEST,
        /** ZooKeeper has no quorum as a controller sees it: no leader, no proposals, no operations (issue 16). */
        QUORUM_LOST,
        /** ZooKeeper has a quorum again, after an announced {@link #QUORUM_LOST}. */
        QUORUM_BACK
    }

    public Alert {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (cluster == null || time == null || kind == null || severity == null || title == null || dedupKey == null) {
            throw new IllegalArgumentException("an alert needs cluster, time, kind, severity, title and dedup key");
        }
    }

    // ---- factories

    /** The cluster went from {@code from} to {@code to}; {@code proposal} is the one made with it, if any. */
    public static Alert stateChange(String cluster, Instant time, ClusterState from, ClusterState to, String sentence,
                                    List<String> evidence, Proposal proposal) {
        String title = to.name() + (proposal != null ? " — " + proposed(proposal) : "");
        return new Alert(cluster, time, Kind.STATE_CHANGE, from, to, Severities.ofState(to), title, sentence, evidence,
                proposal, stateKey(cluster, to), 0, null);
    }

    /** A new proposal (when it is not announced with its state change). */
    public static Alert proposal(String cluster, Instant time, ClusterState state, Proposal proposal) {
        String title = (state != null ? state.name() + " — " : "") + proposed(proposal);
        return new Alert(cluster, time, Kind.PROPOSAL, null, state, Severities.ofProposal(proposal.kind()), title,
                proposal.sentence(), proposal.evidence(), proposal, cluster + ":proposal:" + proposal.id(), 0, null);
    }

    /** A proposal was acknowledged ({@code p.decidedBy()}, {@code p.comment()}). */
    public static Alert acknowledged(String cluster, Instant time, Proposal p) {
        return decided(cluster, time, Kind.ACK, p, "acknowledged");
    }

    /** A proposal was rejected, or expired (its status says which). */
    public static Alert rejected(String cluster, Instant time, Proposal p) {
        return decided(cluster, time, Kind.REJECT, p,
                p.status() == Proposal.Status.EXPIRED ? "expired" : "rejected");
    }

    private static Alert decided(String cluster, Instant time, Kind kind, Proposal p, String what) {
        String by = p.decidedBy() == null || p.status() == Proposal.Status.EXPIRED ? "" : " by " + p.decidedBy();
        String title = kind(p) + " " + p.id() + " " + what + by;
        String sentence = title + (p.comment() == null || p.comment().isBlank() ? "" : ": " + p.comment())
                + " (" + p.action() + ")";
        return new Alert(cluster, time, kind, null, null, Severities.ofKind(kind), title, sentence, p.evidence(), p,
                cluster + ":" + what + ":" + p.id(), 0, null);
    }

    /** An operation finished; {@code ok} false when it failed (critical: the operator must look). */
    public static Alert operationEnd(String cluster, Instant time, String operation, String operationId, boolean ok,
                                     String sentence, List<String> evidence) {
        return new Alert(cluster, time, Kind.OPERATION_END, null, null, Severities.ofOperationEnd(ok),
                operation + (ok ? " finished" : " FAILED"), sentence, evidence, null,
                cluster + ":operation-end:" + operationId, 0, null);
    }

    /** An operation that started and never finished (found on restart). */
    public static Alert interrupted(String cluster, Instant time, String operation, String operationId,
                                    String sentence, List<String> evidence) {
        return new Alert(cluster, time, Kind.INTERRUPTED, null, null, Severities.ofKind(Kind.INTERRUPTED),
                "INTERRUPTED — " + operation + " " + operationId + " never finished", sentence, evidence, null,
                cluster + ":interrupted:" + operationId, 0, null);
    }

    /**
     * ZooKeeper has no quorum as controller {@code member} sees it (issue 16): {@code answers} is what
     * each ZooKeeper member answered. One condition per controller: alerted once, reminded while it
     * stands, resolved by {@link #quorumBack} ({@link AlertPolicy}).
     */
    public static Alert quorumLost(String cluster, Instant time, String member, String answers, List<String> evidence) {
        return new Alert(cluster, time, Kind.QUORUM_LOST, null, null, Severities.ofKind(Kind.QUORUM_LOST),
                QUORUM_LOST_TITLE + " — no controller leads (seen by " + member + ")",
                "ZooKeeper has no quorum as controller " + member + " sees it: " + answers + ". There is no leader:"
                        + " no proposals, no operations on any controller; the pair keeps serving as it is (nothing"
                        + " is changed on it, nothing is failed over). To end it: bring back a ZooKeeper member (or"
                        + " its host) so that a majority serves; hactl status on any controller shows each member's"
                        + " answer.", evidence, null, quorumKey(cluster, member), 0, null);
    }

    /** ZooKeeper has a quorum again as controller {@code member} sees it; {@code how}: the event that says so. */
    public static Alert quorumBack(String cluster, Instant time, String member, String how) {
        return new Alert(cluster, time, Kind.QUORUM_BACK, null, null, Severities.ofKind(Kind.QUORUM_BACK),
                "quorum back — " + QUORUM_LOST_TITLE + " cleared (seen by " + member + ")",
                "ZooKeeper has a quorum again as controller " + member + " sees it (" + how + "): the controllers"
                        + " elect a leader; proposals and operations resume.", List.of(), null,
                quorumKey(cluster, member), 0, null);
    }

    private static final String QUORUM_LOST_TITLE = "QUORUM LOST";

    private static String quorumKey(String cluster, String member) {
        return cluster + ":quorum-lost:" + member;
    }

    /** The message of {@code hactl notify test}. */
    public static Alert test(String cluster, Instant time, String channel, String who) {
        return new Alert(cluster, time, Kind.TEST, null, null, Severities.ofKind(Kind.TEST),
                "test message for channel " + channel,
                "This is a test of the alert channel '" + channel + "', sent by " + who
                        + " with hactl notify test. Nothing is wrong with the pair.",
                List.of(), null, cluster + ":test:" + channel + ":" + time.toEpochMilli(), 0, null);
    }

    /** The dedup key of a cluster state as a condition. */
    public static String stateKey(String cluster, ClusterState state) {
        return cluster + ":state:" + state.name();
    }

    // ---- derived forms

    /** The same alert, re-sent as a reminder of a standing condition (since {@code since}). */
    Alert asReminder(Instant now, Instant standingSince, int flaps) {
        return new Alert(cluster, now, Kind.REMINDER, from, to, severity, "still " + title, sentence, evidence,
                proposal, dedupKey, flaps, standingSince);
    }

    /** A condition that keeps flapping: one summary of the changes held back; {@code now} the cluster's state. */
    Alert asFlapSummary(Instant at, ClusterState now, int flaps) {
        String t = (to == null ? title : to.name()) + " flapping" + (now == to || now == null ? "" : ", now " + now.name());
        return new Alert(cluster, at, Kind.REMINDER, from, now, severity, t, sentence, evidence, proposal, dedupKey, flaps,
                null);
    }

    /** A held-back alert, sent once its condition stopped flapping. */
    Alert withFlaps(int flaps) {
        return new Alert(cluster, time, kind, from, to, severity, title, sentence, evidence, proposal, dedupKey, flaps,
                since);
    }

    /** The same alert with {@code standingSince}: a resolved condition says since when it stood. */
    Alert withSince(Instant standingSince) {
        return new Alert(cluster, time, kind, from, to, severity, title, sentence, evidence, proposal, dedupKey,
                suppressedFlaps, standingSince);
    }

    /** The recovery of the condition this alert announced, seen in {@code back} (the state change to a healthy state). */
    Alert asRecovery(Alert back, Instant standingSince, int flaps) {
        return new Alert(back.cluster, back.time, Kind.RECOVERY, to, back.to, Severities.ofKind(Kind.RECOVERY),
                (back.to == null ? "recovered" : back.to.name()) + " — " + (to == null ? title : to.name()) + " cleared",
                back.sentence, back.evidence, back.proposal, dedupKey, flaps, standingSince);
    }

    /** "INFO", "WARNING", "CRITICAL". */
    public String severityLabel() {
        return Severities.label(severity);
    }

    /** {@code [CRITICAL] pair1: MASTER_DOWN — failover proposed} */
    public String subject() {
        return "[" + severityLabel() + "] " + cluster + ": " + title;
    }

    /** The command that confirms the proposal ({@code hactl ack p-1a2b3c}), or null. */
    public String confirmCommand() {
        return proposal == null ? null : "hactl ack " + proposal.id();
    }

    /** The REST call that confirms the proposal ({@code POST /api/proposals/p-1a2b3c/ack}), or null. */
    public String confirmApi() {
        return proposal == null ? null : "POST /api/proposals/" + proposal.id() + "/ack";
    }

    /** The command that rejects the proposal, or null. */
    public String rejectCommand() {
        return proposal == null ? null : "hactl reject " + proposal.id();
    }

    /** Whether the message should say how to confirm: the proposal is still waiting for an operator. */
    public boolean awaitsConfirmation() {
        return proposal != null && proposal.pending();
    }

    private static String proposed(Proposal p) {
        return kind(p) + " proposed";
    }

    private static String kind(Proposal p) {
        return switch (p.kind()) {
            case FAILOVER -> "failover";
            case DETACH_VIP -> "VIP detach";
            case REJOIN -> "rejoin";
            case RESYNC -> "resync";
            case RESTART_SERVICES -> "services restart";
            case MOVE_APP -> "application move";
            case DETACH_APP_VIP -> "app VIP detach";
            case ATTACH_APP_VIP -> "app VIP attach";
            case NODE_FAILOVER -> "node failover";
        };
    }

    String kindName() {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
