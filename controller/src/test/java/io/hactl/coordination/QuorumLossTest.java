package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.CoordinationEvent.LeadershipLost;
import io.hactl.coordination.CoordinationEvent.QuorumLost;
import io.hactl.coordination.Ensembles.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two of three ZooKeeper members gone: no leader anywhere, and every controller that still runs says so. */
class QuorumLossTest {

    TestingCluster ensemble;
    final List<Member> members = new ArrayList<>();

    @BeforeEach
    void threeControllers() throws Exception {
        ensemble = Ensembles.cluster(3);
        for (String n : List.of("n1", "n2", "w")) {
            members.add(Member.start(ensemble.getConnectString(), "shop", n, e -> { }));
        }
    }

    @AfterEach
    void stop() throws Exception {
        members.forEach(Member::close);
        ensemble.close();
    }

    private long allowed() {
        return members.stream().filter(Member::mayStartSteps).count();
    }

    @Test
    void withTwoOfThreeMembersGoneNobodyMayStartStepsAndEachSaysSoOnce() throws Exception {
        await().atMost(Ensembles.PATIENCE).until(() -> allowed() == 1
                && members.stream().allMatch(m -> m.coordinator().connectionState().usable()));
        Member leader = members.stream().filter(Member::mayStartSteps).findFirst().orElseThrow();
        // the two followers go: no ZooKeeper election on the way, the quorum is lost at the second
        List<InstanceSpec> servers = new ArrayList<>(ensemble.getInstances());
        QuorumProbe.View modes;
        try (QuorumProbe probe = new QuorumProbe(Ensembles.settings(ensemble.getConnectString(), "t"))) {
            modes = probe.look();
        }
        servers.sort(Comparator.comparing((InstanceSpec s) -> modes.answers().stream()
                .filter(a -> a.member().port() == s.getPort()).findFirst().orElseThrow().detail().equals("leader")));

        ensemble.killServer(servers.get(0));
        ensemble.killServer(servers.get(1));

        await().atMost(Ensembles.PATIENCE).until(() -> allowed() == 0);
        await().atMost(Ensembles.PATIENCE)
                .until(() -> members.stream().allMatch(m -> !m.events().of(QuorumLost.class).isEmpty()));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> members.stream().allMatch(m -> m.events().of(QuorumLost.class).size() == 1)
                        && allowed() == 0);

        String survivor = "127.0.0.1:" + servers.get(2).getPort();
        for (Member m : members) {
            assertThat(m.events().of(QuorumLost.class).get(0).text())
                    .startsWith("no quorum: 0 of 3 members serve, a majority is 2")
                    .contains(survivor + " up, not serving (no quorum)")
                    .contains("127.0.0.1:" + servers.get(0).getPort() + " unreachable")
                    .contains("the pair keeps serving as it is");
            assertThat(m.coordinator().quorumText()).startsWith("no quorum: 0 of 3 members serve, a majority is 2");
            assertThat(m.leadership().mayStartSteps().refusal()).contains("SUSPENDED since");
        }
        assertThat(leader.events().of(LeadershipLost.class)).isNotEmpty();
    }
}
