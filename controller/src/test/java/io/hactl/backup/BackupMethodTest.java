package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.NodeConfig;
import io.hactl.pair.Refused;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A backup's database method when the run has no physical method (a logical-only caller): auto is logical. */
class BackupMethodTest {

    static final BackupRun LOGICAL_ONLY = new BackupRun(null, null, null, null, null, "dev");
    static final BackupRun.Source N2 = new BackupRun.Source(new NodeConfig("n2", "198.51.100.12", "eth0", null),
            "replica", "the replica");

    @Test
    void withoutAPhysicalMethod_autoIsLogical_andSaysSo() {
        PhysicalDatabase.Plan p = LOGICAL_ONLY.plan("auto", N2, Path.of("/srv/backups"));
        assertThat(p.physical()).isFalse();
        assertThat(p.why()).isEqualTo("logical (--method auto): mariadb-dump of the application database");
    }

    @Test
    void withoutAPhysicalMethod_physicalIsRefused_beforeAnythingIsWritten() {
        assertThatThrownBy(() -> LOGICAL_ONLY.plan("physical", N2, Path.of("/srv/backups")))
                .isInstanceOf(Refused.class).hasMessageContaining("--method physical: this command makes logical"
                        + " backups only");
    }

    @Test
    void aPhysicalCopysScratchDirectory_isNotABackupFile_norMatchedAsOne() {
        assertThat(BackupRun.OURS.matcher("database-120000.tar.zst").matches()).isTrue();
        assertThat(BackupRun.OURS.matcher("database-120000.tar.zst" + PhysicalDatabase.SCRATCH_SUFFIX).matches())
                .isFalse();
    }
}
