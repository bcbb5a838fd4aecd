package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import io.hactl.coordination.Connection.State;
import io.hactl.coordination.CoordinationEvent.Connected;
import io.hactl.coordination.CoordinationEvent.QuorumLost;
import io.hactl.coordination.CoordinationEvent.Reconnected;
import io.hactl.coordination.CoordinationEvent.SessionLost;
import io.hactl.coordination.CoordinationEvent.Suspended;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.BoundedExponentialBackoffRetry;
import org.apache.curator.utils.ZookeeperFactory;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This controller's one ZooKeeper client (Curator) and its connection: it starts and closes the
 * client, follows the connection's states, and tells the controller of changes as
 * {@link CoordinationEvent}s through one {@code Consumer} (the controller's event queue). The rest
 * of the controller sees no Curator type: {@link #connectionState()}, {@link #quorumText()}.
 *
 * <p>While the connection is not usable it asks the members every second, without a session,
 * whether a majority serves ({@link QuorumProbe}). When none has served for the connection timeout
 * (a ZooKeeper leader election leaves none serving for a moment) it sends one {@link QuorumLost}, and
 * again only after a connection came back and was lost again.
 *
 * <p>The ensemble is the configured one: Curator's ensemble tracker (which follows the servers'
 * dynamic configuration) is off, so a member's view of the ensemble never rewrites the connect string.
 */
public final class Coordinator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final long QUORUM_WATCH_MS = 1000;

    private final CoordinationSettings settings;
    private final Consumer<CoordinationEvent> events;
    private final Clock clock;
    private final CuratorFramework client;
    private final QuorumProbe probe;
    private final TreeAcl acl;
    private final ScheduledExecutorService quorumWatch;
    /** This package's parts (the leadership) told of each state before the controller is. */
    private final List<Consumer<Connection>> parts = new CopyOnWriteArrayList<>();
    /** Written under {@code this}. */
    private volatile Connection connection;
    /** Guarded by {@code this}: a QuorumLost was sent for the current loss of the connection. */
    private boolean quorumLossSent;
    /** Guarded by {@code this}: since when the members have been seen without a quorum, null while they have one. */
    private Instant noQuorumSince;

    private Coordinator(CoordinationSettings settings, Consumer<CoordinationEvent> events, Clock clock) {
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        this.connection = new Connection(State.CONNECTING, clock.instant(), clock.instant());
        this.probe = new QuorumProbe(settings);
        String password = password(settings);
        this.acl = TreeAcl.of(settings, password);
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder();
        if (password != null) {
            builder.authorization(TreeAcl.SCHEME, TreeAcl.auth(password));
        }
        this.client = builder
                .aclProvider(acl)
                .connectString(settings.connect())
                .sessionTimeoutMs(millis(settings.sessionTimeout().toMillis()))
                .connectionTimeoutMs(millis(settings.connectionTimeout().toMillis()))
                .retryPolicy(new BoundedExponentialBackoffRetry(100, 1000, 2))
                .ensembleTracker(false)
                .zookeeperFactory(new ReportingFactory())
                .build();
        this.quorumWatch = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hactl-zk-quorum-watch-" + settings.member());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts the client and returns at once; the connection is made in the background
     * ({@link #connectionState()} says CONNECTING until then).
     *
     * @throws IllegalArgumentException naming every problem of the settings
     */
    public static Coordinator start(CoordinationSettings settings, Consumer<CoordinationEvent> events, Clock clock) {
        Coordinator c = new Coordinator(settings.requireValid(), events, clock);
        c.client.getConnectionStateListenable().addListener((cf, state) -> c.changed(state));
        c.client.start();
        c.quorumWatch.scheduleWithFixedDelay(c::watchQuorum, QUORUM_WATCH_MS, QUORUM_WATCH_MS, TimeUnit.MILLISECONDS);
        return c;
    }

    /** The password of {@code password_file}, or null without one; a file that cannot be read names the key. */
    private static String password(CoordinationSettings settings) {
        if (!settings.secured()) {
            return null;
        }
        try {
            String p = settings.password().reveal();
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException(CoordinationSettings.KEY + ".password_file: "
                        + settings.password().reference() + " is empty: put the ZooKeeper password alone on its first"
                        + " line, the same on the three controllers");
            }
            return p;
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(CoordinationSettings.KEY + ".password_file: " + e.getMessage()
                    + " (it must be readable by the user the controller runs as, mode 0600)", e);
        }
    }

    /**
     * Whether this controller may use the tree, asked once at start: waits for a connection (at most the
     * connection timeout) and lists {@code /hactl/<cluster>}. ZooKeeper refusing (its ACL names another
     * password, or one this controller lacks) throws, naming the key and the file. With a password, nodes
     * of the tree an older, open setup created are given the tree's ACL. Not connected in time: returns (a
     * quorum lost at start is no mistake of the config; status says it).
     *
     * @throws IllegalStateException when ZooKeeper refuses this controller the tree
     */
    public void checkAccess() {
        String base = settings.basePath();
        try {
            if (!client.blockUntilConnected(millis(settings.connectionTimeout().toMillis()), TimeUnit.MILLISECONDS)
                    || client.checkExists().forPath(base) == null) {
                return;
            }
            client.getChildren().forPath(base);
            if (settings.secured()) {
                secureOpenNodes(base);
            }
        } catch (KeeperException.NoAuthException e) {
            throw new IllegalStateException(refused(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("could not check this controller's access to {} in ZooKeeper: {}", base, e.getMessage());
        }
    }

    private String refused() {
        String base = settings.basePath();
        if (settings.secured()) {
            return "ZooKeeper refused this controller's password for " + base + " (NoAuth): the password in "
                    + settings.password().reference() + " (" + CoordinationSettings.KEY + ".password_file) is not the"
                    + " one the tree's ACL was made with; put the same password in the password_file of the three"
                    + " controllers";
        }
        return "ZooKeeper refused this controller " + base + " (NoAuth): the tree is protected by a password (its"
                + " ACL) and this controller has none: give " + CoordinationSettings.KEY + ".password_file, a file"
                + " holding the same password as on the other controllers";
    }

    /** Gives the tree's ACL to every node under {@code path} that still has another (created before the password). */
    private void secureOpenNodes(String path) throws Exception {
        if (!acl.tree().equals(client.getACL().forPath(path))) {
            client.setACL().withACL(acl.tree()).forPath(path);
            LOG.info("{}: gave {} the tree's ACL (only the controllers' password)", settings.member(), path);
        }
        for (String child : client.getChildren().forPath(path)) {
            try {
                secureOpenNodes(path + "/" + child);
            } catch (KeeperException.NoNodeException gone) {
                // an ephemeral node went meanwhile (a latch)
            }
        }
    }

    /**
     * The connection now: its state, since when, and since when it has not been usable. A dropped
     * connection reads SUSPENDED from the moment the ZooKeeper client knows it, even before Curator
     * has told its listeners (they are called in no set order, the latch's possibly first).
     */
    public Connection connectionState() {
        Connection c = connection;
        if (c.usable() && !client.getZookeeperClient().isConnected()) {
            Instant now = clock.instant();
            Connection suspended = new Connection(State.SUSPENDED, now, now);
            synchronized (this) {
                if (connection == c) {
                    connection = suspended;
                }
                return connection;
            }
        }
        return c;
    }

    /**
     * What ZooKeeper's quorum looks like from here, in one line for {@code hactl status}: "connected to
     * h2:2181 (...); members: h1:2181 leader, h2:2181 follower, h3:2181 unreachable (...)", or "no quorum:
     * 1 of 3 members serve, a majority is 2 (...); ZooKeeper connection SUSPENDED since 12:00:01". Asks
     * every member (at most about twice the connection timeout).
     */
    public String quorumText() {
        Connection c = connection;
        QuorumProbe.View view = probe.look();
        if (c.usable()) {
            return "connected to " + server() + " (" + c.describe() + "); members: " + view.text();
        }
        if (view.lacksQuorum()) {
            return "no quorum: " + view.serving() + " of " + view.answers().size() + " members serve, a majority is "
                    + view.majority() + " (" + view.text() + "); " + c.describe();
        }
        return "not connected although " + view.serving() + " of " + view.answers().size() + " members serve ("
                + view.text() + "); " + c.describe() + "; reconnecting";
    }

    /**
     * Every member's answer to "what are you?" now, in the connect string's order (asked in parallel, at
     * most about twice the connection timeout): for status, which also works without a quorum.
     */
    public List<MemberView> members() {
        return probe.look().answers().stream().map(QuorumProbe.Answer::view).toList();
    }

    /** The member this controller talks to ("h2:2181"), or "no member" while it talks to none. */
    public String server() {
        if (!connection.usable()) {
            return "no member";
        }
        try {
            ZooKeeper zk = client.getZookeeperClient().getZooKeeper();
            if (zk instanceof ReportingZooKeeper r && r.server() instanceof InetSocketAddress a) {
                return memberName(a);
            }
        } catch (Exception e) {
            LOG.debug("no ZooKeeper handle to read the server from", e);
        }
        return "no member";
    }

    public CoordinationSettings settings() {
        return settings;
    }

    CuratorFramework client() {
        return client;
    }

    Clock clock() {
        return clock;
    }

    /** For this package's parts: told of each connection state, before the controller's consumer. */
    void follow(Consumer<Connection> part) {
        parts.add(part);
    }

    /** The one way this package's parts send an event to the controller. */
    void publish(CoordinationEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            LOG.warn("the controller's event consumer refused {}", event, e);
        }
    }

    /** Closes the client: the session ends, its ephemeral nodes (a latch) go at once. Close the leadership first. */
    @Override
    public void close() {
        quorumWatch.shutdownNow();
        probe.close();
        synchronized (this) {
            connection = new Connection(State.CLOSED, clock.instant(), clock.instant());
        }
        client.close();
    }

    private void changed(ConnectionState s) {
        Instant now = clock.instant();
        Connection before = connection;
        State state = switch (s) {
            case CONNECTED -> State.CONNECTED;
            case RECONNECTED -> State.RECONNECTED;
            case LOST -> State.LOST;
            case SUSPENDED, READ_ONLY -> State.SUSPENDED;
        };
        boolean usable = state == State.CONNECTED || state == State.RECONNECTED;
        if (state == State.SUSPENDED && before.state() == State.SUSPENDED) {
            now = before.since(); // already read as SUSPENDED by connectionState()
        }
        Instant downSince = usable ? null : before.downSince() != null ? before.downSince() : now;
        Connection after = new Connection(state, now, downSince);
        synchronized (this) {
            connection = after;
            if (usable) {
                quorumLossSent = false;
                noQuorumSince = null;
            }
        }
        for (Consumer<Connection> part : parts) {
            part.accept(after);
        }
        switch (state) {
            case CONNECTED -> publish(new Connected(now, server()));
            case RECONNECTED -> publish(new Reconnected(now, before.downSince(), server()));
            case SUSPENDED -> publish(new Suspended(now));
            case LOST -> publish(new SessionLost(now, downSince));
            default -> { }
        }
    }

    private void watchQuorum() {
        try {
            Connection c = connection;
            synchronized (this) {
                if (c.usable() || c.state() == State.CLOSED) {
                    noQuorumSince = null;
                    return;
                }
                if (quorumLossSent) {
                    return;
                }
            }
            QuorumProbe.View view = probe.look();
            Instant now = clock.instant();
            synchronized (this) {
                if (!view.lacksQuorum() || connection.usable()) {
                    noQuorumSince = null;
                    return;
                }
                if (noQuorumSince == null) {
                    noQuorumSince = now;
                }
                // a ZooKeeper leader election also leaves no member serving, for a moment: not a loss
                if (quorumLossSent || Duration.between(noQuorumSince, now).compareTo(settings.connectionTimeout()) < 0) {
                    return;
                }
                quorumLossSent = true;
            }
            publish(new QuorumLost(c.downSince(), "no quorum: " + view.serving() + " of " + view.answers().size()
                    + " members serve, a majority is " + view.majority() + " (" + view.text() + "); " + c.describe()
                    + ": no leader, no proposals, no operations; the pair keeps serving as it is"));
        } catch (RuntimeException e) {
            LOG.warn("quorum watch failed", e);
        }
    }

    private String memberName(InetSocketAddress a) {
        for (CoordinationSettings.Member m : settings.members()) {
            if (m.port() == a.getPort() && sameHost(m.host(), a)) {
                return m.text();
            }
        }
        return a.getHostString() + ":" + a.getPort();
    }

    private static boolean sameHost(String host, InetSocketAddress a) {
        if (host.equalsIgnoreCase(a.getHostString())) {
            return true;
        }
        try {
            for (InetAddress i : InetAddress.getAllByName(host)) {
                if (i.equals(a.getAddress())) {
                    return true;
                }
            }
        } catch (UnknownHostException e) {
            return false;
        }
        return false;
    }

    private static int millis(long ms) {
        return (int) Math.min(Integer.MAX_VALUE, ms);
    }

    /** Makes ZooKeeper handles that can say which server they talk to. */
    private static final class ReportingFactory implements ZookeeperFactory {

        @Override
        public ZooKeeper newZooKeeper(String connect, int sessionTimeout, Watcher watcher, boolean canBeReadOnly)
                throws IOException {
            return new ReportingZooKeeper(connect, sessionTimeout, watcher, canBeReadOnly, new ZKClientConfig());
        }

        @Override
        public ZooKeeper newZooKeeper(String connect, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
                                      ZKClientConfig config) throws IOException {
            return new ReportingZooKeeper(connect, sessionTimeout, watcher, canBeReadOnly,
                    config == null ? new ZKClientConfig() : config);
        }
    }

    /** A ZooKeeper handle whose server address is readable (ZooKeeper keeps it protected). */
    private static final class ReportingZooKeeper extends ZooKeeper {

        ReportingZooKeeper(String connect, int sessionTimeout, Watcher watcher, boolean canBeReadOnly,
                           ZKClientConfig config) throws IOException {
            super(connect, sessionTimeout, watcher, canBeReadOnly, config);
        }

        SocketAddress server() {
            return testableRemoteSocketAddress();
        }
    }
}
