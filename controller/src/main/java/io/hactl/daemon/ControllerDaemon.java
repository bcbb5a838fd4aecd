package io.hactl.daemon;

import io.hactl.alert.AlertBridge;
import io.hactl.alert.AlertLog;
import io.hactl.alert.Channels;
import io.hactl.api.ControllerApi;
import io.hactl.config.HactlConfig;
import io.hactl.control.ControlLoop;
import io.hactl.control.ControllerEvents;
import io.hactl.control.SharedCoordination;
import io.hactl.control.StepGate;
import io.hactl.coordination.Connection;
import io.hactl.coordination.SharedState;
import io.hactl.config.CoordinationSettings;
import io.hactl.coordination.Coordinator;
import io.hactl.coordination.Leadership;
import io.hactl.coordination.Lookout;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import io.hactl.pair.LocalNode;
import io.hactl.selffence.LeaseEnd;
import io.hactl.selffence.SelfFence;
import io.hactl.log.TransitionLog;
import io.hactl.notify.Alerter;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The controller daemon put together: the alerter and its channels (when the config has
 * some), the control loop, the HTTP API over it, the line that says where they are, and the
 * order they stop in. {@code hactl controller} loads the config and {@link #run}s it.
 *
 * <p>Its own package, not {@code control}: it wires the adapters around the control loop (the
 * API, the alerts), which import {@code control}; the loop's package importing them back would
 * make package cycles.
 */
public final class ControllerDaemon implements AutoCloseable {

    /** The daemon could not start (an alert channel that cannot be built, an API that cannot listen): exit 3. */
    public static final class StartFailed extends Exception {
        StartFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final HactlConfig cfg;
    private final PrintWriter out;
    private final Alerter alerter;
    private final ControlLoop loop;
    private final ConfigurableApplicationContext web;
    private final Coordination coordination;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ControllerDaemon(HactlConfig cfg, PrintWriter out, Alerter alerter, ControlLoop loop,
                             ConfigurableApplicationContext web, Coordination coordination) {
        this.cfg = cfg;
        this.out = out;
        this.alerter = alerter;
        this.loop = loop;
        this.web = web;
        this.coordination = coordination;
    }

    /**
     * With {@code controller.coordination}: the connection to the ensemble and this controller's place
     * in the election; its events go to the loop's owner as messages. Null parts while not started.
     */
    private static final class Coordination implements StepGate, SharedCoordination {
        /** How often status's view of the three (the leader, each ZooKeeper member) is refreshed. */
        static final java.time.Duration LOOK_EVERY = java.time.Duration.ofSeconds(5);

        final CoordinationSettings settings;
        final Clock clock;
        volatile Coordinator coordinator;
        volatile Leadership leadership;
        /** What the three share (issue 16: the operation's record, ack anywhere): one instance for both. */
        volatile SharedState shared;
        /** The watch that tells the loop of a change in the shared state (ack anywhere). */
        volatile AutoCloseable watch;
        /** The highest epoch a node refused one of our steps with: nothing starts until we lead above it. */
        private final SeenOnNodes seenOnNodes = new SeenOnNodes();
        private volatile PrintWriter out;
        /** This node's self-fence (issue 13 row 6); null on a witness. */
        volatile SelfFence selfFence;
        volatile Lookout lookout;

        Coordination(CoordinationSettings settings, Clock clock) {
            this.settings = settings;
            this.clock = clock;
        }

        /** Asked before an operation is claimed: the leadership itself, never a remembered role. */
        @Override
        public String refusal() {
            StepPermission p = permit();
            return p.granted() ? null : p.refusal();
        }

        /** Asked before each step, on the operations thread: the epoch the step carries to the nodes. */
        @Override
        public StepPermission permit() {
            Leadership l = leadership;
            if (l == null) {
                return StepPermission.refused("coordination has not started yet (ZooKeeper " + settings.connect()
                        + "); not starting steps");
            }
            return seenOnNodes.check(l.mayStartSteps());
        }

        @Override
        public SharedState sharedState() {
            return shared;
        }

        @Override
        public boolean coordinated() {
            return true;
        }

        /** Before a failover's promotion: the old master's lease ends ({@link LeaseEnd}). */
        @Override
        public String awaitLease(String node) {
            Leadership l = leadership;
            if (l == null) {
                return "coordination has not started: no lease to wait for";
            }
            try {
                return LeaseEnd.await(node, l::members, settings.sessionTimeout(), d -> Thread.sleep(d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + node + "'s lease to end", e);
            }
        }

        /** A node refused a step with a newer epoch: start nothing more, and say so. */
        @Override
        public void deposed(long seen, String sentence) {
            seenOnNodes.record(seen);
            PrintWriter o = out;
            if (o != null) {
                o.println("hactl controller: " + sentence + "; no operation starts here until this controller leads"
                        + " with an epoch above " + seen);
                o.flush();
            }
        }

        /** @throws StartFailed when ZooKeeper refuses this controller the tree (its password), or the password file cannot be read */
        void start(ControlLoop loop, HactlConfig cfg, PrintWriter out) throws StartFailed {
            this.out = out;
            selfFence = SelfFences.forMember(cfg, settings.member(), () -> coordinator.connectionState(), out, clock);
            SelfFence fence = selfFence;
            try {
                coordinator = Coordinator.start(settings, e -> {
                    loop.coordination(e);
                    if (fence != null) {
                        fence.accept(e);
                    }
                }, clock);
                coordinator.checkAccess();
            } catch (IllegalArgumentException | IllegalStateException e) {
                close();
                coordinator = null;
                throw new StartFailed(e.getMessage(), e);
            }
            shared = new SharedState(coordinator);
            leadership = Leadership.start(coordinator);
            lookout = Lookout.start(coordinator, leadership, LOOK_EVERY);
            loop.showCoordination(lookout::latest);
            watch = shared.watch(loop::sharedChanged);
        }

        @Override
        public SharedState state() {
            return shared;
        }

        /** The same answer as before a step ({@link #permit()}): one way to ask whether this controller leads. */
        @Override
        public StepPermission leadership() {
            return permit();
        }

        @Override
        public Optional<String> leader() {
            Leadership l = leadership;
            return l == null ? Optional.empty() : l.leader();
        }

        @Override
        public String member() {
            return settings.member();
        }

        @Override
        public String connection() {
            Coordinator c = coordinator;
            if (c == null) {
                return "not connected yet to ZooKeeper " + settings.connect();
            }
            Connection now = c.connectionState();
            return now.usable() ? null : now.describe();
        }

        /** The watch first, then the election (another controller leads at once), then the connection. */
        void close() {
            if (watch != null) {
                try {
                    watch.close();
                } catch (Exception e) {
                    // the cache's close does not fail; the connection closes next anyway
                }
            }
            if (selfFence != null) {
                selfFence.close();
            }
            if (lookout != null) {
                lookout.close();
            }
            if (leadership != null) {
                leadership.close();
            }
            if (coordinator != null) {
                coordinator.close();
            }
        }
    }

    /**
     * Runs the daemon until the JVM is told to stop (SIGTERM, Ctrl-C), then stops it: 0. A
     * daemon that cannot start says why on {@code err}: 3.
     */
    public static int run(HactlConfig cfg, PrintWriter out, PrintWriter err) throws InterruptedException {
        ControllerDaemon daemon;
        try {
            daemon = assemble(cfg, out, Clock.systemUTC());
        } catch (StartFailed e) {
            err.println("hactl controller: " + e.getMessage());
            err.flush();
            return 3;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "hactl-shutdown"));
        try {
            daemon.start();
        } catch (StartFailed e) {
            err.println("hactl controller: " + e.getMessage());
            err.flush();
            daemon.close();
            return 3;
        }
        stopped.await();
        return 0;
    }

    /** Builds the parts and opens the API; the loop does not cycle yet ({@link #start}). */
    static ControllerDaemon assemble(HactlConfig cfg, PrintWriter out, Clock clock) throws StartFailed {
        ControllerEvents events = ControllerEvents.NONE;
        Alerter alerter = null;
        if (cfg.alerts() != null && !cfg.alerts().channels().isEmpty()) {
            try {
                alerter = Alerter.start(Channels.from(cfg.alerts()),
                        new AlertLog(new TransitionLog(cfg.stateDirectory()), ControlLoop.ACTOR, clock),
                        Channels.policy(cfg.alerts()));
            } catch (Channels.ChannelException e) {
                throw new StartFailed("alerts: " + e.getMessage(), e);
            }
            events = new AlertBridge(cfg.clusterName(), alerter);
        }
        Coordination coordination = null;
        CoordinationSettings settings = cfg.controller().coordination();
        if (settings != null) {
            try {
                coordination = new Coordination(CoordinationMember.resolve(settings, cfg.nodes(),
                        LocalNode.localAddresses(), cfg.source()), clock);
            } catch (StartFailed e) {
                if (alerter != null) {
                    alerter.close();
                }
                throw e;
            }
        }
        if (coordination != null && events instanceof AlertBridge b) {
            events = b.seenBy(coordination.settings.member()); // a lost quorum's alert names who sees it
        }
        ControlLoop loop = coordination == null ? new ControlLoop(cfg, out, clock, events)
                : new ControlLoop(cfg, out, clock, events, coordination, coordination);
        try {
            return new ControllerDaemon(cfg, out, alerter, loop, ControllerApi.start(cfg, loop), coordination);
        } catch (IllegalStateException e) {
            loop.close();
            if (alerter != null) {
                alerter.close();
            }
            throw new StartFailed(e.getMessage(), e);
        }
    }

    /**
     * Says where the API and the log are, then starts the loop's cycles.
     *
     * @throws StartFailed when ZooKeeper refuses this controller the tree (controller.coordination.password_file)
     */
    void start() throws StartFailed {
        out.printf("hactl controller: cluster %s, %d nodes, probe interval %d ms, failover mode %s, API http://%s:%d,"
                + " %d alert channel(s), log %s%n", cfg.clusterName(), cfg.nodes().size(), cfg.probe().interval().toMillis(),
                cfg.failover().mode().name().toLowerCase(), cfg.controller().listenAddress(), port(),
                alerter == null ? 0 : cfg.alerts().channels().size(), cfg.stateDirectory().resolve(TransitionLog.FILE_NAME));
        if (coordination != null) {
            out.printf("hactl controller: coordination on ZooKeeper %s as member %s, tree %s, session timeout %d ms, %s%n",
                    coordination.settings.connect(), coordination.settings.member(), coordination.settings.basePath(),
                    coordination.settings.sessionTimeout().toMillis(), coordination.settings.secured()
                            ? "ACL: the controllers' password only" : "open ACL (no password_file)");
            coordination.start(loop, cfg, out);
        }
        out.flush();
        loop.start();
    }

    /** The loop, for tests that read its status. */
    ControlLoop loop() {
        return loop;
    }

    int port() {
        return ControllerApi.port(web);
    }

    /** The API first (no request reaches a stopping loop), then the loop, then the alerts it sent; twice is once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        web.close();
        loop.close();
        if (coordination != null) {
            coordination.close();
        }
        if (alerter != null) {
            alerter.close();
        }
    }
}
