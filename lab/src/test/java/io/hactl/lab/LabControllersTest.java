package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the lab reads of a controller's /api/status: its standing among the three, its cycles. */
class LabControllersTest {

    private static JsonNode status(String role, long cycles) throws Exception {
        return new ObjectMapper().readTree("""
                {"state":"ACTIVE_SYNCED","cycles":%d,"evidence":["%s","n1 master, writable"]}
                """.formatted(cycles, role));
    }

    @Test
    void aLeadersStatusLineGivesItsEpochAndCycles() throws Exception {
        LabControllers.View v = LabControllers.of("n2", status("coordination: leader with epoch 7 since 2026-12-06T07:00:00Z", 12));
        assertThat(v.leader()).isTrue();
        assertThat(v.epoch()).isEqualTo(7);
        assertThat(v.cycles()).isEqualTo(12);
        assertThat(v.state()).isEqualTo("ACTIVE_SYNCED");
        assertThat(v.follower()).isFalse();
    }

    @Test
    void aLeaderProbesAsLeaderOnceACycleEndedAfterItCameToLead() throws Exception {
        ObjectMapper m = new ObjectMapper();
        JsonNode before = m.readTree("""
                {"cycles":3,"lastCycleAt":"2026-12-06T07:00:00.500Z","evidence":["coordination: leader with epoch 2 since 2026-12-06T07:00:01.250Z"]}
                """);
        JsonNode after = m.readTree("""
                {"cycles":4,"lastCycleAt":"2026-12-06T07:00:02.100Z","evidence":["coordination: leader with epoch 2 since 2026-12-06T07:00:01.250Z"]}
                """);
        assertThat(LabControllers.of("w", before).since()).isEqualTo(java.time.Instant.parse("2026-12-06T07:00:01.250Z"));
        assertThat(LabControllers.of("w", before).probingAsLeader()).isFalse();
        assertThat(LabControllers.of("w", after).probingAsLeader()).isTrue();
    }

    @Test
    void aFollowerAndAControllerWithoutQuorumDoNotLead() throws Exception {
        LabControllers.View f = LabControllers.of("w", status("coordination: follower since 2026-12-06T07:00:00Z"
                + " (leadership lost with epoch 3: session expired)", 4));
        assertThat(f.leader()).isFalse();
        assertThat(f.follower()).isTrue();
        assertThat(f.epoch()).isEqualTo(3);
        LabControllers.View q = LabControllers.of("w", status("coordination: no quorum since 2026-12-06T07:00:00Z: 1 of 3", 4));
        assertThat(q.noQuorum()).isTrue();
        assertThat(q.leader()).isFalse();
    }

    @Test
    void whenTwoSayTheyLeadTheHigherEpochIsTheLeaderTheOtherIsDeposed() throws Exception {
        LabControllers.View old = LabControllers.of("n1", status("coordination: leader with epoch 3 since x", 5));
        LabControllers.View now = LabControllers.of("n2", status("coordination: leader with epoch 4 since y", 9));
        LabControllers.View none = new LabControllers.View("w", false, "", false, 0, 0, "", null);
        assertThat(LabControllers.leader(List.of(old, now, none))).contains(now);
        assertThat(LabControllers.leader(List.of(none))).isEmpty();
    }
}
