package io.hactl.coordination;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What status shows of the three, looked at with a real ZooKeeper server. */
class LookoutTest {

    @Test
    @DisplayName("The lookout names this member, the leader, the epoch, its connection and each member's answer; once"
            + " the member is gone, it answers unreachable and there is no leader")
    void theLookoutShowsTheLeaderTheEpochAndEachMember() throws Exception {
        try (TestingServer zk = Ensembles.server()) {
            Coordinator c = Ensembles.coordinator(zk.getConnectString(), "n1", e -> { });
            Leadership l = Leadership.start(c);
            try (Lookout lookout = Lookout.start(c, l, Duration.ofMillis(200))) {
                assertThat(lookout.latest().member()).isEqualTo("n1");
                await().atMost(Ensembles.PATIENCE).until(() -> "n1".equals(lookout.latest().leader())
                        && lookout.latest().epoch() == 1);
                CoordinationView v = lookout.latest();
                assertThat(v.connection()).contains("CONNECTED").contains("to " + zk.getConnectString());
                assertThat(v.members()).singleElement()
                        .isEqualTo(new MemberView(zk.getConnectString(), "standalone", null));
                assertThat(v.at()).isNotNull();

                zk.stop();
                await().atMost(Ensembles.PATIENCE).until(() -> lookout.latest().leader() == null
                        && lookout.latest().members().get(0).mode().equals(MemberView.UNREACHABLE));
                assertThat(lookout.latest().members().get(0).serving()).isFalse();
            } finally {
                l.close();
                c.close();
            }
        }
    }
}
