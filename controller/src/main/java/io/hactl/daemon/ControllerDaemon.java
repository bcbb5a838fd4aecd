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
import io.hactl.coordination.StepPermission;
import io.hactl.pair.LocalNode;
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
        final CoordinationSettings settings;
        final Clock clock;
        volatile Coordinator coordinator;
        volatile Leadership leadership;
        /** What the three share (issue 16, ack anywhere), and the watch that tells the loop of a change in it. */
        volatile SharedState state;
        volatile AutoCloseable watch;

        Coordination(CoordinationSettings settings, Clock clock) {
            this.settings = settings;
            this.clock = clock;
        }

        /** Asked before an operation is claimed: the leadership itself, never a remembered role. */
        @Override
        public String refusal() {
            Leadership l = leadership;
            if (l == null) {
                return "coordination has not started yet (ZooKeeper " + settings.connect() + "); not starting steps";
            }
            StepPermission p = l.mayStartSteps();
            return p.granted() ? null : p.refusal();
        }

        void start(ControlLoop loop) {
            coordinator = Coordinator.start(settings, loop::coordination, clock);
            leadership = Leadership.start(coordinator);
            SharedState shared = new SharedState(coordinator);
            watch = shared.watch(loop::sharedChanged);
            state = shared;
        }

        @Override
        public SharedState state() {
            return state;
        }

        @Override
        public StepPermission leadership() {
            Leadership l = leadership;
            return l == null ? new StepPermission(null, "coordination has not started yet") : l.mayStartSteps();
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
        daemon.start();
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

    /** Says where the API and the log are, then starts the loop's cycles. */
    void start() {
        out.printf("hactl controller: cluster %s, %d nodes, probe interval %d ms, failover mode %s, API http://%s:%d,"
                + " %d alert channel(s), log %s%n", cfg.clusterName(), cfg.nodes().size(), cfg.probe().interval().toMillis(),
                cfg.failover().mode().name().toLowerCase(), cfg.controller().listenAddress(), port(),
                alerter == null ? 0 : cfg.alerts().channels().size(), cfg.stateDirectory().resolve(TransitionLog.FILE_NAME));
        if (coordination != null) {
            out.printf("hactl controller: coordination on ZooKeeper %s as member %s, tree %s, session timeout %d ms%n",
                    coordination.settings.connect(), coordination.settings.member(), coordination.settings.basePath(),
                    coordination.settings.sessionTimeout().toMillis());
            coordination.start(loop);
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
