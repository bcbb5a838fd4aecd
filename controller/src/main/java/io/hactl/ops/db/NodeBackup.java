package io.hactl.ops.db;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.DbDumper;
import io.hactl.backup.TarCommand;
import io.hactl.config.NodeConfig;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.node.SshShell;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A physical backup made on the node it is read from, so that what crosses SSH is already prepared
 * and compressed: {@code mariadb-backup --backup} into a scratch directory beside the node's data
 * directory ({@code DATADIR.hactl-backup}: the same disk, whose room {@link FreeSpace} checked),
 * {@code --prepare} there, then the prepared directory as the tar the backup stores, through
 * {@link #COMPRESS} on the node, streamed over the one SSH channel. The node's cores compress; the
 * copy crossing the network is 3–4× smaller than the mbstream of the way through this machine.
 *
 * <p>The backup and the prepare run as a {@link NodeProcess} (a process group known by its PID,
 * watched by short status commands): an SSH channel that closes does not stop a command on the
 * node, so a failed step, a stall, an interrupt or an ended hactl (its shutdown hook) stops the
 * group by its PID and removes the scratch directory. The stream removes the scratch directory
 * itself when it ends, also when this end went away (tar and zstd get SIGPIPE, the shell goes on to
 * its {@code rm}). A scratch directory left by a hactl killed with SIGKILL is removed by the next
 * backup of the node ({@link #claim}), unless the PID it names still runs.
 */
final class NodeBackup {

    /** The scratch directory's name beside the data directory. */
    static final String SUFFIX = ".hactl-backup";
    /** How often the node is asked how the backup is going. */
    static final Duration POLL = Duration.ofMillis(250);
    /** How often the node is asked whether the prepare has ended ({@link #poll}). */
    static final Duration PREPARE_POLL = Duration.ofMillis(50);
    /** Status commands in a row that get no answer (ssh) before the backup is stopped. */
    static final int MISSES = 20;
    /** The longest --prepare (redo applied); the backup's own stall limit covers the copy. */
    static final Duration PREPARE = Duration.ofHours(2);
    /**
     * How often the node is asked while {@code rc} runs: the copy every {@link #POLL}; the prepare, which takes
     * tenths of a second where no transaction was in flight (0.1–0.3 s on the lab's 1.3 GB), every
     * {@link #PREPARE_POLL}, so its end is not waited on for a whole {@link #POLL}.
     */
    static Duration poll(String rc) {
        return poll(rc, 0, 0);
    }

    /**
     * As {@link #poll(String)}, and the copy's last tenth too ({@code bytes} of the {@code expected} data files
     * copied, the plan's measure): its end is then asked for every {@link #PREPARE_POLL}, not waited on for up to a
     * whole {@link #POLL} (the lab's 1.3 GB copy takes 1.1–1.2 s).
     */
    static Duration poll(String rc, long bytes, long expected) {
        return "prepare".equals(rc) || expected > 0 && bytes >= expected - expected / 10 ? PREPARE_POLL : POLL;
    }

    /**
     * The compressor on the node, tar's output through it. Level 1, chosen by measurement: on the lab's 1.3 GB
     * of prepared copy it took half the time of -3 (3.3 s against 6.7 s, tar included) for a file no bigger
     * (InnoDB's pages: 366 MB against 378 MB); with -3 zstd was what the stream waited on (docs/runbook-backup.md).
     */
    static final String COMPRESS = "zstd -1 -T2";
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final Pattern TOTAL = Pattern.compile("Total bytes written: (\\d+)");
    private static final Pattern STOPPED = Pattern.compile("(?m)^stopped (\\d+)$");

    /** What {@link #claim} found. */
    enum Claim { MADE, MADE_AFTER_LEFTOVER, BUSY, FAILED }

    /** The claim's outcome, with the busy PID or the failure's words. */
    record Claimed(Claim claim, String detail) {
    }

    /**
     * What the stream brought: its result, the tar's bytes (the copy unpacked) from tar's own total, and the bytes zstd
     * wrote on the node from its own summary (-1: it gave none), which the file here must have, every one.
     */
    record Streamed(SshShell.StreamResult result, long tarBytes, long zstdBytes, String via) {
    }

    private final NodeShell shell;
    private final String scratch;
    private final OpenSshStream client;
    private final NodeConfig node;
    private volatile NodeProcess process;
    private volatile OpenSshStream.Held held;
    private volatile String heldRunDir;

    /** @param scratch the scratch directory on the node ({@link #scratch(String)} of its data directory) */
    NodeBackup(NodeShell shell, String scratch) {
        this(shell, scratch, null, null);
    }

    /**
     * @param client the OpenSSH client the compressed copy is streamed through (hactl's own SSH when it cannot be
     *               used); null: hactl's own SSH ({@code shell})
     * @param node   the node, for the client's options (its ssh config)
     */
    NodeBackup(NodeShell shell, String scratch, OpenSshStream client, NodeConfig node) {
        this.shell = shell;
        this.scratch = scratch;
        this.client = client;
        this.node = node;
    }

    static String scratch(String datadir) {
        return datadir + SUFFIX;
    }

    String scratch() {
        return scratch;
    }

    String node() {
        return shell.node();
    }

    /** {@code zstd -V} where {@code shell} runs; null when it has no zstd (or cannot say). */
    static String zstdVersion(NodeShell shell) {
        try {
            CommandResult r = shell.run("command -v zstd >/dev/null && zstd -V 2>&1", COMMAND);
            return r.ok() && !r.out().isBlank() ? r.out().strip() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The scratch directory made empty (mode 0700); a leftover of an interrupted backup whose PID no
     * longer runs is removed first; one whose PID runs is another backup's: BUSY, with its PID.
     */
    Claimed claim() {
        CommandResult r = shell.run(claimCommand(scratch), COMMAND);
        String out = r.out().strip();
        if (r.exit() == 3 && out.startsWith("busy ")) {
            return new Claimed(Claim.BUSY, out.substring(5).strip());
        }
        if (!r.ok()) {
            return new Claimed(Claim.FAILED, r.describe());
        }
        return new Claimed(out.contains("left") ? Claim.MADE_AFTER_LEFTOVER : Claim.MADE, "");
    }

    /** Starts mariadb-backup --backup, then --prepare, into the scratch directory; returns its PID. */
    long start(String defaultsFile) {
        process = NodeProcess.start(shell, script(scratch, defaultsFile),
                "mariadb-backup --backup and --prepare into " + scratch);
        return process.pid();
    }

    /**
     * The OpenSSH client of the stream started now, while the copy runs, its command held on the node until
     * {@link #stream} (its connection, ~0.27 s on the lab, off the backup's path); {@code sink} is the file it
     * writes. Nothing when there is no client to use: the stream then connects when it starts, as before.
     */
    void holdStream(AtomicFile sink) throws IOException {
        NodeProcess p = process;
        if (client != null && p != null) {
            // the run directory stays: this end watches the prepare in it while the node already streams
            // (removed by removeRunDir once the prepare is seen, beside the stream)
            held = client.hold(node, afterPrepare(scratch, p.dir()) + streamCommand(scratch, null), sink);
            heldRunDir = p.dir();
        }
    }

    /**
     * The held stream let go once the copy is made ({@link #holdStream}): on the node it waits for the prepare's
     * end itself ({@link #afterPrepare}) and streams at once, while this end still watches the prepare.
     */
    void releaseStream() {
        OpenSshStream.Held h = held;
        if (h != null) {
            h.release();
        }
    }

    /**
     * The node process's run directory removed, when the held stream was let go (its command leaves it: this end
     * read the prepare's exit code there): one SSH command while the node streams, off the backup's path. A
     * failure leaves it in /tmp, where the next boot clears it; said in nothing.
     */
    void removeRunDir() {
        String d = heldRunDir;
        heldRunDir = null;
        if (d != null && d.startsWith("/tmp/hactl-copy.")) {
            try {
                shell.run("rm -rf -- " + TarCommand.quote(d), COMMAND);
            } catch (RuntimeException e) {
                // left in /tmp
            }
        }
    }

    /**
     * The held stream's wait on the node for the prepare (its exit code in the run directory {@code runDir}, looked
     * for every 20 ms): 0 goes on; another, or the scratch directory gone (stopped), ends it with exit 4, nothing
     * streamed.
     */
    static String afterPrepare(String scratch, String runDir) {
        String rc = TarCommand.quote(runDir + "/prepare.rc");
        return "while [ ! -s " + rc + " ]; do [ -d " + TarCommand.quote(scratch) + " ] || exit 4; sleep 0.02; done;"
                + " [ \"$(cat -- " + rc + ")\" = 0 ] || exit 4; ";
    }

    /**
     * Waits until {@code rc} (backup or prepare) has exited 0; {@code onBytes} gets the scratch
     * copy's size as it grows. A stall of {@code stall} (null: none), a failed tool, a node that stops
     * answering or an interrupt throws {@link IllegalStateException} naming it, with the tool's last
     * lines; the caller then {@link #stop}s.
     */
    long await(String rc, Duration stall, LongConsumer onBytes) {
        return await(rc, stall, 0, onBytes);
    }

    /** As {@link #await(String, Duration, LongConsumer)}; {@code expected}: the data files' bytes (0: not known). */
    long await(String rc, Duration stall, long expected, LongConsumer onBytes) {
        String size = "du -sb -- " + TarCommand.quote(scratch + "/copy") + " 2>/dev/null | cut -f1";
        long bytes = 0;
        long changed = System.nanoTime();
        long deadline = System.nanoTime() + PREPARE.toNanos();
        int misses = 0;
        while (true) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted");
            }
            NodeProcess p = process;
            if (p == null) {
                throw new IllegalStateException("stopped: hactl is ending (its shutdown hook stopped mariadb-backup by"
                        + " its PID)");
            }
            Map<String, String> s = written(p.status(size));
            if (s == null) {
                if (++misses >= MISSES) {
                    throw new IllegalStateException("cannot watch the backup: " + node() + " did not answer " + MISSES
                            + " status commands in a row (ssh)");
                }
            } else {
                misses = 0;
                long now = DirectStream.parseBytes(s.get("extra"));
                if (now != bytes) {
                    bytes = now;
                    changed = System.nanoTime();
                    onBytes.accept(bytes);
                }
                String f = failure(node(), s);
                if (f != null) {
                    String file = f.contains("--prepare") ? "prepare.err" : "backup.err";
                    String tail = p.tail(file);
                    throw new IllegalStateException(f + tail + NodePipe.DiskHint.of(tail, node(), parent(scratch)));
                }
                if ("0".equals(s.get(rc))) {
                    return bytes;
                }
                if (stall != null && System.nanoTime() - changed > stall.toNanos()) {
                    throw new IllegalStateException("the scratch copy on " + node() + " did not grow for "
                            + stall.toSeconds() + " s");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("mariadb-backup on " + node() + " did not end within "
                            + PREPARE.toHours() + " h");
                }
            }
            try {
                Thread.sleep(poll(rc, bytes, expected).toMillis());     // the pace of the status commands, not a wait standing in for one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
    }

    /** The prepared copy's binlog info file (its GTID); "" when it has none. */
    String binlogInfo() {
        CommandResult r = shell.run(binlogInfoCommand(scratch), COMMAND);
        return r.ok() ? r.out() : "";
    }

    /**
     * The prepared copy as tar through zstd on the node into {@code sink}; the scratch directory is
     * removed by the command when it ends, whatever happened.
     */
    Streamed stream(AtomicFile sink, Duration stall, LongConsumer onBytes) throws IOException {
        NodeProcess p = process;
        process = null;      // its group has ended (prepare.rc written): its PID is no longer ours to kill
        String command = streamCommand(scratch, p == null ? null : p.dir());
        OpenSshStream.Held h = held;     // null: no OpenSSH client to use (holdStream said so)
        held = null;
        SshShell.StreamResult r = null;
        if (h != null) {
            try (h) {
                r = h.go(stall, onBytes);
            }
        }
        if (r != null) {
            return new Streamed(r, tarBytes(r.stderr()), zstdBytes(r.stderr()), "OpenSSH (ssh)");
        }
        r = shell.stream(command, InputStream.nullInputStream(), sink, stall, onBytes);
        return new Streamed(r, tarBytes(r.stderr()), zstdBytes(r.stderr()), client == null ? null
                : "hactl's own SSH (OpenSSH's ssh could not be used)");
    }

    /**
     * The node's process group stopped by its PID (the one written in the scratch directory: known
     * even when this end was interrupted before the start command returned) and the scratch
     * directory removed, with the process's run directory; the sentence that says what was done.
     * Safe to call twice, and from a shutdown hook: a watch still running then ends saying so.
     */
    String stop() {
        process = null;
        OpenSshStream.Held h = held;
        held = null;
        if (h != null) {
            h.close();     // its command, still held, never runs
        }
        CommandResult r = shell.run(stopCommand(scratch), COMMAND);
        if (!r.ok()) {
            return "the scratch copy " + node() + ":" + scratch + " and its mariadb-backup could not be stopped and"
                    + " removed " + r.describe() + ": on " + node() + ", stop it by hand (kill -- -PID, the PID in "
                    + scratch + "/pid) and remove it (rm -rf -- " + scratch + "); the next backup removes it too";
        }
        Matcher m = STOPPED.matcher(r.out());
        return (m.find() ? "mariadb-backup stopped (" + node() + " pid " + m.group(1) + "), " : "") + "the scratch copy "
                + node() + ":" + scratch + " removed";
    }

    // ------------------------------------------------------------------ the commands (pure, unit-tested)

    static String parent(String dir) {
        int i = dir.lastIndexOf('/');
        return i <= 0 ? "/" : dir.substring(0, i);
    }

    /** Exit 3 and "busy PID": another backup's group runs; else the directory made empty (out "left": one was there). */
    static String claimCommand(String scratch) {
        String s = TarCommand.quote(scratch);
        return "s=" + s + "; if [ -e \"$s\" ]; then p=$(cat -- \"$s/pid\" 2>/dev/null); case \"$p\" in ''|*[!0-9]*) p=;;"
                + " esac; if [ -n \"$p\" ] && kill -s 0 -- \"-$p\" 2>/dev/null; then echo \"busy $p\"; exit 3; fi;"
                + " rm -rf -- \"$s\" || exit 1; echo left; fi; mkdir -m 0700 -- \"$s\"";
    }

    /**
     * The node process ({@code $1}: its run directory): its PID and its run directory into the
     * scratch directory (the next backup's check, {@link #stop}'s kill), mariadb-backup --backup into {@code copy} there (the server's own option
     * file: its credentials never on a command line), then --prepare (--no-defaults: the copy's own
     * backup-my.cnf); each tool's exit code and stderr in the run directory.
     */
    static String script(String scratch, String defaultsFile) {
        String copy = TarCommand.quote(scratch + "/copy");
        return "echo $$ >" + TarCommand.quote(scratch + "/pid") + "; echo \"$1\" >" + TarCommand.quote(scratch + "/run")
                + "; mariadb-backup --defaults-file="
                + TarCommand.quote(defaultsFile) + " --backup --parallel=2 --target-dir=" + copy
                + " 2>\"$1/backup.err\"; echo $? >\"$1/backup.rc\"; [ \"$(cat -- \"$1/backup.rc\")\" = 0 ] || exit 0;"
                + " mariadb-backup --no-defaults --prepare --target-dir=" + copy + " 2>\"$1/prepare.err\";"
                + " echo $? >\"$1/prepare.rc\"";
    }

    /**
     * The prepared copy as the tar the backup stores ({@code tar -C COPY -b 2048 -cf - .}: 1 MB records,
     * {@link TarCommand#RECORD_BLOCKS}; its total on stderr), through {@link #COMPRESS} on stdout; then the scratch directory removed whatever
     * happened; exit 0 only when tar and zstd both exited 0.
     */
    static String streamCommand(String scratch) {
        return streamCommand(scratch, null);
    }

    /**
     * As {@link #streamCommand(String)}, and the ended node process's run directory {@code runDir} (a
     * {@code /tmp/hactl-copy.*} only; null: none) removed first, in the same SSH command: one round trip fewer.
     */
    static String streamCommand(String scratch, String runDir) {
        return (runDir == null ? "" : "r=" + TarCommand.quote(runDir) + "; case \"$r\" in /tmp/hactl-copy.*) rm -rf"
                + " -- \"$r\";; esac; ") + "s=" + TarCommand.quote(scratch) + "; { tar -C \"$s/copy\" -b " + TarCommand.RECORD_BLOCKS + " --totals -cf - . 2>\"$s/tar.err\"; echo $?"
                + " >\"$s/tar.rc\"; } | " + COMPRESS + " -vv -c 2>\"$s/zstd.err\"; z=$?; t=$(cat -- \"$s/tar.rc\" 2>/dev/null);"
                + " cat -- \"$s/tar.err\" >&2 2>/dev/null; if [ $z = 0 ]; then grep -a -- ' => ' \"$s/zstd.err\" >&2"
                + " 2>/dev/null; else cat -- \"$s/zstd.err\" >&2 2>/dev/null; fi; rm -rf -- \"$s\"; if [ \"$t\" != 0 ]; then echo"
                + " \"tar exited ${t:-without an exit code}\" >&2; exit 2; fi; exit $z";
    }

    /** mariadb_backup_binlog_info (MariaDB 11), else xtrabackup_binlog_info (10.11). */
    static String binlogInfoCommand(String scratch) {
        return "cat -- " + TarCommand.quote(scratch + "/copy/mariadb_backup_binlog_info") + " 2>/dev/null || cat -- "
                + TarCommand.quote(scratch + "/copy/xtrabackup_binlog_info");
    }

    static String removeCommand(String scratch) {
        return "rm -rf -- " + TarCommand.quote(scratch);
    }

    /**
     * The group whose PID the scratch directory names, when it runs: TERM, up to 3 s, KILL ("stopped
     * PID" printed); its run directory (a /tmp/hactl-copy.* only) and the scratch directory removed.
     */
    static String stopCommand(String scratch) {
        return "s=" + TarCommand.quote(scratch) + "; p=$(cat -- \"$s/pid\" 2>/dev/null); r=$(cat -- \"$s/run\""
                + " 2>/dev/null); case \"$p\" in ''|*[!0-9]*) p=;; esac; if [ -n \"$p\" ] && kill -s 0 -- \"-$p\""
                + " 2>/dev/null; then kill -s TERM -- \"-$p\" 2>/dev/null; i=0; while kill -s 0 -- \"-$p\" 2>/dev/null"
                + " && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done; kill -s KILL -- \"-$p\" 2>/dev/null; echo"
                + " \"stopped $p\"; fi; case \"$r\" in /tmp/hactl-copy.*) rm -rf -- \"$r\";; esac; rm -rf -- \"$s\"";
    }

    /** The bytes zstd wrote, from its summary line in the stream's stderr; -1 when it is not there ({@link DbDumper#zstdCounts}). */
    static long zstdBytes(String stderr) {
        long[] c = DbDumper.zstdCounts(stderr);
        return c == null ? -1 : c[1];
    }

    /** tar's "Total bytes written: N" in the stream's stderr; -1 when it is not there. */
    static long tarBytes(String stderr) {
        Matcher m = TOTAL.matcher(stderr == null ? "" : stderr);
        long n = -1;
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    /**
     * The status without its blank values: an exit code being written ({@code echo $? >F} opens F
     * before it writes) is not one yet; null stays null (the node did not answer).
     */
    static Map<String, String> written(Map<String, String> status) {
        if (status != null) {
            status.values().removeIf(String::isBlank);
        }
        return status;
    }

    /** What failed, as far as the exit codes tell; null: nothing (yet). */
    static String failure(String node, Map<String, String> s) {
        String backup = s.get("backup");
        if (backup != null && !backup.equals("0")) {
            return "mariadb-backup --backup on " + node + " exited " + backup + killed(backup);
        }
        String prepare = s.get("prepare");
        if (prepare != null && !prepare.equals("0")) {
            return "mariadb-backup --prepare on " + node + " exited " + prepare + killed(prepare);
        }
        if (!"1".equals(s.get("running"))) {
            if (backup == null) {
                return "mariadb-backup --backup on " + node + " ended without an exit code (killed with its group?)";
            }
            if (prepare == null) {
                return "mariadb-backup --prepare on " + node + " ended without an exit code (killed with its group?)";
            }
        }
        return null;
    }

    private static String killed(String exit) {
        return exit.equals("137") || exit.equals("143") ? " (killed)" : "";
    }
}
