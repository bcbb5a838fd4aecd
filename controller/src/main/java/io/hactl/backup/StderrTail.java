package io.hactl.backup;

import io.hactl.node.Excerpt;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the last {@value #LIMIT} bytes written to it (a child's stderr): memory stays
 * bounded however much a program prints, and the end, where the error is, is kept.
 */
public final class StderrTail extends OutputStream {

    static final int LIMIT = 16 * 1024;

    private final byte[] ring = new byte[LIMIT];
    private long written;

    @Override
    public synchronized void write(int b) {
        ring[(int) (written++ % LIMIT)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) (written++ % LIMIT)] = b[off + i];
        }
    }

    /** Drains {@code in} into a new tail on a daemon thread. */
    public static StderrTail drain(InputStream in, String name) {
        StderrTail tail = new StderrTail();
        Thread t = new Thread(() -> {
            try (in) {
                in.transferTo(tail);
            } catch (IOException e) {
                // the process went away; what was read is kept
            }
        }, name);
        t.setDaemon(true);
        t.start();
        tail.thread = t;
        return tail;
    }

    private volatile Thread thread;

    /** Waits (bounded) for the draining thread to reach the end of the stream. */
    public void await() {
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized String text() {
        int n = (int) Math.min(written, LIMIT);
        byte[] out = new byte[n];
        long start = written - n;
        for (int i = 0; i < n; i++) {
            out[i] = ring[(int) ((start + i) % LIMIT)];
        }
        String s = new String(out, StandardCharsets.UTF_8);
        return written > LIMIT ? "..." + s : s;
    }

    /**
     * The lines worth showing, joined by "; ": warnings about passwords on the command line and
     * empty lines left out, the server's error lines whole, the rest cut ({@link Excerpt}).
     */
    public String errorLines() {
        List<String> kept = new ArrayList<>();
        for (String line : text().split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.contains("Using a password on the command line interface can be insecure")) {
                continue;
            }
            kept.add(l);
        }
        return Excerpt.lines(kept, "; ");
    }
}
