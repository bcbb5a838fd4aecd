package io.hactl.probe;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Between two probe cycles, one session held open with the master's database server: when the server's
 * process dies, its kernel closes the session at once (the process's sockets go with it) and the watch
 * wakes the prober for a cycle now, instead of at the next {@code probe.interval} (issue 20: a crash is
 * seen in milliseconds, a silence is not a signal). A hung server (SIGSTOP) or a lost link closes
 * nothing: the session goes unanswered, the watch wakes nobody and the cycles decide as always. It only
 * triggers a probe; it decides nothing, and what the cycle then sees is the evidence.
 *
 * <p>The session is a logged-in one ({@link SqlSessions}: the probes' user, a {@code SELECT SLEEP(1)} at a
 * time), never a bare TCP connection: the server closes a connection that does not log in after its
 * {@code connect_timeout} and writes an "Aborted connection ... user: 'unauthenticated'" warning to its
 * error log each time, which a watch would do every 10 s, day and night. Wakes are at most one per
 * {@link #MIN_WAKE_GAP}.
 */
public final class MasterWatch implements AutoCloseable {

    /** The pause between two sessions, and while there is no target. */
    static final Duration RECHECK = Duration.ofMillis(500);
    static final Duration MIN_WAKE_GAP = Duration.ofMillis(200);

    /** The master's database endpoint to watch; null when none should be watched (no master, or it already fails). */
    public record Target(String host, int port) {
    }

    /** What a session heard from the server. */
    public enum Heard {
        /** It answered: it lives. */
        ANSWERED,
        /** Its side went away (the connection closed or reset, a connect refused): a cycle now. */
        GONE,
        /** No answer in time, or it would not let us in: not a signal; the cycles look as always. */
        NOTHING
    }

    /** Opens sessions with a server. */
    public interface Sessions {
        /** A session with {@code t}, or why there is none ({@link Heard#GONE}: refused; else {@link Heard#NOTHING}). */
        Opened open(Target t);
    }

    /** A session, or what opening it heard. */
    public record Opened(Session session, Heard failure) {
    }

    /** One session with the server, held by the watch's thread only. */
    public interface Session extends AutoCloseable {
        /** Waits on the server about a second; what ended the wait. */
        Heard listen();

        /** Ends the session the polite way (the server logs nothing). */
        @Override
        void close();
    }

    private final Supplier<Target> target;
    private final Runnable wake;
    private final Sessions sessions;
    private final Thread thread;
    private volatile boolean closed;
    private long lastWake;

    public MasterWatch(Supplier<Target> target, Runnable wake, Sessions sessions) {
        this.target = target;
        this.wake = wake;
        this.sessions = sessions;
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
            if (t != null && watch(t) == Heard.GONE && !closed) {
                wake();
            }
            pause();
        }
    }

    /** Holds one session with {@code t} while it stays the target; what ended it. */
    private Heard watch(Target t) {
        Opened o = sessions.open(t);
        if (o.session() == null) {
            return o.failure();
        }
        try (Session s = o.session()) {
            while (!closed && t.equals(target.get())) {
                Heard h = s.listen();
                if (h != Heard.ANSWERED) {
                    return h;
                }
            }
            return Heard.ANSWERED;
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

    /** Stops the watch: its session ends by itself after the wait in progress (at most about a second). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
