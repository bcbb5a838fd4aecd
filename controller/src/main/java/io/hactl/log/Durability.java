package io.hactl.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The writes of one transition log file and their fsyncs, grouped (issue 20): lines are written
 * one at a time, in order, and numbered; a fsync started after line n was written makes lines 1..n
 * durable, so a caller waiting for its line waits for the fsync in flight (when it started after the
 * line) or starts the next one, which covers every line written meanwhile. A background fsync for the
 * {@link TransitionLog#deferred()} lines runs on one shared thread that ends after a second without
 * work (no thread is left behind by a command or a test).
 */
final class Durability {

    /** Makes what was written to {@code file} durable (fsync). */
    @FunctionalInterface
    interface Forcer {
        void force(Path file) throws IOException;
    }

    /** A write to the file, run under the lock that orders the lines. */
    @FunctionalInterface
    interface Write {
        void run() throws IOException;
    }

    /** The real fsync: the file's data and metadata (a new file's size) on the disk. */
    static final Forcer FSYNC = f -> {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    };

    private static final ThreadPoolExecutor BACKGROUND = background();

    private final Forcer forcer;
    private Path file;
    private long written;
    private long forced;
    /** The last line the fsync in flight covers; 0: none in flight. */
    private long forcing;
    private boolean scheduled;

    Durability(Forcer forcer) {
        this.forcer = forcer;
    }

    /** Runs {@code write} (one line) after every earlier one; returns the line's number. */
    synchronized long write(Write write, Path to) throws IOException {
        write.run();
        file = to;
        return ++written;
    }

    synchronized long written() {
        return written;
    }

    synchronized long forced() {
        return forced;
    }

    /**
     * Returns once line {@code line} is durable: waits for the fsync in flight when it covers it, else
     * (none in flight, or one that started before the line was written) runs the next one itself.
     */
    void await(long line) throws IOException {
        long target;
        Path f;
        synchronized (this) {
            while (true) {
                if (forced >= line || file == null) {
                    return;
                }
                if (forcing == 0) {
                    break;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the fsync of line " + line);
                }
            }
            target = written;
            forcing = target;
            f = file;
        }
        boolean ok = false;
        try {
            forcer.force(f);
            ok = true;
        } finally {
            synchronized (this) {
                if (ok) {
                    forced = Math.max(forced, target);
                }
                forcing = 0;
                notifyAll();
            }
        }
    }

    /** Starts, in the background, a fsync that covers line {@code line} (unless one is already due). */
    void soon(long line) {
        synchronized (this) {
            if (forced >= line || scheduled) {
                return;
            }
            scheduled = true;
        }
        BACKGROUND.execute(this::drain);
    }

    /** The background fsyncs: until every line written is durable; a failure is left for the next {@link #await}. */
    private void drain() {
        while (true) {
            long line;
            synchronized (this) {
                line = written;
                if (forced >= line) {
                    scheduled = false;
                    return;
                }
            }
            try {
                await(line);
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    scheduled = false;
                }
                return; // the caller's sync() (an operation's end) tries again and says why it failed
            }
        }
    }

    private static ThreadPoolExecutor background() {
        ThreadPoolExecutor e = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "hactl-log-fsync");
            t.setDaemon(true);
            return t;
        });
        e.allowCoreThreadTimeOut(true);
        return e;
    }
}
