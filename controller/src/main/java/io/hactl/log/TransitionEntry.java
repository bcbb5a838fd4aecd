package io.hactl.log;

import java.time.Instant;

/**
 * One line of the transition log: when, what, why, who. Operations write an
 * {@code operation-start}, a {@code step-start}/{@code step-end} pair per step and an
 * {@code operation-end} (or {@code refused}); state changes (issue 5) write {@code state}.
 *
 * @param operationId groups the lines of one operation run (null for lone events)
 * @param result      ok, failed, skipped, refused, dry-run, rolled-back; null on start lines
 * @param elapsedMs   duration of the step or operation, on end lines
 */
public record TransitionEntry(Instant time, String cluster, String event, String operation, String operationId,
                              String step, String node, String result, String detail, String who, String why,
                              Long elapsedMs) {
}
