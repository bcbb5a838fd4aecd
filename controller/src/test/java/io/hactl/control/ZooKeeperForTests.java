package io.hactl.control;

import ch.qos.logback.classic.Level;
import io.hactl.config.CoordinationSettings;
import io.hactl.coordination.Coordinator;
import io.hactl.coordination.Leadership;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.slf4j.LoggerFactory;

/**
 * A real in-process ZooKeeper (curator-test) and controllers' members on it, for the control tests
 * of issue 16: a 200 ms tick so a 3 s session is allowed, the servers' and clients' own lines quiet.
 */
final class ZooKeeperForTests {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    static {
        for (String logger : new String[] {"org.apache.zookeeper", "org.apache.curator"}) {
            if (LoggerFactory.getLogger(logger) instanceof ch.qos.logback.classic.Logger l) {
                l.setLevel(Level.ERROR);
            }
        }
    }

    private ZooKeeperForTests() {
    }

    static TestingServer server() throws Exception {
        return new TestingServer(new InstanceSpec(null, -1, -1, -1, true, 1, 200, -1,
                Map.of("initLimit", "50", "syncLimit", "25"), "127.0.0.1"), true);
    }

    /** One controller's part in the coordination: its connection, its place in the election, the shared state. */
    record Member(Coordinator coordinator, Leadership leadership, SharedState state) implements AutoCloseable {

        static Member start(TestingServer server, String cluster, String name,
                            Consumer<io.hactl.coordination.CoordinationEvent> events) {
            Coordinator c = Coordinator.start(new CoordinationSettings(server.getConnectString(), cluster, name,
                    Duration.ofSeconds(3), Duration.ofMillis(1500)), events, Clock.systemUTC());
            return new Member(c, Leadership.start(c), new SharedState(c));
        }

        /** Its gate, as the daemon's: the leadership asked each time, and the shared state. */
        StepGate gate() {
            return new StepGate() {
                @Override
                public String refusal() {
                    return permit().refusal();
                }

                @Override
                public StepPermission permit() {
                    return leadership.mayStartSteps();
                }

                @Override
                public SharedState sharedState() {
                    return state;
                }
            };
        }

        @Override
        public void close() {
            leadership.close();
            coordinator.close();
        }
    }
}
