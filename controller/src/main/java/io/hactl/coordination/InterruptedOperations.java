package io.hactl.coordination;

import io.hactl.coordination.OperationRecord.Step;
import java.time.Instant;
import java.util.Optional;

/**
 * What a new leader reads on taking over: an operation still RUNNING under an earlier epoch was
 * interrupted with its leader (a crash, a pause, a partition). It is reported as "INTERRUPTED after
 * step N (name)", with the step in flight whose effect is unknown, as an {@link Interrupted} record
 * the controller turns into a proposal (re-probe, then resume or repair, for an ack: never run on
 * its own). Reporting marks it INTERRUPTED in ZooKeeper, under the new leader's epoch, so it is
 * reported once.
 */
public final class InterruptedOperations {

    private static final int ATTEMPTS = 3;

    /**
     * @param operation     the operation as the lost leader left it
     * @param afterStep     the last step with a result (0: none finished)
     * @param afterStepName its name, or null
     * @param inFlight      the step whose intent was written and whose result never was, or null
     * @param epoch         the new leader's epoch that marked it
     * @param sentence      all of it in a sentence, also written as the operation's outcome
     */
    public record Interrupted(OperationRecord operation, int afterStep, String afterStepName, Step inFlight,
                              long epoch, String sentence) {
    }

    private final SharedState state;

    public InterruptedOperations(SharedState state) {
        this.state = state;
    }

    /**
     * The operation an earlier leader left RUNNING, marked INTERRUPTED now; empty when there is none
     * (no operation, one that ended, one already reported, or this leadership's own).
     *
     * @throws StaleEpoch when {@code epoch} is no longer the current one
     */
    public Optional<Interrupted> takeOver(Epoch epoch) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<Versioned<OperationRecord>> read = state.operation();
            if (read.isEmpty() || !read.get().value().running() || read.get().value().epoch() >= epoch.number()) {
                return Optional.empty();
            }
            Interrupted found = describe(read.get().value(), epoch.number());
            if (state.markInterrupted(epoch, read.get(), found.sentence())) {
                return Optional.of(found);
            }
            // the node changed between the read and the mark: read it again
        }
        throw new IllegalStateException("the operation node kept changing while it was being marked INTERRUPTED");
    }

    static Interrupted describe(OperationRecord op, long epoch) {
        Optional<Step> last = op.lastFinished();
        Optional<Step> flying = op.inFlight();
        StringBuilder s = new StringBuilder("INTERRUPTED ");
        if (last.isPresent()) {
            s.append("after step ").append(last.get().number()).append(" (").append(last.get().name()).append(")");
        } else if (flying.isPresent()) {
            s.append("before step ").append(flying.get().number()).append(" (").append(flying.get().name())
                    .append(") finished");
        } else {
            s.append("before its first step");
        }
        s.append(": ").append(op.describe()).append(", lost its leader");
        flying.ifPresent(f -> s.append("; step ").append(f.number()).append(" (").append(f.name())
                .append(") started at ").append(clock(f.intentAt())).append(" with no result: its effect is unknown"));
        s.append("; re-probe, then resume or repair after an acknowledgement");
        return new Interrupted(op, last.map(Step::number).orElse(0), last.map(Step::name).orElse(null),
                flying.orElse(null), epoch, s.toString());
    }

    private static String clock(Instant at) {
        return Connection.clock(at);
    }
}
