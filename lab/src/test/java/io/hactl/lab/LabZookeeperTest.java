package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.lab.LabStatus.Ensemble;
import io.hactl.lab.LabStatus.Member;
import io.hactl.lab.LabStatus.ZkMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lab's ZooKeeper ensemble without root: what a member's srvr answer means, the quorum, the launch. */
class LabZookeeperTest {

    private static final String LEADER_REPLY = """
            Zookeeper version: 3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC
            Latency min/avg/max: 0/0.0/0
            Received: 2
            Sent: 1
            Connections: 1
            Outstanding: 0
            Zxid: 0x100000000
            Mode: leader
            Node count: 5
            Proposal sizes last/min/max: -1/-1/-1
            """;

    @Test
    void srvrAnswersAreReadAsModes() {
        assertThat(LabZookeeper.mode(LEADER_REPLY)).isEqualTo(ZkMode.LEADER);
        assertThat(LabZookeeper.mode(LEADER_REPLY.replace("Mode: leader", "Mode: follower"))).isEqualTo(ZkMode.FOLLOWER);
        assertThat(LabZookeeper.mode("This ZooKeeper instance is not currently serving requests\n"))
                .isEqualTo(ZkMode.NOT_SERVING);
        assertThat(LabZookeeper.mode("srvr is not executed because it is not in the whitelist.\n"))
                .isEqualTo(ZkMode.UNKNOWN);
        assertThat(LabZookeeper.mode("")).isEqualTo(ZkMode.NO_ANSWER);
    }

    private static Member member(String node, ZkMode mode) {
        return new Member(node, LabNode.host(node).address() + ":2181", 100L, mode != ZkMode.DOWN, mode, 60_000);
    }

    @Test
    void aQuorumIsOneLeaderAndAMajorityServing() {
        Ensemble all = Ensemble.of(List.of(member("n1", ZkMode.FOLLOWER), member("n2", ZkMode.FOLLOWER),
                member("w", ZkMode.LEADER)));
        assertThat(all.quorum()).isTrue();
        assertThat(all.allServing()).isTrue();
        assertThat(all.leader()).isEqualTo("w");

        Ensemble two = Ensemble.of(List.of(member("n1", ZkMode.NO_ANSWER), member("n2", ZkMode.LEADER),
                member("w", ZkMode.FOLLOWER)));
        assertThat(two.quorum()).isTrue();
        assertThat(two.allServing()).isFalse();
        assertThat(two.leader()).isEqualTo("n2");

        Ensemble alone = Ensemble.of(List.of(member("n1", ZkMode.NO_ANSWER), member("n2", ZkMode.NOT_SERVING),
                member("w", ZkMode.DOWN)));
        assertThat(alone.quorum()).isFalse();
        assertThat(alone.leader()).isNull();

        // a leader without a follower is no quorum (it steps down after syncLimit ticks)
        Ensemble leaderOnly = Ensemble.of(List.of(member("n1", ZkMode.LEADER), member("n2", ZkMode.STOPPED),
                member("w", ZkMode.DOWN)));
        assertThat(leaderOnly.quorum()).isFalse();
    }

    @Test
    void theConnectStringNamesTheThreeMembersOnTheirOwnAddresses() {
        assertThat(LabZookeeper.CONNECT_STRING)
                .isEqualTo("198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181");
        assertThat(Ensemble.of(List.of()).connectString()).isEqualTo(LabZookeeper.CONNECT_STRING);
    }

    @Test
    void aMemberRunsQuorumPeerMainFromDebiansJarsWithASmallHeap() {
        LabLayout l = LabLayout.standard();
        List<String> argv = LabZookeeper.javaArgv(l, LabNode.W, "/usr/lib/jvm/java-17-openjdk-amd64");
        assertThat(argv.get(0)).isEqualTo("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        assertThat(argv).contains("-Xmx96m", "-cp", "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar",
                "org.apache.zookeeper.server.quorum.QuorumPeerMain");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("/var/lib/hactl-lab/w/zookeeper/zoo.cfg");
        // the marker that tells this member's live process from a stale pid file is in its command line
        assertThat(String.join(" ", argv)).contains(l.processMarker(LabNode.W, "zookeeper"));
    }

    @Test
    void statusShowsEachMemberItsModeAndTheQuorum() throws Exception {
        Ensemble e = Ensemble.of(List.of(member("n1", ZkMode.FOLLOWER), member("n2", ZkMode.DOWN),
                member("w", ZkMode.LEADER)));
        String text = String.join("\n", e.render());
        assertThat(text).contains("zookeeper   198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181  quorum, leader w")
                .containsPattern("n1 +198\\.51\\.100\\.11:2181 +pid 100 +follower")
                .containsPattern("n2 +198\\.51\\.100\\.12:2181 +- +down")
                .containsPattern("w +198\\.51\\.100\\.13:2181 +pid 100 +leader");
        String json = new ObjectMapper().writeValueAsString(e);
        assertThat(json).contains("\"connectString\":\"198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181\"",
                "\"quorum\":true", "\"leader\":\"w\"", "\"mode\":\"follower\"", "\"mode\":\"down\"");
        Ensemble none = Ensemble.of(List.of(member("n1", ZkMode.NOT_SERVING), member("n2", ZkMode.DOWN),
                member("w", ZkMode.NO_ANSWER)));
        assertThat(String.join("\n", none.render())).contains("NO QUORUM").contains("not serving (no quorum)")
                .contains("no answer");
    }
}
