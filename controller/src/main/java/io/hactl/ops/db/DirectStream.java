package io.hactl.ops.db;

import io.hactl.backup.TarCommand;
import io.hactl.node.CommandResult;
import io.hactl.node.NodeShell;
import io.hactl.pair.StepFailed;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The physical copy node to node ({@code database.copy.direct: auto}): mariadb-backup's stream
 * from the master straight into mbstream on the node, over one TCP connection between them,
 * instead of through this machine. This process starts both ends over SSH and watches them: first
 * the listener on the node (socat on the node's own address, accepting only the master's, giving
 * up when no connection comes within {@link #ACCEPT}), then the sender on the master. Each end is a
 * {@link NodeProcess}: a process group known by its PID, so a failed end, a stalled copy or an
 * interrupted hactl stops <em>both</em> by PID and nothing is left listening. The bytes no longer
 * pass here: progress is the size of the receiving directory on the node, read every
 * {@link #POLL}. A copy counts as whole only when all four tools (mariadb-backup and socat on the
 * master, socat and mbstream on the node) exited 0: a stream cut by a killed mariadb-backup ends
 * cleanly on the node's socket, so the node's side alone cannot tell.
 */
final class DirectStream {

    /** A listener that gets no connection for this long gives up (socat's accept-timeout). */
    static final Duration ACCEPT = Duration.ofSeconds(30);
    /** How often both ends are asked how they are. */
    static final Duration POLL = Duration.ofMillis(500);
    /** Status commands in a row that get no answer (ssh) before the copy is stopped. */
    static final int MISSES = 20;
    private static final Duration COMMAND = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * socat's block size: its default 8 KB took twice the time of 256 KB for 1.3 GB over loopback
     * (11.4 s against 5.4 s, this 2-core machine), the CPU being what a copy between two nodes
     * on one host, or a fast network, is short of.
     */
    static final String BLOCK = "-b 262144";

    /** Who sends to whom: the master's and the node's own addresses (never a VIP), the node's port. */
    record Ends(String masterAddress, String nodeAddress, int port) {
        String target() {
            return nodeAddress + ":" + port;
        }
    }

    /** What went wrong first, on which side, and the file with that tool's stderr in its run directory. */
    record Failure(String words, boolean onNode, String errFile) {
    }

    private final NodeShell master;
    private final NodeShell node;
    private final Ends ends;
    private volatile NodeProcess listener;
    private volatile NodeProcess sender;

    DirectStream(NodeShell master, NodeShell node, Ends ends) {
        this.master = master;
        this.node = node;
        this.ends = ends;
    }

    /** {@code socat -V}'s version line where {@code shell} runs; null when it has no socat (or cannot say). */
    static String socatVersion(NodeShell shell) {
        try {
            CommandResult r = shell.run("command -v socat >/dev/null && socat -V 2>&1 | grep -m 1 'socat version'",
                    COMMAND);
            return r.ok() && !r.out().isBlank() ? r.out().strip() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether the master reaches the node's copy port: a listener of the probe's own on the node (the
     * same socat options as the copy's), a token sent from the master, read back on the node. Null
     * when it arrived; else why not. Nothing stays behind: the listener is stopped by its PID.
     */
    String probe() {
        String token = HexFormat.of().formatHex(RANDOM.generateSeed(8));
        NodeProcess l;
        try {
            l = NodeProcess.start(node, probeListenScript(ends), "a probe listener (socat)");
        } catch (StepFailed e) {
            return e.getMessage();
        }
        try {
            CommandResult sent = master.run(probeSendCommand(ends, token), COMMAND);
            String got = "cat -- " + TarCommand.quote(l.dir() + "/got") + " 2>/dev/null";
            Map<String, String> s = l.status(got);
            // the listener may still be writing what it got when the sender has returned: a bounded poll of it
            for (int i = 0; sent.ok() && i < 20 && s != null && "1".equals(s.get("running"))
                    && !token.equals(s.get("extra")); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
                s = l.status(got);
            }
            if (s != null && s.containsKey("socat") && !"0".equals(s.get("socat"))) {
                return "the listener on " + node.node() + " exited " + s.get("socat") + l.tail("socat.err");
            }
            if (!sent.ok()) {
                return "socat on " + master.node() + " exited " + sent.exit() + NodePipe.tail(sent.err());
            }
            if (s == null || !token.equals(s.get("extra"))) {
                return "the connection reached another listener, not hactl's (is " + ends.target() + " taken on "
                        + node.node() + "?)";
            }
            return null;
        } finally {
            l.stop();
        }
    }

    /** Starts the node's end: the listener into mbstream -x in the empty directory. */
    NodeProcess listen(PhysicalRebuild.Dirs nd) {
        listener = NodeProcess.start(node, listenScript(ends, nd), "the listener (socat into mbstream -x)");
        return listener;
    }

    /** Starts the master's end: mariadb-backup into socat to the node's listener. */
    NodeProcess send(String defaultsFile) {
        sender = NodeProcess.start(master, sendScript(ends, defaultsFile), "the sender (mariadb-backup into socat)");
        return sender;
    }

    /**
     * Watches both ends until both have ended; returns the bytes in the node's directory. On a
     * failed end, a stall of {@code stall}, a node that stops answering or an interrupt, both ends
     * are stopped and a {@link StepFailed} names what happened first, with its tool's last lines.
     */
    long await(PhysicalRebuild.Dirs nd, Duration stall, LongConsumer onBytes) {
        String size = "du -sb -- " + TarCommand.quote(nd.fresh()) + " 2>/dev/null | cut -f1";
        long bytes = 0;
        long changed = System.nanoTime();
        int misses = 0;
        while (true) {
            Map<String, String> t = listener.status(size);
            Map<String, String> s = sender.status(null);
            if (t == null || s == null) {
                if (++misses >= MISSES) {
                    String who = t == null ? node.node() : master.node();
                    throw stopped("cannot watch the copy: " + who + " did not answer " + MISSES + " status commands"
                            + " in a row (ssh)");
                }
            } else {
                misses = 0;
                long now = parseBytes(t.get("extra"));
                if (now != bytes) {
                    bytes = now;
                    changed = System.nanoTime();
                    onBytes.accept(bytes);
                }
                Failure f = failure(master.node(), s, node.node(), t);
                if (f != null) {
                    NodeProcess end = f.onNode() ? listener : sender;
                    String tail = end.tail(f.errFile());
                    throw stopped(f.words() + tail + (f.onNode() ? NodePipe.DiskHint.of(tail, node.node(),
                            nd.parent()) : ""));
                }
                if (!running(s, t)) {
                    listener.remove();
                    sender.remove();
                    listener = null;      // ended: their PIDs are no longer theirs to kill
                    sender = null;
                    return bytes;
                }
                if (System.nanoTime() - changed > stall.toNanos()) {
                    throw stopped("nothing arrived on " + node.node() + " for " + stall.toSeconds() + " s");
                }
            }
            try {
                Thread.sleep(POLL.toMillis());     // the pace of the status commands, not a wait standing in for one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw stopped("interrupted");
            }
        }
    }

    /** Both ends stopped by their PIDs (those started); the sentence that says so. Safe to call twice. */
    String stopBoth() {
        StringBuilder b = new StringBuilder();
        for (NodeProcess p : new NodeProcess[] {sender, listener}) {
            if (p != null) {
                boolean ok = p.stop();
                b.append(b.isEmpty() ? "" : ", ").append(p.node()).append(" pid ").append(p.pid())
                        .append(ok ? "" : " (ssh failed: kill it by hand: kill -- -" + p.pid() + ")");
            }
        }
        sender = null;
        listener = null;
        return b.isEmpty() ? "nothing was started" : "both ends stopped (" + b + "), nothing listens on "
                + ends.target();
    }

    private StepFailed stopped(String why) {
        return new StepFailed("the copy stopped: " + why + "; " + stopBoth());
    }

    // ------------------------------------------------------------------ pure parts (unit-tested)

    /** The node's end: the master's connection only, on the node's own address, into mbstream -x. */
    static String listenScript(Ends e, PhysicalRebuild.Dirs nd) {
        return "{ socat -u " + BLOCK + " TCP-LISTEN:" + e.port() + ",bind=" + e.nodeAddress() + ",range="
                + e.masterAddress() + "/32,reuseaddr,accept-timeout=" + ACCEPT.toSeconds() + " STDOUT 2>\"$1/socat.err\";"
                + " echo $? >\"$1/socat.rc\"; } | { " + PhysicalRebuild.extractCommand(nd) + " 2>\"$1/mbstream.err\";"
                + " echo $? >\"$1/mbstream.rc\"; }";
    }

    /** The master's end: a consistent hot copy of the whole server into socat, from its own address. */
    static String sendScript(Ends e, String defaultsFile) {
        return "{ mariadb-backup --defaults-file=" + TarCommand.quote(defaultsFile) + " --backup --stream=mbstream"
                + " --parallel=2 --target-dir=\"$1/scratch\" 2>\"$1/backup.err\"; echo $? >\"$1/backup.rc\"; } |"
                + " { socat -u " + BLOCK + " STDIN " + connect(e) + " 2>\"$1/socat.err\"; echo $? >\"$1/socat.rc\"; }";
    }

    /** The listener a probe connects to: the copy's options, what arrives into a file. */
    static String probeListenScript(Ends e) {
        return "{ socat -u TCP-LISTEN:" + e.port() + ",bind=" + e.nodeAddress() + ",range=" + e.masterAddress()
                + "/32,reuseaddr,accept-timeout=15 CREATE:\"$1/got\" 2>\"$1/socat.err\"; echo $? >\"$1/socat.rc\"; }";
    }

    static String probeSendCommand(Ends e, String token) {
        return "printf %s " + TarCommand.quote(token) + " | socat -u STDIN " + connect(e);
    }

    /** The master's connection: from its own address, retried while the listener comes up (~10 s). */
    private static String connect(Ends e) {
        return "TCP:" + e.target() + ",bind=" + e.masterAddress() + ",connect-timeout=5,retry=50,interval=0.2";
    }

    static boolean running(Map<String, String> source, Map<String, String> target) {
        return "1".equals(source.get("running")) || "1".equals(target.get("running"));
    }

    /**
     * What failed first, as far as the exit codes tell: a mariadb-backup that failed of itself (not a
     * broken pipe: killed, or its own error) is the cause of whatever the node saw; else the node's
     * own error (mbstream, then its listener) comes before the master's broken pipe; an end that has
     * ended without writing an exit code was killed with its group. Null: nothing failed (yet).
     */
    static Failure failure(String master, Map<String, String> source, String node, Map<String, String> target) {
        String backup = source.get("backup");
        if (backup != null && !backup.equals("0") && !backup.equals("141")) {
            return new Failure("mariadb-backup on " + master + " exited " + backup + killed(backup), false, "backup.err");
        }
        String mb = target.get("mbstream");
        if (mb != null && !mb.equals("0")) {
            return new Failure("mbstream -x on " + node + " exited " + mb + killed(mb), true, "mbstream.err");
        }
        String listen = target.get("socat");
        if (listen != null && !listen.equals("0")) {
            return new Failure("the listener (socat) on " + node + " exited " + listen + killed(listen), true,
                    "socat.err");
        }
        if (backup != null && !backup.equals("0")) {
            return new Failure("mariadb-backup on " + master + " exited " + backup + " (broken pipe)", false,
                    "backup.err");
        }
        String send = source.get("socat");
        if (send != null && !send.equals("0")) {
            return new Failure("socat on " + master + " (the sender) exited " + send + killed(send), false, "socat.err");
        }
        if (!running(source, target)) {
            String[][] expected = {{"backup", "mariadb-backup on " + master}, {"socat", "socat on " + master}};
            for (String[] x : expected) {
                if (!source.containsKey(x[0])) {
                    return new Failure(x[1] + " ended without an exit code (killed with its group?)", false,
                            x[0] + ".err");
                }
            }
            String[][] there = {{"socat", "the listener (socat) on " + node}, {"mbstream", "mbstream -x on " + node}};
            for (String[] x : there) {
                if (!target.containsKey(x[0])) {
                    return new Failure(x[1] + " ended without an exit code (killed with its group?)", true,
                            x[0] + ".err");
                }
            }
        }
        return null;
    }

    private static String killed(String exit) {
        return exit.equals("137") || exit.equals("143") ? " (killed)" : "";
    }

    static long parseBytes(String du) {
        try {
            return du == null || du.isBlank() ? 0 : Long.parseLong(du.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
