package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.NodeConfig;
import io.hactl.pair.Refused;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    static BackupRun.Options options(List<String> components, String from) {
        return new BackupRun.Options(components, from, null, null, null, Duration.ofMinutes(5), false, "physical");
    }

    @Test
    void aDatabaseBackupFromANamedNode_runsNoProbeCycle_itsServerTellsItsRole() {
        assertThat(BackupRun.needsProbeCycle(List.of("database"), options(List.of("database"), "n1"))).isFalse();
    }

    @Test
    void withoutANamedNode_orWithFileComponents_theProbeCycleChoosesTheNodes() {
        assertThat(BackupRun.needsProbeCycle(List.of("database"), options(List.of("database"), null)))
                .as("the replica when healthy, else the master: the pair's diagnosis").isTrue();
        assertThat(BackupRun.needsProbeCycle(List.of("database", "tomcat"), options(List.of(), "n1")))
                .as("the files come from where the application is active").isTrue();
        assertThat(BackupRun.needsProbeCycle(List.of("tomcat"), options(List.of("tomcat"), "n1"))).isTrue();
    }
}
