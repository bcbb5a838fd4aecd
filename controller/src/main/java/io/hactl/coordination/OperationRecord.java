package io.hactl.coordination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The operation the leader runs ({@code <base>/state/operation}): each step's intent is written
 * before the step and its result after, so a new leader knows how far a deposed one got.
 *
 * @param id         the operation's id
 * @param name       what it is ("failover", "switchover")
 * @param proposalId the acknowledged proposal it runs, or null
 * @param epoch      the epoch of the leader that started it; only that leadership writes its steps
 * @param leader     the member that started it
 * @param startedAt  when
 * @param status     RUNNING until DONE, FAILED, or INTERRUPTED (marked by the next leader)
 * @param steps      the steps begun so far, in order, numbered from 1
 * @param endedAt    when it ended or was marked interrupted; null while RUNNING
 * @param outcome    how it ended, in a sentence; null while RUNNING
 */
public record OperationRecord(String id, String name, String proposalId, long epoch, String leader, Instant startedAt,
                              Status status, List<Step> steps, Instant endedAt, String outcome) {

    public enum Status { RUNNING, DONE, FAILED, INTERRUPTED }

    /**
     * One step: intent first (number, name, intentAt), result after (resultAt, ok, result).
     *
     * @param number   1, 2, 3...
     * @param name     what the step does ("db-read-only n1")
     * @param intentAt when it was about to start
     * @param resultAt when it ended; null while it runs (or when it never reported)
     * @param ok       whether it did what it meant to; null while it runs
     * @param result   what it reported, in a line
     */
    public record Step(int number, String name, Instant intentAt, Instant resultAt, Boolean ok, String result) {

        public boolean finished() {
            return resultAt != null;
        }
    }

    public OperationRecord {
        steps = List.copyOf(steps);
    }

    public boolean running() {
        return status == Status.RUNNING;
    }

    /** The last step with a result. */
    public Optional<Step> lastFinished() {
        return steps.stream().filter(Step::finished).reduce((a, b) -> b);
    }

    /** The step whose intent was written and whose result was not. */
    public Optional<Step> inFlight() {
        return steps.isEmpty() || steps.get(steps.size() - 1).finished() ? Optional.empty()
                : Optional.of(steps.get(steps.size() - 1));
    }

    OperationRecord withStep(Step step) {
        List<Step> s = new ArrayList<>(steps);
        if (!s.isEmpty() && s.get(s.size() - 1).number() == step.number()) {
            s.set(s.size() - 1, step);
        } else {
            s.add(step);
        }
        return new OperationRecord(id, name, proposalId, epoch, leader, startedAt, status, s, endedAt, outcome);
    }

    OperationRecord ended(Status how, Instant at, String sentence) {
        return new OperationRecord(id, name, proposalId, epoch, leader, startedAt, how, steps, at, sentence);
    }

    /** "failover o-12 (proposal p-3), started by n1 in epoch 7 at 12:00:01". */
    public String describe() {
        return name + " " + id + (proposalId == null ? "" : " (proposal " + proposalId + ")") + ", started by "
                + leader + " in epoch " + epoch + " at " + Connection.clock(startedAt);
    }
}
