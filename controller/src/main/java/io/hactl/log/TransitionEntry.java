package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of the transition log: when, what, why, who. A closed family of records, one per kind
 * of line, each with the fields that apply to it (no field is null because it belongs to another
 * kind of line):
 * <ul>
 *   <li>{@link OperationEntry}: what an operation did ({@code operation-start}, a {@code step-start}/
 *       {@code step-end} pair per step, {@code note}, {@code operation-end} or {@code refused});
 *   <li>{@link StateEntry}: what the controller saw and where its state went ({@code state},
 *       {@code diagnosis}, {@code app-state}, {@code blocked}, {@code unblock}, {@code reminder},
 *       {@code interrupted}, {@code controller-start}, {@code controller-stop}, {@code quorum-lost},
 *       {@code quorum-back});
 *   <li>{@link ProposalEntry}: a proposal and what became of it ({@code proposal}, {@code ack},
 *       {@code reject}, {@code expire}, {@code withdraw});
 *   <li>{@link AlertEntry}: an alert sent or not, per channel ({@code alert}, {@code alert-failed}).
 * </ul>
 *
 * <p>The event ({@link Event}, a closed set) is the line's name on disk and decides its type: Jackson
 * reads the {@code event} field and builds the record that event belongs to (the names below are
 * the enum's, {@code TransitionEntryTest} holds them equal). A line is written as the one flat
 * record of earlier versions wrote it, byte for byte: the same field names, in the same order,
 * absent fields left out; so logs written before the types read as they are, and tools reading
 * {@code transitions.jsonl} or {@code hactl history --json} see no change. How an unknown event
 * or a field a type does not carry reads: {@link TransitionLog}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "event",
        visible = true)
@JsonSubTypes({
        @JsonSubTypes.Type(value = OperationEntry.class, names = {"operation-start", "step-start", "step-end", "note",
                "operation-end", "refused"}),
        @JsonSubTypes.Type(value = StateEntry.class, names = {"state", "diagnosis", "app-state", "blocked", "unblock",
                "reminder", "interrupted", "controller-start", "controller-stop", "quorum-lost", "quorum-back"}),
        @JsonSubTypes.Type(value = ProposalEntry.class, names = {"proposal", "ack", "reject", "expire", "withdraw"}),
        @JsonSubTypes.Type(value = AlertEntry.class, names = {"alert", "alert-failed"})})
public sealed interface TransitionEntry permits OperationEntry, StateEntry, ProposalEntry, AlertEntry {

    /** When it happened; a line without a time is not read as an entry. */
    Instant time();

    /** The cluster's name from hactl.yml; null on the lines the controller's recovery writes. */
    String cluster();

    Event event();

    /** The actor: an operator ("alice", "root (sudo by alice)@db1"), or "controller". */
    String who();

    /** Why, in the actor's words: the --reason, the ack's comment, the proposal's sentence; often null. */
    String why();

    /**
     * The operation run a line belongs to ({@code hactl history --operation ID}): an operation's
     * lines, and an acknowledgement that names the run it started; null for every other line.
     */
    static String operationIdOf(TransitionEntry e) {
        if (e instanceof OperationEntry o) {
            return o.operationId();
        }
        return e instanceof ProposalEntry p ? p.operationId() : null;
    }

    /** The events, by the name written in the {@code event} field, each with the type of its lines. */
    enum Event {
        OPERATION_START("operation-start", OperationEntry.class),
        STEP_START("step-start", OperationEntry.class),
        STEP_END("step-end", OperationEntry.class),
        NOTE("note", OperationEntry.class),
        OPERATION_END("operation-end", OperationEntry.class),
        REFUSED("refused", OperationEntry.class),
        STATE("state", StateEntry.class),
        DIAGNOSIS("diagnosis", StateEntry.class),
        APP_STATE("app-state", StateEntry.class),
        BLOCKED("blocked", StateEntry.class),
        UNBLOCK("unblock", StateEntry.class),
        REMINDER("reminder", StateEntry.class),
        INTERRUPTED("interrupted", StateEntry.class),
        CONTROLLER_START("controller-start", StateEntry.class),
        CONTROLLER_STOP("controller-stop", StateEntry.class),
        QUORUM_LOST("quorum-lost", StateEntry.class),
        QUORUM_BACK("quorum-back", StateEntry.class),
        PROPOSAL("proposal", ProposalEntry.class),
        ACK("ack", ProposalEntry.class),
        REJECT("reject", ProposalEntry.class),
        EXPIRE("expire", ProposalEntry.class),
        WITHDRAW("withdraw", ProposalEntry.class),
        ALERT("alert", AlertEntry.class),
        ALERT_FAILED("alert-failed", AlertEntry.class);

        private final String json;
        private final Class<? extends TransitionEntry> type;

        Event(String json, Class<? extends TransitionEntry> type) {
            this.json = json;
            this.type = type;
        }

        /** The name in the {@code event} field: {@code operation-start}, {@code alert-failed}. */
        @JsonValue
        public String json() {
            return json;
        }

        /** The record whose lines carry this event. */
        public Class<? extends TransitionEntry> type() {
            return type;
        }

        /** The event named {@code json} in a line; empty when this hactl does not know the name. */
        public static Optional<Event> named(String json) {
            return Arrays.stream(values()).filter(e -> e.json.equals(json)).findFirst();
        }

        /** The name as written: what a message or a table shows. */
        @Override
        public String toString() {
            return json;
        }

        /** This event, checked to be one of {@code type}'s lines (a record built with another kind's event is a bug). */
        Event of(Class<? extends TransitionEntry> lineType) {
            if (type != lineType) {
                throw new IllegalArgumentException("a " + json + " line is a " + type.getSimpleName() + ", not a "
                        + lineType.getSimpleName());
            }
            return this;
        }
    }
}
