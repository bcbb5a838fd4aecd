package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.coordination.CoordinationEvent;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: a lost ZooKeeper quorum is written and alerted once by every controller, and its end once. */
class ControlLoopQuorumLostTest {

    static final Instant T = Instant.parse("2026-12-06T06:30:00Z");
    static final String ANSWERS = "no quorum: 1 of 3 members serve, a majority is 2 (h1:2181 unreachable (...),"
            + " h2:2181 unreachable (...), w:2181 up, not serving (no quorum)); ZooKeeper session LOST at 06:30:06";

    @TempDir
    Path dir;

    ControlLoop loop;
    final StringWriter out = new StringWriter();
    final List<String> told = new CopyOnWriteArrayList<>();

    final ControllerEvents alerts = new ControllerEvents() {
        @Override
        public void effects(List<Effect> effects, ClusterState state, Instant at) {
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

        @Override
        public void quorumLost(String answers, Instant since) {
            told.add("lost since " + since + ": " + answers);
        }

        @Override
        public void quorumBack(String how, Instant at) {
            told.add("back: " + how);
        }
    };

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
                () -> HealthyPair.standalone(c), Duration.ofSeconds(5), () -> null);
    }

    private List<StateEntry> lines(Event event) {
        return loop.history(null).entries().stream().filter(e -> e.event() == event).map(StateEntry.class::cast)
                .toList();
    }

    /** Posts {@code e}, then waits until the owner handled it (the status it published after it). */
    private void told(CoordinationEvent e) {
        long before = handled;
        loop.coordination(e);
        loop.cycle(); // handled after e: the owner takes its messages in turn
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().cycles() > before);
        handled = loop.status().cycles();
    }

    long handled;

    @Test
    @DisplayName("A lost quorum writes one quorum-lost line and alerts once, a follower too; the session and the"
            + " leadership going with it change nothing; a connection back writes one quorum-back line and resolves once")
    void aLostQuorumIsWrittenAndAlertedOnceAndItsEndOnce() throws Exception {
        loop();
        told(new CoordinationEvent.LeadershipLost(T, 2, "n1 leads"));
        told(new CoordinationEvent.QuorumLost(T.plusSeconds(1), ANSWERS));
        told(new CoordinationEvent.SessionLost(T.plusSeconds(7), T.plusSeconds(1)));
        told(new CoordinationEvent.LeadershipLost(T.plusSeconds(7), 2, "ZooKeeper session LOST"));

        assertThat(loop.status().coordination().role()).as("still no quorum").isEqualTo(CoordinationStatus.NO_QUORUM);
        assertThat(told).containsExactly("lost since " + T.plusSeconds(1) + ": " + ANSWERS);
        assertThat(lines(Event.QUORUM_LOST)).singleElement().satisfies(l -> {
            assertThat(l.sentence()).contains("ZooKeeper quorum lost", "no leader, no proposals, no operations",
                    "the pair keeps serving as it is", "bring back a ZooKeeper member (or its host)");
            assertThat(l.why()).isEqualTo(ANSWERS);
            assertThat(l.who()).isEqualTo(ControlLoop.ACTOR);
            assertThat(l.time()).isNotNull();
        });
        assertThat(lines(Event.QUORUM_BACK)).isEmpty();

        told(new CoordinationEvent.Connected(T.plusSeconds(60), "h1:2181"));
        told(new CoordinationEvent.LeadershipGained(T.plusSeconds(61), 3));
        assertThat(told).hasSize(2).last().isEqualTo("back: connected to ZooKeeper member h1:2181");
        assertThat(lines(Event.QUORUM_BACK)).singleElement()
                .satisfies(l -> assertThat(l.sentence()).startsWith("ZooKeeper quorum back after"));
        assertThat(out.toString()).contains("hactl controller: ZooKeeper quorum back after");
        assertThat(lines(Event.QUORUM_LOST)).hasSize(1);
    }

    @Test
    @DisplayName("The leader losing its quorum says it too, and a leadership gained ends it")
    void theLeaderLosingItsQuorumSaysItAndALeadershipEndsIt() throws Exception {
        loop();
        told(new CoordinationEvent.LeadershipGained(T, 3));
        told(new CoordinationEvent.QuorumLost(T.plusSeconds(1), ANSWERS));
        told(new CoordinationEvent.LeadershipGained(T.plusSeconds(30), 4));
        assertThat(told).containsExactly("lost since " + T.plusSeconds(1) + ": " + ANSWERS, "back: leader with epoch 4");
        assertThat(lines(Event.QUORUM_LOST)).hasSize(1);
        assertThat(lines(Event.QUORUM_BACK)).hasSize(1);
    }
}
