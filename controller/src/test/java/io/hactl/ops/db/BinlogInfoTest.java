package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The backup's binlog info file (xtrabackup_binlog_info / mariadb_backup_binlog_info): where the copy is. */
class BinlogInfoTest {

    @Test
    void parse_fileTabPositionTabGtid_asMariadbBackupWritesIt() {
        BinlogInfo i = BinlogInfo.parse("binlog.000001\t3024\t0-1-13\n");
        assertThat(i.file()).isEqualTo("binlog.000001");
        assertThat(i.position()).isEqualTo(3024);
        assertThat(i.gtid()).isEqualTo("0-1-13");
    }

    @Test
    void parse_severalDomains_spacesOrTabs() {
        assertThat(BinlogInfo.parse("mysql-bin.000007  991  0-1-13,1-2-5").gtid()).isEqualTo("0-1-13,1-2-5");
    }

    @Test
    void parse_noGtid_isAnErrorThatSaysWhatIsMissingAndWhy() {
        assertThatThrownBy(() -> BinlogInfo.parse("binlog.000001\t3024\n"))
                .hasMessageContaining("no GTID").hasMessageContaining("binlog.000001\t3024");
    }

    @Test
    void parse_emptyOrGarbage_isAnError() {
        assertThatThrownBy(() -> BinlogInfo.parse("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> BinlogInfo.parse("binlog.000001 x 0-1-3")).hasMessageContaining("not a position");
        assertThatThrownBy(() -> BinlogInfo.parse("binlog.000001 4 0-1-3; rm -rf /")).hasMessageContaining("not a GTID");
    }
}
