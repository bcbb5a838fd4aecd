package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.backup.WritePolicy.Binlog;
import io.hactl.backup.WritePolicy.Place;
import io.hactl.backup.WritePolicy.Role;
import io.hactl.model.ReplicaStatus;
import org.junit.jupiter.api.Test;

/** Who may be written, and with the binary log on or off: replicas and non-master nodes never get GTIDs of their own. */
class WritePolicyTest {

    static final ReplicaStatus REPLICATING = new ReplicaStatus("198.51.100.11", 3306, "Yes", true, 0L, 0, "", 0, "",
            "0-1-5", "Slave_Pos");
    static final ServerFacts REPLICA = new ServerFacts("10.11", true, true, 2, "h", 3306, "/n2", true, "0-1-5", REPLICATING);
    static final ServerFacts WRITABLE = new ServerFacts("10.11", true, false, 1, "h", 3306, "/n1", true, "0-1-5", null);
    static final Place MASTER = new Place(Role.MASTER, "n1", "n1", "healthy");
    static final Place OTHER = new Place(Role.OTHER_NODE, "n1", "n2", "master n2 stand-alone");
    static final Place UNKNOWN = new Place(Role.UNKNOWN_MASTER, "n1", null, "DB VIP answered by 2 MACs");

    @Test
    void copyIntoAReplicaOrANonMasterNodeTurnsTheBinlogOff() {
        assertThat(WritePolicy.forCopy(Binlog.AUTO, REPLICA, Place.outside(), "x").binlogOff()).isTrue();
        WritePolicy.Decision other = WritePolicy.forCopy(Binlog.AUTO, WRITABLE, OTHER, "x");
        assertThat(other.refuse()).isFalse();
        assertThat(other.binlogOff()).isTrue();
        assertThat(other.why()).contains("not its master (n2 is)", "sql_log_bin=0");
    }

    @Test
    void copyIntoTheMasterKeepsTheBinlogSoTheReplicaGetsIt() {
        WritePolicy.Decision d = WritePolicy.forCopy(Binlog.AUTO, WRITABLE, MASTER, "x");
        assertThat(d.binlogOff()).isFalse();
        assertThat(d.why()).contains("its replica gets the data too");
        assertThat(WritePolicy.forCopy(Binlog.OFF, WRITABLE, MASTER, "x").why()).contains("WARNING");
    }

    @Test
    void binlogOnIntoAReplicaIsRefusedAndAnUnclearPairAsks() {
        assertThat(WritePolicy.forCopy(Binlog.ON, REPLICA, Place.outside(), "x").refused()).contains("errant GTIDs");
        WritePolicy.Decision unclear = WritePolicy.forCopy(Binlog.AUTO, WRITABLE, UNKNOWN, "x");
        assertThat(unclear.refused()).contains("which node is the master is not clear", "2 MACs");
        assertThat(unclear.fix()).contains("--binlog on", "--binlog off");
        assertThat(WritePolicy.forCopy(Binlog.OFF, WRITABLE, UNKNOWN, "x").binlogOff()).isTrue();
    }

    @Test
    void restoreRunsOnTheMasterOnlyUnlessForced() {
        WritePolicy.Decision r = WritePolicy.forRestore(Binlog.AUTO, REPLICA, Place.outside(), "x", false);
        assertThat(r.refused()).contains("is a replica", "run it on the master only");
        assertThat(r.fix()).contains("--force");
        assertThat(WritePolicy.forRestore(Binlog.AUTO, WRITABLE, OTHER, "x", false).refused())
                .contains("not its master (n2 is)");
        WritePolicy.Decision forced = WritePolicy.forRestore(Binlog.AUTO, REPLICA, Place.outside(), "x", true);
        assertThat(forced.refuse()).isFalse();
        assertThat(forced.binlogOff()).isTrue();
        assertThat(WritePolicy.forRestore(Binlog.AUTO, WRITABLE, MASTER, "x", false).binlogOff()).isFalse();
        assertThat(WritePolicy.forRestore(Binlog.AUTO, WRITABLE, Place.outside(), "x", false).refuse()).isFalse();
    }
}
