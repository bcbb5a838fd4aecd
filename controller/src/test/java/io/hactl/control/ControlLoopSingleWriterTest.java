package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.api.ApiFixtures;
import io.hactl.api.ControllerApi;
import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.log.OperationEntry;
import io.hactl.log.ProposalEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.model.ProbeSnapshot;
import io.hactl.state.ClusterState;
import io.hactl.state.Effect;
import io.hactl.state.Proposal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 16, "single writer inside each controller": every input of the controller goes through
 * one inbox owned by one thread, so the check-then-act races of a loop shared by the cycle, the
 * operations and the HTTP threads are gone. The real {@link ControlLoop}, its operations replaced
 * by a fake that can hold an operation until the test lets it end, its probes by a healthy pair's
 * snapshot (a cycle that withdraws a pending REJOIN).
 */
class ControlLoopSingleWriterTest {

    /** How long a request waits for the owner in these tests before it is refused as busy. */
    static final Duration WITHIN = Duration.ofMillis(600);

    @TempDir
    Path dir;

    HactlConfig cfg;
    ControlLoop loop;
    ConfigurableApplicationContext web;
    /** Operations end at once unless the test holds them with {@code ops.hold()}. */
    final HeldOperations ops = new HeldOperations(false);


    /** Alerts that block the owner when a rejection reaches them (a stuck step) while armed, until {@link #unstick}. */
    volatile boolean stickOnReject;
    /** When set, the owner stops at the end of the next cycle's assessment (after its decisions) until it is counted down. */
    volatile CountDownLatch holdCycle;
    volatile CountDownLatch inCycle = new CountDownLatch(1);
    final CountDownLatch stuck = new CountDownLatch(1);
    final CountDownLatch unstick = new CountDownLatch(1);
    final ControllerEvents stickyEvents = new ControllerEvents() {
        @Override
        public void effects(List<Effect> effects, ClusterState state, Instant at) {
            CountDownLatch hold = holdCycle;
            if (hold != null) {
                holdCycle = null;
                inCycle.countDown();
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void interrupted(String summary, List<String> evidence, Instant at) {
        }

        @Override
        public void rejected(Proposal proposal, Instant at) {
            if (!stickOnReject) {
                return;
            }
            stuck.countDown();
            try {
                unstick.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void operationEnded(Proposal proposal, boolean ok, String summary, Instant at) {
        }
    };


    /** The test's clock: the system's, moved forward by {@link #later}. */
    final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(ahead);
        }
    };
    volatile Duration ahead = Duration.ZERO;
    /** What the probes see: a healthy pair unless a test says otherwise. */
    volatile Supplier<ProbeSnapshot> probes;

    private void later(Duration d) {
        ahead = ahead.plus(d);
    }

    private ControlLoop loop(HactlConfig c) {
        cfg = c;
        probes = () -> HealthyPair.snapshot(c);
        loop = new ControlLoop(c, new PrintWriter(new StringWriter(), true), clock, stickyEvents, ops,
                () -> probes.get(), WITHIN);
        return loop;
    }

    private ControlLoop loop() throws Exception {
        return loop("");
    }

    /** The loop over the compact config with {@code sections} appended. */
    private ControlLoop loop(String sections) throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        return loop(ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n" + sections)));
    }

    @AfterEach
    void tearDown() {
        unstick.countDown();
        ops.release();
        if (web != null) {
            web.close();
        }
        if (loop != null) {
            loop.close();
        }
    }

    /** Pending proposals restored, then one message the owner handles, so that it publishes them. */
    private void restore(Proposal... pending) {
        loop.supervisor().restore(List.of(pending), null);
        assertThat(loop.reject("p-sync", "test", null).outcome()).isEqualTo(ActionResult.Outcome.NOT_FOUND);
    }

    private static Proposal pending(String id) {
        Instant now = Instant.now();
        return new Proposal(id, Proposal.Kind.REJOIN, "n2", "n1", "make n2 a replica of master n1 again (GTID)",
                "test proposal " + id, List.of(), "none: n2 loses nothing", now, now.plus(Duration.ofHours(1)), null,
                Proposal.Status.PENDING, null, null, null);
    }

    private static boolean accepted(ActionResult r) {
        return r.outcome() == ActionResult.Outcome.ACCEPTED;
    }


    /** The proposal lines of {@code id} with {@code event}. */
    private List<ProposalEntry> lines(String id, Event event) {
        return loop.history(null).entries().stream().filter(ProposalEntry.class::isInstance).map(ProposalEntry.class::cast)
                .filter(e -> e.event() == event && id.equals(e.proposalId())).toList();
    }

    private Proposal proposal(String id) {
        return loop.proposals().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    /** Waits until the operation of an acknowledged {@code id} ended (its proposal done). */
    private void awaitEnded(String id) {
        await().atMost(Duration.ofSeconds(20)).until(() -> proposal(id).status() != Proposal.Status.ACKNOWLEDGED);
    }

    @Test
    @DisplayName("Many parallel acks of one proposal: exactly one operation runs, the others are refused with the reason")
    void manyParallelAcksOfOneProposal_exactlyOneOperationRuns_theOthersAreRefusedWithTheReason() throws Exception {
        loop();
        ops.hold();
        loop.supervisor().restore(List.of(pending("p-000001")), null);
        List<Supplier<ActionResult>> acks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String who = "op" + i;
            acks.add(() -> loop.ack("p-000001", who, "race"));
        }

        List<ActionResult> results = Races.race(acks);

        assertThat(ops.oneStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(results.stream().filter(ControlLoopSingleWriterTest::accepted)).hasSize(1);
        assertThat(ops.started).hasSize(1);
        String winner = ops.started.get(0).replaceAll(".* by ", "");
        assertThat(results.stream().filter(r -> !accepted(r)).toList()).hasSize(9).allSatisfy(r -> {
            assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
            assertThat(r.message()).startsWith("not acknowledged: ").contains("by " + winner).doesNotContain("null");
        });
        // the log has the one acknowledgement and every refusal, with who asked and why
        assertThat(lines("p-000001", Event.ACK)).filteredOn(e -> !e.refused()).singleElement()
                .satisfies(e -> assertThat(e.who()).isEqualTo(winner));
        assertThat(lines("p-000001", Event.ACK)).filteredOn(ProposalEntry::refused).hasSize(9);

        ops.release();
        awaitEnded("p-000001");
        assertThat(ops.started).hasSize(1);
        assertThat(proposal("p-000001").status()).isEqualTo(Proposal.Status.DONE);
    }

    @Test
    @DisplayName("An ack racing a cycle that withdraws the proposal: either it ran once or it was refused as withdrawn, never both")
    void anAckRacingACycleThatWithdrawsTheProposal_eitherRanOnceOrRefusedAsWithdrawn_neverBoth() throws Exception {
        loop();
        for (int round = 1; round <= 8; round++) {
            String id = "p-w0000" + round;
            loop.supervisor().restore(List.of(pending(id)), null);

            ActionResult ack;
            if (round % 2 == 0) {
                // both at once
                ack = (ActionResult) Races.<Object>race(List.of(
                        () -> loop.ack(id, "alice", "race " + id), () -> {
                            loop.cycle();
                            return "cycle";
                        })).get(0);
            } else {
                // the ack arrives while the owner assesses the cycle (after the cycle's check, before its end)
                ack = ackDuringACycle(id);
            }

            if (accepted(ack)) {
                awaitEnded(id);
                assertThat(ops.started).as("round %d", round).containsOnlyOnce(id + " by alice");
                assertThat(lines(id, Event.WITHDRAW)).as("round %d", round).isEmpty();
                assertThat(proposal(id).status()).isEqualTo(Proposal.Status.DONE);
            } else {
                assertThat(ack.message()).as("round %d", round).contains("proposal " + id + " is withdrawn");
                assertThat(ops.started).as("round %d", round).noneMatch(s -> s.startsWith(id));
                assertThat(lines(id, Event.WITHDRAW)).as("round %d", round).hasSize(1);
                assertThat(lines(id, Event.ACK)).singleElement().satisfies(e -> assertThat(e.refused()).isTrue());
                assertThat(proposal(id).status()).isEqualTo(Proposal.Status.WITHDRAWN);
            }
            if (round % 2 == 1) {
                assertThat(accepted(ack)).as("round %d: the ack queued behind the cycle", round).isFalse();
            }
        }
    }

    /** An ack of {@code id} posted while the owner is inside a cycle's assessment; its answer. */
    private ActionResult ackDuringACycle(String id) throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        inCycle = new CountDownLatch(1);
        holdCycle = hold;
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<?> cycle = threads.submit(() -> loop.cycle());
            assertThat(inCycle.await(20, TimeUnit.SECONDS)).isTrue();
            Future<ActionResult> ack = threads.submit(() -> loop.ack(id, "alice", "during a cycle"));
            await().atMost(Duration.ofSeconds(10)).until(() -> loop.waiting() == 1);
            hold.countDown();
            cycle.get(20, TimeUnit.SECONDS);
            return ack.get(20, TimeUnit.SECONDS);
        } finally {
            hold.countDown();
            threads.shutdownNow();
        }
    }

    @Test
    @DisplayName("A reject racing an ack: one wins, the other is refused, and the log says which")
    void aRejectRacingAnAck_oneWins_theLogSaysWhich() throws Exception {
        loop();
        for (int round = 1; round <= 8; round++) {
            String id = "p-r0000" + round;
            loop.supervisor().restore(List.of(pending(id)), null);

            List<ActionResult> results = Races.race(List.of(() -> loop.ack(id, "alice", "ack it"),
                    () -> loop.reject(id, "bob", "reject it")));

            ActionResult ack = results.get(0);
            ActionResult reject = results.get(1);
            assertThat(List.of(ack, reject)).as("round %d", round).filteredOn(ControlLoopSingleWriterTest::accepted)
                    .hasSize(1);
            if (accepted(ack)) {
                awaitEnded(id);
                assertThat(reject.message()).isEqualTo("not rejected: proposal " + id + " is acknowledged already");
                assertThat(ops.started).containsOnlyOnce(id + " by alice");
                assertThat(lines(id, Event.ACK)).singleElement().satisfies(e -> {
                    assertThat(e.refused()).isFalse();
                    assertThat(e.who()).isEqualTo("alice");
                });
                assertThat(lines(id, Event.REJECT)).isEmpty();
            } else {
                assertThat(ack.message()).startsWith("not acknowledged: proposal " + id + " is rejected (by bob)");
                assertThat(ops.started).noneMatch(s -> s.startsWith(id));
                assertThat(lines(id, Event.REJECT)).singleElement().satisfies(e -> assertThat(e.who()).isEqualTo("bob"));
                assertThat(lines(id, Event.ACK)).singleElement().satisfies(e -> {
                    assertThat(e.refused()).isTrue();
                    assertThat(e.detail()).contains("rejected (by bob)");
                });
                assertThat(proposal(id).status()).isEqualTo(Proposal.Status.REJECTED);
            }
        }
    }

    @Test
    @DisplayName("An operator's ack while automatic mode runs the same proposal: one operation, the pair held until it ends")
    void anOperatorsAckWhileAutomaticModeRunsTheSameProposal_oneOperation_thePairHeldUntilItEnds() throws Exception {
        loop("failover: {mode: automatic, grace: 5s}\n");
        ops.hold();
        probes = () -> HealthyPair.standalone(cfg);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            loop.cycle();
            return loop.proposals().stream().anyMatch(p -> p.pending() && p.kind() == Proposal.Kind.REJOIN);
        });
        String id = loop.proposals().stream().filter(Proposal::pending).findFirst().orElseThrow().id();
        later(Duration.ofSeconds(6)); // the grace period passed: the next cycle runs it

