package io.hactl.ops;

import io.hactl.log.TransitionLog;
import java.io.PrintWriter;

/** Starts operations that print to one output and write to one transition log. */
public final class OperationRunner {

    private final TransitionLog log;
    private final PrintWriter out;
    private final String cluster;
    private final String who;
    private final String why;
    private final boolean dryRun;

    public OperationRunner(TransitionLog log, PrintWriter out, String cluster, String who, String why, boolean dryRun) {
        this.log = log;
        this.out = out;
        this.cluster = cluster;
        this.who = who;
        this.why = why;
        this.dryRun = dryRun;
    }

    public Operation begin(String name, String what) {
        return new Operation(log, out, cluster, name, what, who, why, dryRun);
    }

    /** Records a refusal that came before any operation began (unknown node or service...). */
    public void refusedBeforeStart(String operation, String reason, String fix) {
        log.append(new io.hactl.log.TransitionEntry(java.time.Instant.now(), cluster, "refused", operation, null, null,
                null, "refused", reason + (fix == null ? "" : " — " + fix), who, why, 0L));
    }

    public TransitionLog log() {
        return log;
    }

    public PrintWriter out() {
        return out;
    }
}
