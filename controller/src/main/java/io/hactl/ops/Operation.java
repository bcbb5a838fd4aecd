package io.hactl.ops;

import io.hactl.log.TransitionLog;
import io.hactl.pair.OperationJournal;
import io.hactl.pair.Refused;
import io.hactl.pair.StepFailed;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * One run of an operator command (start, master-set, db-master-set...): prints each step
 * as it runs and writes it to the transition log (start, end, result, who, why). In a dry
 * run, {@link #step} prints what it would do and changes nothing; reads (probes, checks)
 * still run so the plan is the real one.
 *
 * <pre>
 * try (Operation op = runner.begin("master-set", "make n2 the active application server")) {
 *     op.step("n1", "stop tomcat", () -> services.stop(n1, tomcat));
 *     op.succeed("n2 is active");
 * }
 * </pre>
 * Closing an operation that neither succeeded nor was refused records it as failed. What it
 * writes to the log and how it holds the pair is {@link OperationJournal}'s: this class is
 * the operator's side (numbered steps, dry runs).
 */
public final class Operation implements AutoCloseable {

    /** A change to a node; returns a short detail for the log ("pids 4242"), or throws {@link StepFailed}. */
    @FunctionalInterface
    public interface Action {
        String run();
    }

    private final OperationJournal journal;
    private final PrintWriter out;
    private final String name;
    private final boolean dryRun;
    private final StepWatch watch;
    private int steps;

    Operation(TransitionLog log, PrintWriter out, String cluster, String name, String what, String who, String why,
              boolean dryRun, StepWatch watch) {
        this.watch = watch;
        this.journal = new OperationJournal(log, cluster, name, who, why, dryRun);
        this.out = out;
        this.name = name;
        this.dryRun = dryRun;
        say((dryRun ? "[dry-run] " : "") + name + ": " + what);
        out.flush();
        if (!dryRun) {
            try {
                journal.lockPair();
            } catch (Refused r) {
                throw refuse(r.reason(), r.fix());
            }
            journal.started(what);
        }
    }

    /** One line for the operator, its control characters escaped (names and messages from nodes and servers). */
    private void say(String line) {
        out.println(ControlChars.escape(line));
    }

    public boolean dryRun() {
        return dryRun;
    }

    public String id() {
        return journal.id();
    }

    /** Runs (or, in a dry run, only announces) one change on {@code node}. */
    public String step(String node, String description, Action action) {
        steps++;
        String label = String.format(Locale.ROOT, "  %2d. %-4s %s", steps, node == null ? "" : node, description);
        if (dryRun) {
            say(label + "  (dry run: not done)");
            out.flush();
            return null;
        }
        String refused = watch.before(node, description);
        if (refused != null) {
            // not marked reported: the operation ends with this sentence (OperationRunner.run, or the body's fail)
            say(label + " ... REFUSED: " + refused);
            out.flush();
            journal.stepEnded(node, description, "refused", refused, 0L);
            throw new StepFailed(refused);
        }
        out.print(ControlChars.escape(label) + " ... ");
        out.flush();
        journal.stepStarted(node, description);
        long s0 = System.nanoTime();
        try {
            String detail = action.run();
            long ms = (System.nanoTime() - s0) / 1_000_000;
            say("ok" + (detail == null || detail.isBlank() ? "" : ": " + detail) + " (" + ms + " ms)");
            out.flush();
            journal.stepEnded(node, description, "ok", detail, ms);
            watch.after(node, description, true, detail);
            return detail;
        } catch (RuntimeException e) {
            long ms = (System.nanoTime() - s0) / 1_000_000;
            say("FAILED (" + ms + " ms)");
            say("      " + e.getMessage());
            out.flush();
            journal.stepEnded(node, description, "failed", e.getMessage(), ms);
            watch.after(node, description, false, e.getMessage());
            String stopped = watch.stopped();
            if (stopped != null) {
                throw new StepFailed(stopped, e); // not reported: the operation ends with this sentence
            }
            throw (e instanceof StepFailed sf ? sf : new StepFailed(e.getMessage(), e)).markReported();
        }
    }

    /** Something the operator must see (a warning, a decision), printed and logged as-is. */
    public void note(String node, String message) {
        say("      " + (node == null ? "" : node + ": ") + message);
        out.flush();
        journal.note(node, message);
    }

    /** Nothing to do: the wanted state is already there. */
    public void skip(String node, String description, String why) {
        steps++;
        say(String.format(Locale.ROOT, "  %2d. %-4s %s ... skipped: %s", steps, node == null ? "" : node, description,
                why));
        out.flush();
        journal.stepEnded(node, description, "skipped", why, 0L);
    }

    public void succeed(String summary) {
        end(dryRun ? "dry-run" : "ok", summary);
        say(dryRun ? "[dry-run] " + name + ": nothing was changed; run without --dry-run to end with: " + summary
                : name + ": done. " + summary);
        out.flush();
    }

    /** Refuses; only valid before the first change. Prints why and the fix. */
    public Refused refuse(String reason, String fix) {
        end("refused", reason + (fix == null ? "" : " — " + fix));
        say(name + ": REFUSED: " + reason);
        if (fix != null) {
            say("  what to do: " + fix);
        }
        say("  nothing was changed.");
        out.flush();
        return new Refused(reason, fix).markReported();
    }

    /**
     * Refuses after undoing the changes made so far: a check that can only run part-way
     * (a replica catching up once the master is read-only) failed and every change was
     * taken back. Logged as result "rolled-back"; the command exits as refused.
     */
    public Refused rolledBack(String reason, String fix, String restored) {
        end("rolled-back", reason + (fix == null ? "" : " — " + fix));
        say(name + ": REFUSED: " + reason);
        if (fix != null) {
            say("  what to do: " + fix);
        }
        say("  rolled back: " + restored);
        out.flush();
        return new Refused(reason, fix);
    }

    public void fail(String summary) {
        end("failed", summary);
        say(name + ": FAILED: " + summary);
        out.flush();
    }

    private void end(String result, String detail) {
        journal.end(result, detail);
    }

    @Override
    public void close() {
        try {
            if (!journal.ended()) {
                fail("ended without completing (see the failed step above)");
            }
        } finally {
            journal.release();
        }
    }
}
