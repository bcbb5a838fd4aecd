package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.coordination.Decision;
import io.hactl.coordination.Epoch;
import io.hactl.log.ProposalEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import io.hactl.coordination.CoordinationEvent;
import io.hactl.coordination.StepPermission;
import java.time.Instant;
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
 * Issue 16, ack anywhere: two controllers on one ZooKeeper, one leader, one follower. The leader
 * publishes its proposals; the follower lists them, records operators' decisions and requests,
 * and the leader runs each once.
 */
class ControlLoopAckAnywhereTest {

    static TestingServer server;

    @TempDir
    Path dir;

    final List<Controller> controllers = new ArrayList<>();
    Controller leader;
    Controller follower;

    /** One controller: its loop, its place among the three, what its operations ran, its output. */
    record Controller(String name, ControlLoop loop, ZkShare share, List<String> ran, StringWriter out,
                      AtomicReference<CountDownLatch> hold) implements AutoCloseable {

        String role() {
            return loop.status().evidence().stream().filter(l -> l.startsWith("coordination: ")).findFirst()
                    .orElse("");
        }

        List<ProposalEntry> acks() {
            return loop.history(null).entries().stream().filter(ProposalEntry.class::isInstance)
                    .map(ProposalEntry.class::cast).filter(e -> e.event() == Event.ACK).toList();
        }

        @Override
        public void close() throws Exception {
            loop.close();
            share.close();
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = ZkShare.server();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void stop() throws Exception {
        for (Controller c : controllers) {
            c.close();
        }
    }

    private Controller controller(String cluster, String name, boolean elect) throws Exception {
        return controllerOn(new ZkShare(server.getConnectString(), cluster, name, elect), name);
    }

    private Controller controllerOn(ZkShare share, String name) throws Exception {
        Path home = Files.createDirectories(dir.resolve(name));
        ConfigFixture files = new ConfigFixture(home);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + home.resolve("state") + "\n"));
        List<String> ran = new CopyOnWriteArrayList<>();
        AtomicReference<CountDownLatch> hold = new AtomicReference<>(new CountDownLatch(0));
        ControlLoop.Operations ops = new ControlLoop.Operations() {
            @Override
            public ProposalRunner.Result run(Proposal p, String who, String comment) {
                return ran(p.id());
            }

            @Override
            public ProposalRunner.Result switchover(NodeConfig node, String who, String reason) {
                return ran("switchover to " + node.name());
            }

            private ProposalRunner.Result ran(String what) {
                ran.add(what);
                try {
                    hold.get().await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ProposalRunner.Result(0, "done");
            }
        };
        StringWriter out = new StringWriter();
        // a pair where n2 does not replicate: the leader proposes to make it n1's replica again (REJOIN)
        ControlLoop loop = new ControlLoop(c, new PrintWriter(out, true), Clock.systemUTC(), ControllerEvents.NONE, ops,
                () -> HealthyPair.standalone(c), Duration.ofSeconds(5), share, share);
        share.start(loop);
        Controller controller = new Controller(name, loop, share, ran, out, hold);
        controllers.add(controller);
        return controller;
    }

    @BeforeEach
    void leaderAndFollower(TestInfo test) throws Exception {
        String cluster = test.getTestMethod().orElseThrow().getName();
        controller(cluster, "n1", true);
        controller(cluster, "n2", true);
        await().atMost(ZkShare.PATIENCE).until(() -> controllers.stream()
                .filter(c -> c.role().startsWith("coordination: leader")).count() == 1
                && controllers.stream().filter(c -> c.role().startsWith("coordination: follower")).count() == 1);
        leader = controllers.stream().filter(c -> c.role().startsWith("coordination: leader")).findFirst().orElseThrow();
        follower = controllers.stream().filter(c -> c != leader).findFirst().orElseThrow();
    }

    /** The leader cycles until it proposes; the proposal it made. */
    private Proposal proposed() {
        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return !leader.loop().proposals().isEmpty();
        });
        return leader.loop().proposals().get(0);
    }

    /** The follower lists {@code p} (the watch, or its own cycles, refresh what it read). */
    private void followerSees(Proposal p) {
        await().atMost(ZkShare.PATIENCE).until(() -> {
            follower.loop().cycle();
            return follower.loop().proposals().stream().anyMatch(x -> x.id().equals(p.id()));
        });
    }

    private long epoch() {
        return leader.share().state().epoch();
    }

    @Test
    @DisplayName("A proposal made by the leader is listed by the follower, with its evidence and risk, in status too")
    void aProposalMadeByTheLeaderIsListedByTheFollower() {
        Proposal p = proposed();

        followerSees(p);
        assertThat(follower.loop().proposals()).singleElement().satisfies(seen -> {
            assertThat(seen.kind()).isEqualTo(Proposal.Kind.REJOIN);
            assertThat(seen.risk()).isEqualTo(p.risk());
            assertThat(seen.evidence()).isEqualTo(p.evidence());
        });
        assertThat(follower.loop().status().proposals()).extracting(Proposal::id).containsExactly(p.id());
    }

    @Test
    @DisplayName("A follower writes no proposal of its own to ZooKeeper")
    void aFollowerWritesNoProposal() {
        Proposal p = proposed();
        await().atMost(ZkShare.PATIENCE).until(() -> {
            follower.loop().cycle();
            return follower.loop().status().cycles() >= 5;
        });

        assertThat(follower.share().state().proposals()).singleElement()
                .satisfies(v -> assertThat(v.value().id()).isEqualTo(p.id()));
    }

    @Test
    @DisplayName("A reminder or an evidence refresh does not change a proposal's version")
    void theVersionChangesOnlyWithWhatAnOperatorDecidesOn() {
        Proposal p = proposed();
        int version = leader.share().state().proposal(p.id()).orElseThrow().version();

        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return leader.loop().status().cycles() >= 6;
        });

        assertThat(leader.share().state().proposal(p.id()).orElseThrow().version()).isEqualTo(version);
    }

    @Test
    @DisplayName("An ack on the follower is recorded (202) and run once by the leader; its log line names the operator and the member")
    void anAckOnTheFollowerIsRunOnceByTheLeader() {
        Proposal p = proposed();
        followerSees(p);

        ActionResult r = follower.loop().ack(p.id(), "alice", "n2 lacks nothing");

        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.RECORDED);
        assertThat(r.message()).isEqualTo("recorded on " + follower.name() + " for proposal " + p.id() + " version 0;"
                + " the leader " + leader.name() + " (epoch " + epoch() + ") runs it: follow it with hactl history"
                + " --since 5m");
        // promptly, on the watch: no cycle of the leader's is needed
        await().atMost(ZkShare.PATIENCE).until(() -> leader.ran().contains(p.id()));
        assertThat(leader.acks()).singleElement().satisfies(e -> {
            assertThat(e.who()).isEqualTo("alice");
            assertThat(e.why()).isEqualTo("via " + follower.name() + ": n2 lacks nothing");
        });
        assertThat(leader.out().toString()).contains("ACK of " + p.id() + " version 0 by alice via "
                + follower.name());

        ActionResult again = follower.loop().ack(p.id() + "@0", "bob", null);
        assertThat(again.outcome()).as(again.message()).isIn(ActionResult.Outcome.REFUSED,
                ActionResult.Outcome.NOT_FOUND);
        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return leader.loop().status().cycles() >= 3;
        });
        assertThat(leader.ran()).containsExactly(p.id());
        assertThat(follower.ran()).isEmpty();
    }

    @Test
    @DisplayName("A second decision on the same version is refused where it is recorded, naming the first")
    void aSecondDecisionOnTheSameVersionIsRefused() {
        Proposal p = proposed();
        followerSees(p);
        // alice decided first, through another controller
        Decision first = follower.share().state().recordDecision(p.id(), 0, "alice", Decision.Verdict.ACK);

        ActionResult second = follower.loop().ack(p.id() + "@0", "bob", null);

        assertThat(second.outcome()).as(second.message()).isIn(ActionResult.Outcome.REFUSED,
                ActionResult.Outcome.NOT_FOUND);
        if (second.outcome() == ActionResult.Outcome.REFUSED && second.message().contains("already decided")) {
            assertThat(second.message()).contains(first.describe());
        }
        await().atMost(ZkShare.PATIENCE).until(() -> leader.ran().contains(p.id()));
        assertThat(leader.acks()).singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("alice"));
    }

    @Test
    @DisplayName("An ack of a stale version is refused, naming both versions, and nothing runs")
    void anAckOfAStaleVersionIsRefusedNamingBothVersions() {
        Proposal p = proposed();
        followerSees(p);
        // the leader wrote the proposal again (what an operator decides on changed): version 1
        Epoch e = leader.share().leadership().epoch();
        leader.share().state().putProposal(e, p);

        ActionResult r = follower.loop().ack(p.id() + "@0", "alice", null);

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(r.message()).contains("version 0").contains("version 1").contains("hactl proposals");
        assertThat(follower.share().state().decisions()).isEmpty();
        assertThat(leader.ran()).isEmpty();
    }

    @Test
    @DisplayName("A switchover asked of the follower is recorded (202) and run once by the leader")
    void aSwitchoverOnTheFollowerIsRunOnceByTheLeader() {
        ActionResult r = follower.loop().requestSwitchover("n1", "alice", "kernel update on n2");

        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.RECORDED);
        assertThat(r.message()).startsWith("switchover to n1 recorded on " + follower.name() + " as request r-")
                .endsWith("; the leader " + leader.name() + " (epoch " + epoch() + ") runs it: follow it with hactl"
                        + " history --since 5m");
        await().atMost(ZkShare.PATIENCE).until(() -> leader.ran().contains("switchover to n1"));
        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return leader.loop().status().cycles() >= 3;
        });
        assertThat(leader.ran()).containsExactly("switchover to n1");
        assertThat(follower.ran()).isEmpty();
        assertThat(leader.out().toString()).contains("switchover to n1 by alice via " + follower.name());
    }

    @Test
    @DisplayName("Without a leader, an ack or a switchover on a controller is refused (503) and nothing is recorded")
    void withoutALeaderNothingIsRecorded(TestInfo test) throws Exception {
        Controller alone = controller(test.getTestMethod().orElseThrow().getName() + "-alone", "w", false);
        await().atMost(ZkShare.PATIENCE).until(() -> alone.role().startsWith("coordination: follower"));

        ActionResult ack = alone.loop().ack("p-123456", "alice", null);
        ActionResult switchover = alone.loop().requestSwitchover("n2", "alice", "planned");

        assertThat(ack.outcome()).isEqualTo(ActionResult.Outcome.UNAVAILABLE);
        assertThat(ack.message()).contains("no controller leads").contains("nothing recorded");
        assertThat(switchover.outcome()).isEqualTo(ActionResult.Outcome.UNAVAILABLE);
        assertThat(alone.share().state().decisions()).isEmpty();
        assertThat(alone.share().state().requests()).isEmpty();
    }

    @Test
    @DisplayName("An ack recorded on the follower that the leader refuses (an operation runs) is logged as refused there")
    void anAckTheLeaderRefusesIsLoggedAsRefused() {
        Proposal p = proposed();
        followerSees(p);
        leader.hold().set(new CountDownLatch(1));
        assertThat(leader.loop().requestSwitchover("n1", "bob", "planned").outcome())
                .isEqualTo(ActionResult.Outcome.ACCEPTED);

        ActionResult r = follower.loop().ack(p.id(), "alice", null);

        assertThat(r.outcome()).as(r.message()).isEqualTo(ActionResult.Outcome.RECORDED);
        await().atMost(ZkShare.PATIENCE).until(() -> !leader.acks().isEmpty());
        assertThat(leader.acks()).singleElement().satisfies(e -> {
            assertThat(e.refused()).isTrue();
            assertThat(e.who()).isEqualTo("alice");
            assertThat(e.why()).isEqualTo("via " + follower.name());
        });
        leader.hold().get().countDown();
        assertThat(leader.ran()).doesNotContain(p.id());
    }

    @Test
    @DisplayName("A leader whose shared-state writes fail says it once on its output and in status, and goes on cycling")
    void aFailingSharedStateWriteIsSaidOnceAndInStatus() {
        Proposal p = proposed();
        // the leadership grants an epoch ZooKeeper does not hold: every write is refused
        leader.share().forced = new StepPermission(new Epoch(99, 42), null);
        leader.loop().coordination(new CoordinationEvent.LeadershipGained(Instant.now(), 99));
        assertThat(follower.loop().requestSwitchover("n1", "alice", "planned").outcome())
                .isEqualTo(ActionResult.Outcome.RECORDED);
        long before = leader.loop().status().cycles();

        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return leader.loop().status().cycles() >= before + 4;
        });

        String said = leader.out().toString();
        assertThat(said.split("ZooKeeper's shared state: ", -1)).as(said).hasSize(2);
        assertThat(leader.loop().status().evidence()).anySatisfy(l -> assertThat(l)
                .startsWith("ZooKeeper's shared state: ").contains("epoch"));
        assertThat(leader.loop().proposals()).extracting(Proposal::id).contains(p.id());
        assertThat(leader.ran()).isEmpty();
    }

    @Test
    @DisplayName("A decision overtaken by a new version before the leader took it is not run, and logged as a refused ack")
    void aDecisionOvertakenByANewVersionIsLoggedAsRefused() {
        Proposal p = proposed();
        followerSees(p);
        Epoch e = leader.share().leadership().epoch();
        // the leader takes nothing for a moment: the decision waits in ZooKeeper
        leader.share().forced = new StepPermission(null, "held by the test");
        assertThat(follower.loop().ack(p.id(), "alice", "go").outcome()).isEqualTo(ActionResult.Outcome.RECORDED);
        // meanwhile what the operator decided on changed: version 1
        leader.share().state().putProposal(e, p);
        leader.share().forced = null;

        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return !leader.acks().isEmpty();
        });

        assertThat(leader.acks()).singleElement().satisfies(a -> {
            assertThat(a.refused()).isTrue();
            assertThat(a.who()).isEqualTo("alice");
            assertThat(a.detail()).contains("version 0").contains("version 1");
        });
        assertThat(leader.ran()).isEmpty();
    }

    @Test
    @DisplayName("On the leader, an ack of a version it no longer publishes is refused naming both versions")
    void onTheLeaderAnAckOfAnotherVersionIsRefused() {
        Proposal p = proposed();

        ActionResult r = leader.loop().ack(p.id() + "@5", "alice", null);

        assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(r.message()).contains("version 5").contains("version 0");
        assertThat(leader.ran()).isEmpty();
        assertThat(leader.loop().ack(p.id() + "@0", "alice", null).outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
    }

    @Test
    @DisplayName("Without a quorum (ZooKeeper unreachable), an ack on a follower is refused (503) naming the connection")
    void withoutAQuorumAnAckIsRefusedNamingTheConnection() throws Exception {
        try (TestingServer lost = ZkShare.server()) {
            ZkShare share = new ZkShare(lost.getConnectString(), "lost", "w", false);
            Controller alone = controllerOn(share, "w");
            await().atMost(ZkShare.PATIENCE).until(() -> alone.role().startsWith("coordination: follower"));
            lost.stop();
            await().atMost(ZkShare.PATIENCE).until(() -> share.connection() != null);

            ActionResult ack = alone.loop().ack("p-123456", "alice", null);

            assertThat(ack.outcome()).isEqualTo(ActionResult.Outcome.UNAVAILABLE);
            assertThat(ack.message()).contains("has no usable ZooKeeper connection").contains("nothing recorded");
        }
    }

    @Test
    @DisplayName("A new leader takes the anti-flapping block its predecessor kept (issue 16, shared state)")
    void theNextLeaderTakesTheAntiFlappingBlockOfTheLastOne() throws Exception {
        java.time.Instant failedOver = java.time.Instant.now().minusSeconds(60);
        leader.loop().supervisor().restore(List.of(), failedOver, null);
        await().atMost(ZkShare.PATIENCE).until(() -> {
            leader.loop().cycle();
            return leader.share().state().antiFlapping().map(b -> failedOver.equals(b.lastFailoverAt())).orElse(false);
        });
        assertThat(follower.loop().supervisor().lastFailoverAt()).isNull();

        leader.close();
        controllers.remove(leader);
        await().atMost(ZkShare.PATIENCE).until(() -> follower.role().startsWith("coordination: leader"));
        await().atMost(ZkShare.PATIENCE).until(() -> {
            follower.loop().cycle();
            return failedOver.equals(follower.loop().supervisor().lastFailoverAt());
        });
        assertThat(follower.loop().supervisor().failoverBlock()).isPresent();
        assertThat(follower.out().toString()).contains("took over from the last leader: last failover " + failedOver);
    }
}
