package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.log.ProposalEntry;
import io.hactl.log.TransitionEntry.Event;
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

/**
 * Issue 16: an operation starts only where the coordination says steps may start (the leader,
 * connected): a follower's, or a leader's whose connection is SUSPENDED, is refused with the
 * gate's sentence in the answer and in the log, and nothing runs.
 */
class ControlLoopStepGateTest {

    @TempDir
    Path dir;

    ControlLoop loop;
    volatile String refusal;
    final List<String> started = new CopyOnWriteArrayList<>();

    final ControlLoop.Operations operations = new ControlLoop.Operations() {
        @Override
        public ProposalRunner.Result run(Proposal p, String who, String comment) {
            started.add(p.id());
            return new ProposalRunner.Result(0, "done");
        }

        @Override
        public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
            started.add("switchover to " + node.name());
            return new ProposalRunner.Result(0, "done");
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
        loop = new ControlLoop(c, new PrintWriter(new StringWriter(), true), Clock.systemUTC(), ControllerEvents.NONE,
                operations, () -> HealthyPair.snapshot(c), Duration.ofSeconds(5), () -> refusal);
        loop.supervisor().restore(List.of(pending("p-000001")), null);
    }

    private static Proposal pending(String id) {
        Instant now = Instant.now();
        return new Proposal(id, Proposal.Kind.REJOIN, "n2", "n1", "make n2 a replica of master n1 again (GTID)",
                "test proposal " + id, List.of(), "none: n2 loses nothing", now, now.plus(Duration.ofHours(1)), null,
                Proposal.Status.PENDING, null, null, null);
    }

    @Test
    @DisplayName("A follower never runs an operation: an ack is refused with the gate's sentence, in the log too")
    void aFollowerNeverRunsAnOperation() throws Exception {
        loop();
        refusal = "not the leader: n2 leads (epoch 3); ack there, or wait for this controller to lead";

        ActionResult r = loop.ack("p-000001", "alice", "go");
        ActionResult s = loop.requestSwitchover("n2", "alice", "planned");

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(r.message()).isEqualTo("not acknowledged: " + refusal);
        assertThat(s.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(s.message()).contains(refusal);
        assertThat(started).isEmpty();
        assertThat(loop.history(null).entries()).filteredOn(ProposalEntry.class::isInstance)
                .map(ProposalEntry.class::cast).filteredOn(e -> e.event() == Event.ACK)
                .singleElement().satisfies(e -> assertThat(e.refused()).isTrue());
    }

    @Test
    @DisplayName("Where steps may start (the leader, connected), an ack runs its operation")
    void whereStepsMayStartAnAckRunsItsOperation() throws Exception {
        loop();
        refusal = null;

        assertThat(loop.ack("p-000001", "alice", "go").outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> started.contains("p-000001"));
    }
}
