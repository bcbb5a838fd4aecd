package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.Epoch;
import io.hactl.coordination.OperationRecord;
import io.hactl.coordination.SharedState;
import io.hactl.coordination.StepPermission;
import io.hactl.control.ZooKeeperForTests.Member;
import io.hactl.log.TransitionLog;
import io.hactl.node.LocalShell;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16: the leader records its operation in ZooKeeper (state/operation) with its epoch: the
 * operation, each step's intent before it and its result after, its end. A write refused as stale
 * (a newer leader bumped the epoch) stops the operation like a refused step: nothing more runs.
 * A real in-process ZooKeeper (curator-test).
 */
class OperationRecordTest {

    static final Duration PATIENCE = ZooKeeperForTests.PATIENCE;
    static TestingServer server;

    @TempDir
    Path dir;

    HactlConfig cfg;
    String cluster;
    final List<AutoCloseable> open = new ArrayList<>();
    final List<String> ran = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void zookeeper() throws Exception {
        server = ZooKeeperForTests.server();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void config(TestInfo test) throws Exception {
        cluster = test.getTestMethod().orElseThrow().getName();
        ConfigFixture files = new ConfigFixture(dir);
        cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Member member(String name) {
        Member m = Member.start(server, cluster, name, e -> { });
        open.add(m);
        return m;
    }

    private Member leader(String name) {
        Member m = member(name);
        await().atMost(PATIENCE).until(() -> m.leadership().mayStartSteps().granted());
        return m;
    }

    private static StepGate gate(Member m) {
        return m.gate();
    }

    private ProposalRunner runner(StepGate gate) {
        return new ProposalRunner(cfg, new TransitionLog(cfg.stateDirectory()), new PrintWriter(new StringWriter(),
                true), n -> new LocalShell(n.name()), n -> null, gate);
    }

    private NodeConfig n1() {
        return cfg.node("n1").orElseThrow();
    }

    /** Three steps on n1; {@code during2} runs inside step 2. */
    private ProposalRunner.Result threeSteps(ProposalRunner r, Runnable during2) {
        return r.watched("failover", "p-7", "alice", "a test", (runner, shells, connector) -> {
            int exit = runner.run("failover", "three steps", op -> {
                for (int i = 1; i <= 3; i++) {
                    int n = i;
                    op.step("n1", "step" + n, () -> {
                        ran.add("step" + n);
                        shells.apply(n1()).run("true", Duration.ofSeconds(20));
                        if (n == 2) {
                            during2.run();
                        }
                        return "did " + n;
                    });
                }
                op.succeed("three steps done");
                return 0;
            });
            return new ProposalRunner.Result(exit, exit == 0 ? "done" : "exit " + exit);
        });
    }

    @Test
    @DisplayName("The leader writes its operation, each step's intent and result, and its end, with its epoch")
    void theLeaderRecordsItsOperationAndEachStep() {
        Member a = leader("n1");
        Epoch epoch = a.leadership().mayStartSteps().epoch();

        ProposalRunner.Result r = threeSteps(runner(gate(a)), () -> { });

        assertThat(r.exit()).isZero();
        OperationRecord op = a.state().operation().orElseThrow().value();
        assertThat(op.name()).isEqualTo("failover");
        assertThat(op.proposalId()).isEqualTo("p-7");
        assertThat(op.epoch()).isEqualTo(epoch.number());
        assertThat(op.leader()).isEqualTo("n1");
        assertThat(op.status()).isEqualTo(OperationRecord.Status.DONE);
        assertThat(op.steps()).extracting(OperationRecord.Step::number, OperationRecord.Step::name,
                        OperationRecord.Step::ok, OperationRecord.Step::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "step1 (n1)", true, "did 1"),
                        org.assertj.core.groups.Tuple.tuple(2, "step2 (n1)", true, "did 2"),
                        org.assertj.core.groups.Tuple.tuple(3, "step3 (n1)", true, "did 3"));
        assertThat(op.steps()).allSatisfy(s -> assertThat(s.finished()).isTrue());
    }

    @Test
    @DisplayName("A record write refused as stale (a newer leader bumped the epoch) stops the operation: nothing more runs")
    void aStaleRecordWriteStopsTheOperation() {
        Member a = leader("n1");
        Epoch ours = a.leadership().mayStartSteps().epoch();
        Member b = member("n2");
        // a paused JVM that did not notice: its gate still grants its old epoch
        StepGate paused = new StepGate() {
            @Override
            public String refusal() {
                return null;
            }

            @Override
            public StepPermission permit() {
                return StepPermission.granted(ours);
            }

            @Override
            public SharedState sharedState() {
                return a.state();
            }
        };
        Consumer<Member> deposeA = x -> {
            a.leadership().close();
            await().atMost(PATIENCE).until(() -> b.leadership().mayStartSteps().granted());
        };

        ProposalRunner.Result r = threeSteps(runner(paused), () -> deposeA.accept(a));

        assertThat(ran).containsExactly("step1", "step2");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.summary()).startsWith("deposed: the result of step 2 (step2 (n1)) could not be written to"
                + " ZooKeeper (this controller's epoch " + ours.number() + " is stale: ZooKeeper holds epoch "
                + (ours.number() + 1));
        OperationRecord op = b.state().operation().orElseThrow().value();
        assertThat(op.status()).as("left RUNNING for the new leader to report INTERRUPTED")
                .isEqualTo(OperationRecord.Status.RUNNING);
        assertThat(op.inFlight()).hasValueSatisfying(s -> assertThat(s.number()).isEqualTo(2));
    }
}
