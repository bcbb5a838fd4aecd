package io.hactl.notify;

import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.time.Instant;
import java.util.List;

/** Alerts as the controller makes them. */
final class Samples {

    static final Instant T0 = Instant.parse("2025-03-04T19:02:04.512Z");

    static Proposal failover() {
        return new Proposal("p-1a2b3c", Proposal.Kind.FAILOVER, "n2", "n1", "promote n2 to master; fence n1",
                "master n1 down since 19:02:03; replica n2 lost it too", List.of("n1 SQL: connection refused since 19:02:03.120",
                "n2 IO thread: not connected since 19:02:03.400"), "n2 is 0 transactions behind", T0,
                T0.plusSeconds(900), null, Proposal.Status.PENDING, null, null, null);
    }

    static Alert masterDown() {
        return Alert.stateChange("pair1", T0, ClusterState.ACTIVE_SYNCED, ClusterState.MASTER_DOWN,
                "master n1 down: unreachable for 3 cycles and replica n2 confirms", failover().evidence(), failover());
    }

    static Alert state(ClusterState from, ClusterState to, Instant at) {
        return Alert.stateChange("pair1", at, from, to, "the pair is " + to, List.of(to + " seen at " + at), null);
    }

    private Samples() {
    }
}
