package io.hactl.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Between two probe cycles, one TCP connection held open to the master's database port, never logged
 * in, never sending: when the master's server dies, its kernel closes the connection at once (the
 * process's sockets go with it) and the watch wakes the prober for a cycle now, instead of at the next
 * {@code probe.interval} (issue 20: a crash is seen in milliseconds, a silence is not a signal). A hung
 * server (SIGSTOP) or a lost link closes nothing: the watch stays quiet and the cycles decide as
 * always. It only triggers a probe; it decides nothing, and what the cycle then sees is the evidence.
 *
 * <p>The server closes a connection that never logs in after its {@code connect_timeout} (10 s by
 * default; one aborted connect, cleared by the probes' next login): that wakes one cycle early, which
 * is harmless, and the watch connects again. Wakes are at most one per {@link #MIN_WAKE_GAP}.
 */
public final class MasterWatch implements AutoCloseable {

    /** How often the target is looked at again while the connection is quiet, and the pause between attempts. */
    static final Duration RECHECK = Duration.ofMillis(500);
    static final Duration MIN_WAKE_GAP = Duration.ofMillis(200);

    /** The master's database endpoint to watch; null when none should be watched (no master, or it already fails). */
    public record Target(String host, int port) {
    }

    private final Supplier<Target> target;
    private final Runnable wake;
    private final Duration connectTimeout;
    private final Thread thread;
    private volatile boolean closed;
    private volatile Socket socket;
    private long lastWake;

    public MasterWatch(Supplier<Target> target, Runnable wake, Duration connectTimeout) {
        this.target = target;
        this.wake = wake;
        this.connectTimeout = connectTimeout;
        this.thread = new Thread(this::loop, "hactl-watch");
        this.thread.setDaemon(true);
    }

    public MasterWatch start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (!closed) {
            Target t = target.get();
            if (t == null) {
                pause();
                continue;
            }
            if (watch(t)) {
                wake();
            }
            pause();
        }
    }

    /** Holds one connection to {@code t} while it stays the target; true when the server closed or refused it. */
    private boolean watch(Target t) {
        try (Socket s = new Socket()) {
            socket = s;
            s.connect(new InetSocketAddress(t.host(), t.port()), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) RECHECK.toMillis());
            InputStream in = s.getInputStream();
            byte[] buf = new byte[512];
            while (!closed && t.equals(target.get())) {
                try {
                    if (in.read(buf) < 0) {
                        return true; // closed by the server's side: its process died (or its connect_timeout)
                    }
                } catch (SocketTimeoutException quiet) {
                    // nothing said: as it should be
                }
            }
            return false;
        } catch (ConnectException e) {
            return !closed; // refused (or no route): the cycle looks
        } catch (SocketTimeoutException e) {
            return false; // a silence is not a signal
        } catch (IOException e) {
            return !closed && e.getMessage() != null && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("reset");
        } finally {
            socket = null;
        }
    }

    private void wake() {
        long now = System.nanoTime();
        if (lastWake != 0 && now - lastWake < MIN_WAKE_GAP.toNanos()) {
            return;
        }
        lastWake = now;
        wake.run();
    }

    private void pause() {
        try {
            Thread.sleep(closed ? 0 : Math.min(MIN_WAKE_GAP.toMillis(), RECHECK.toMillis()));
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        thread.interrupt();
    }
}
