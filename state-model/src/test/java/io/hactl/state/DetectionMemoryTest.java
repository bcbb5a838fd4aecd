package io.hactl.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.Diagnoser;
import io.hactl.model.GtidView;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.Snap;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Issue 15, one memory of the master's last position: the detector reads the copy it is fed, it never records one. */
class DetectionMemoryTest {

    private final Detector detector = new Detector(Cycles.DOWN_AFTER, true);
    private final Diagnoser diagnoser = new Diagnoser(30);

    private Assessment cycle(Snap s, Instant at, DetectionMemory m) {
        ProbeSnapshot p = s.at(at).build();
        return detector.assess(p, diagnoser.diagnoseDb(p), diagnoser.diagnoseApp(p), null, m);
    }

    @Test
    @DisplayName("The detector never records the master's position itself: a healthy cycle names the master, no position")
    void theDetectorNeverRecordsTheMastersPositionItself() {
        DetectionMemory m = cycle(Snap.healthy(), Cycles.T0, DetectionMemory.EMPTY).memory();
        assertThat(m.master()).isEqualTo("n1");
        assertThat(m.masterPosition()).isNull();
        assertThat(m.masterSeenAt()).isNull();
    }

    @Test
    @DisplayName("The risk of a failover is measured against the position the detector was fed")
    void theRiskIsMeasuredAgainstThePositionTheDetectorWasFed() {
        DetectionMemory m = cycle(Snap.healthy(), Cycles.T0, DetectionMemory.EMPTY).memory()
                .withMasterSeen(GtidView.mariadb("0-1-40", null), Cycles.T0.minusSeconds(1));
        Assessment a = null;
        for (int i = 1; i <= 4; i++) {
            a = cycle(DetectorTest.masterKilled(), Cycles.T0.plusSeconds(i), m);
            m = a.memory();
        }
        assertThat(a.observed()).isEqualTo(ClusterState.MASTER_DOWN);
        assertThat(a.risk()).startsWith("n2 is 0 transactions behind (n1 last seen at 0-1-40 at 11:59:59.000");
        assertThat(m.masterPosition()).isEqualTo(GtidView.mariadb("0-1-40", null));
    }

    @Test
    @DisplayName("A new master starts without a position until it is fed its own")
    void aNewMasterStartsWithoutAPosition() {
        DetectionMemory m = cycle(Snap.healthy(), Cycles.T0, DetectionMemory.EMPTY).memory()
                .withMasterSeen(GtidView.mariadb("0-1-42", null), Cycles.T0);
        DetectionMemory same = cycle(Snap.healthy(), Cycles.T0.plusSeconds(1), m).memory();
        assertThat(same.masterPosition()).as("the same master keeps its fed position").isNotNull();
        DetectionMemory flipped = cycle(Snap.flipped(), Cycles.T0.plusSeconds(2), m).memory();
        assertThat(flipped.master()).isEqualTo("n2");
        assertThat(flipped.masterPosition()).isNull();
        assertThat(flipped.masterSeenAt()).isNull();
    }
}
