package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.coordination.CoordinationEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: coordination events reach the owner as messages; status says where this controller stands. */
class ControlLoopCoordinationRoleTest {

    @TempDir
    Path dir;

    ControlLoop loop;
    final StringWriter out = new StringWriter();

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private void loop() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        loop = new ControlLoop(c, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE, StepGate.OPEN);
    }

    private String coordinationLine() {
        return loop.status().evidence().stream().filter(l -> l.startsWith("coordination: ")).findFirst().orElse(null);
    }

    @Test
    @DisplayName("Without coordination, status has no coordination line")
    void withoutCoordinationStatusHasNoCoordinationLine() throws Exception {
        loop();
        assertThat(coordinationLine()).isNull();
    }

    @Test
    @DisplayName("Leadership gained, then quorum lost: status says leader with the epoch, then no quorum with the members' answers")
    void statusFollowsTheCoordinationEvents() throws Exception {
        loop();
        Instant t = Instant.parse("2026-12-06T06:30:00Z");

        loop.coordination(new CoordinationEvent.LeadershipGained(t, 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinationLine() != null);
        assertThat(coordinationLine()).isEqualTo("coordination: leader with epoch 3 since 2026-12-06T06:30:00Z");

        loop.coordination(new CoordinationEvent.QuorumLost(t.plusSeconds(5), "h2:2181 refused, h3:2181 refused"));
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinationLine().contains("no quorum"));
        assertThat(coordinationLine()).contains("h2:2181 refused, h3:2181 refused").contains("no operations");
        assertThat(out.toString()).contains("leader with epoch 3");
    }
}
