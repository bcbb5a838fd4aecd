package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.Epoch;
import io.hactl.coordination.StepPermission;
import io.hactl.db.DbAdmin;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.node.NodeShell;
import io.hactl.pair.StepFailed;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, "Fencing token": the controller asks the gate before each step of an operation, not
 * only before the operation, and with coordination every command carries the epoch granted when its
 * step started (NodeEpochGuard, run here by /bin/sh in a temp directory standing for the node's
 * state directory), every database change is checked on its node first. A refusal ends the
 * operation there ("deposed: ..."): nothing more runs.
 */
class ProposalRunnerEpochTest {

    static final Duration T = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    HactlConfig cfg;
    TransitionLog log;
    final StringWriter out = new StringWriter();
    final List<String> ran = new CopyOnWriteArrayList<>();

    /** A gate that grants {@code epoch} (null: no coordination) to the first {@code grants} asks, then refuses. */
    static class Gate implements StepGate {
        volatile Epoch epoch;
        volatile int grants = Integer.MAX_VALUE;
        final AtomicInteger asked = new AtomicInteger();
        final List<String> deposed = new CopyOnWriteArrayList<>();

        @Override
        public String refusal() {
            return null;
        }

        @Override
        public StepPermission permit() {
            return asked.incrementAndGet() <= grants ? StepPermission.granted(epoch)
                    : StepPermission.refused("ZooKeeper connection SUSPENDED since 12:00:01; not starting steps");
        }

        @Override
        public void deposed(long seen, String sentence) {
            deposed.add(seen + ": " + sentence);
        }
    }

    final Gate gate = new Gate();

