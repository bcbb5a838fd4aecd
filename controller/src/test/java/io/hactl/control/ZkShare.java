package io.hactl.control;

import io.hactl.config.CoordinationSettings;
import io.hactl.coordination.Coordinator;
import io.hactl.coordination.Leadership;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;

/**
 * One controller's place among the three for the control/ tests, over a real in-process ZooKeeper
 * (curator-test): its connection, its leadership (unless told to stay out of the election), its
 * shared state and the watch that posts to its loop, the way the daemon wires them.
 */
final class ZkShare implements SharedCoordination, StepGate, AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private final CoordinationSettings settings;
    private final boolean elect;
    private volatile Coordinator coordinator;
    private volatile Leadership leadership;
    private volatile SharedState state;
    private volatile AutoCloseable watch;
    /** When set: what {@link #leadership()} answers, whatever the election says (a leader whose writes fail). */
    volatile StepPermission forced;

    ZkShare(String connect, String cluster, String member, boolean elect) {
        this.settings = new CoordinationSettings(connect, cluster, member, Duration.ofSeconds(3),
                Duration.ofMillis(1500));
        this.elect = elect;
    }

    /** A server with a tick short enough for a 3 s session, sync limits long enough for a loaded machine. */
    static TestingServer server() throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, 1, 200, -1,
                Map.of("initLimit", "50", "syncLimit", "25"), "127.0.0.1"), true);
    }

    void start(ControlLoop loop) {
        coordinator = Coordinator.start(settings, loop::coordination, Clock.systemUTC());
        if (elect) {
            leadership = Leadership.start(coordinator);
        }
        state = new SharedState(coordinator);
        watch = state.watch(loop::sharedChanged);
    }

    @Override
    public SharedState state() {
        return state;
    }

    @Override
    public StepPermission leadership() {
        if (forced != null) {
            return forced;
        }
        Leadership l = leadership;
        return l == null ? new StepPermission(null, "not in the election") : l.mayStartSteps();
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
        return c == null ? "not started" : c.connectionState().usable() ? null : c.connectionState().describe();
    }

    @Override
    public String refusal() {
        StepPermission p = leadership();
        return p.granted() ? null : p.refusal();
    }

    @Override
    public void close() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (leadership != null) {
            leadership.close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
    }
}
