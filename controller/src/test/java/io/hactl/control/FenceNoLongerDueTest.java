package io.hactl.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An old master waiting to be fenced under a failover (PendingFences) is not fenced when the pair was re-joined the
 * other way: it is the writable master again and the failover's target replicates from it, read-only. Found by a
 * full lab run: a new leader took over a pending fence of n1 from an earlier leader while n1 was the master with n2
 * in sync, and its fence ended every client session on n1 and detached the DB VIP — no writable master left.
 */
class FenceNoLongerDueTest {

    @TempDir
    Path dir;

    HactlConfig cfg;
    /** The failover that promoted n2 and could not fence n1. */
    final Proposal failover = PendingFencesTest.failover();

    @BeforeEach
    void setUp() throws IOException {
        ConfigFixture files = new ConfigFixture(dir);
        cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: "
                + dir.resolve("state") + "\n"));
    }

    @Test
    @DisplayName("n1 the writable master again, n2 replicating from it (both threads, read-only): no longer due, said why")
    void rejoinedTheOtherWay_noLongerDue() {
        String why = OperationBook.rejoined(cfg, HealthyPair.snapshot(cfg), failover);
        assertThat(why).isEqualTo("n1 is the master again (writable) and n2 replicates from it (IO and SQL threads"
                + " running, read-only): the pair was re-joined with n1 as master; fencing it would leave no writable"
                + " master");
    }

    @Test
    @DisplayName("Anything short of that keeps the fence due: n2 not replicating, n2 writable, a thread stopped, another"
            + " source, n1 read-only, n1 down")
    void anythingElse_theFenceStaysDue() {
        ProbeSnapshot healthy = HealthyPair.snapshot(cfg);
        assertThat(OperationBook.rejoined(cfg, HealthyPair.standalone(cfg), failover)).as("n2 replicates from no one").isNull();
        assertThat(OperationBook.rejoined(cfg, with(healthy, "n2", db -> db(db, true, false, db.replica())), failover))
                .as("n2 writable").isNull();
        assertThat(OperationBook.rejoined(cfg, with(healthy, "n2", db -> db(db, true, true, new ReplicaStatus(
                db.replica().masterHost(), 3306, "Connecting", true, null, 2003, "refused", 0, "", "0-1-42",
                "Slave_Pos"))), failover)).as("n2's IO thread not running").isNull();
        assertThat(OperationBook.rejoined(cfg, with(healthy, "n2", db -> db(db, true, true, new ReplicaStatus(
                "198.51.100.99", 3306, "Yes", true, 0L, 0, "", 0, "", "0-1-42", "Slave_Pos"))), failover))
                .as("n2 replicates from another host").isNull();
        assertThat(OperationBook.rejoined(cfg, with(healthy, "n1", db -> db(db, true, true, null)), failover))
                .as("n1 read-only").isNull();
        assertThat(OperationBook.rejoined(cfg, with(healthy, "n1", db -> db(db, false, false, null)), failover))
                .as("n1's database down").isNull();
    }

    private static DbProbe db(DbProbe d, boolean responding, boolean readOnly, ReplicaStatus replica) {
        return new DbProbe(responding, responding ? null : "Connection refused", d.flavor(), d.version(), readOnly,
                replica, d.gtidCurrentPos(), d.gtidBinlogPos(), d.binlogFile(), d.binlogPosition());
    }

    private static ProbeSnapshot with(ProbeSnapshot s, String node, UnaryOperator<DbProbe> change) {
        List<NodeProbe> nodes = s.nodes().stream().map(n -> !n.name().equals(node) ? n : new NodeProbe(n.name(),
                n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(), change.apply(n.db()), n.services(),
                n.peerView(), n.dbProcess())).toList();
        return new ProbeSnapshot(s.cluster(), s.takenAt(), s.elapsed(), nodes, s.dbVip(), s.appVip());
    }
}
