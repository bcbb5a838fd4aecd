package io.hactl.ops;

import java.time.Duration;

/**
 * The controller's probe cycles held back while a failover's critical path runs (issue 20): each cycle
 * starts a shell script on both nodes and SQL sessions to both, the CPU the failover's own steps need on a
 * small pair (on the lab's 2 cores, acknowledgement → writable through the VIP 0.49 s median with cycles each
 * second, 0.30 s with none in the window). Held from the failover's start to its commit point (the new master
 * writable, the DB VIP on it), never longer than {@code max}: after that the cycles go on whatever the failover
 * does. A cycle already running goes on; the first one after the hold starts at once.
 */
@FunctionalInterface
public interface ProbePause {

    /** The longest a failover or a switchover holds the cycles back. */
    Duration AT_MOST = Duration.ofSeconds(3);

    /** Holds the cycles back until the returned hold is closed, at most {@code max}. */
    Held hold(Duration max);

    /** A hold on the cycles. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /** {@code held}, closed at most once however often it is closed (at the commit point, then at the end). */
    static Held once(Held held) {
        java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                held.close();
            }
        };
    }

    /** No probes to hold (the command line's failover, tests). */
    ProbePause NONE = max -> () -> {
    };
}
