package io.hactl.lab;

import static io.hactl.lab.LabAssertions.sh;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.lab.LabStatus.Ensemble;
import io.hactl.lab.LabStatus.ZkMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16's lab: the witness namespace and the three-member ZooKeeper ensemble (n1, n2, w).
 * A quorum after up that a client on this machine uses through the connect string; one member
 * cut off leaves a quorum, two leave none; heal brings the ensemble back whole; down leaves
 * nothing of it.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WitnessLabIT {

    private static final String NOT_SERVING = "This ZooKeeper instance is not currently serving requests";
    private static final Duration QUORUM_WAIT = Duration.ofSeconds(40);

    private static void figure(String name, double seconds) {
        System.out.printf(Locale.ROOT, "[lab-figure] %s %.2f s%n", name, seconds);
    }

    /** Whatever a test did, the next one starts from the baseline: the ensemble whole again. */
    @AfterEach
    void baseline(Lab lab) {
        lab.heal();
        Ensemble e = lab.zookeeper();
        assertThat(e.allServing()).as(e.modes()).isTrue();
    }

    private static CuratorFramework client(String connect) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connect).sessionTimeoutMs(6000)
                .connectionTimeoutMs(3000).retryPolicy(new RetryNTimes(40, 250)).build();
        c.start();
        assertThat(c.blockUntilConnected(30, TimeUnit.SECONDS)).as("connected to " + connect).isTrue();
        return c;
    }

    /** Writes a node through the lab's connect string, reads it back through {@code readVia} alone. */
    private static void writeAndRead(String readVia) throws Exception {
        String path = "/hactl-lab-test/" + System.nanoTime();
        byte[] data = ("written from the host at " + System.currentTimeMillis()).getBytes(StandardCharsets.UTF_8);
        try (CuratorFramework writer = client(LabZookeeper.CONNECT_STRING);
             CuratorFramework reader = client(readVia)) {
            writer.create().creatingParentsIfNeeded().forPath(path, data);
            reader.sync().forPath(path);
            assertThat(reader.getData().forPath(path)).isEqualTo(data);
            writer.delete().forPath(path);
        }
    }

    private static Ensemble awaitQuorumWithout(Lab lab, String gone) {
        Ensemble[] last = {null};
        await().atMost(QUORUM_WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = lab.zookeeper();
            return last[0].quorum() && !last[0].leader().equals(gone);
        });
        return last[0];
    }

    @Test
    @Order(1)
    void theEnsembleServesAfterUpAndAClientOnTheHostWritesAndReadsThroughTheConnectString(Lab lab) throws Exception {
        LabStatus s = lab.status();
        assertThat(s.allUp()).as(s.render()).isTrue();
        assertThat(s.namespaces()).contains("hactl-w");
        assertThat(s.witness().linkUp()).isTrue();
        assertThat(s.witness().forwarding()).isTrue();
        assertThat(s.witness().addresses()).containsExactly("198.51.100.13/24");
        Ensemble e = s.zookeeper();
        assertThat(e.allServing()).as(e.modes()).isTrue();
        assertThat(e.members()).extracting(LabStatus.Member::mode).containsOnlyOnce(ZkMode.LEADER)
                .containsOnly(ZkMode.LEADER, ZkMode.FOLLOWER);
        assertThat(e.members()).extracting(LabStatus.Member::node).containsExactly("n1", "n2", "w");
        assertThat(s.render()).contains("zookeeper   " + LabZookeeper.CONNECT_STRING + "  quorum, leader " + e.leader());
        assertThat(new ObjectMapper().writeValueAsString(s))
                .contains("\"connectString\":\"198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181\"")
                .contains("\"quorum\":true");
        assertThat(lab.zookeeperSrvr("w")).contains("Mode: ");

        // the witness is a namespace like the nodes: only the lab subnet, no IPv6, its fixed MAC
        assertThat(sh("ip -n hactl-w route show").out().strip())
                .isEqualTo("198.51.100.0/24 dev eth0 proto kernel scope link src 198.51.100.13");
        assertThat(sh("ip -n hactl-w -6 addr show").out()).isBlank();
        assertThat(sh("ip -n hactl-w link show eth0").out()).contains("link/ether 02:00:c6:33:64:0d");
        // each member listens on its own address only; no admin server on 8080 (Tomcat's port on the nodes)
        for (String node : List.of("n1", "n2", "w")) {
            String address = LabNode.host(node).address();
            String listening = lab.nsExec(node, "ss", "-Hltn").out();
            assertThat(listening).as(node).contains(address + ":2181", address + ":3888")
                    .doesNotContain("0.0.0.0:2181", "*:2181");
            if (node.equals("w")) {
                assertThat(listening).doesNotContain(":8080", ":3306", ":22 ");
            }
        }
        assertThat(Files.readString(lab.layout().zookeeperMyid(LabNode.W)).strip()).isEqualTo("3");

        writeAndRead("198.51.100.13:2181");
    }

    @Test
    @Order(2)
    void n1LinkDownLeavesTheOtherTwoServingWithAQuorum(Lab lab) throws Exception {
        lab.linkDown("n1");
        Ensemble e = awaitQuorumWithout(lab, "n1");
        assertThat(e.member("n1").mode()).isEqualTo(ZkMode.NO_ANSWER);
        assertThat(e.member("n2").mode().serving()).isTrue();
        assertThat(e.member("w").mode().serving()).isTrue();
        writeAndRead("198.51.100.12:2181");
        assertThat(lab.heal()).contains("link hactl-n1-h up");
    }

    @Test
    @Order(3)
    void n1AndTheWitnessDownLeaveN2WithoutAQuorumAndHealBringsItBack(Lab lab) throws Exception {
        lab.linkDown("n1");
        lab.linkDown("w");
        await().atMost(QUORUM_WAIT).pollInterval(Duration.ofMillis(200))
                .until(() -> lab.zookeeperSrvr("n2").contains(NOT_SERVING));
        LabStatus s = lab.status();
        assertThat(s.zookeeper().quorum()).isFalse();
        assertThat(s.zookeeper().member("n2").mode()).isEqualTo(ZkMode.NOT_SERVING);
        assertThat(s.witness().linkUp()).isFalse();
        assertThat(s.allUp()).isFalse();
        assertThat(s.problems()).contains("the ZooKeeper ensemble has no quorum", "link hactl-w-h down");
        assertThat(s.render()).contains("NO QUORUM");

        long t = System.nanoTime();
        List<String> actions = lab.heal();
        figure("heal after n1 and w link down (no quorum)", (System.nanoTime() - t) / 1e9);
        assertThat(actions).contains("link hactl-n1-h up", "link hactl-w-h up")
                .anyMatch(a -> a.startsWith("ZooKeeper ensemble whole again (was n1 no answer, n2 not serving"))
                .noneMatch(a -> a.contains("lab up"));
        assertThat(lab.zookeeper().allServing()).isTrue();
        writeAndRead("198.51.100.12:2181");
    }

    @Test
    @Order(4)
    void theKilledLeaderIsReplacedByTheOtherTwoAndHealRestartsIt(Lab lab) throws Exception {
        List<Double> regained = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            Ensemble before = lab.zookeeper();
            assertThat(before.allServing()).as(before.modes()).isTrue();
            String leader = before.leader();
            long t = System.nanoTime();
            assertThat(lab.killZookeeper(leader)).isTrue();
            Ensemble after = awaitQuorumWithout(lab, leader);
            regained.add((System.nanoTime() - t) / 1e9);
            assertThat(after.member(leader).mode()).isEqualTo(ZkMode.DOWN);
            assertThat(lab.killZookeeper(leader)).isFalse();
            assertThat(lab.heal()).contains("start zookeeper on " + leader).noneMatch(a -> a.contains("lab up"));
            assertThat(lab.zookeeper().allServing()).isTrue();
        }
        Collections.sort(regained);
        figure("quorum regained after kill -9 of the leader member (median of 3, " + regained + ")", regained.get(1));
        writeAndRead(LabZookeeper.CONNECT_STRING);
    }

    /**
     * The leader's whole namespace cut off (its link down, as when the master's node goes with its
     * member): its followers notice after syncLimit ticks (5 s) and the two elect a new leader.
     */
    @Test
    @Order(5)
    void theLeadersLinkDownLetsTheOtherTwoElectANewLeader(Lab lab) {
        String leader = lab.zookeeper().leader();
        long t = System.nanoTime();
        lab.linkDown(leader);
        Ensemble e = awaitQuorumWithout(lab, leader);
        figure("quorum regained after the leader member's link down (leader was " + leader + ")",
                (System.nanoTime() - t) / 1e9);
        assertThat(e.member(leader).mode()).isEqualTo(ZkMode.NO_ANSWER);
        assertThat(lab.heal()).contains("link " + LabNode.host(leader).hostVeth() + " up");
    }

    @Test
    @Order(6)
    void aStoppedMemberIsShownStoppedAndHealResumesIt(Lab lab) {
        Ensemble before = lab.zookeeper();
        String follower = before.members().stream().filter(m -> m.mode() == ZkMode.FOLLOWER).findFirst()
                .orElseThrow().node();
        assertThat(lab.pauseZookeeper(follower)).isTrue();
        Ensemble e = lab.zookeeper();
        assertThat(e.member(follower).mode()).isEqualTo(ZkMode.STOPPED);
        assertThat(e.quorum()).isTrue();
        assertThat(lab.status().allUp()).isFalse();
        assertThat(lab.heal()).contains("SIGCONT to zookeeper on " + follower);
        assertThat(lab.zookeeper().member(follower).mode().serving()).isTrue();
    }

    @Test
    @Order(7)
    void theWitnessCutOffLeavesTheNodesAQuorumAndHealReconnectsIt(Lab lab) throws Exception {
        lab.isolate("w");
        LabStatus s = lab.status();
        assertThat(s.witness().forwarding()).isFalse();
        assertThat(s.problems()).contains("w isolated (bridge port not forwarding)");
        assertThat(lab.nsExec("n2", "ping", "-c", "1", "-W", "1", "198.51.100.13").exit()).isNotZero();
        Ensemble e = awaitQuorumWithout(lab, "w");
        assertThat(e.member("n1").mode().serving()).isTrue();
        assertThat(e.member("n2").mode().serving()).isTrue();
        assertThat(lab.heal()).contains("bridge port hactl-w-h forwarding");
        writeAndRead("198.51.100.13:2181");
    }

    @Test
    @Order(8)
    void downLeavesNoZookeeperProcessOrDirectory(Lab lab) throws Exception {
        List<Long> pids = lab.zookeeper().members().stream().map(LabStatus.Member::pid).toList();
        assertThat(pids).hasSize(3).doesNotContainNull();
        lab.down();
        assertThat(pids).noneMatch(Procs::alive);
        assertThat(Procs.all()).noneMatch(p -> Procs.cmdline(p).contains("QuorumPeerMain " + lab.dir()));
        assertThat(lab.layout().zookeeperDir(LabNode.W)).doesNotExist();
        assertThat(lab.dir()).doesNotExist();
        assertThat(sh("ip netns list").out()).doesNotContain("hactl-w");
        assertThat(sh("ip -o link show").out()).doesNotContain("hactl-w-h");
        assertThat(java.nio.file.Path.of("/etc/netns/hactl-w")).doesNotExist();
        assertThat(lab.zookeeper().members()).extracting(LabStatus.Member::mode).containsOnly(ZkMode.DOWN);
        // the @AfterEach heal finds no lab and runs lab up for the classes after this one
    }
}
