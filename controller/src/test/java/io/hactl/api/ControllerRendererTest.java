package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import io.hactl.coordination.MemberView;
import io.hactl.state.ClusterState;
import java.time.Duration;
import java.util.List;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ControllerRendererTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    @DisplayName("Status ages read as the incident report writes spans (45.3 s ago, 2m 06s ago, 3d 04h ago, in 30.0 s)")
    void statusAgesUseTheOneHumanDurationStyle() {
        assertThat(ControllerRenderer.ago(NOW.minusMillis(45_300), NOW)).isEqualTo("45.3 s ago");
        assertThat(ControllerRenderer.ago(NOW.minusSeconds(126), NOW)).isEqualTo("2m 06s ago");
        assertThat(ControllerRenderer.ago(NOW.minus(Duration.ofHours(76)), NOW)).isEqualTo("3d 04h ago");
        assertThat(ControllerRenderer.ago(NOW.plusSeconds(30), NOW)).isEqualTo("in 30.0 s");
    }

    @Test
    @DisplayName("With coordination, status shows the member and its role, the leader and the epoch, the connection"
            + " and each ZooKeeper member, aligned with the other keys")
    void statusShowsTheCoordinationAligned() {
        ControllerStatus s = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, NOW.minusSeconds(1), List.of())
                .withCoordination(new CoordinationStatus("n2", CoordinationStatus.FOLLOWER, "n1", 3,
                        NOW.minusSeconds(126), "no longer leader", "ZooKeeper connection CONNECTED since 11:57:54,"
                        + " to h2:2181", List.of(new MemberView("h1:2181", "leader", null),
                        new MemberView("h2:2181", "follower", null),
                        new MemberView("w:2181", MemberView.UNREACHABLE, "ConnectException: Connection refused")),
                        NOW.minusSeconds(2)));
        String text = ControllerRenderer.status(s, "127.0.0.1:8642", NOW);
        assertThat(text).contains("""
                Operation:     none running
                Coordination:  member n2, follower since 2026-11-25 11:57:54 UTC (2m 06s ago)
                               leader n1, epoch 3
                               ZooKeeper connection CONNECTED since 11:57:54, to h2:2181
                ZooKeeper:     h1:2181  leader
                               h2:2181  follower
                               w:2181   unreachable (ConnectException: Connection refused)
                               asked 2026-11-25 11:59:58 UTC (2.0 s ago)
                """);
    }

    @Test
    @DisplayName("Without a quorum, status says there is no leader, no proposals, no operations, and what the members answer")
    void statusWithoutAQuorumSaysNoLeader() {
        ControllerStatus s = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, NOW.minusSeconds(1), List.of())
                .withCoordination(new CoordinationStatus("w", CoordinationStatus.NO_QUORUM, null, 3, NOW.minusSeconds(30),
                        "no quorum: 1 of 3 members serve, a majority is 2", "ZooKeeper connection SUSPENDED since"
                        + " 11:59:30", List.of(), null));
        String text = ControllerRenderer.status(s, "127.0.0.1:8642", NOW);
        assertThat(text).contains("Coordination:  member w, no quorum since 2026-11-25 11:59:30 UTC (30.0 s ago)\n"
                + "               no leader (no quorum: no proposals, no operations; the pair keeps serving as it is),"
                + " last epoch 3\n"
                + "               no quorum: 1 of 3 members serve, a majority is 2\n");
    }

    @Test
    @DisplayName("Without coordination, status has no Coordination or ZooKeeper row")
    void statusWithoutCoordinationHasNoCoordinationRow() {
        String text = ControllerRenderer.status(ApiFixtures.status(ClusterState.ACTIVE_SYNCED, NOW, List.of()),
                "127.0.0.1:8642", NOW);
        assertThat(text).doesNotContain("Coordination:").doesNotContain("ZooKeeper");
    }
}
