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
 *
 * <p>Its lines go to the log at once, in order; their fsyncs run in the background, grouped, while
 * the steps go on ({@link TransitionLog#deferred()}), and the operation's end (done, failed,
 * refused) returns only once every line of it is durable.
 */
public final class Operation implements AutoCloseable {

    /** A change to a node; returns a short detail for the log ("pids 4242"), or throws {@link StepFailed}. */
    @FunctionalInterface
    public interface Action {
        String run();
    }

    private final OperationJournal journal;
    private final TransitionLog log;
    private final PrintWriter out;
    private final String name;
    private final boolean dryRun;
    private final StepWatch watch;
    private int steps;
    /** Steps running at once ({@link #atOnce}): more than 0 while they run. */
    private int atOnce;

    Operation(TransitionLog log, PrintWriter out, String cluster, String name, String what, String who, String why,
              boolean dryRun, StepWatch watch) {
        this.watch = watch;
        // its lines written at once, their fsyncs grouped in the background; the end waits for them (issue 20)
        this.log = log;
        this.journal = new OperationJournal(log == null ? null : log.deferred(), cluster, name, who, why, dryRun);
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
        String label;
        boolean together;
        synchronized (this) {
            steps++;
            label = String.format(Locale.ROOT, "  %2d. %-4s %s", steps, node == null ? "" : node, description);
            together = atOnce > 0;
        }
        if (dryRun) {
            print(label + "  (dry run: not done)");
            return null;
        }
        String refused = watch.before(node, description);
        if (refused != null) {
            // not marked reported: the operation ends with this sentence (OperationRunner.run, or the body's fail)
            print(label + " ... REFUSED: " + refused);
            journal.stepEnded(node, description, "refused", refused, 0L);
            throw new StepFailed(refused);
        }
        synchronized (this) {
            if (together) {
                // steps at once: each says when it starts and, on a line of its own, how it ended
                say(label + " ... started");
            } else {
                out.print(ControlChars.escape(label) + " ... ");
            }
            out.flush();
            journal.stepStarted(node, description);
        }
        long s0 = System.nanoTime();
        String head = together ? label + " ... " : "";
        try {
            String detail = action.run();
            long ms = (System.nanoTime() - s0) / 1_000_000;
            synchronized (this) {
                say(head + "ok" + (detail == null || detail.isBlank() ? "" : ": " + detail) + " (" + ms + " ms)");
                out.flush();
                journal.stepEnded(node, description, "ok", detail, ms);
            }
            watch.after(node, description, true, detail);
            return detail;
        } catch (RuntimeException e) {
            long ms = (System.nanoTime() - s0) / 1_000_000;
            synchronized (this) {
                say(head + "FAILED (" + ms + " ms)");
                say("      " + e.getMessage());
                out.flush();
                journal.stepEnded(node, description, "failed", e.getMessage(), ms);
            }
            watch.after(node, description, false, e.getMessage());
            String stopped = watch.stopped();
            if (stopped != null) {
                throw new StepFailed(stopped, e); // not reported: the operation ends with this sentence
            }
            throw (e instanceof StepFailed sf ? sf : new StepFailed(e.getMessage(), e)).markReported();
        }
    }

    /**
     * Whether a step may run on another thread while this operation's own goes on (not in a dry run; not when the
     * {@link StepWatch} needs the steps one at a time: with coordination, each step's intent goes to ZooKeeper in
     * order).
     */
    public boolean concurrentSteps() {
        return !dryRun && watch.concurrentSteps();
    }

    /**
     * Runs {@code steps} on the caller's thread while this operation's own thread does something else (issue 20: a
     * change made beside the read of both nodes); its steps are printed as steps at once are, their start and their
     * end each on a line of its own. Only when {@link #concurrentSteps()}.
     */
    public void alongside(Runnable steps) {
        synchronized (this) {
            atOnce++;
        }
        try {
            steps.run();
        } finally {
            synchronized (this) {
                atOnce--;
            }
        }
    }

    /**
     * Runs {@code first} here and {@code second} on a thread of its own, at once (issue 20: independent steps
     * of a failover on the two nodes), and returns when both have ended. Each step is logged with its own start
     * and end, and printed as a line when it starts and one when it ends. One after the other instead (first,
     * then second) in a dry run, or when the {@link StepWatch} needs the steps one at a time (with coordination,
     * each step's intent and result go to ZooKeeper in order). A failure of either is thrown once both have
     * ended (the first's when both failed): the changes both made are then in the caller's rollback.
     */
    public void atOnce(Runnable first, Runnable second) {
        if (dryRun || !watch.concurrentSteps()) {
            first.run();
            second.run();
            return;
        }
        synchronized (this) {
            atOnce++;
        }
        RuntimeException[] failed = new RuntimeException[1];
        Thread other = new Thread(() -> {
            try {
                second.run();
            } catch (RuntimeException e) {
                failed[0] = e;
            }
        }, "hactl-step-" + name);
        other.setDaemon(true);
        RuntimeException mine = null;
        try {
            other.start();
            try {
                first.run();
            } catch (RuntimeException e) {
                mine = e;
            }
            boolean interrupted = false;
            while (true) {
                try {
                    other.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // the other step is never left running behind the caller's rollback
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (this) {
                atOnce--;
            }
        }
        if (mine != null) {
            throw mine;
        }
        if (failed[0] != null) {
            throw failed[0];
        }
    }

    private synchronized void print(String line) {
        say(line);
        out.flush();
    }

    /** Something the operator must see (a warning, a decision), printed and logged as-is. */
    public synchronized void note(String node, String message) {
        say("      " + (node == null ? "" : node + ": ") + message);
        out.flush();
        journal.note(node, message);
    }

    /** Nothing to do: the wanted state is already there. */
    public synchronized void skip(String node, String description, String why) {
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

    /** The end line, then every line of the operation durable before the end is said (issue 20: grouped fsyncs). */
    private void end(String result, String detail) {
        journal.end(result, detail);
        if (log != null) {
            log.sync();
        }
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
