package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.control.ZooKeeperForTests.Member;
import io.hactl.coordination.CoordinationEvent;
import io.hactl.coordination.Epoch;
import io.hactl.coordination.OperationRecord;
import io.hactl.log.ProposalEntry;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
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
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Leader lost mid-operation": leader A starts an operation and is lost after step 2 (its
 * session closed with step 3 in flight); B comes to lead: an INTERRUPTED line with the last finished
 * step and the step in flight, the interrupted alert, status evidence; after the next probe cycle a
 * proposal for what is next carrying them, waiting for an acknowledgement; nothing runs.
 */
class LeaderLostMidOperationTest {

    static TestingServer server;

    @TempDir
    Path dir;

    ControlLoop loop;
    Member a;
    Member b;
    final StringWriter out = new StringWriter();
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> interruptedAlerts = new CopyOnWriteArrayList<>();
    final List<Effect> alerted = new CopyOnWriteArrayList<>();

    final ControlLoop.Operations operations = new ControlLoop.Operations() {
        @Override
        public ProposalRunner.Result run(Proposal p, String who, String comment) {
            started.add(p.id());
            return new ProposalRunner.Result(0, "done");
        }

        @Override
        public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
            started.add("switchover");
            return new ProposalRunner.Result(0, "done");
        }
    };

    final ControllerEvents events = new ControllerEvents() {
        @Override
        public void effects(List<Effect> effects, ClusterState state, Instant at) {
            alerted.addAll(effects);
        }

        @Override
        public void interrupted(String summary, List<String> evidence, Instant at) {
            interruptedAlerts.add(summary + " | " + String.join(" | ", evidence));
        }

        @Override
        public void rejected(Proposal proposal, Instant at) {
        }

        @Override
        public void operationEnded(Proposal proposal, boolean ok, String summary, Instant at) {
        }
    };

    @BeforeAll
    static void zookeeper() throws Exception {
        server = ZooKeeperForTests.server();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
        if (b != null) {
            b.close();
        }
    }

    private List<TransitionEntry> lines(Event event) {
        return loop.history(null).entries().stream().filter(e -> e.event() == event).toList();
    }

    @Test
    @DisplayName("Leader lost after step 2: the new leader writes INTERRUPTED, alerts, then proposes what is next; nothing runs")
    void leaderLostAfterStep2_theNewLeaderReportsItAndProposesWhatIsNext(TestInfo test) throws Exception {
        String cluster = test.getTestMethod().orElseThrow().getName();
        a = Member.start(server, cluster, "n1", e -> { });
        await().atMost(ZooKeeperForTests.PATIENCE).until(() -> a.leadership().mayStartSteps().granted());
        Epoch ea = a.leadership().mayStartSteps().epoch();
        a.state().startOperation(ea, "o-1", "rejoin", "p-000009");
        a.state().stepIntent(ea, "o-1", 1, "db stop replication (n2)");
        a.state().stepResult(ea, "o-1", 1, true, "stopped");
        a.state().stepIntent(ea, "o-1", 2, "db point n2 at n1");
        a.state().stepResult(ea, "o-1", 2, true, "CHANGE MASTER done");
        a.state().stepIntent(ea, "o-1", 3, "db start replication (n2)");

        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        List<CoordinationEvent> early = new CopyOnWriteArrayList<>();
        b = Member.start(server, cluster, "n2", e -> {
            if (loop != null) {
                loop.coordination(e);
            } else {
                early.add(e);
            }
        });
        loop = new ControlLoop(c, new PrintWriter(out, true), Clock.systemUTC(), events, operations,
                () -> HealthyPair.standalone(c), Duration.ofSeconds(5), b.gate());
        early.forEach(loop::coordination);
        loop.cycle();

        a.close(); // A's controller dies with step 3 in flight: its session closes, B leads
        await().atMost(ZooKeeperForTests.PATIENCE).until(() -> !lines(Event.INTERRUPTED).isEmpty());

        StateEntry line = (StateEntry) lines(Event.INTERRUPTED).get(0);
        assertThat(line.sentence()).startsWith("INTERRUPTED after step 2 (db point n2 at n1): rejoin o-1 (proposal"
                + " p-000009), started by n1 in epoch " + ea.number()).contains("step 3 (db start replication (n2))",
                "with no result: its effect is unknown");
        assertThat(line.evidence()).contains("last finished step: 2 (db point n2 at n1): ok, CHANGE MASTER done")
                .anySatisfy(l -> assertThat(l).startsWith("step in flight: 3 (db start replication (n2)), started at"));
        assertThat(interruptedAlerts).singleElement().asString().startsWith("INTERRUPTED after step 2");
        assertThat(b.state().operation().orElseThrow().value().status()).isEqualTo(OperationRecord.Status.INTERRUPTED);
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().evidence().stream()
                .anyMatch(l -> l.startsWith("INTERRUPTED after step 2")));

        await().atMost(ZooKeeperForTests.PATIENCE).until(() -> {
            loop.cycle();
            return loop.proposals().stream().anyMatch(p -> p.evidence().get(0).startsWith("interrupted operation"));
        });
        Proposal next = loop.proposals().get(0);
        assertThat(next.kind()).isEqualTo(Proposal.Kind.REJOIN);
        assertThat(next.evidence()).startsWith("interrupted operation: rejoin o-1 (proposal p-000009), started by n1"
                + " in epoch " + ea.number() + " at " + next.evidence().get(0).split(" at ")[1].split(";")[0]
                + "; marked INTERRUPTED in epoch " + (ea.number() + 1),
                "last finished step: 2 (db point n2 at n1): ok, CHANGE MASTER done");
        assertThat(next.risk()).startsWith("step 3 (db start replication (n2)) of the interrupted rejoin o-1 started"
                + " with no result: its effect is unknown");
        assertThat(next.runAt()).isNull();
        assertThat(lines(Event.PROPOSAL)).map(ProposalEntry.class::cast)
                .anySatisfy(e -> assertThat(e.proposal().evidence()).isEqualTo(next.evidence()));
        assertThat(loop.status().evidence()).anySatisfy(l -> assertThat(l).contains("probed again at")
                .contains("proposal " + next.id() + " (" + next.action() + ") waits for an acknowledgement"));
        assertThat(started).as("nothing runs that nobody acknowledged").isEmpty();
    }
}
