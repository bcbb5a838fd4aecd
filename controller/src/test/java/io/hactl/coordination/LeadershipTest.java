package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.CoordinationEvent.LeadershipGained;
import io.hactl.coordination.CoordinationEvent.LeadershipLost;
import io.hactl.coordination.CoordinationEvent.Suspended;
import io.hactl.coordination.Ensembles.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** One leader among three, with an epoch bumped by each new leader; never hasLeadership() alone. */
class LeadershipTest {

    static TestingCluster ensemble;
    final List<Member> members = new ArrayList<>();
    final List<LeadershipGained> gains = new CopyOnWriteArrayList<>();
    String cluster;

    @BeforeAll
    static void ensemble() throws Exception {
        ensemble = Ensembles.cluster(3);
    }

    @AfterAll
    static void stopEnsemble() throws Exception {
        ensemble.close();
    }

    @AfterEach
    void stopMembers() {
        members.forEach(Member::close);
    }

    private List<Member> start(TestInfo test, String... names) {
        cluster = test.getTestMethod().orElseThrow().getName();
        for (String n : names) {
            members.add(Member.start(ensemble.getConnectString(), cluster, n, e -> {
                if (e instanceof LeadershipGained g) {
                    gains.add(g);
                }
            }));
        }
        return List.copyOf(members);
    }

    private static List<Member> allowed(List<Member> ms) {
        return ms.stream().filter(Member::mayStartSteps).toList();
    }

    @Test
    void exactlyOneOfThreeMayStartStepsAtATime(TestInfo test) {
        List<Member> three = start(test, "n1", "n2", "w");
        await().atMost(Ensembles.PATIENCE).until(() -> allowed(three).size() == 1);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> allowed(three).size() == 1);

        Member leader = allowed(three).get(0);
        List<Member> rest = three.stream().filter(m -> m != leader).toList();
        leader.leadership().close();
        AtomicInteger most = new AtomicInteger();
        await().atMost(Ensembles.PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> {
            int n = allowed(three).size();
            most.accumulateAndGet(n, Math::max);
            return n == 1;
        });

        assertThat(most.get()).as("controllers allowed to start steps at one moment").isEqualTo(1);
        assertThat(allowed(three)).singleElement().isIn(rest);
        assertThat(rest.get(0).leadership().leader()).contains(allowed(three).get(0).name());
    }

    @Test
    void membersAreTheControllersInTheElectionAndOneThatLeftIsGone(TestInfo test) {
        List<Member> three = start(test, "n1", "n2", "w");
        await().atMost(Ensembles.PATIENCE).until(() -> three.get(2).leadership().members()
                .orElseThrow().equals(java.util.Set.of("n1", "n2", "w")));
        three.get(0).close();
        await().atMost(Ensembles.PATIENCE).until(() -> three.get(2).leadership().members()
                .orElseThrow().equals(java.util.Set.of("n2", "w")));
    }

    @Test
    void eachNewLeaderBumpsTheEpochStrictly(TestInfo test) throws Exception {
        List<Member> three = start(test, "n1", "n2", "w");
        List<Member> led = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            await().atMost(Ensembles.PATIENCE).until(() -> allowed(three).size() == 1);
            Member leader = allowed(three).get(0);
            assertThat(leader.leadership().mayStartSteps().epoch().number())
                    .isEqualTo(gains.get(gains.size() - 1).epoch());
            led.add(leader);
            if (round < 2) {
                leader.leadership().close();
            }
        }

        assertThat(led).doesNotHaveDuplicates();
        assertThat(gains).extracting(LeadershipGained::epoch).hasSize(3).isSorted().doesNotHaveDuplicates();
        assertThat(EpochNode.read(led.get(2).coordinator().client(), Ensembles.settings("x", cluster, "x")).epoch())
                .isEqualTo(gains.get(2).epoch());
        assertThat(led.get(0).events().of(LeadershipLost.class)).singleElement()
                .satisfies(l -> assertThat(l.reason()).contains("closed"));
    }

    @Test
    void aSuspendedLeaderStopsStartingStepsAtOnce(TestInfo test) throws Exception {
        try (TestingServer one = Ensembles.server();
             Member alone = Member.start(one.getConnectString(), "alone", "n1", e -> { })) {
            await().atMost(Ensembles.PATIENCE).until(alone::mayStartSteps);
            long first = alone.leadership().mayStartSteps().epoch().number();

            one.stop();

            await().atMost(Ensembles.PATIENCE).until(() -> !alone.events().of(Suspended.class).isEmpty());
            Instant suspended = alone.events().of(Suspended.class).get(0).at();
            // at once, without asking ZooKeeper (by now the session may also be LOST: the sentence keeps the time)
            assertThat(alone.leadership().mayStartSteps().refusal())
                    .contains("SUSPENDED since " + Connection.clock(suspended)).endsWith("; not starting steps");
            await().atMost(Ensembles.PATIENCE).until(() -> !alone.events().of(LeadershipLost.class).isEmpty());
            assertThat(alone.events().of(LeadershipLost.class).get(0).reason()).contains("SUSPENDED");

            one.restart();

            await().atMost(Ensembles.PATIENCE).until(alone::mayStartSteps);
            assertThat(alone.leadership().mayStartSteps().epoch().number()).isGreaterThan(first);
        }
    }

    @Test
    void aLeaderWhoseSessionExpiresGivesUpLeadershipAndItsWritesFail(TestInfo test) throws Exception {
        List<Member> three = start(test, "n1", "n2", "w");
        await().atMost(Ensembles.PATIENCE).until(() -> allowed(three).size() == 1);
        Member old = allowed(three).get(0);
        Epoch token = old.leadership().mayStartSteps().epoch();
        long oldEpoch = token.number();
        old.state().putProposal(token, SharedStateTest.proposal("p-1", "written while leading"));

        Ensembles.expireSession(old.coordinator());

        await().atMost(Ensembles.PATIENCE).until(() -> allowed(three).size() == 1 && !old.mayStartSteps());
        Member now = allowed(three).get(0);
        assertThat(now).isNotSameAs(old);
        assertThat(now.leadership().mayStartSteps().epoch().number()).isGreaterThan(oldEpoch);
        await().atMost(Ensembles.PATIENCE).until(() -> !old.events().of(LeadershipLost.class).isEmpty());
        assertThat(old.leadership().mayStartSteps().refusal()).isNotBlank();
        assertThatThrownBy(() -> old.state().putProposal(token, SharedStateTest.proposal("p-1", "written after")))
                .isInstanceOf(StaleEpoch.class).hasMessageContaining("epoch " + oldEpoch + " is stale");
        assertThat(now.state().proposal("p-1").orElseThrow().value().risk()).isEqualTo("written while leading");
        // it takes part again, as a follower: its latch was re-created with the new session
        await().atMost(Ensembles.PATIENCE).until(() -> old.leadership().leader().filter(now.name()::equals).isPresent()
                && old.coordinator().connectionState().usable());
    }
}
