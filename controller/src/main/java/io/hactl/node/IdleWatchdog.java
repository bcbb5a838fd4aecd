package io.hactl.node;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Stops a stream from a node that has carried nothing for too long (a hung command, a dead link): one
 * daemon thread that looks every 200 ms while the stream runs. The stream calls {@link #touch} on each
 * byte it moves; {@link #fired} tells afterwards whether it was stopped for being idle. Used by both
 * ways a copy crosses: hactl's own SSH ({@link SshShell#stream}) and the OpenSSH client.
 */
public final class IdleWatchdog implements AutoCloseable {

    private final AtomicLong last = new AtomicLong(System.nanoTime());
    private final AtomicBoolean idle = new AtomicBoolean();
    private final Duration limit;
    private Thread thread;

    /** Counts idleness from now; {@link #start} begins the looking. */
    public IdleWatchdog(Duration limit) {
        this.limit = limit;
    }

    /**
     * Starts watching: {@code stop} runs once nothing was touched for the limit, or at once when {@code cutNow}
     * says so (not counted as idle), while {@code running} holds.
     */
    public IdleWatchdog start(BooleanSupplier running, BooleanSupplier cutNow, Runnable stop) {
        thread = new Thread(() -> {
            while (running.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
                if (cutNow.getAsBoolean()) {
                    stop.run();
                    return;
                }
                if (System.nanoTime() - last.get() > limit.toNanos()) {
                    idle.set(true);
                    stop.run();
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "ssh-stream-idle");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Bytes moved now. */
    public void touch() {
        last.set(System.nanoTime());
    }

    /** Whether the stream was stopped for being idle. */
    public boolean fired() {
        return idle.get();
    }

    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
