package io.hactl.backup;

import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.text.ControlChars;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.UUID;

/**
 * What a backup, restore or copy prints and, when a config gives a state directory, writes
 * to the transition log (the same events as an operation: operation-start, step-end,
 * operation-end or refused). Printed in the operations' words: "REFUSED:", "what to do:",
 * "nothing was changed.", "done.", "FAILED:"; control characters escaped, logged exact.
 */
public final class Journal {

    private final PrintWriter out;
    private final TransitionLog log;
    private final String cluster;
    private final String operation;
    private final String who;
    private final String why;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final long t0 = System.nanoTime();
    private boolean ended;

    /** @param log null: print only (no config, so no state directory) */
    public Journal(PrintWriter out, TransitionLog log, String cluster, String operation, String who, String why) {
        this.out = out;
        this.log = log;
        this.cluster = cluster;
        this.operation = operation;
        this.who = who;
        this.why = why;
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
        if (log != null) {
            io.hactl.ops.PairLock.markMaintenance(log.file().getParent(), operation, id, who);
        }
        write("operation-start", null, null, null, what, null);
    }

    /** A line for the operator (a decision, a choice), printed indented and logged as a note. */
    public void note(String node, String text) {
        say("  " + text);
        out.flush();
        write("note", null, node, null, text, null);
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
        write("step-end", step, node, ok ? "ok" : "failed", detail, nanos / 1_000_000);
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
        return ended;
    }

    private void end(String result, String detail) {
        if (ended) {
            return;
        }
        ended = true;
        if (log != null) {
            io.hactl.ops.PairLock.clearMaintenance(log.file().getParent(), id);
        }
        write(result.equals("refused") ? "refused" : "operation-end", null, null, result, detail,
                (System.nanoTime() - t0) / 1_000_000);
    }

    private void write(String event, String step, String node, String result, String detail, Long ms) {
        if (log == null) {
            return;
        }
        try {
            log.append(new TransitionEntry(Instant.now(), cluster, event, operation, id, step, node, result, detail,
                    who, why, ms));
        } catch (RuntimeException e) {
            say("  warning: cannot write the transition log: " + e.getMessage());
        }
    }
}
