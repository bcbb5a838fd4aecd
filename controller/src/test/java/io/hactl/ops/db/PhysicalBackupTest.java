package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.backup.Manifest;
import io.hactl.config.NodeConfig;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.db.RebuildMethod.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure parts of {@code hactl backup}'s physical database component: the method choice (this
 * machine prepares the copy, so its mariadb-backup must match the node's), the free space it needs
 * in the backup directory, the commands run here, the binlog info file read, the manifest's fields.
 */
class PhysicalBackupTest {

    static final String TOOL = "mariadb-backup based on MariaDB server 10.11.19-MariaDB Linux (x86_64)";
    static final String OTHER_TOOL = "mariadb-backup based on MariaDB server 11.4.5-MariaDB Linux (x86_64)";

    @TempDir
    Path dir;

    static NodeConfig n2() {
        return new NodeConfig("n2", "198.51.100.12", "eth0", null);
    }

    @Test
    void method_auto_isPhysical_whenThisMachineAndTheNodeHaveMariadbBackupOfTheServersMajorVersion() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, PhysicalBackup.facts(n2(),
                Flavor.MARIADB, "10.11.19-MariaDB-0+deb12u1", TOOL, TOOL));
        assertThat(c.kind()).isEqualTo(Kind.PHYSICAL);
        assertThat(c.why()).isEqualTo("physical (--method auto): this machine and n2 both have mariadb-backup 10.11,"
                + " the servers' major version");
    }

    @Test
    void method_auto_isLogical_whenThisMachineHasNoMariadbBackup_andSaysSo() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, PhysicalBackup.facts(n2(),
                Flavor.MARIADB, "10.11.19-MariaDB", null, TOOL));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(PhysicalBackup.logicalWhy(c.why())).startsWith("logical (--method auto): this machine has no"
                + " mariadb-backup").endsWith("; mariadb-dump of the application database");
    }

    @Test
    void method_physical_isRefused_whenThisMachinesMariadbBackupIsAnotherMajorVersion_withTheFix() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.PHYSICAL, PhysicalBackup.facts(n2(),
                Flavor.MARIADB, "10.11.19-MariaDB", OTHER_TOOL, TOOL));
        assertThat(c.refusal()).isNotNull();
        assertThat(c.refusal().reason()).contains("this machine has mariadb-backup 11.4, n2 10.11");
        assertThat(PhysicalBackup.fix(Flavor.MARIADB, n2())).contains("apt-get install mariadb-backup", "on n2 and on"
                + " this machine, which prepares the copy", "--method logical");
    }

    @Test
    void method_auto_isLogical_forMySql_xtraBackupIsNotPackagedHere() {
        MethodChoice.Choice c = MethodChoice.choose(Kind.AUTO, PhysicalBackup.facts(n2(),
                Flavor.MYSQL, "8.0.36", TOOL, null));
        assertThat(c.kind()).isEqualTo(Kind.LOGICAL);
        assertThat(c.why()).contains("Percona XtraBackup, which is not packaged");
        assertThat(PhysicalBackup.fix(Flavor.MYSQL, n2())).contains("--method logical", "XtraBackup");
    }

    @Test
    void freeSpace_theBackupDirectoryNeedsTheDataTwiceOverHalf_andTheRefusalNamesEveryFigure() {
        long gb = 1L << 30;
        assertThat(FreeSpace.backupRequired(10 * gb, gb)).isEqualTo(10 * gb + gb + 5 * gb);
        assertThat(FreeSpace.backupRefusal("n2", "/srv/backups", 17 * gb, 10 * gb, gb)).isNull();
        FreeSpace.Refusal r = FreeSpace.backupRefusal("n2", "/srv/backups", 4 * gb, 10 * gb, gb);
        assertThat(r.reason()).isEqualTo("this machine has 4.0 GB free in /srv/backups, the physical backup needs"
                + " 16.0 GB (n2's 10.0 GB of data files, unpacked and prepared there, + 5.0 GB for the compressed file"
                + " + a margin of 1.0 GB)");
        assertThat(r.fix()).startsWith("free 12.0 GB in /srv/backups").contains("-d DIR", "--method logical");
    }

    @Test
    void usable_isMeasuredOnTheNearestExistingParent_ofADirectoryNotMadeYet() {
        assertThat(PhysicalBackup.usable(dir.resolve("2026/12/06"))).isPositive();
    }

    @Test
    void commandsRunHere_areArgvWithoutAShell_theScratchDirectoryOneArgument() {
        Path scratch = Path.of("/srv/back ups/2026/12/06/database-120000.tar.zst.hactl-scratch");
        assertThat(PhysicalBackup.prepareArgv(scratch)).containsExactly("mariadb-backup", "--no-defaults", "--prepare",
                "--target-dir=/srv/back ups/2026/12/06/database-120000.tar.zst.hactl-scratch");
        assertThat(PhysicalBackup.tarArgv(scratch)).containsExactly("tar", "-C", scratch.toString(), "-b", "2048", "-cf",
                "-", ".");
    }

    @Test
    void binlogInfo_theNewNameFirst_thenThe1011One_emptyWhenNeither() throws IOException {
        assertThat(PhysicalBackup.binlogInfo(dir)).isEmpty();
        Files.writeString(dir.resolve("xtrabackup_binlog_info"), "binlog.000001\t3024\t0-1-13\n");
        assertThat(BinlogInfo.parse(PhysicalBackup.binlogInfo(dir)).gtid()).isEqualTo("0-1-13");
        Files.writeString(dir.resolve("mariadb_backup_binlog_info"), "binlog.000002\t42\t0-1-14\n");
        assertThat(BinlogInfo.parse(PhysicalBackup.binlogInfo(dir)).gtid()).isEqualTo("0-1-14");
    }

    @Test
    void manifest_aPhysicalEntryKeepsItsMethodServerVersionAndGtid_anOldEntryReadsAsLogical() throws IOException {
        Manifest.Entry e = new Manifest.Entry("database", "database-120000.tar.zst", 10, "ab", 40, "zstd",
                Instant.parse("2026-12-06T12:00:00Z"), Instant.parse("2026-12-06T12:00:05Z"), "n2", "replica", null,
                "0-1-13", "binlog.000001", 3024L, null, null, Manifest.PHYSICAL, "10.11.19-MariaDB");
        Manifest m = new Manifest(1, "dev", "lab", "2026-12-06", "120000", e.started(), e.ended(), "h", List.of(e));
        String json = new String(m.toJson());
        assertThat(json).contains("\"method\" : \"physical\"", "\"server_version\" : \"10.11.19-MariaDB\"",
                "\"gtid\" : \"0-1-13\"");
        Files.writeString(dir.resolve(Manifest.FILE), json);
        Manifest.Entry read = Manifest.read(dir).orElseThrow().entry("database").orElseThrow();
        assertThat(read).isEqualTo(e);
        assertThat(read.physical()).isTrue();
        Files.writeString(dir.resolve(Manifest.FILE), json.replace("\"method\" : \"physical\",", ""));
        assertThat(Manifest.read(dir).orElseThrow().entry("database").orElseThrow().physical()).isFalse();
    }
}
