package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.api.ApiClient;
import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.coordination.CoordinationEvent;
import io.hactl.coordination.CoordinationView;
import io.hactl.coordination.MemberView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 16: status (and its JSON) names this controller, its role, the leader, the epoch and each ZooKeeper member. */
class ControlLoopCoordinationStatusTest {

    static final Instant T = Instant.parse("2026-12-06T06:30:00Z");
    static final List<MemberView> MEMBERS = List.of(new MemberView("h1:2181", "leader", null),
            new MemberView("h2:2181", "follower", null),
            new MemberView("h3:2181", MemberView.UNREACHABLE, "ConnectException: Connection refused"));

    @TempDir
    Path dir;

    ControlLoop loop;
    volatile CoordinationView view = new CoordinationView("n2", "n1", 4, "ZooKeeper connection CONNECTED since"
            + " 06:30:00, to h2:2181", MEMBERS, T.plusSeconds(1));

    @AfterEach
    void tearDown() {
        if (loop != null) {
            loop.close();
        }
    }

    private void loop(StepGate gate) throws Exception {
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig c = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
        loop = new ControlLoop(c, new PrintWriter(new StringWriter(), true), Clock.systemUTC(), ControllerEvents.NONE,
                null, () -> HealthyPair.standalone(c), Duration.ofSeconds(5), gate);
    }

    private CoordinationStatus once(String role) {
        await().atMost(Duration.ofSeconds(10)).until(() -> loop.status().coordination().role().equals(role));
        return loop.status().coordination();
    }

    @Test
    @DisplayName("With coordination, status shows this member, its role, the leader, the epoch and each member's view")
    void statusShowsTheMemberTheRoleTheLeaderTheEpochAndEachMembersView() throws Exception {
        loop(() -> null);
        loop.showCoordination(() -> view);
        assertThat(loop.status().coordination().role()).isEqualTo(CoordinationStatus.CONNECTING);
        assertThat(loop.status().coordination().leader()).as("no leader while connecting").isNull();

        loop.coordination(new CoordinationEvent.LeadershipLost(T, 2, "the leader latch no longer leads"));
        CoordinationStatus follower = once(CoordinationStatus.FOLLOWER);
        assertThat(follower.member()).isEqualTo("n2");
        assertThat(follower.leader()).isEqualTo("n1");
        assertThat(follower.epoch()).as("the leader's epoch, as ZooKeeper shows it").isEqualTo(4);
        assertThat(follower.since()).isEqualTo(T);
        assertThat(follower.members()).isEqualTo(MEMBERS);
        assertThat(follower.membersAt()).isEqualTo(T.plusSeconds(1));
        assertThat(follower.zookeeper()).contains("CONNECTED", "to h2:2181");

        loop.coordination(new CoordinationEvent.LeadershipGained(T.plusSeconds(9), 5));
        CoordinationStatus leader = once(CoordinationStatus.LEADER);
        assertThat(leader.leader()).as("this controller leads, whatever the last look said").isEqualTo("n2");
        assertThat(leader.epoch()).isEqualTo(5);
        assertThat(leader.since()).isEqualTo(T.plusSeconds(9));

        loop.coordination(new CoordinationEvent.QuorumLost(T.plusSeconds(20), "no quorum: 1 of 3 members serve"));
        CoordinationStatus none = once(CoordinationStatus.NO_QUORUM);
        assertThat(none.leader()).as("without a quorum nobody leads").isNull();
        assertThat(none.why()).contains("1 of 3 members serve");
        assertThat(none.since()).isEqualTo(T.plusSeconds(20));

        String json = ApiClient.mapper().writeValueAsString(loop.status());
        assertThat(json).contains("\"coordination\":{\"member\":\"n2\",\"role\":\"no quorum\",\"leader\":null,"
                + "\"epoch\":5");
        assertThat(ApiClient.mapper().readValue(json, ControllerStatus.class).coordination()).isEqualTo(none);
    }

    @Test
    @DisplayName("Without coordination, status has no coordination part and its JSON no coordination key")
    void withoutCoordinationStatusAndItsJsonAreAsBefore() throws Exception {
        loop(StepGate.OPEN);
        loop.showCoordination(() -> view);
        assertThat(loop.status().coordination()).isNull();
        assertThat(ApiClient.mapper().writeValueAsString(loop.status())).doesNotContain("coordination");
    }
}
