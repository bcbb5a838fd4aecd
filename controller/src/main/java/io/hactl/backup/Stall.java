package io.hactl.backup;

import io.hactl.model.DurationText;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A watchdog for a stream: when no byte has moved for {@code limit}, it runs the kill
 * action once (ends the child processes or the SSH channel), so a dead or partitioned
 * server makes the command fail instead of hanging. Every wait in hactl has a limit.
 */
public final class Stall implements AutoCloseable {

    private final AtomicLong lastProgress = new AtomicLong(System.nanoTime());
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Duration limit;
    private final Thread thread;
    private volatile boolean closed;

    public Stall(Duration limit, Runnable kill, String name) {
        this.limit = limit;
        this.thread = new Thread(() -> {
            while (!closed) {
                try {
                    Thread.sleep(Math.min(1000, Math.max(10, limit.toMillis() / 4)));
                } catch (InterruptedException e) {
                    return;
                }
                if (!closed && System.nanoTime() - lastProgress.get() > limit.toNanos()) {
                    fired.set(true);
                    kill.run();
                    return;
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void progress() {
        lastProgress.set(System.nanoTime());
    }

    public boolean fired() {
        return fired.get();
    }

    public String describe() {
        return "nothing moved for " + DurationText.config(limit);
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
