package io.hactl.bench;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The torture run's short version (issue 13; the whole one is bench/torture.sh): 6 planned
 * switchovers under the application's and a privileged writer, with the read_only and ARP
 * samplers and the checker, then three rows of the fault matrix: a killed master
 * (acknowledged failover, nothing lost), the controller cut from the master (no proposal), a
 * second writable node (split brain, fenced). Every acknowledged write on the final master
 * exactly once, never two writable nodes, never two MACs for the DB VIP, every row as
 * expected. Its logs: lab/target/torture-short-TIME/.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class TortureShortLabIT {

    @Test
    void tortureShort_sixSwitchoversThreeFaults_noAcknowledgedWriteLost_neverTwoWritable_everyRowAsExpected(Lab lab)
            throws Exception {
        Path results = Path.of("target", "torture-short-" + System.currentTimeMillis());
        TortureBench.Result r = TortureBench.run(lab, lab.config(), 6, FaultMatrix.select(List.of(1, 7, 9)), results,
                line -> System.out.println("[torture] " + line));
        System.out.println(r.markdown());

        SwitchoverPhase.Figures s = r.switchovers();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(s.done()).as("switchovers that ended with exit 0: %s", s.failures()).isEqualTo(6);
        soft.assertThat(s.failures()).as("switchover failures").isEmpty();
        for (TortureChecker.WriterResult w : s.verdict().writers()) {
            soft.assertThat(w.lost()).as("acknowledged writes of %s lost: %s", w.writer(), w.describe()).isEmpty();
            soft.assertThat(w.duplicated()).as("writes of %s on the master twice", w.writer()).isEmpty();
        }
        soft.assertThat(s.twoWritable()).as("proven instants of two writable nodes").isZero();
        soft.assertThat(s.twoMacs()).as("ARP rounds with two MACs for the DB VIP").isZero();
        soft.assertThat(s.verdict().differences()).as("tables that differ between the nodes").isEmpty();
        soft.assertThat(s.verdict().gtidsEqual()).as("GTIDs equal: %s vs %s", s.verdict().gtidMaster(),
                s.verdict().gtidOther()).isTrue();
        for (FaultRun.Result f : r.faults()) {
            soft.assertThat(f.failures()).as("fault %d (%s): expected %s; seen %s", f.fault().number(), f.fault().name(),
                    f.fault().expectation(), f.seen()).isEmpty();
        }
        soft.assertAll();
    }
}
