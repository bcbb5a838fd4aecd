package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.coordination.CoordinationEvent;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
        loop = new ControlLoop(c, new PrintWriter(out, true), Clock.systemUTC(), alerts, null,
                () -> HealthyPair.standalone(c), Duration.ofSeconds(5), StepGate.OPEN);
    }

    final List<Effect> alerted = new CopyOnWriteArrayList<>();
    final ControllerEvents alerts = new ControllerEvents() {
        @Override
        public void effects(List<Effect> effects, ClusterState state, Instant at) {
            alerted.addAll(effects);
        }

        @Override
        public void interrupted(String summary, List<String> evidence, Instant at) {
        }

        @Override
        public void rejected(Proposal proposal, Instant at) {
        }

        @Override
        public void operationEnded(Proposal proposal, boolean ok, String summary, Instant at) {
        }
    };

    private List<TransitionEntry> lines(Event event) {
        return loop.history(null).entries().stream().filter(e -> e.event() == event).toList();
    }

    /** Probe cycles, one after the other, until {@code done} (each cycle is handled before the next starts). */
    private void cycleUntil(java.util.function.BooleanSupplier done) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            loop.cycle();
            return done.getAsBoolean();
        });
    }

    private String coordinationLine() {
        return loop.status().evidence().stream().filter(l -> l.startsWith("coordination: ")).findFirst().orElse(null);
    }

    @Test
    @DisplayName("A follower assesses but proposes nothing and alerts nothing; once it leads, it proposes")
    void aFollowerProposesNothing_onceItLeadsItProposes() throws Exception {
        loop();
        loop.coordination(new CoordinationEvent.LeadershipLost(Instant.now(), 2, "n1 leads"));
        cycleUntil(() -> loop.status().state() == ClusterState.STANDALONE && loop.status().cycles() >= 5);

        assertThat(lines(Event.STATE)).as("the state is logged locally").isNotEmpty();
        assertThat(lines(Event.PROPOSAL)).as("no proposal written on a follower").isEmpty();
        assertThat(loop.proposals()).isEmpty();
        assertThat(loop.status().proposals()).isEmpty();
        assertThat(alerted).as("no alert from a follower").isEmpty();

        loop.coordination(new CoordinationEvent.LeadershipGained(Instant.now(), 3));
        cycleUntil(() -> !lines(Event.PROPOSAL).isEmpty());
        assertThat(loop.proposals()).singleElement().satisfies(p -> assertThat(p.kind()).isEqualTo(Proposal.Kind.REJOIN));
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
    @Test
    @DisplayName("Quorum lost, then the session and the leadership lost: status still says no quorum until a connection is back")
    void noQuorumStaysThroughTheSessionAndLeadershipLostUntilAConnectionIsBack() throws Exception {
        loop();
        Instant t = Instant.parse("2026-12-06T06:30:00Z");
        loop.coordination(new CoordinationEvent.LeadershipGained(t, 3));
        loop.coordination(new CoordinationEvent.QuorumLost(t.plusSeconds(5), "h2:2181 refused, h3:2181 refused"));
        // as the lab saw it: the QuorumLost came first, then Curator's LOST and the latch's loss
        loop.coordination(new CoordinationEvent.SessionLost(t.plusSeconds(6), t.plusSeconds(1)));
        loop.coordination(new CoordinationEvent.LeadershipLost(t.plusSeconds(6), 3, "session lost"));
        loop.coordination(new CoordinationEvent.Suspended(t.plusSeconds(7)));
        await().atMost(Duration.ofSeconds(10)).until(() -> out.toString().contains("no longer leader"));
        assertThat(coordinationLine()).startsWith("coordination: no quorum since 2026-12-06T06:30:05Z")
                .contains("h2:2181 refused, h3:2181 refused");

        loop.coordination(new CoordinationEvent.Connected(t.plusSeconds(20), "h2:2181"));
        await().atMost(Duration.ofSeconds(10)).until(() -> coordinationLine().startsWith("coordination: follower"));
    }
}
