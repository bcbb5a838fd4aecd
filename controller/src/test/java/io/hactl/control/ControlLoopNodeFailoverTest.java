package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.ops.db.Fencing;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NODE_FAILOVER promotes like a FAILOVER: the controller treats its end the same way (the lost
 * node, unfenced, is fenced the moment it answers under the same acknowledgement), also when the
 * database was promoted and only the application's move failed.
 */
class ControlLoopNodeFailoverTest {

    static final Fencing UNFENCED = new Fencing("n1", Fencing.Vip.UNREACHABLE, Fencing.Db.UNANSWERED, "timeout");

    @TempDir
    Path dir;

    ControlLoop loop;
    final AtomicReference<ProposalRunner.Result> result = new AtomicReference<>();

    @BeforeEach
    void setUp() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        ControlLoop.Operations fake = new ControlLoop.Operations() {
            @Override
            public ProposalRunner.Result run(Proposal p, String who, String comment) {
                return result.get();
            }

            @Override
            public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
                return new ProposalRunner.Result(2, "not here");
            }
        };
        loop = new ControlLoop(cfg, new PrintWriter(new StringWriter(), true), Clock.systemUTC(), ControllerEvents.NONE,
                fake);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private static Proposal nodeFailover() {
        Instant now = Instant.now();
        return new Proposal("p-4d5e6f", Proposal.Kind.NODE_FAILOVER, "n2", "n1", "promote n2; move the application to"
                + " n2", "n1 lost", List.of(), "n2 is 0 transactions behind", now, now.plus(Duration.ofHours(1)), null,
                Proposal.Status.PENDING, null, null, null);
    }

    private void ackAndWait() {
        loop.supervisor().restore(List.of(nodeFailover()), null);
        ActionResult r = loop.ack("p-4d5e6f", "alice", "n1 is gone");
        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().operation() == null);
    }

    @Test
    void aNodeFailoverThatCouldNotFenceTheLostNodeLeavesItToBeFencedWhenItAnswersUnderTheSameAck() {
        result.set(new ProposalRunner.Result(0, "done", UNFENCED, true));
        ackAndWait();
        assertThat(loop.status().evidence()).contains(UNFENCED.words()
                + " (node failover p-4d5e6f acknowledged by alice)");
        assertThat(loop.history(null).entries()).filteredOn(OperationEntry.class::isInstance)
                .map(OperationEntry.class::cast).anySatisfy(e -> {
            assertThat(e.event()).isEqualTo(TransitionEntry.Event.NOTE);
            assertThat(e.operation()).isEqualTo("node-failover");
            assertThat(e.detail()).contains("(proposal p-4d5e6f, acknowledged by alice)");
        });
    }

    @Test
    void aNodeFailoverWhoseApplicationMoveFailedAfterThePromotionStillLeavesTheLostNodeToBeFenced() {
        result.set(new ProposalRunner.Result(1, "failed: n2 is the DB master (...); moving the application to n2 failed",
                UNFENCED, true));
        ackAndWait();
        assertThat(loop.status().evidence()).contains(UNFENCED.words()
                + " (node failover p-4d5e6f acknowledged by alice)");
        // the database half is done: the proposal is done, its summary says what failed
        assertThat(loop.proposals()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(Proposal.Status.DONE);
            assertThat(p.comment()).contains("moving the application to n2 failed");
        });
    }

    @Test
    void aNodeFailoverWhosePromotionFailedLeavesNothingToFence() {
        result.set(new ProposalRunner.Result(1, "failed: the database failover failed: the application was not moved",
                null, false));
        ackAndWait();
        assertThat(loop.status().evidence()).noneMatch(e -> e.contains("unfenced"));
        assertThat(loop.proposals()).singleElement().satisfies(p -> assertThat(p.status())
                .isEqualTo(Proposal.Status.FAILED));
    }
}
