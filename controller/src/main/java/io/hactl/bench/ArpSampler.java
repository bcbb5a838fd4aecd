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
 * namespace (where the clients are): Thomas Habets' {@code arping -i BRIDGE -r -c 3 -W 0.05
 * -w 0.3 VIP} prints each reply's MAC, ~0.25 s a round. A round with two different MACs is
 * an instant where two nodes hold the VIP and a client's connection may go to either:
 * counted, with its time. (From the bridge the exit code says nothing: iputils' -D exits 1
 * with one owner or two; see /work/shared/lab-notes.md.) No answer at all is not counted:
 * a node cut off may still hold the VIP, which only its return can show.
 */
final class ArpSampler implements AutoCloseable {

    /** One round with more than one MAC. */
    record Conflict(long atNanos, Set<String> macs) {
    }

    /** /usr/sbin, which a PATH may lack (sudo, a test runner's environment). */
    static final String ARPING = java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/sbin/arping"))
            ? "/usr/sbin/arping" : "arping";

    private final String bridge;
    private final String vip;
    private final Thread thread;
    private volatile boolean running = true;
    private long rounds;
    private long failures;
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
            CommandResult r = LocalShell.exec("host", List.of(ARPING, "-i", bridge, "-r", "-c", "3", "-W", "0.05",
                    "-w", "0.3", vip), "arping " + vip, null, Duration.ofSeconds(5));
            Set<String> macs = macs(r.out());
            synchronized (this) {
                rounds++;
                if (r.exit() != 0 && r.exit() != 1) {
                    failures++;
                }
                if (macs.size() > 1) {
                    conflicts.add(new Conflict(at, macs));
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
