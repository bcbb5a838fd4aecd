package io.hactl.ops.db;

import io.hactl.backup.TarCommand;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.pair.StepFailed;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shell script started on a node in a process group of its own (setsid), detached from the SSH
 * command that started it, with a run directory of its own ({@code /tmp/hactl-copy.XXXXXX}) where
 * it keeps its PID, its tools' stderr and exit codes ({@code NAME.rc}). One end of the direct copy
 * ({@link DirectStream}): an SSH channel that closes does not stop a command on the far side, so
 * each end is known by its PID, watched by short status commands, and stopped as a whole group
 * ({@code kill -s TERM -- -PID}, then KILL) when the copy fails or is interrupted.
 */
final class NodeProcess {

    private static final Duration COMMAND = Duration.ofSeconds(30);

    /** Where the script keeps its files, and its PID (the group's). */
    record Started(String dir, long pid) {
    }

    private final NodeShell shell;
    private final Started started;

    private NodeProcess(NodeShell shell, Started started) {
        this.shell = shell;
        this.started = started;
    }

    /** Starts {@code script} ({@code $1} in it: the run directory) on {@code shell}'s node; throws when it did not start. */
    static NodeProcess start(NodeShell shell, String script, String what) {
        CommandResult r = shell.run(startCommand(script), COMMAND);
        Started s = r.ok() ? parseStarted(r.out()) : null;
        if (s == null) {
            throw new StepFailed("cannot start " + what + " on " + shell.node() + ": " + r.describe()
                    + (r.ok() ? " (no PID: does it have setsid, util-linux?)" : ""));
        }
        return new NodeProcess(shell, s);
    }

    String node() {
        return shell.node();
    }

    long pid() {
        return started.pid();
    }

    String dir() {
        return started.dir();
    }

    /**
     * running=1|0, NAME=EXIT for each exit code written so far, and extra=OUTPUT of {@code extra}
     * (null: none); null when the node did not answer (ssh), so the caller counts a miss.
     */
    Map<String, String> status(String extra) {
        CommandResult r = shell.run(statusCommand(started.dir(), started.pid(), extra), COMMAND);
        Map<String, String> s = parseStatus(r.out());
        return r.exit() < 0 || !s.containsKey("running") ? null : s;
    }

    /** The last lines of a file the script wrote in its run directory (a tool's stderr); "" when none. */
    String tail(String file) {
        CommandResult r = shell.run("tail -n 3 -- " + TarCommand.quote(started.dir() + "/" + file) + " 2>/dev/null",
                COMMAND);
        return r.ok() ? NodePipe.tail(r.out()) : "";
    }

    /** The group killed (TERM, a few seconds, KILL) and the run directory removed; false when ssh failed. */
    boolean stop() {
        return shell.run(stopCommand(started.dir(), started.pid()), COMMAND).exit() >= 0;
    }

    /** The run directory removed (the group has ended). */
    void remove() {
        shell.run("rm -rf -- " + TarCommand.quote(started.dir()), COMMAND);
    }

    // ------------------------------------------------------------------ the commands (pure, unit-tested)

    /**
     * A run directory, {@code script} in a new session (its first process, the group's leader,
     * writes its PID), a bounded wait for the PID; prints "DIR PID".
     */
    static String startCommand(String script) {
        return "d=$(mktemp -d /tmp/hactl-copy.XXXXXX) || exit 1; mkdir -- \"$d/scratch\" || exit 1; setsid sh -c "
                + TarCommand.quote("echo $$ >\"$1/pid\"; " + script) + " hactl-copy \"$d\" </dev/null >/dev/null 2>&1 &"
                + " i=0; while [ ! -s \"$d/pid\" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i+1)); done;"
                + " echo \"$d $(cat -- \"$d/pid\" 2>/dev/null)\"";
    }

    /** "DIR PID" of {@link #startCommand}; null when either is missing. */
    static Started parseStarted(String out) {
        String[] f = out.strip().split("\\s+");
        if (f.length != 2 || !f[0].startsWith("/tmp/hactl-copy.") || !f[1].matches("\\d{1,10}")) {
            return null;
        }
        return new Started(f[0], Long.parseLong(f[1]));
    }

    static String statusCommand(String dir, long pid, String extra) {
        return "if kill -s 0 -- -" + pid + " 2>/dev/null; then echo running=1; else echo running=0; fi;"
                + " for f in " + TarCommand.quote(dir) + "/*.rc; do [ -e \"$f\" ] && echo \"$(basename -- \"$f\""
                + " .rc)=$(cat -- \"$f\")\"; done; " + (extra == null ? "true" : "echo \"extra=$(" + extra + ")\"");
    }

    static Map<String, String> parseStatus(String out) {
        Map<String, String> s = new LinkedHashMap<>();
        for (String line : out.strip().split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                s.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return s;
    }

    static String stopCommand(String dir, long pid) {
        String g = "-- -" + pid;
        return "kill -s TERM " + g + " 2>/dev/null; i=0; while kill -s 0 " + g + " 2>/dev/null && [ $i -lt 30 ]; do"
                + " sleep 0.1; i=$((i+1)); done; kill -s KILL " + g + " 2>/dev/null; rm -rf -- " + TarCommand.quote(dir);
    }
}
