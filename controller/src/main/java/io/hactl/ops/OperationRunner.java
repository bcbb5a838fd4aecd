package io.hactl.ops;

import io.hactl.log.TransitionLog;
import io.hactl.pair.OperationJournal;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import java.io.PrintWriter;

/** Starts operations that print to one output and write to one transition log. */
public final class OperationRunner {

    private final TransitionLog log;
    private final PrintWriter out;
    private final String cluster;
    private final String who;
    private final String why;
    private final boolean dryRun;
    private final StepWatch watch;

    public OperationRunner(TransitionLog log, PrintWriter out, String cluster, String who, String why, boolean dryRun) {
        this(log, out, cluster, who, why, dryRun, StepWatch.NONE);
    }

    /** With {@code watch} asked around each step (the controller's epoch, issue 16). */
    public OperationRunner(TransitionLog log, PrintWriter out, String cluster, String who, String why, boolean dryRun,
                           StepWatch watch) {
        this.watch = watch;
        this.log = log;
        this.out = out;
        this.cluster = cluster;
        this.who = who;
        this.why = why;
        this.dryRun = dryRun;
    }

    public Operation begin(String name, String what) {
        return new Operation(log, out, cluster, name, what, who, why, dryRun, watch);
    }

    /** The body of an operation: its steps; returns the exit code (0 done). */
    @FunctionalInterface
    public interface Body {
        int run(Operation op);
    }

    /**
     * Runs {@code body} as operation {@code name}: 0 done, 2 refused (nothing changed), 1 a step
     * failed. A failure thrown outside a step is printed and logged as the operation's end.
     */
    public int run(String name, String what, Body body) {
        try (Operation op = begin(name, what)) {
            try {
                return body.run(op);
            } catch (StepFailed f) {
                if (!f.reported()) {
                    op.fail(f.getMessage());
                }
                throw f;
            }
        } catch (Refused r) {
            return 2;
        } catch (StepFailed f) {
            return 1;
        }
    }

    /** Records a refusal that came before any operation began (unknown node or service...). */
    public void refusedBeforeStart(String operation, String reason, String fix) {
        OperationJournal.refusedBeforeStart(log, cluster, operation, who, why, reason, fix);
    }

    public TransitionLog log() {
        return log;
    }

    public PrintWriter out() {
        return out;
    }
}
