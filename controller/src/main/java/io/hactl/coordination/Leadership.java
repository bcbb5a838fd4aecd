package io.hactl.coordination;

import io.hactl.coordination.CoordinationEvent.LeadershipGained;
import io.hactl.coordination.CoordinationEvent.LeadershipLost;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which of the three controllers leads: Curator's {@link LeaderLatch} under {@code <base>/leader},
 * and the epoch, the fencing token every step carries.
 *
 * <p>On gaining the latch this controller bumps {@code <base>/epoch} in one transaction that checks
 * its own latch node still exists and sets the epoch node at the version it read: the new epoch is
 * written only by a live participant, and two bumps never both succeed from the same read. Only then
 * does it lead ({@link LeadershipGained}).
 *
 * <p>{@link #mayStartSteps()} never trusts the latch's {@code hasLeadership()} alone (Curator has had
 * two-leader bugs, and a paused JVM cannot know it was deposed): the connection must be CONNECTED or
 * RECONNECTED, the latch must lead, and the epoch node must still hold this leader's epoch at the
 * version its bump wrote (read with its Stat before each step), with its latch node still there.
 * On SUSPENDED it refuses at once; the latch drops leadership too (Curator's standard error policy).
 * On LOST (the session is gone) it gives up: the latch is closed and a new one joins the election
 * with the new session.
 *
 * <p>All latch callbacks, bumps and re-joins run on one thread of its own, never on Curator's
 * event thread.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);
    private static final long RETRY_MS = 500;
    private static final int BUMP_ATTEMPTS = 5;

    /** The epoch this controller bumped, and the latch it bumped it for. */
    private record Held(LeaderLatch latch, Epoch epoch) {
    }

    private final Coordinator coordinator;
    private final CuratorFramework client;
    private final String member;
    private final String latchPath;
    private final String epochPath;
    private final ScheduledExecutorService worker;
    private volatile LeaderLatch latch;
    private volatile Held held;
    private volatile boolean closed;

    private Leadership(Coordinator coordinator) {
        this.coordinator = coordinator;
        this.client = coordinator.client();
        this.member = coordinator.settings().member();
        this.latchPath = coordinator.settings().path("leader");
        this.epochPath = coordinator.settings().path("epoch");
        ScheduledThreadPoolExecutor w = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "hactl-zk-leadership-" + member);
            t.setDaemon(true);
            return t;
        });
        w.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.worker = w;
    }

    /** Joins the election; returns at once (the latch waits for the connection in the background). */
    public static Leadership start(Coordinator coordinator) {
        Leadership l = new Leadership(coordinator);
        coordinator.follow(c -> {
            if (c.state() == Connection.State.LOST) {
                l.worker.execute(l::rejoin);
            }
        });
        l.latch = l.newLatch();
        l.startLatch(l.latch);
        return l;
    }

    /**
     * Whether this controller may start a step now: granted with the epoch the step carries, or
     * refused with why, in a sentence. Reads the epoch node (one round trip) when everything else
     * says yes; call it before each step.
     */
    public StepPermission mayStartSteps() {
        if (closed) {
            return StepPermission.refused("this controller's leadership is closed (stopping); not starting steps");
        }
        Connection c = coordinator.connectionState();
        if (!c.usable()) {
            return StepPermission.refused(c.describe() + "; not starting steps");
        }
        LeaderLatch l = latch;
        Held h = held;
        if (!l.hasLeadership()) {
            return StepPermission.refused("not the leader" + leader().map(n -> " (" + n + " leads)").orElse("")
                    + "; not starting steps");
        }
        if (h == null || h.latch() != l) {
            return StepPermission.refused("leader, but the epoch bump has not completed yet; not starting steps");
        }
        try {
            EpochNode.Read now = EpochNode.read(client, epochPath);
            if (now.version() != h.epoch().version() || now.node().epoch() != h.epoch().number()) {
                return StepPermission.refused("ZooKeeper holds " + now.node().describe() + ", this controller's is "
                        + h.epoch().number() + ": another controller became leader; not starting steps");
            }
            String ours = l.getOurPath();
            if (ours == null || client.checkExists().forPath(ours) == null) {
                return StepPermission.refused("this controller's latch node " + ours + " is gone from ZooKeeper "
                        + "(its session ended); not starting steps");
            }
        } catch (Exception e) {
            Connection after = coordinator.connectionState();
            return StepPermission.refused((after.usable() ? "could not read the epoch from ZooKeeper ("
                    + e.getMessage() + ")" : after.describe()) + "; not starting steps");
        }
        return StepPermission.granted(h.epoch());
    }

    /** The member the latch says leads (one ZooKeeper read); empty when none or unknown. */
    public Optional<String> leader() {
        try {
            Participant p = latch.getLeader();
            return p != null && p.isLeader() && !p.getId().isEmpty() ? Optional.of(p.getId()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /**
     * The members whose controllers are in the election now, each with a live ZooKeeper session (their
     * latch nodes are ephemeral): a member missing here has no session, so its controller can no longer
     * lead, write or hold its node's lease (the self-fence). Empty when ZooKeeper cannot be read.
     */
    public Optional<java.util.Set<String>> members() {
        try {
            java.util.Set<String> ids = new java.util.TreeSet<>();
            for (Participant p : latch.getParticipants()) {
                if (!p.getId().isEmpty()) {
                    ids.add(p.getId());
                }
            }
            return Optional.of(ids);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    /** Leaves the election: the latch node goes, another controller leads. Close before the coordinator. */
    @Override
    public void close() {
        closed = true;
        try {
            latch.close();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("closing the leader latch", e);
        }
        worker.shutdown();
        try {
            if (!worker.awaitTermination(5, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LeaderLatch newLatch() {
        LeaderLatch l = new LeaderLatch(client, latchPath, member, LeaderLatch.CloseMode.NOTIFY_LEADER);
        l.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                gained(l);
            }

            @Override
            public void notLeader() {
                lost(l);
            }
        }, worker);
        return l;
    }

    private void startLatch(LeaderLatch l) {
        try {
            l.start();
        } catch (Exception e) {
            throw new IllegalStateException("could not join the election under " + latchPath + ": " + e.getMessage(),
                    e);
        }
    }

    private void gained(LeaderLatch l) {
        if (closed || l != latch || !l.hasLeadership()) {
            return;
        }
        try {
            Epoch epoch = bump(l);
            if (epoch == null || l != latch || !l.hasLeadership()) {
                return;
            }
            held = new Held(l, epoch);
            coordinator.publish(new LeadershipGained(coordinator.clock().instant(), epoch.number()));
        } catch (Exception e) {
            LOG.warn("{}: could not bump the epoch at {} ({}); trying again in {} ms", member, epochPath,
                    e.getMessage(), RETRY_MS);
            worker.schedule(() -> gained(l), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** The new epoch, or null when this controller's latch node is gone (it does not lead after all). */
    private Epoch bump(LeaderLatch l) throws Exception {
        EpochNode.ensure(client, epochPath);
        String ours = l.getOurPath();
        for (int attempt = 1; ; attempt++) {
            EpochNode.Read current = EpochNode.read(client, epochPath);
            EpochNode next = new EpochNode(current.node().epoch() + 1, member, coordinator.clock().instant());
            try {
                List<CuratorTransactionResult> done = client.transaction().forOperations(
                        client.transactionOp().check().forPath(ours),
                        client.transactionOp().setData().withVersion(current.version()).forPath(epochPath,
                                next.bytes()));
                return new Epoch(next.epoch(), done.get(1).getResultStat().getVersion());
            } catch (KeeperException.NoNodeException gone) {
                LOG.warn("{}: latch node {} is gone: not bumping the epoch", member, ours);
                return null;
            } catch (KeeperException.BadVersionException raced) {
                if (attempt >= BUMP_ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private void lost(LeaderLatch l) {
        Held h = held;
        if (h == null || h.latch() != l) {
            return;
        }
        held = null;
        coordinator.publish(new LeadershipLost(coordinator.clock().instant(), h.epoch().number(), reason()));
    }

    private String reason() {
        if (closed) {
            return "this controller closed its leadership (stopping)";
        }
        Connection c = coordinator.connectionState();
        return c.usable() ? "the leader latch no longer leads" : c.describe();
    }

    /** After LOST: the old latch's node went with the session; join again with a new latch. */
    private void rejoin() {
        if (closed) {
            return;
        }
        LeaderLatch old = latch;
        latch = newLatch();
        try {
            old.close();
        } catch (IOException | IllegalStateException e) {
            LOG.debug("closing the leader latch of the lost session", e);
        }
        Held h = held;
        if (h != null && h.latch() == old) {
            held = null;
            coordinator.publish(new LeadershipLost(coordinator.clock().instant(), h.epoch().number(), reason()));
        }
        startLatch(latch);
    }
}
