package io.hactl.coordination;

import static org.awaitility.Awaitility.await;

import io.hactl.coordination.Ensembles.Member;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The set-up of the shared-state tests: one in-process ZooKeeper for the class, and for each test two
 * controllers (n1, n2) in a tree of its own, the one that leads, the one that follows and the leader's
 * epoch.
 */
abstract class LeaderAndFollower {

    static TestingServer server;
    final List<Member> members = new ArrayList<>();
    Member leader;
    Member follower;
    Epoch epoch;

    @BeforeAll
    static void server() throws Exception {
        server = Ensembles.server();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @BeforeEach
    void twoControllers(TestInfo test) {
        String cluster = test.getTestMethod().orElseThrow().getName();
        members.add(Member.start(server.getConnectString(), cluster, "n1", e -> { }));
        members.add(Member.start(server.getConnectString(), cluster, "n2", e -> { }));
        await().atMost(Ensembles.PATIENCE).until(() -> members.stream().filter(Member::mayStartSteps).count() == 1);
        leader = members.stream().filter(Member::mayStartSteps).findFirst().orElseThrow();
        follower = members.stream().filter(m -> m != leader).findFirst().orElseThrow();
        epoch = leader.leadership().mayStartSteps().epoch();
    }

    @AfterEach
    void stopControllers() {
        members.forEach(Member::close);
    }
}
