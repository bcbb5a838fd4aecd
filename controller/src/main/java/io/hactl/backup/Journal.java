package io.hactl.backup;

import io.hactl.log.TransitionLog;
import io.hactl.pair.OperationJournal;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;

/**
 * What a backup, restore or copy prints, in the operations' words ("REFUSED:", "what to do:",
 * "nothing was changed.", "done.", "FAILED:"; control characters escaped). What it logs goes
 * through {@link OperationJournal}, the one writer of operation lines, exactly as an
 * operation's does (operation-start, note, step-end, operation-end or refused), logged exact.
 * Two differences from an {@link io.hactl.ops.Operation}, both on purpose: a backup marks a
 * maintenance instead of taking the pair lock (a failover must never wait for a backup), and a
 * transition log that cannot be written is a warning, not a stop (the data it saves matters
 * more than its record).
 */
public final class Journal {

    private final PrintWriter out;
    private final String operation;
    private final OperationJournal journal;

    /** @param log null: print only (no config, so no state directory) */
    public Journal(PrintWriter out, TransitionLog log, String cluster, String operation, String who, String why) {
        this.out = out;
        this.operation = operation;
        this.journal = new OperationJournal(log, cluster, operation, who, why, false);
    }

    public PrintWriter out() {
        return out;
    }

    /** One line for the operator, its control characters escaped (a table name, a server's message). */
    private void say(String line) {
        out.println(ControlChars.escape(line));
    }

    public void begin(String what) {
        say(operation + ": " + what);
        out.flush();
        journal.markMaintenance();
        logged(() -> journal.started(what));
    }

    /** A line for the operator (a decision, a choice), printed indented and logged as a note. */
    public void note(String node, String text) {
        say("  " + text);
        out.flush();
        logged(() -> journal.note(node, text));
    }

    /** A line printed only (details, not worth the log). */
    public void print(String text) {
        say("  " + text);
        out.flush();
    }

    /** A finished step, printed as one line and logged. */
    public void step(String node, String step, boolean ok, String detail, long nanos) {
        say("  " + step + (ok ? ": " : ": FAILED: ") + detail);
        out.flush();
        logged(() -> journal.stepEnded(node, step, ok ? "ok" : "failed", detail, nanos / 1_000_000));
    }

    public void done(String summary) {
        end("ok", summary);
        say(operation + ": done. " + summary);
        out.flush();
    }

    public void fail(String summary) {
        end("failed", summary);
        say(operation + ": FAILED: " + summary);
        out.flush();
    }

    public void refuse(String reason, String fix) {
        end("refused", reason + (fix == null ? "" : " — " + fix));
        say(operation + ": REFUSED: " + reason);
        if (fix != null) {
            say("  what to do: " + fix);
        }
        say("  nothing was changed.");
        out.flush();
    }

    public boolean ended() {
        return journal.ended();
    }

    private void end(String result, String detail) {
        if (!journal.ended()) {
            journal.release();
            logged(() -> journal.end(result, detail));
        }
    }

    private void logged(Runnable write) {
        try {
            write.run();
        } catch (RuntimeException e) {
            say("  warning: cannot write the transition log: " + e.getMessage());
        }
    }
}
