package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The node-loss bench's short version (the whole one is bench/node-loss.sh): the master's node lost
 * while the replica is behind, under writers through the DB VIP. With the lab's semi-synchronous
 * replication no acknowledged write is lost, and n1 counted every commit of the writers as received
 * by n2; the same round without it (asynchronous, the reference) loses the writes of the cut, which
 * shows the checker sees a loss when there is one.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class NodeLossShortLabIT {

    @Test
    @DisplayName("the master's node lost while the replica is behind: semi-sync loses no acknowledged write;"
            + " asynchronous replication loses the writes of the cut")
    void mastersNodeLost_replicaBehind_semiSyncLosesNoAcknowledgedWrite_asyncLosesTheCutsWrites(Lab lab)
            throws Exception {
        assertThat(lab.sqlAsRoot("n1", "SELECT @@rpl_semi_sync_master_enabled, @@rpl_semi_sync_master_wait_point,"
                + " @@rpl_semi_sync_master_wait_no_slave").strip()).isEqualTo("1\tAFTER_SYNC\t0");
        assertThat(lab.sqlAsRoot("n2", "SELECT @@rpl_semi_sync_slave_enabled").strip()).isEqualTo("1");

        NodeLoss.Round semi = NodeLoss.round(lab, "loss-semi-" + System.nanoTime() % 1_000_000, true, 2,
                Duration.ofMillis(500));
        System.out.println("[node-loss] semi-sync: " + NodeLoss.summary(semi));
        assertThat(semi.acknowledged()).isGreaterThanOrEqualTo(200);
        assertThat(semi.lost()).as("acknowledged writes missing on n2 (of %d)", semi.acknowledged()).isEmpty();
        assertThat(semi.semiSyncYes()).as("commits n2 acknowledged to n1 before the cut").isGreaterThanOrEqualTo(200);
        assertThat(semi.semiSyncNo()).as("commits n1 acknowledged without n2 before the cut").isZero();

        NodeLoss.Round async = NodeLoss.round(lab, "loss-async-" + System.nanoTime() % 1_000_000, false, 2,
                Duration.ofMillis(500));
        System.out.println("[node-loss] async: " + NodeLoss.summary(async));
        assertThat(async.lost()).as("asynchronous: the writes acknowledged during the cut are not on n2").isNotEmpty();
        assertThat(lab.sqlAsRoot("n1", "SELECT @@rpl_semi_sync_master_enabled").strip())
                .as("semi-sync on again after the round").isEqualTo("1");
    }
}
