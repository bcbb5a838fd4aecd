package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.db.GtidMemory;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.probe.ProbeCycle;
import io.hactl.state.Maintenance;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The probe thread ({@code hactl-probe}): every {@code probe.interval} the probes (network I/O,
 * each with its timeout) and the GTID memory's file, then the snapshot posted to the owner thread,
 * waiting until it is assessed. The I/O stays off the owner thread; cycles never pile up behind a
 * busy owner; a cycle that overruns the interval is followed at once by the next.
 */
final class Prober implements AutoCloseable {

    private final HactlConfig cfg;
    private final PrintWriter out;
    private final Inbox inbox;
    private final NodeShells shells = new NodeShells();
    private final ProbeCycle probeCycle;
    private final Supplier<ProbeSnapshot> probes;
    /** The one memory of the nodes' last positions; the detector's copy of the master's is fed from it each cycle. */
    private final GtidMemory gtidMemory;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hactl-probe");
        t.setDaemon(true);
        return t;
    });

    /** {@code probes}: what takes a snapshot, null for the real {@link ProbeCycle}. */
    Prober(HactlConfig cfg, PrintWriter out, Inbox inbox, Supplier<ProbeSnapshot> probes) {
        this.cfg = cfg;
        this.out = out;
        this.inbox = inbox;
        this.probeCycle = probes == null ? new ProbeCycle(cfg, shells::forNode) : null;
        this.probes = probes != null ? probes : probeCycle::run;
        this.gtidMemory = GtidMemory.of(cfg);
    }

    void start() {
        long period = Math.max(50, cfg.probe().interval().toMillis());
        thread.scheduleAtFixedRate(this::safeCycle, 0, period, TimeUnit.MILLISECONDS);
    }

    private void safeCycle() {
        try {
            cycle();
        } catch (RuntimeException e) {
            out.println("hactl controller: cycle failed: " + e);
            out.flush();
        }
    }

    /** One probe cycle, end to end: returns once the owner has assessed it (on the probe thread, or a test's). */
    void cycle() {
        long t0 = System.nanoTime();
        Maintenance others = OperationBook.others(cfg.stateDirectory());
        ProbeSnapshot snap = probes.get();
        // the master's last position as stored before this snapshot: a replica read in the same cycle
        // as the master is not held to what the master committed meanwhile
        Map<String, GtidMemory.Seen> stored = gtidMemory.all();
        GtidMemory.recordProbe(cfg, snap);
        CompletableFuture<Void> assessed = new CompletableFuture<>();
        if (inbox.post(new Message.Probed(snap, stored, others, t0, assessed))) {
            await(assessed);
        }
    }

    /** Waits until the owner is done with a message (interrupted: the controller stops). */
    static void await(CompletableFuture<Void> handled) {
        try {
            handled.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops the probe thread (interrupting a cycle that waits for the owner), then the probes' sessions. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (probeCycle != null) {
            probeCycle.close();
        }
        shells.close();
    }
}
