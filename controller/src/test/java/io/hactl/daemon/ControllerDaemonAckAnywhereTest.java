package io.hactl.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.api.ApiFixtures;
import io.hactl.config.ControllerConfig;
import io.hactl.config.CoordinationSettings;
import io.hactl.config.HactlConfig;
import io.hactl.coordination.Coordinator;
import io.hactl.coordination.Request;
import io.hactl.coordination.SharedState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16, ack anywhere: the daemon hands its loop the shared state and the watch on it. */
class ControllerDaemonAckAnywhereTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    @Test
    @DisplayName("The leading daemon takes a request another controller recorded, at once, and runs it once")
    void theLeadingDaemonTakesARequestRecordedElsewhere() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            HactlConfig plain = ApiFixtures.config(0, true, dir);
            ControllerConfig c = plain.controller();
            HactlConfig cfg = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                    c.openReads(), c.remindInterval(), CoordinationSettings.of(zk.getConnectString(), "pair1", "w")));
            try (ControllerDaemon d = ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC());
                 Coordinator other = Coordinator.start(CoordinationSettings.of(zk.getConnectString(), "pair1", "n2"),
                         e -> { }, Clock.systemUTC())) {
                d.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> d.loop().status().evidence().stream()
                        .anyMatch(l -> l.startsWith("coordination: leader with epoch 1")));

                Request r = new SharedState(other).recordRequest(Request.Kind.UNBLOCK, null, "alice", "n1 rebuilt");

                await().atMost(Duration.ofSeconds(30)).until(() -> out.toString().contains("unblock by alice via n2"
                        + " (request " + r.id() + "): REFUSED: no failover block"));
                assertThat(new SharedState(other).requests()).singleElement()
                        .satisfies(taken -> assertThat(taken.takenInEpoch()).isEqualTo(1L));
            }
        }
    }
}
