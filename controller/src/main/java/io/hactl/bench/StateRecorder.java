package io.hactl.bench;

import io.hactl.control.ControlLoop;
import io.hactl.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The controller's state every 50 ms, kept as transitions with their time: what the torture
 * run shows as "seen" ("ACTIVE_SYNCED -> FAILOVER_PROPOSED +1.9 s -> SWITCHING +2.4 s"), and
 * where it looks for the state a fault row expects.
 */
final class StateRecorder implements AutoCloseable {

    /** One state the controller entered, at System.nanoTime(). */
    record Seen(ClusterState state, long atNanos, String sentence) {
    }

    private final ControlLoop loop;
    private final Thread thread;
    private volatile boolean running = true;
    private final List<Seen> seen = new ArrayList<>();

    StateRecorder(ControlLoop loop) {
        this.loop = loop;
        this.thread = new Thread(this::loop, "state-recorder");
        this.thread.setDaemon(true);
    }

    StateRecorder start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running) {
            sample();
            java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L); // the sampling period
        }
    }

    /**
     * Records the state now. Called before an acknowledgement too: a proposal acknowledged
     * within milliseconds leaves FAILOVER_PROPOSED for SWITCHING before the next period.
     */
    synchronized void sample() {
        var s = loop.status();
        if (seen.isEmpty() || seen.get(seen.size() - 1).state() != s.state()) {
            seen.add(new Seen(s.state(), System.nanoTime(), s.sentence()));
        }
    }

    /** The states entered at or after {@code fromNanos}, with the one in force then first. */
    synchronized List<Seen> since(long fromNanos) {
        List<Seen> out = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            boolean inForceThen = seen.get(i).atNanos() <= fromNanos
                    && (i + 1 == seen.size() || seen.get(i + 1).atNanos() > fromNanos);
            if (inForceThen || seen.get(i).atNanos() > fromNanos) {
                out.add(seen.get(i));
            }
        }
        return out;
    }

    /** "ACTIVE_SYNCED -> MASTER_DOWN +1.2 s -> FAILOVER_PROPOSED +1.3 s". */
    static String describe(List<Seen> states, long fromNanos) {
        StringBuilder b = new StringBuilder();
        for (Seen s : states) {
            if (b.length() > 0) {
                b.append(" -> ");
            }
            b.append(s.state());
            if (s.atNanos() > fromNanos) {
                b.append(String.format(Locale.ROOT, " +%.1f s", (s.atNanos() - fromNanos) / 1e9));
            }
        }
        return b.toString();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
