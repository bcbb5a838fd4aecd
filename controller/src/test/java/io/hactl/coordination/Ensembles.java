package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import ch.qos.logback.classic.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.slf4j.LoggerFactory;

/**
 * Real in-process ZooKeeper servers for the coordination tests (curator-test), with a tick short
 * enough for a 3 s session (servers allow 2 to 20 ticks) and sync limits long enough for a loaded
 * 2-core machine.
 */
final class Ensembles {

    static final int TICK_MS = 200;
    static final Duration SESSION = Duration.ofSeconds(3);
    static final Duration CONNECTION = Duration.ofMillis(1500);
    /** Long enough for an election, a session expiry and a busy machine; the waits end on their condition. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static {
        // the servers' and clients' INFO/WARN lines about connections the tests drop on purpose
        quiet("org.apache.zookeeper");
        quiet("org.apache.curator");
    }

    private Ensembles() {
    }

    private static void quiet(String logger) {
        if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
            l.setLevel(Level.ERROR);
        }
    }

    static InstanceSpec spec(int serverId) {
        return new InstanceSpec(null, -1, -1, -1, true, serverId, TICK_MS, -1,
                Map.of("initLimit", "50", "syncLimit", "25"), "127.0.0.1");
    }

    static TestingServer server() throws Exception {
        return new TestingServer(spec(1), true);
    }

    static TestingCluster cluster(int members) throws Exception {
        List<InstanceSpec> specs = new ArrayList<>();
        for (int i = 1; i <= members; i++) {
            specs.add(spec(i));
        }
        TestingCluster cluster = new TestingCluster(specs);
        cluster.start();
        return cluster;
    }

    static CoordinationSettings settings(String connect, String member) {
        return settings(connect, "shop", member);
    }

    static CoordinationSettings settings(String connect, String cluster, String member) {
        return new CoordinationSettings(connect, cluster, member, SESSION, CONNECTION);
    }

    static Coordinator coordinator(String connect, String member, Consumer<CoordinationEvent> events) {
        return Coordinator.start(settings(connect, member), events, Clock.systemUTC());
    }

    /**
     * Ends a member's session on the server, as ZooKeeper does to a controller silent for longer than
     * the session (a GC pause, a partition): its ephemeral nodes go at once; the client learns it when
     * it next talks to the server (SESSION_EXPIRED, then Curator's LOST). Done by attaching a second
     * handle to the same session and closing that.
     */
    static void expireSession(Coordinator member) throws Exception {
        ZooKeeper zk = member.client().getZookeeperClient().getZooKeeper();
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper twin = new ZooKeeper(member.settings().connect(), (int) SESSION.toMillis(), e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
            }
        }, zk.getSessionId(), zk.getSessionPasswd());
        try {
            if (!connected.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("could not attach to session 0x" + Long.toHexString(zk.getSessionId()));
            }
        } finally {
            twin.close();
        }
    }

    /** Three (or more) controllers on one ensemble, each with its coordinator, leadership and events. */
    record Member(String name, Events events, Coordinator coordinator, Leadership leadership, SharedState state)
            implements AutoCloseable {

        static Member start(String connect, String cluster, String name, Consumer<CoordinationEvent> also) {
            Events events = new Events();
            Coordinator c = Coordinator.start(settings(connect, cluster, name), e -> {
                events.accept(e);
                also.accept(e);
            }, Clock.systemUTC());
            return new Member(name, events, c, Leadership.start(c), new SharedState(c));
        }

        boolean mayStartSteps() {
            return leadership.mayStartSteps().granted();
        }

        @Override
        public void close() {
            leadership.close();
            coordinator.close();
        }
    }

    /** Every event one coordinator delivered, in order. */
    static final class Events implements Consumer<CoordinationEvent> {

        final List<CoordinationEvent> all = new CopyOnWriteArrayList<>();

        @Override
        public void accept(CoordinationEvent e) {
            all.add(e);
        }

        <T extends CoordinationEvent> List<T> of(Class<T> type) {
            return all.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }
}
