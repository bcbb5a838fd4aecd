package io.hactl.backup;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Asks why a load stopped moving, long before its stall timeout: every {@code every} that its
 * input did not move, it asks {@code why} (the server: {@link DiskFull#check}); an answer stops
 * the load at once ({@code stop}) and is kept as the reason. No answer: the load goes on, and
 * the stall timeout stays the limit. A slow statement is not a reason: only the server's own
 * state is.
 */
final class LoadWatch implements AutoCloseable {

    /** How long the input may stand still before the server is asked (each time again). */
    static final Duration EVERY = Duration.ofSeconds(5);

    private final Thread thread;
    private volatile String reason;
    private volatile boolean closed;

    LoadWatch(Duration every, LongSupplier position, Supplier<String> why, Runnable stop, String name) {
        this.thread = new Thread(() -> {
            long last = position.getAsLong();
            while (!closed) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                long now = position.getAsLong();
                if (!closed && now == last) {
                    String r = why.get();
                    if (r != null && !closed) {
                        reason = r;
                        stop.run();
                        return;
                    }
                }
                last = now;
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Why the load was stopped, or null when it was not. */
    String reason() {
        return reason;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
