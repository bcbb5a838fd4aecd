package io.hactl.selffence;

import io.hactl.coordination.Connection;
import io.hactl.coordination.CoordinationEvent;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The lease a node's controller holds for its node (issue 13 row 6): while its ZooKeeper connection
 * is unusable, it asks once a {@link #CHECK_EVERY} whether the other node answers; when neither
 * ZooKeeper nor the other node does, it fences its own node ({@link Isolation}), once per outage.
 * A node that fenced itself stays fenced when its link comes back: the leader sees it read-only
 * without the DB VIP and the operator (or the acknowledged failover) decides what it becomes.
 *
 * <p>Runs on its own thread ({@code hactl-self-fence}): the coordination's threads only post to it,
 * and it touches nothing of the controller's owner thread. The controller on a witness has no node
 * and no self-fence.
 */
public final class SelfFence implements AutoCloseable {

    /** How often an outage is looked at: the fence must land well inside the session timeout. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    /** Does the other node answer? ({@link PeerReach} in the daemon.) */
    @FunctionalInterface
    public interface Peer {
        PeerReach.Answer ask();
    }

    /** Fences this node (detach the DB VIP, read-only, client sessions ended); returns what it did, throws when it could not. */
    @FunctionalInterface
    public interface Fencer {
        String fence(String why);

        /** At start, on the self-fence's thread: what can be ready before an outage (its SSH session). */
        default void prepare() {
        }
    }

    private final String node;
    private final String peerName;
    private final Supplier<Connection> connection;
    private final Peer peer;
    private final Fencer fencer;
    private final PrintWriter out;
    private final Clock clock;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "hactl-self-fence");
        t.setDaemon(true);
        return t;
    });
    // the fields below: only on the thread
    private ScheduledFuture<?> watch;
    private boolean fenced;
    private boolean saidNotFencing;
    private boolean saidFailure;
    private String last = "never cut off";

    public SelfFence(String node, String peerName, Supplier<Connection> connection, Peer peer, Fencer fencer,
                     PrintWriter out, Clock clock) {
        this.node = node;
        this.peerName = peerName;
        this.connection = connection;
        this.peer = peer;
        this.fencer = fencer;
        this.out = out;
        this.clock = clock;
        post(this::prepare);
    }

    private void prepare() {
        try {
            fencer.prepare();
        } catch (RuntimeException e) {
            say("self-fence of " + node + ": could not prepare (" + e.getMessage() + "); it connects when it must");
        }
    }

    /** From the coordination's threads: only posts to this one's thread. */
    public void accept(CoordinationEvent e) {
        if (e instanceof CoordinationEvent.Suspended || e instanceof CoordinationEvent.SessionLost
                || e instanceof CoordinationEvent.QuorumLost) {
            post(this::outageBegins);
        } else if (e instanceof CoordinationEvent.Connected || e instanceof CoordinationEvent.Reconnected) {
            post(this::outageEnds);
        }
    }

    /** What the self-fence last did or decided, for status. */
    public String last() {
        try {
            return thread.submit(() -> last).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    private void post(Runnable r) {
        try {
            thread.execute(r);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // stopping: nothing more to watch
        }
    }

    private void outageBegins() {
        if (watch == null) {
            watch = thread.scheduleWithFixedDelay(this::check, 0, CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void outageEnds() {
        if (watch != null) {
            watch.cancel(false);
            watch = null;
        }
        if (fenced) {
            say(node + " stays fenced now that ZooKeeper answers again: the leader sees it read-only without the DB"
                    + " VIP; make it master again or let the failover's fence-on-return keep it so"
                    + " (hactl status, hactl proposals)");
        }
        fenced = false;
        saidNotFencing = false;
        saidFailure = false;
    }

    /** One look at the outage, while it lasts; fences at most once per outage. */
    void check() {
        try {
            Connection c = connection.get();
            if (c.usable()) {
                outageEnds();
                return;
            }
            if (fenced) {
                return;
            }
            Instant down = c.downSince() != null ? c.downSince() : c.since();
            PeerReach.Answer a = peer.ask();
            // the peer's check takes up to its timeout: the connection may be back meanwhile
            boolean back = connection.get().usable();
            Isolation.Verdict v = Isolation.decide(new Isolation.Facts(node, back,
                    Duration.between(down, clock.instant()), peerName, a.answered(), a.silence()));
            if (!v.fence()) {
                if (!saidNotFencing && !back) {
                    saidNotFencing = true;
                    say(v.sentence());
                }
                return;
            }
            fenced = true;
            say(v.sentence());
            say("self-fence of " + node + ": " + fencer.fence(v.sentence()));
        } catch (RuntimeException e) {
            fenced = false;
            if (!saidFailure) {
                saidFailure = true;
                say("self-fence of " + node + " failed: " + e.getMessage() + "; trying again every "
                        + CHECK_EVERY.toMillis() + " ms while the outage lasts");
            }
        }
    }

    private void say(String sentence) {
        last = clock.instant() + " " + sentence;
        out.println("hactl controller: " + sentence);
        out.flush();
    }

    /** Stops the watch; a fencer that holds connections (its SSH sessions) closes them. */
    @Override
    public void close() {
        thread.shutdownNow();
        if (fencer instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                out.println("hactl controller: closing the self-fence: " + e);
            }
        }
    }
}
