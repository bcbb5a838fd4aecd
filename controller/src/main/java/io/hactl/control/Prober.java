package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.db.GtidMemory;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.probe.DbProber;
import io.hactl.probe.MasterWatch;
import io.hactl.probe.SqlSessions;
import io.hactl.probe.ProbeCycle;
import io.hactl.state.Maintenance;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The probe thread ({@code hactl-probe}): every {@code probe.interval} the probes (network I/O,
 * each with its timeout) and the GTID memory's file, then the snapshot posted to the owner thread,
 * waiting until it is assessed. The I/O stays off the owner thread; cycles never pile up behind a
 * busy owner; a cycle that overruns the interval is followed at once by the next. While the master
 * has just failed and nothing is decided, the owner asks for the next cycle after {@link #REPROBE};
 * while it answers, a {@link MasterWatch} brings the next cycle forward when its session with the master closes.
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

    /** How soon the next probe comes while the master fails and nothing is decided yet (issue 20). */
    static final Duration REPROBE = Duration.ofMillis(150);
    /** The owner's word after the last cycle: re-probe at once ({@link #REPROBE}) rather than at the next interval. */
    private final BooleanSupplier reprobeSoon;
    private final Supplier<MasterWatch.Target> watchTarget;
    private MasterWatch watch;
    /** The next cycle, as scheduled (guarded by this); a wake brings it forward. */
    private ScheduledFuture<?> next;
    /** A cycle runs now (guarded by this): a wake then has nothing to bring forward. */
    private boolean ticking;

    /**
     * {@code probes}: what takes a snapshot, null for the real {@link ProbeCycle}; {@code reprobeSoon}: read
     * after each cycle was assessed, whether the owner wants the next one soon.
     */
    Prober(HactlConfig cfg, PrintWriter out, Inbox inbox, Supplier<ProbeSnapshot> probes, BooleanSupplier reprobeSoon) {
        this(cfg, out, inbox, probes, reprobeSoon, () -> null);
    }

    /**
     * As above; {@code watchTarget}: the master's database endpoint the {@link MasterWatch} holds a connection
     * to between cycles (the owner's word, null when none), its closing a cycle at once. Only with the real
     * probes.
     */
    Prober(HactlConfig cfg, PrintWriter out, Inbox inbox, Supplier<ProbeSnapshot> probes, BooleanSupplier reprobeSoon,
           Supplier<MasterWatch.Target> watchTarget) {
        this.reprobeSoon = reprobeSoon;
        this.watchTarget = watchTarget;
        this.cfg = cfg;
        this.out = out;
        this.inbox = inbox;
        this.probeCycle = probes == null ? new ProbeCycle(cfg, shells::forNode) : null;
        this.probes = probes != null ? probes : probeCycle::run;
        this.gtidMemory = GtidMemory.of(cfg);
    }

    void start() {
        if (probeCycle != null && cfg.database() != null) {
            watch = new MasterWatch(watchTarget, this::wake, new SqlSessions(new DbProber(cfg.database()))).start();
        }
        schedule(0);
    }

    /**
     * The next cycle {@link #REPROBE} from now rather than when scheduled (the {@link MasterWatch} saw the
     * master's connection closed); nothing when a cycle runs already, is due sooner, or the controller stops.
     * Not at once: the replica's IO thread sees the same close and needs a moment to be refused reconnecting,
     * and the dying server's process a moment to go; a cycle before that sees half a crash and needs another.
     */
    synchronized void wake() {
        if (!ticking && next != null && next.getDelay(TimeUnit.MILLISECONDS) > REPROBE.toMillis()
                && next.cancel(false)) {
            schedule(REPROBE.toMillis());
        }
    }

    /**
     * One cycle, then the next scheduled: {@code probe.interval} after this one started (at once when it
     * overran), or {@link #REPROBE} after it ended when the owner says the master just failed and nothing
     * is decided yet (a crash is seen whole in a few hundred ms; a 1 s wait would only delay its decision).
     */
    private void tick() {
        synchronized (this) {
            ticking = true;
        }
        long t0 = System.nanoTime();
        try {
            safeCycle();
        } finally {
            synchronized (this) {
                ticking = false;
            }
        }
        long period = Math.max(50, cfg.probe().interval().toMillis());
        long spent = (System.nanoTime() - t0) / 1_000_000;
        schedule(reprobeSoon.getAsBoolean() ? Math.min(REPROBE.toMillis(), period) : Math.max(0, period - spent));
    }

    private synchronized void schedule(long delayMillis) {
        try {
            next = thread.schedule(this::tick, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the controller stops
        }
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
        if (watch != null) {
            watch.close();
        }
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