    @BeforeEach
    void config() throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        log = new TransitionLog(cfg.stateDirectory());
    }

    private ProposalRunner runner(Function<NodeConfig, NodeShell> shells, Function<NodeConfig, DbAdmin> connector) {
        return new ProposalRunner(cfg, log, new PrintWriter(out, true), shells, connector, gate);
    }

    private NodeConfig n1() {
        return cfg.node("n1").orElseThrow();
    }

    /** An operation of four steps on n1, each running {@code touch step<i>} there. */
    private ProposalRunner.Result fourSteps(ProposalRunner r) {
        return r.watched("test-op", "p-1", "alice", "a test", (runner, shells, connector) -> {
            int exit = runner.run("test-op", "four steps", op -> {
                for (int i = 1; i <= 4; i++) {
                    int n = i;
                    op.step("n1", "touch step" + n, () -> {
                        ran.add("step" + n);
                        CommandResult c = shells.apply(n1()).run("touch " + dir.resolve("step" + n), T);
                        if (!c.ok()) {
                            throw new StepFailed(c.describe());
                        }
                        return null;
                    });
                }
                op.succeed("four steps done");
                return 0;
            });
            return new ProposalRunner.Result(exit, exit == 0 ? "done" : "exit " + exit);
        });
    }

    private List<OperationEntry> operationLines() {
        return log.readAll().entries().stream().filter(OperationEntry.class::isInstance)
                .map(OperationEntry.class::cast).toList();
    }

    private String epochOnNode() throws Exception {
        return Files.readString(dir.resolve("state").resolve("epoch")).strip();
    }

    @Test
    @DisplayName("The gate is asked before each step: refused from step 3, steps 3 and 4 never run, the log says deposed")
    void theGateIsAskedBeforeEachStep() {
        gate.grants = 3; // the operation's start, steps 1 and 2

        ProposalRunner.Result r = fourSteps(runner(n -> new LocalShell(n.name()), n -> null));

        String sentence = "deposed: step 3 (touch step3 (n1)) not started: ZooKeeper connection SUSPENDED since"
                + " 12:00:01; not starting steps";
        assertThat(ran).containsExactly("step1", "step2");
        assertThat(dir.resolve("step3")).doesNotExist();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.summary()).isEqualTo(sentence);
        assertThat(operationLines()).filteredOn(e -> e.event() == Event.STEP_END)
                .extracting(OperationEntry::step, OperationEntry::result)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("touch step1", "ok"),
                        org.assertj.core.groups.Tuple.tuple("touch step2", "ok"),
                        org.assertj.core.groups.Tuple.tuple("touch step3", "refused"));
        assertThat(operationLines()).filteredOn(e -> "touch step3".equals(e.step()))
                .singleElement().satisfies(e -> assertThat(e.detail()).isEqualTo(sentence));
        assertThat(operationLines()).last().satisfies(e -> {
            assertThat(e.result()).isEqualTo("failed");
            assertThat(e.detail()).isEqualTo(sentence);
        });
        assertThat(out.toString()).contains(" 3. n1   touch step3 ... REFUSED: " + sentence);
    }

    @Test
    @DisplayName("Refused before the operation starts: nothing runs, a refused line, exit 2")
    void refusedBeforeTheOperationNothingRuns() {
        gate.grants = 0;

        ProposalRunner.Result r = fourSteps(runner(n -> new LocalShell(n.name()), n -> null));

        assertThat(ran).isEmpty();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(operationLines()).singleElement().satisfies(e -> {
            assertThat(e.event()).isEqualTo(Event.REFUSED);
            assertThat(e.detail()).startsWith("ZooKeeper connection SUSPENDED since 12:00:01; not starting steps");
        });
    }

    @Test
    @DisplayName("Without coordination the commands go to the node byte for byte as written")
    void withoutCoordinationCommandsAreByteIdentical() {
        List<String> sent = new CopyOnWriteArrayList<>();
        gate.epoch = null;

        ProposalRunner.Result r = fourSteps(runner(n -> recording(n, sent), n -> null));

        assertThat(r.exit()).isZero();
        assertThat(sent).containsExactly("touch " + dir.resolve("step1"), "touch " + dir.resolve("step2"),
                "touch " + dir.resolve("step3"), "touch " + dir.resolve("step4"));
        assertThat(dir.resolve("state").resolve("epoch")).doesNotExist();
    }

    @Test
    @DisplayName("Epoch 3 recorded on the node; a step under epoch 2 is refused there with exit 75 and changes nothing")
    void aStepUnderAnOlderEpochIsRefusedOnTheNode() throws Exception {
        gate.epoch = new Epoch(3, 2);
        assertThat(fourSteps(runner(n -> new LocalShell(n.name()), n -> null)).exit()).isZero();
        assertThat(epochOnNode()).isEqualTo("3");
        for (int i = 1; i <= 4; i++) {
            Files.delete(dir.resolve("step" + i));
        }
        ran.clear();
        List<CommandResult> results = new CopyOnWriteArrayList<>();

        gate.epoch = new Epoch(2, 1); // a deposed leader, paused while 3 acted, that ZooKeeper did not stop
        ProposalRunner.Result r = fourSteps(runner(n -> seeing(new LocalShell(n.name()), results), n -> null));

        String sentence = "deposed: node n1 has seen epoch 3; this controller (epoch 2) changes nothing and follows";
        assertThat(results).first().satisfies(c -> {
            assertThat(c.exit()).isEqualTo(75);
            assertThat(c.err()).contains("hactl: refused on n1: this node has seen epoch 3, the step carries epoch 2");
        });
        assertThat(ran).containsExactly("step1");
        assertThat(dir.resolve("step1")).doesNotExist();
        assertThat(dir.resolve("step2")).doesNotExist();
        assertThat(epochOnNode()).isEqualTo("3");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.summary()).isEqualTo(sentence);
        assertThat(gate.deposed).containsExactly("3: " + sentence);
        assertThat(operationLines()).last().satisfies(e -> assertThat(e.detail()).contains(sentence));
    }

    @Test
    @DisplayName("A database change is checked on its node over SSH first: under an older epoch it does not run")
    void aDatabaseChangeIsCheckedOnTheNodeFirst() throws Exception {
        List<String> calls = new CopyOnWriteArrayList<>();
        Function<NodeConfig, DbAdmin> db = n -> fakeDb(n.name(), calls);
        Function<ProposalRunner, ProposalRunner.Result> readOnly = r -> r.watched("test-op", "p-1", "alice", "a test",
                (runner, shells, connector) -> new ProposalRunner.Result(runner.run("test-op", "read-only n1", op -> {
                    DbAdmin a = connector.apply(n1());
                    a.state();
                    op.step("n1", "db read-only", () -> {
                        a.setReadOnly(true);
                        return null;
                    });
                    op.succeed("done");
                    return 0;
                }), "ran"));

        gate.epoch = new Epoch(3, 2);
        assertThat(readOnly.apply(runner(n -> new LocalShell(n.name()), db)).exit()).isZero();
        assertThat(calls).containsExactly("state", "setReadOnly");
        assertThat(epochOnNode()).isEqualTo("3");
        calls.clear();

        gate.epoch = new Epoch(2, 1);
        ProposalRunner.Result r = readOnly.apply(runner(n -> new LocalShell(n.name()), db));

        assertThat(calls).containsExactly("state");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.summary()).isEqualTo("deposed: node n1 has seen epoch 3; this controller (epoch 2) changes nothing"
                + " and follows");
        assertThat(epochOnNode()).isEqualTo("3");
    }

    @Test
    @DisplayName("The switchover, an acknowledged proposal and a returned master's fence all ask the gate: refused, nothing reaches a node")
    void everyPathOfTheControllerAsksTheGate() {
        gate.grants = 0;
        List<String> touched = new CopyOnWriteArrayList<>();
        ProposalRunner r = runner(n -> {
            touched.add("shell " + n.name());
            return new LocalShell(n.name());
        }, n -> {
            touched.add("db " + n.name());
            return null;
        });
        java.time.Instant now = java.time.Instant.now();
        io.hactl.state.Proposal failover = new io.hactl.state.Proposal("p-000002", io.hactl.state.Proposal.Kind.FAILOVER,
                "n2", "n1", "promote n2 to master; fence n1", "MASTER DOWN", List.of(), "none", now,
                now.plusSeconds(300), null, io.hactl.state.Proposal.Status.ACKNOWLEDGED, "alice", now, null);

        List<ProposalRunner.Result> results = List.of(r.switchover(cfg.node("n2").orElseThrow(), "alice", "planned"),
                r.run(failover, "alice", "go"), r.fenceReturned(failover, "alice", "go"));

        assertThat(results).allSatisfy(x -> {
            assertThat(x.exit()).isEqualTo(2);
            assertThat(x.summary()).isEqualTo("refused: ZooKeeper connection SUSPENDED since 12:00:01; not starting steps");
        });
        assertThat(touched).isEmpty();
        assertThat(operationLines()).extracting(OperationEntry::operation)
                .containsExactly("switchover", "failover", "fence");
    }

    private static NodeShell recording(NodeConfig n, List<String> sent) {
        LocalShell local = new LocalShell(n.name());
        return new NodeShell() {
            @Override
            public String node() {
                return n.name();
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                sent.add(command);
                return local.run(command, stdin, timeout);
            }
        };
    }

    private static NodeShell seeing(NodeShell shell, List<CommandResult> results) {
        return new NodeShell() {
            @Override
            public String node() {
                return shell.node();
            }

            @Override
            public CommandResult run(String command, String stdin, Duration timeout) {
                CommandResult r = shell.run(command, stdin, timeout);
                results.add(r);
                return r;
            }
        };
    }

    /** A database that records which of its methods were called (node() and close() aside). */
    private static DbAdmin fakeDb(String node, List<String> calls) {
        return (DbAdmin) Proxy.newProxyInstance(DbAdmin.class.getClassLoader(), new Class<?>[] {DbAdmin.class},
                (proxy, m, args) -> switch (m.getName()) {
                    case "node" -> node;
                    case "close" -> null;
                    default -> {
                        calls.add(m.getName());
                        yield null;
                    }
                });
    }

    @Test
    @DisplayName("With coordination a failover's first step waits for the old master's lease; without, no such step")
    void aCoordinatedFailoverWaitsForTheOldMastersLeaseBeforeItsFirstChange() {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T08:00:00Z");
        io.hactl.state.Proposal failover = new io.hactl.state.Proposal("p-9", io.hactl.state.Proposal.Kind.FAILOVER,
                "n2", "n1", "promote n2", "n1 is down", List.of(), "none", now, now.plusSeconds(600), null,
                io.hactl.state.Proposal.Status.ACKNOWLEDGED, "alice", now, null);
        List<String> leases = new CopyOnWriteArrayList<>();
        Gate coordinated = new Gate() {
            @Override
            public boolean coordinated() {
                return true;
            }

            @Override
            public String awaitLease(String node) {
                leases.add(node);
                return "n1's controller holds no ZooKeeper session (seen after 2.4 s of waiting): n1's lease is over";
            }
        };
        coordinated.epoch = new Epoch(4, 1);
        coordinated.grants = 2; // the operation's start and the lease's step: the promotion's first step is refused
        Function<NodeConfig, DbAdmin> down = n -> {
            throw new io.hactl.db.DbAdminException(n.name() + ": connection refused", 2003);
        };
        ProposalRunner r = new ProposalRunner(cfg, log, new PrintWriter(out, true), n -> new LocalShell(n.name()),
                down, coordinated);

        ProposalRunner.Result result = r.run(failover, "alice", null);

        assertThat(leases).containsExactly("n1");
        List<OperationEntry> steps = operationLines().stream().filter(e -> e.event() == Event.STEP_END).toList();
        assertThat(steps.get(0).step()).contains("wait until n1's controller has left the election");
        assertThat(steps.get(0).detail()).contains("n1's lease is over");
        assertThat(result.exit()).isNotZero();

        gate.epoch = null;
        gate.grants = 2;
        runner(n -> new LocalShell(n.name()), down).run(failover, "alice", null);
        assertThat(leases).containsExactly("n1");
    }
}
