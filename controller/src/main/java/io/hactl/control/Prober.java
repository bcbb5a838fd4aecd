package io.hactl.control;

import io.hactl.config.HactlConfig;
import io.hactl.db.GtidMemory;
import io.hactl.model.ProbeSnapshot;
import io.hactl.node.NodeShells;
import io.hactl.probe.DbProber;
import io.hactl.probe.MasterWatch;
import io.hactl.ops.ProbePause;
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
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The probe thread ({@code hactl-probe}): every {@code probe.interval} the probes (network I/O,
 * each with its timeout) and the GTID memory's file, then the snapshot posted to the owner thread,
 * waiting until it is assessed. The I/O stays off the owner thread; cycles never pile up behind a
 * busy owner; a cycle that overruns the interval is followed at once by the next. While the master
 * has just failed and nothing is decided, the owner asks for the next cycle after {@link #REPROBE};
 * while it answers, a {@link MasterWatch} brings the next cycle forward when its session with the master closes.
 *
 * <p>A focused re-probe (issue 20, {@link ProbeCycle#focus}) asks only what decides a crash: the master's
 * database port, its server's process, the replica's IO thread, with the rest of the last whole cycle kept.
 * It runs on its own thread ({@code hactl-reprobe}), so that it starts at once when the watch wakes, while a
 * whole cycle (~0.8 s here, most of it the ARP window) may still run; and again {@link #FOCUS_GAP} after
 * each one while the owner says the master fails refused, its shell answers and nothing is decided. Both
 * threads post their snapshots to the owner as messages; the owner assesses them in turn and leaves out a
 * snapshot taken before one it already assessed ({@link ControlOwner}).
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
    /**
     * How soon after the watch's wake the focused re-probe starts: a kill's facts are all there ~30 ms after
     * it (the replica's IO thread refused, the process gone), measured on the lab; one too early needs another.
     */
    static final Duration WAKE_LOOK = Duration.ofMillis(40);
    /** The pause between two focused re-probes while the owner asks for them. */
    static final Duration FOCUS_GAP = Duration.ofMillis(50);

    /** What the owner said after the snapshot it assessed last, read by the probe threads. */
    interface Word {
        /** The next probe soon: the master fails and nothing is decided yet. */
        boolean reprobeSoon();

        /** The master to re-probe focused (it fails refused, its shell answers, nothing decided), null for none. */
        String focusOn();

        /** The master the owner knows (the one the watch's wake is about), null when none. */
        String master();

        /** What the watch holds a connection to between cycles, null when nothing. */
        MasterWatch.Target watchTarget();
    }
    /** The owner's word after the last snapshot (re-probe soon, focused or whole; the master watched). */
    private final Word word;
    /** The focused re-probe (the last whole snapshot and the master to the new one, null when it cannot); null: none. */
    private final BiFunction<ProbeSnapshot, String, ProbeSnapshot> focused;
    private final ScheduledExecutorService focusThread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hactl-reprobe");
        t.setDaemon(true);
        return t;
    });
    /** The last whole cycle's snapshot, what a focused re-probe keeps of the pair; null before the first. */
    private volatile ProbeSnapshot lastWhole;
    /** When {@link #lastWhole}'s probes started ({@link System#nanoTime()}). */
    private volatile long lastWholeStarted;
    /** A focused re-probe waits for its thread (guarded by this): a wake then adds none. */
    private boolean focusQueued;
    private MasterWatch watch;
    /** The next cycle, as scheduled (guarded by this); a wake brings it forward. */
    private ScheduledFuture<?> next;
    /** A cycle runs now (guarded by this): a wake then has nothing to bring forward. */
    private boolean ticking;
    /** Holds on the cycles ({@link #hold}) not closed yet (guarded by this). */
    private int holds;
    /** When the longest open hold ends whatever happens ({@link System#nanoTime()}, guarded by this). */
    private long holdUntil;
    /** A whole cycle came due while held: it runs when the last hold closes (guarded by this). */
    private boolean deferred;

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
        this(cfg, out, inbox, probes, null, new Word() {
            @Override
            public boolean reprobeSoon() {
                return reprobeSoon.getAsBoolean();
            }

            @Override
            public String focusOn() {
                return null;
            }

            @Override
            public String master() {
                return null;
            }

            @Override
            public MasterWatch.Target watchTarget() {
                return watchTarget.get();
            }
        });
    }

    /**
     * {@code probes} and {@code focused}: the whole cycle and the focused re-probe, both null for the real
     * {@link ProbeCycle}'s ({@code focused} null with fake whole probes: no focused re-probe); {@code word}: the
     * owner's word, read after each snapshot was assessed.
     */
    Prober(HactlConfig cfg, PrintWriter out, Inbox inbox, Supplier<ProbeSnapshot> probes,
           BiFunction<ProbeSnapshot, String, ProbeSnapshot> focused, Word word) {
        this.word = word;
        this.cfg = cfg;
        this.out = out;
        this.inbox = inbox;
        this.probeCycle = probes == null ? new ProbeCycle(cfg, shells::forNode) : null;
        this.probes = probes != null ? probes : probeCycle::run;
        this.focused = focused != null ? focused : probeCycle != null ? probeCycle::focus : null;
        this.gtidMemory = GtidMemory.of(cfg);
    }

    void start() {
        if (probeCycle != null && cfg.database() != null) {
            watch = new MasterWatch(word::watchTarget, this::wake, new SqlSessions(new DbProber(cfg.database()))).start();
        }
        schedule(0);
    }

    /**
     * The {@link MasterWatch} saw the master's connection closed: a focused re-probe of the master
     * {@link #WAKE_LOOK} from now, whether a whole cycle runs or not (issue 20: a kill lands in a running
     * cycle ~80 % of the time, and that cycle read part of the pair before it). Not at once: the replica's
     * IO thread sees the same close and needs a moment to be refused reconnecting, and the dying server's
     * process a moment to go. Without a focused re-probe (no master known, fake probes): the next whole
     * cycle brought forward.
     */
    void wake() {
        String master = word.master();
        if (focused != null && master != null) {
            focusSoon(master, WAKE_LOOK.toMillis());
        } else {
            bringForward();
        }
    }

    /**
     * The next whole cycle {@link #REPROBE} from now rather than when scheduled; nothing when a cycle runs
     * already, is due sooner, or the controller stops.
     */
    private synchronized void bringForward() {
        if (!ticking && !held() && next != null && next.getDelay(TimeUnit.MILLISECONDS) > REPROBE.toMillis()
                && next.cancel(false)) {
            schedule(REPROBE.toMillis());
        }
    }

    /** A focused re-probe of {@code master} after {@code delayMillis}, unless one waits already. */
    private synchronized void focusSoon(String master, long delayMillis) {
        if (focusQueued) {
            return;
        }
        try {
            focusThread.schedule(() -> focus(master), delayMillis, TimeUnit.MILLISECONDS);
            focusQueued = true;
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the controller stops
        }
    }

    /**
     * One focused re-probe, posted and assessed; then the next one while the owner asks, else the next whole
     * cycle brought forward while it wants one soon (the master no longer refuses: a timeout, no shell). None
     * possible (no whole cycle yet, no pid file known): the whole cycle brought forward.
     */
    private void focus(String master) {
        synchronized (this) {
            focusQueued = false;
            if (held()) {
                return;
            }
        }
        long t0 = System.nanoTime();
        try {
            ProbeSnapshot snap = focused.apply(lastWhole, master);
            if (snap == null) {
                bringForward();
                return;
            }
            post(snap, t0, lastWholeStarted, true);
        } catch (RuntimeException e) {
            out.println("hactl controller: focused re-probe failed: " + e);
            out.flush();
            bringForward();
            return;
        }
        String again = word.focusOn();
        if (again != null) {
            focusSoon(again, FOCUS_GAP.toMillis());
        } else if (word.reprobeSoon()) {
            bringForward();
        }
    }

    /**
     * One cycle, then the next scheduled: {@code probe.interval} after this one started (at once when it
     * overran), or {@link #REPROBE} after it ended when the owner says the master just failed and nothing
     * is decided yet (a crash is seen whole in a few hundred ms; a 1 s wait would only delay its decision).
     */
    private void tick() {
        synchronized (this) {
            if (held()) {
                deferred = true;
                next = thread.schedule(this::tick, Math.max(1, (holdUntil - System.nanoTime()) / 1_000_000),
                        TimeUnit.MILLISECONDS);
                return;
            }
            deferred = false;
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
        String focus = focused == null ? null : word.focusOn();
        if (focus != null) {
            // the focused re-probes look at what decides; the whole cycles keep their interval meanwhile
            focusSoon(focus, FOCUS_GAP.toMillis());
            schedule(Math.max(0, period - spent));
        } else {
            schedule(word.reprobeSoon() ? Math.min(REPROBE.toMillis(), period) : Math.max(0, period - spent));
        }
    }

    /**
     * Holds whole cycles and focused re-probes back until the hold is closed, at most {@code max} (issue 20,
     * {@link ProbePause}: a failover's critical path). A cycle running goes on; one due meanwhile
     * runs when the last hold closes (or its time is up).
     */
    synchronized ProbePause.Held hold(Duration max) {
        long until = System.nanoTime() + max.toNanos();
        holdUntil = holds == 0 || until - holdUntil > 0 ? until : holdUntil;
        holds++;
        return ProbePause.once(this::release);
    }

    /** Whether a hold is open and its time not up (callers hold this). */
    private boolean held() {
        return holds > 0 && System.nanoTime() - holdUntil < 0;
    }

    private synchronized void release() {
        holds--;
        if (holds == 0 && deferred) {
            deferred = false;
            if (next != null) {
                next.cancel(false);
            }
            schedule(0);
        }
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
        ProbeSnapshot snap = probes.get();
        lastWholeStarted = t0;
        lastWhole = snap;
        post(snap, t0, t0, false);
    }

    /**
     * Posts a snapshot whose probes started at {@code t0} ({@link System#nanoTime()}) and waits until the
     * owner assessed it (on a probe thread, or a test's). {@code focused}: a focused re-probe's, which keeps
     * what the whole cycle started at {@code keptSince} saw of the rest of the pair.
     */
    void post(ProbeSnapshot snap, long t0, long keptSince, boolean focused) {
        Maintenance others = OperationBook.others(cfg.stateDirectory());
        // the master's last position as stored before this snapshot: a replica read in the same cycle
        // as the master is not held to what the master committed meanwhile
        Map<String, GtidMemory.Seen> stored = gtidMemory.all();
        GtidMemory.recordProbe(cfg, snap);
        CompletableFuture<Void> assessed = new CompletableFuture<>();
        if (inbox.post(new Message.Probed(snap, stored, others, t0, keptSince, focused, assessed))) {
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
        focusThread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
            focusThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (probeCycle != null) {
            probeCycle.close();
        }
        shells.close();
    }
}
