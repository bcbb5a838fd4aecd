package io.hactl.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transition log whose fsyncs a test counts, holds and fails (issue 20's grouped fsyncs): each
 * fsync first waits until {@link #release()} (when {@link #hold()} was called), then does the real
 * fsync, or throws while {@link #failing} is set. Public for the tests of other packages (an
 * operation's end waits for its lines).
 */
public final class HeldFsyncs {

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean failing;

    /** A log in {@code stateDirectory} whose fsyncs go through this. */
    public TransitionLog log(Path stateDirectory) {
        return new TransitionLog(stateDirectory, this::force);
    }

    private void force(Path file) throws IOException {
        started.incrementAndGet();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IOException("the test never released the fsync");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (failing) {
            throw new IOException("Input/output error (the test's disk)");
        }
        Durability.FSYNC.force(file);
        done.incrementAndGet();
    }

    /** From now on each fsync waits for {@link #release()}. */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    /** Lets the held fsyncs (and the next ones) run. */
    public void release() {
        gate.countDown();
    }

    /** Fsyncs fail (an I/O error) while true. */
    public void failing(boolean on) {
        failing = on;
    }

    /** Fsyncs started (including those held). */
    public int started() {
        return started.get();
    }

    /** Fsyncs that completed. */
    public int done() {
        return done.get();
    }
}
