package io.hactl.backup;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A stream read by a thread of its own into a few buffers, ahead of the thread that consumes them: a child
 * process's output (mariadb-dump's) keeps flowing while the consumer compresses and writes, instead of waiting on
 * a full 64 KB pipe. Memory: at most {@code chunks} buffers, reused. The reading thread ends at the end of the
 * stream, on a read error (kept for {@link #failure()}), or when closed; {@link #take()} then returns null.
 */
final class ReadAhead implements AutoCloseable {

    /** A filled buffer: its first {@code length} bytes. */
    record Chunk(byte[] bytes, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final InputStream in;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final Thread reader;
    private volatile IOException failure;
    private volatile boolean closed;

    private ReadAhead(InputStream in, int size, int chunks, String name) {
        this.in = in;
        this.filled = new ArrayBlockingQueue<>(chunks + 1);
        this.free = new ArrayBlockingQueue<>(chunks);
        for (int i = 0; i < chunks; i++) {
            free.add(new byte[size]);
        }
        this.reader = new Thread(this::read, name);
        reader.setDaemon(true);
    }

    /** Starts reading {@code in} in a thread named {@code name}, into {@code chunks} buffers of {@code size} bytes. */
    static ReadAhead start(InputStream in, int size, int chunks, String name) {
        ReadAhead r = new ReadAhead(in, size, chunks, name);
        r.reader.start();
        return r;
    }

    private void read() {
        try {
            while (!closed) {
                byte[] buf = free.take();
                int n = in.read(buf, 0, buf.length);
                // what the pipe holds (up to 64 KB), topped up with what has come meanwhile
                while (n > 0 && n < buf.length && in.available() > 0) {
                    int m = in.read(buf, n, Math.min(buf.length - n, in.available()));
                    if (m <= 0) {
                        break;
                    }
                    n += m;
                }
                if (n <= 0) {
                    break;
                }
                filled.put(new Chunk(buf, n));
            }
        } catch (IOException e) {
            if (!closed) {
                failure = e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            filled.offer(END);
        }
    }

    /** The next filled buffer, in order; null at the end (or after a read error: see {@link #failure()}). */
    Chunk take() {
        try {
            Chunk c = filled.take();
            if (c == END) {
                filled.offer(END);
                return null;
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Gives a consumed buffer back for the reading thread to fill again. */
    void recycle(Chunk c) {
        free.offer(c.bytes());
    }

    /** The read error that ended the stream early, or null. */
    IOException failure() {
        return failure;
    }

    /** Stops the reading thread (the stream itself is the caller's: closing the process ends a blocked read). */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is what matters
        }
    }
}
