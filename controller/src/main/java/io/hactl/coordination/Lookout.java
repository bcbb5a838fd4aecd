package io.hactl.coordination;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What status shows of the three, looked at on a thread of its own every {@code every} (5 s in the
 * daemon): who leads by the latch, this controller's connection, each ZooKeeper member's answer.
 * Asking the members takes up to about twice the connection timeout when one is cut off, and
 * reading the latch waits for a connection: neither may hold an HTTP thread or the owner thread,
 * so {@link #latest()} answers from the last look at once and says when it was taken.
 */
public final class Lookout implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Lookout.class);

    private final Coordinator coordinator;
    private final Leadership leadership;
    private final ScheduledExecutorService looker;
    private volatile CoordinationView latest;

    private Lookout(Coordinator coordinator, Leadership leadership) {
        this.coordinator = coordinator;
        this.leadership = leadership;
        this.latest = new CoordinationView(coordinator.settings().member(), null, 0,
                coordinator.connectionState().describe(), List.of(), null);
        this.looker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hactl-zk-lookout-" + coordinator.settings().member());
            t.setDaemon(true);
            return t;
        });
    }

    /** Looks at once, then every {@code every}. */
    public static Lookout start(Coordinator coordinator, Leadership leadership, Duration every) {
        Lookout l = new Lookout(coordinator, leadership);
        l.looker.scheduleWithFixedDelay(l::look, 0, every.toMillis(), TimeUnit.MILLISECONDS);
        return l;
    }

    /** The last look (before the first one: no members, no time). */
    public CoordinationView latest() {
        return latest;
    }

    /** One look now, on the caller's thread (the scheduled one, or a test). */
    void look() {
        try {
            List<MemberView> members = coordinator.members();
            Connection c = coordinator.connectionState();
            String leader = c.usable() ? leadership.leader().orElse(null) : null;
            long epoch = c.usable() ? epoch() : 0;
            String connection = c.describe() + (c.usable() ? ", to " + coordinator.server() : "");
            latest = new CoordinationView(coordinator.settings().member(), leader, epoch, connection, members,
                    coordinator.clock().instant());
        } catch (RuntimeException e) {
            LOG.warn("looking at the ZooKeeper members failed", e);
        }
    }

    private long epoch() {
        try {
            return EpochNode.read(coordinator.client(), coordinator.settings()).epoch();
        } catch (Exception e) {
            return 0; // no epoch node yet (no leader ever), or the connection went meanwhile
        }
    }

    @Override
    public void close() {
        looker.shutdownNow();
    }
}
