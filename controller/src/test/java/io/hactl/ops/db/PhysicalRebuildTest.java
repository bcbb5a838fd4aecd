package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The commands the physical rebuild sends to the nodes: every path single-quoted, after {@code --}. */
class PhysicalRebuildTest {

    static final PhysicalRebuild.Dirs D = new PhysicalRebuild.Dirs("/var/lib/my sql");

    @Test
    void dirs_newAndOldAreSiblingsOfTheDataDirectory_onItsFileSystem() {
        assertThat(D.fresh()).isEqualTo("/var/lib/my sql.hactl-new");
        assertThat(D.old()).isEqualTo("/var/lib/my sql.hactl-old");
        assertThat(D.parent()).isEqualTo("/var/lib");
    }

    @Test
    void backup_streamsTheWholeServer_fromItsOptionFile_noPasswordOnTheCommandLine() {
        String c = PhysicalRebuild.backupCommand("/etc/mysql/it's.cnf");
        assertThat(c).contains("mariadb-backup --defaults-file='/etc/mysql/it'\\''s.cnf' --backup --stream=mbstream")
                .contains("rm -rf -- \"$d\"; exit $rc").doesNotContain("--password").doesNotContain(" -p");
    }

    @Test
    void extract_intoTheEmptyDirectory() {
        assertThat(PhysicalRebuild.extractCommand(D)).isEqualTo("mbstream -x -C '/var/lib/my sql.hactl-new'");
        assertThat(PhysicalRebuild.freshDirCommand(D)).isEqualTo("rm -rf -- '/var/lib/my sql.hactl-new' && mkdir -m 0700"
                + " -- '/var/lib/my sql.hactl-new'");
    }

    @Test
    void swap_keepsTheOldDirectory_andGivesTheCopyItsOwner() {
        assertThat(PhysicalRebuild.swapCommand(D)).isEqualTo("mv -- '/var/lib/my sql' '/var/lib/my sql.hactl-old'"
                + " && mv -- '/var/lib/my sql.hactl-new' '/var/lib/my sql' && chown -R --reference='/var/lib/my"
                + " sql.hactl-old' -- '/var/lib/my sql' && chmod --reference='/var/lib/my sql.hactl-old' --"
                + " '/var/lib/my sql'");
    }

    @Test
    void restore_putsTheOldDirectoryBack_onlyWhenItIsThere() {
        assertThat(PhysicalRebuild.restoreCommand(D)).startsWith("test -d '/var/lib/my sql.hactl-old' && {")
                .contains("mv -- '/var/lib/my sql.hactl-old' '/var/lib/my sql'");
    }

    @Test
    void binlogInfo_readsTheNewNameFirst_thenThe1011One() {
        assertThat(PhysicalRebuild.binlogInfoCommand(D)).isEqualTo("cat -- '/var/lib/my sql.hactl-new/"
                + "mariadb_backup_binlog_info' 2>/dev/null || cat -- '/var/lib/my sql.hactl-new/xtrabackup_binlog_info'");
    }

    @Test
    void df_availableBytesOfThePosixLine() {
        assertThat(PhysicalRebuild.dfCommand(D)).isEqualTo("df -PB1 -- '/var/lib' | tail -n 1");
        assertThat(PhysicalRebuild.parseDf("tmpfs 2147483648 123456789 2024026859 6% /var/lib/hactl-lab\n"))
                .isEqualTo(2024026859L);
    }

    @Test
    void tail_ofAToolsStderr_isItsLastThreeLines() {
        assertThat(NodePipe.tail("a\nb\nc\nd\n")).isEqualTo(": ...b | c | d");
        assertThat(NodePipe.tail("")).isEmpty();
    }
}
