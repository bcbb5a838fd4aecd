package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.log.TransitionEntry;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: two operations were accepted at once through the controller (ack and
 * switchover checked {@code running}, then set it). The real {@link ControlLoop}, its operations
 * replaced by one that blocks until the test lets it end: however many requests race, exactly one
 * operation runs and every other request is refused naming it.
 */
class ControlLoopClaimTest {

    @TempDir
    Path dir;

    HactlConfig cfg;
    ControlLoop loop;
    final HeldOperations ops = new HeldOperations(true);

    @BeforeEach
    void setUp() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        loop = new ControlLoop(cfg, new PrintWriter(new StringWriter(), true), Clock.systemUTC(),
                ControllerEvents.NONE, ops);
    }

    @AfterEach
    void tearDown() {
        ops.release();
        loop.close();
    }

    private static Proposal pending(String id, Proposal.Kind kind) {
        Instant now = Instant.now();
        return new Proposal(id, kind, "n2", "n1", kind.name().toLowerCase() + " n2", "test proposal " + id, List.of(),
                "none", now, now.plus(Duration.ofHours(1)), null, Proposal.Status.PENDING, null, null, null);
    }

    private static boolean accepted(ActionResult r) {
        return r.outcome() == ActionResult.Outcome.ACCEPTED;
    }


    @Test
    void twoOperationsAcceptedAtOnceThroughTheController_eightSwitchoversOneRuns() throws Exception {
        List<Supplier<ActionResult>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String who = "op" + i;
            String node = i % 2 == 0 ? "n2" : "n1";
            requests.add(() -> loop.requestSwitchover(node, who, "test"));
        }
        List<ActionResult> results = Races.race(requests);
        assertThat(ops.oneStarted.await(10, TimeUnit.SECONDS)).isTrue();
        List<ActionResult> accepted = results.stream().filter(ControlLoopClaimTest::accepted).toList();
        assertThat(accepted).hasSize(1);
        assertThat(ops.started).hasSize(1);
        String runner = ops.started.get(0).replaceAll(".* by ", "");
        assertThat(results.stream().filter(r -> !accepted(r)).toList()).hasSize(7)
                .allSatisfy(r -> assertThat(r.message()).contains("an operation runs on the pair: switchover s-")
                        .contains("by " + runner).doesNotContain("null"));
        assertThat(loop.status().operation()).startsWith("switchover s-").contains("by " + runner);
        // every refusal is in the transition log, with who asked and why
        assertThat(loop.history(null).entries().stream().filter(e -> e.event() == TransitionEntry.Event.REFUSED))
                .hasSize(7);

        ops.release();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> loop.status().operation() == null);
        assertThat(ops.started).hasSize(1);
    }

    @Test
    void twoOperationsAcceptedAtOnceThroughTheController_acksAndSwitchoversRaceOneRuns() throws Exception {
        loop.supervisor().restore(List.of(pending("p-000001", Proposal.Kind.REJOIN),
                pending("p-000002", Proposal.Kind.RESYNC), pending("p-000003", Proposal.Kind.DETACH_VIP),
                pending("p-000004", Proposal.Kind.REJOIN)), null);
        List<Supplier<ActionResult>> requests = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            String id = "p-00000" + i;
            String who = "acker" + i;
            requests.add(() -> loop.ack(id, who, "race"));
            requests.add(() -> loop.requestSwitchover("n2", "switcher" + who, "race"));
        }
        List<ActionResult> results = Races.race(requests);
        assertThat(ops.oneStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(results.stream().filter(ControlLoopClaimTest::accepted)).hasSize(1);
        assertThat(ops.started).hasSize(1);
        String runner = ops.started.get(0).replaceAll(".* by ", "");
        assertThat(results.stream().filter(r -> !accepted(r)))
                .allSatisfy(r -> assertThat(r.message()).contains("an operation runs on the pair:")
                        .contains("by " + runner));
        // the refused acks left their proposals pending: nothing changed for them
        long stillPending = loop.proposals().stream().filter(Proposal::pending).count();
        long ackedProposals = results.stream().filter(ControlLoopClaimTest::accepted)
                .filter(r -> r.proposalId() != null).count();
        assertThat(stillPending).isEqualTo(4 - ackedProposals);
        ops.release();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> loop.status().operation() == null);
    }
}
