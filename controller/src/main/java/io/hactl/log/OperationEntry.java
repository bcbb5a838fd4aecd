package io.hactl.log;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.Objects;

/**
 * A line an operation writes (issue 3's form), all under one {@code operationId}: {@code
 * operation-start}, a {@code step-start}/{@code step-end} pair per step, {@code note}s, then
 * {@code operation-end} or {@code refused}. The one writer is {@code pair.OperationJournal};
 * the controller also writes a {@code refused} line for a run it could not start and a {@code
 * note} on a fence left for later, and its recovery an {@code operation-end} with result
 * {@code interrupted}.
 *
 * @param operation   the operation's name ({@code failover}, {@code db-master-set}, {@code start})
 * @param operationId groups the lines of one run; null on a refusal before any run began
 * @param step        the step's words, on step lines
 * @param node        the node a step or note is about
 * @param result      ok, failed, skipped, refused, interrupted, dry-run, rolled-back; null on start lines
 * @param detail      what the operation says: its plan on start, a step's outcome, a note's text, why refused
 * @param elapsedMs   duration of the step or the operation, on end lines
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"time", "cluster", "event", "operation", "operationId", "step", "node", "result", "detail", "who",
        "why", "elapsedMs"})
public record OperationEntry(Instant time, String cluster, Event event, String operation, String operationId,
                             String step, String node, String result, String detail, String who, String why,
                             Long elapsedMs) implements TransitionEntry {

    public OperationEntry {
        Objects.requireNonNull(event, "event").of(OperationEntry.class);
    }
}
