package io.hactl.coordination;

import io.hactl.config.CoordinationSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.coordination.CoordinationEvent.Connected;
import io.hactl.coordination.CoordinationEvent.QuorumLost;
import io.hactl.coordination.CoordinationEvent.Reconnected;
import io.hactl.coordination.CoordinationEvent.SessionLost;
import io.hactl.coordination.CoordinationEvent.Suspended;
import java.time.Clock;
import java.time.Duration;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's lifecycle and its connection, seen without Curator: states, events, the quorum in a line. */
class CoordinatorTest {

    TestingServer server;
    Coordinator coordinator;
    final Ensembles.Events events = new Ensembles.Events();

    @BeforeEach
    void start() throws Exception {
        server = Ensembles.server();
        coordinator = Ensembles.coordinator(server.getConnectString(), "n1", events);
        await().atMost(Ensembles.PATIENCE).until(() -> coordinator.connectionState().usable());
    }

    @AfterEach
    void stop() throws Exception {
        coordinator.close();
        server.close();
    }

    @Test
    void quorumTextNamesTheMemberItIsConnectedToAndWhatEachMemberIs() {
        String member = "127.0.0.1:" + server.getPort();

        assertThat(coordinator.quorumText()).startsWith("connected to " + member + " (ZooKeeper connection CONNECTED")
                .contains("members: " + member + " standalone");
        assertThat(events.of(Connected.class)).singleElement().extracting(Connected::server).isEqualTo(member);
    }

    @Test
    void aDroppedConnectionIsSuspendedAtOnceAndReconnectedWithinTheSession() throws Exception {
        server.stop();
        await().atMost(Ensembles.PATIENCE).until(() -> !events.of(Suspended.class).isEmpty());
        assertThat(coordinator.connectionState().state()).isIn(Connection.State.SUSPENDED, Connection.State.LOST);
        assertThat(coordinator.connectionState().describe())
                .contains("SUSPENDED since " + Connection.clock(events.of(Suspended.class).get(0).at()));

        server.restart();

        await().atMost(Ensembles.PATIENCE).until(() -> coordinator.connectionState().usable());
        assertThat(events.of(Reconnected.class)).last().satisfies(r ->
                assertThat(r.suspendedAt()).isEqualTo(events.of(Suspended.class).get(0).at()));
    }

    @Test
    void aServerGoneLongerThanTheSessionIsSessionLostAndQuorumLostOnce() throws Exception {
        server.stop();

        await().atMost(Ensembles.PATIENCE).until(() -> !events.of(SessionLost.class).isEmpty()
                && !events.of(QuorumLost.class).isEmpty());
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> events.of(QuorumLost.class).size() == 1);
        QuorumLost lost = events.of(QuorumLost.class).get(0);
        assertThat(lost.at()).isEqualTo(events.of(Suspended.class).get(0).at());
        assertThat(lost.text()).startsWith("no quorum: 0 of 1 members serve, a majority is 1 (127.0.0.1:"
                + server.getPort() + " unreachable");
        assertThat(coordinator.quorumText()).startsWith("no quorum: 0 of 1 members serve")
                .contains("ZooKeeper session LOST at ");
    }

    @Test
    void invalidSettingsAreRefusedBeforeAnyConnection() {
        CoordinationSettings bad = new CoordinationSettings("h1", "shop", "n1", Duration.ofSeconds(6),
                Duration.ofSeconds(3));

        assertThatThrownBy(() -> Coordinator.start(bad, e -> { }, Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'h1' has no port");
    }
}