        // the operator acknowledges it while the owner assesses the cycle that runs it by itself
        ActionResult ack = ackDuringACycle(id);

        assertThat(ops.oneStarted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ops.started).containsExactly(id + " by controller (failover.mode automatic)");
        assertThat(ack.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(ack.message()).startsWith("not acknowledged: an operation runs on the pair: rejoin " + id)
                .contains("by controller (failover.mode automatic)");
        // the refused ack did not free the pair: a switchover is refused while the automatic run goes on
        ActionResult sw = loop.requestSwitchover("n2", "bob", "planned");
        assertThat(sw.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(sw.message()).startsWith("an operation runs on the pair: rejoin " + id);
        ops.release();
        awaitEnded(id);
        assertThat(ops.started).hasSize(1);
    }

    @Test
    @DisplayName("A switchover request while an ack's operation runs is refused naming the running operation")
    void aSwitchoverRequestWhileAnAckRuns_isRefusedNamingTheRunningOperation() throws Exception {
        loop();
        ops.hold();
        loop.supervisor().restore(List.of(pending("p-000001")), null);
        assertThat(loop.ack("p-000001", "alice", "rejoin n2").outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
        assertThat(ops.oneStarted.await(10, TimeUnit.SECONDS)).isTrue();

        ActionResult sw = loop.requestSwitchover("n2", "bob", "planned maintenance");

        assertThat(sw.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
        assertThat(sw.message()).startsWith("an operation runs on the pair: rejoin p-000001 (make n2 a replica")
                .contains("by alice since").endsWith("; wait for it to end");
        assertThat(loop.status().operation()).startsWith("rejoin p-000001").contains("by alice");
        assertThat(loop.history(null).entries()).filteredOn(OperationEntry.class::isInstance)
                .map(OperationEntry.class::cast).filteredOn(e -> e.event() == Event.REFUSED).singleElement()
                .satisfies(e -> {
                    assertThat(e.operation()).isEqualTo("switchover");
                    assertThat(e.who()).isEqualTo("bob");
                    assertThat(e.detail()).isEqualTo(sw.message());
                });
        ops.release();
        awaitEnded("p-000001");
        assertThat(ops.started).containsExactly("p-000001 by alice");
    }

    @Test
    @DisplayName("An owner that is stuck: an ack is refused as busy within the bounded wait, naming what it does, and nothing changes")
    void anOwnerThatIsStuck_anAckIsRefusedAsBusyWithinTheBoundedWait_andNothingChanges() throws Exception {
        loop();
        restore(pending("p-000001"), pending("p-000002"));
        stickOnReject = true;
        ExecutorService rejecter = Executors.newSingleThreadExecutor();
        try {
            Future<ActionResult> reject = rejecter.submit(() -> loop.reject("p-000001", "bob", "not now"));
            assertThat(stuck.await(20, TimeUnit.SECONDS)).as("the owner reached the blocking alert").isTrue();

            long t0 = System.nanoTime();
            ActionResult r = loop.ack("p-000002", "alice", "while it is stuck");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.outcome()).isEqualTo(ActionResult.Outcome.REFUSED);
            assertThat(r.message()).startsWith("not acknowledged: the controller is busy")
                    .contains("rejecting p-000001 for bob").contains("nothing changed");
            assertThat(took).isGreaterThanOrEqualTo(WITHIN).isLessThan(WITHIN.plusSeconds(10));
            // status answers from the last published snapshot while the owner is stuck
            assertThat(loop.status().proposals()).extracting(Proposal::id).containsExactly("p-000001", "p-000002");

            unstick.countDown();
            // the request the owner had taken is answered once it is done with it
            assertThat(reject.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
            // the ack the owner never took is not done afterwards: nothing changed
            await().atMost(Duration.ofSeconds(10)).until(() -> proposal("p-000001").status() == Proposal.Status.REJECTED);
            assertThat(loop.reject("p-000003", "carol", "a message after the ack").outcome())
                    .isEqualTo(ActionResult.Outcome.NOT_FOUND);
            assertThat(proposal("p-000002").status()).isEqualTo(Proposal.Status.PENDING);
            assertThat(ops.started).isEmpty();
            assertThat(lines("p-000002", Event.ACK)).singleElement().satisfies(e -> {
                assertThat(e.refused()).isTrue();
                assertThat(e.who()).isEqualTo("alice");
            });
        } finally {
            rejecter.shutdownNow();
        }
    }

    @Test
    @DisplayName("An owner that is stuck: an HTTP ack is answered 409 busy within the bounded wait and nothing changes")
    void anOwnerThatIsStuck_anHttpAckIsRefusedAsBusy() throws Exception {
        loop(ApiFixtures.config(0, true, dir));
        web = ControllerApi.start(cfg, loop);
        restore(pending("p-000001"), pending("p-000003"));
        stickOnReject = true;
        ExecutorService rejecter = Executors.newSingleThreadExecutor();
        try {
            Future<ActionResult> reject = rejecter.submit(() -> loop.reject("p-000001", "bob", "not now"));
            assertThat(stuck.await(20, TimeUnit.SECONDS)).isTrue();

            HttpResponse<String> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + ControllerApi.port(web) + "/api/proposals/p-000003/ack"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + ApiFixtures.ALICE_TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"comment\": \"while it is stuck\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(res.statusCode()).isEqualTo(409);
            assertThat(res.body()).contains("REFUSED").contains("the controller is busy").contains("nothing changed");
            unstick.countDown();
            assertThat(reject.get(20, TimeUnit.SECONDS).outcome()).isEqualTo(ActionResult.Outcome.ACCEPTED);
            assertThat(loop.reject("p-000004", "carol", "a message after the ack").outcome())
                    .isEqualTo(ActionResult.Outcome.NOT_FOUND);
            assertThat(proposal("p-000003").status()).isEqualTo(Proposal.Status.PENDING);
            assertThat(ops.started).isEmpty();
        } finally {
            rejecter.shutdownNow();
        }
    }
}
