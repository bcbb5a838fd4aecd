package io.hactl.bench;

import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.probe.NodeScript;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Asks, again and again, who answers ARP for the DB VIP, from the lab's bridge in the root
 * namespace (where the clients are): Thomas Habets' {@code arping -i BRIDGE -c 3 -W 0.05
 * -w 0.3 VIP} prints each reply's MAC and, at the end, how many replies were extra (more
 * than one for a request), ~0.25 s a round. A round where one request got answers from two
 * MACs is an instant where two nodes hold the VIP and a client's connection may go to either:
 * counted, with its time. A round whose three requests were answered by different MACs, one
 * each, is the VIP moving between them during the round (gone from one, then on the other):
 * counted apart as a move, not a conflict. (From the bridge the exit code says nothing: iputils' -D exits 1
 * with one owner or two; see /work/shared/lab-notes.md.) No answer at all is not counted:
 * a node cut off may still hold the VIP, which only its return can show.
 */
final class ArpSampler implements AutoCloseable {

    /** One round where one request was answered by more than one MAC. */
    record Conflict(long atNanos, Set<String> macs) {
    }

    private static final java.util.regex.Pattern EXTRA = java.util.regex.Pattern.compile("\\((\\d+) extra\\)");

    /** /usr/sbin, which a PATH may lack (sudo, a test runner's environment). */
    static final String ARPING = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/arping"))
            ? "/usr/sbin/arping" : "arping";

    private final String bridge;
    private final String vip;
    private final Thread thread;
    private volatile boolean running = true;
    private long rounds;
    private long failures;
    private long moves;
    private final List<Conflict> conflicts = new ArrayList<>();

    ArpSampler(String bridge, String vip) {
        this.bridge = bridge;
        this.vip = vip;
        this.thread = new Thread(this::loop, "arp-sampler");
        this.thread.setDaemon(true);
    }

    ArpSampler start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            long at = System.nanoTime();
            CommandResult r = LocalShell.exec("host", List.of(ARPING, "-i", bridge, "-c", "3", "-W", "0.05",
                    "-w", "0.3", vip), "arping " + vip, null, Duration.ofSeconds(5));
            Set<String> macs = macs(r.out());
            synchronized (this) {
                rounds++;
                if (r.exit() != 0 && r.exit() != 1) {
                    failures++;
                }
                if (twoAtOnce(r.out(), macs)) {
                    conflicts.add(new Conflict(at, macs));
                } else if (macs.size() > 1) {
                    moves++;
                }
            }
            if (r.exit() != 0 && r.exit() != 1 || r.elapsed().toMillis() < 50) {
                // arping itself failing (not installed, no bridge) would spin: a round every 50 ms at most
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
        }
    }

    /** The distinct MACs in arping's output (raw: one per line; or its usual reply lines). */
    static Set<String> macs(String output) {
        Set<String> found = new TreeSet<>();
        if (output == null) {
            return found;
        }
        for (String line : output.split("\n")) {
            found.addAll(NodeScript.macs(line));
        }
        return found;
    }

    /**
     * Two MACs answered the same request: the round saw more replies than requests ("(3 extra)")
     * and more than one MAC. Different MACs with no extra reply answered different requests: a move.
     */
    static boolean twoAtOnce(String output, Set<String> macs) {
        if (macs.size() < 2 || output == null) {
            return false;
        }
        java.util.regex.Matcher m = EXTRA.matcher(output);
        return !m.find() || Long.parseLong(m.group(1)) > 0;
    }

    /** Rounds where the VIP moved from one MAC to another between two requests. */
    synchronized long moves() {
        return moves;
    }

    synchronized long rounds() {
        return rounds;
    }

    synchronized long failures() {
        return failures;
    }

    /** Rounds with two MACs in [fromNanos, toNanos] (System.nanoTime()). */
    synchronized long conflictsBetween(long fromNanos, long toNanos) {
        return conflicts.stream().filter(c -> c.atNanos() >= fromNanos && c.atNanos() <= toNanos).count();
    }

    synchronized List<Conflict> conflicts() {
        return List.copyOf(conflicts);
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
