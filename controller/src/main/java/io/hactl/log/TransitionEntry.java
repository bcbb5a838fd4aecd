package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;

/**
 * One line of the transition log: when, what, why, who. The events (a closed set, see
 * {@link Events}):
 * <ul>
 *   <li>operations: {@code operation-start}, a {@code step-start}/{@code step-end} pair per
 *       step, {@code note}, {@code operation-end} (or {@code refused});
 *   <li>the controller: {@code state} (from, to, sentence, evidence), {@code diagnosis}
 *       (the sentence changed), {@code app-state}, {@code proposal}, {@code ack}, {@code reject},
 *       {@code expire}, {@code withdraw}, {@code blocked}, {@code reminder},
 *       {@code interrupted}, {@code controller-start}, {@code controller-stop};
 *   <li>alerts (issue 6): {@code alert}, {@code alert-failed}.
 * </ul>
 * Fields that do not apply to an event are null and left out of the JSON line.
 *
 * @param operationId groups the lines of one operation run (null for lone events)
 * @param result      ok, failed, skipped, refused, dry-run, rolled-back; null on start lines
 * @param elapsedMs   duration of the step or operation, on end lines
 * @param who         the actor: an operator ("alice", "root@host"), or "controller"
 * @param from        cluster state before a {@code state} event
 * @param to          cluster state after a {@code state} event
 * @param sentence    what the controller saw, in a sentence a person can read
 * @param evidence    the probe facts behind the sentence ("n1 SQL: connection refused since 19:02:03.120")
 * @param proposalId  the proposal this line is about, if any
 * @param proposal    on {@code proposal}, {@code ack}, {@code reject}, {@code expire} and
 *                    {@code withdraw} lines: the whole proposal as it is after the event (so a
 *                    restarted controller rebuilds its pending proposals from the log)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransitionEntry(Instant time, String cluster, String event, String operation, String operationId,
                              String step, String node, String result, String detail, String who, String why,
                              Long elapsedMs, String from, String to, String sentence, List<String> evidence,
                              String proposalId, Proposal proposal) {

    /** An operation line (the form of issue 3). */
    public TransitionEntry(Instant time, String cluster, String event, String operation, String operationId,
                           String step, String node, String result, String detail, String who, String why,
                           Long elapsedMs) {
        this(time, cluster, event, operation, operationId, step, node, result, detail, who, why, elapsedMs,
                null, null, null, null, null, null);
    }

    /** A controller line: a state change, a proposal and what became of it, a reminder... */
    public static TransitionEntry controller(Instant time, String cluster, String event, String from, String to,
                                             String sentence, List<String> evidence, String who, String why) {
        return new TransitionEntry(time, cluster, event, null, null, null, null, null, null, who, why, null,
                from, to, sentence, evidence == null || evidence.isEmpty() ? null : List.copyOf(evidence), null, null);
    }

    /** A proposal line: made, acknowledged, rejected, expired or withdrawn ({@code operationId}: the run an ack started). */
    public static TransitionEntry proposal(Instant time, String cluster, String event, Proposal p, String operationId,
                                           String who, String why) {
        return new TransitionEntry(time, cluster, event, p.kind().name().toLowerCase(java.util.Locale.ROOT), operationId,
                null, p.node(), p.status().name().toLowerCase(java.util.Locale.ROOT), p.risk(), who, why, null, null, null,
                p.sentence(), p.evidence() == null || p.evidence().isEmpty() ? null : List.copyOf(p.evidence()), p.id(), p);
    }

    /** The names of the events, as written in the {@code event} field. */
    public static final class Events {
        public static final String OPERATION_START = "operation-start";
        public static final String STEP_START = "step-start";
        public static final String STEP_END = "step-end";
        public static final String NOTE = "note";
        public static final String OPERATION_END = "operation-end";
        public static final String REFUSED = "refused";
        public static final String STATE = "state";
        public static final String DIAGNOSIS = "diagnosis";
        public static final String APP_STATE = "app-state";
        public static final String PROPOSAL = "proposal";
        public static final String ACK = "ack";
        public static final String REJECT = "reject";
        public static final String EXPIRE = "expire";
        public static final String WITHDRAW = "withdraw";
        public static final String BLOCKED = "blocked";
        public static final String UNBLOCK = "unblock";
        public static final String REMINDER = "reminder";
        public static final String INTERRUPTED = "interrupted";
        public static final String CONTROLLER_START = "controller-start";
        public static final String CONTROLLER_STOP = "controller-stop";
        public static final String ALERT = "alert";
        public static final String ALERT_FAILED = "alert-failed";

        private Events() {
        }
    }
}
