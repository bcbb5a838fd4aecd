package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** backup verify --restore's plan: the throw-away server's command, mariadb-check's verdicts, what is not tried. */
class RestoreCheckTest {

    @TempDir
    Path dir;

    static Manifest.Entry entry(String method, long raw) {
        return new Manifest.Entry("database", "database-120000.tar.zst", 10, "ab", raw, "zstd", Instant.now(),
                Instant.now(), "n2", "replica", null, "0-1-13", "binlog.000001", 3024L, null, null, method,
                "10.11.19-MariaDB");
    }

    @Test
    void theThrowAwayServer_readsNoOptionFile_listensOnNoPort_keepsEverythingInItsTemporaryDirectory() {
        Path tmp = Path.of("/srv/backups/hactl-restore-check-1");
        assertThat(RestoreCheck.serverArgv("/usr/sbin/mariadbd", tmp, "root")).containsExactly("/usr/sbin/mariadbd",
                "--no-defaults", "--datadir=/srv/backups/hactl-restore-check-1/data",
                "--socket=/srv/backups/hactl-restore-check-1/mariadbd.sock",
                "--pid-file=/srv/backups/hactl-restore-check-1/mariadbd.pid",
                "--log-error=/srv/backups/hactl-restore-check-1/mariadbd.err",
                "--tmpdir=/srv/backups/hactl-restore-check-1", "--skip-networking", "--port=0", "--skip-log-bin",
                "--skip-slave-start", "--skip-grant-tables", "--innodb-buffer-pool-size=64M", "--user=root");
        assertThat(RestoreCheck.checkArgv("mariadb-check", tmp)).containsExactly("mariadb-check", "--no-defaults",
                "--socket=/srv/backups/hactl-restore-check-1/mariadbd.sock", "--all-databases", "--check");
        assertThat(RestoreCheck.untarArgv(tmp.resolve("data"))).containsExactly("tar", "-x", "-b", "2048", "-C",
                "/srv/backups/hactl-restore-check-1/data", "-f", "-");
    }

    @Test
    void mariadbCheck_everyTableOk_isCountedWithoutAProblem_aNoteIsNoProblem() {
        RestoreCheck.Checked c = RestoreCheck.parse("""
                hactl_demo.demo_writes                             OK
                hactl_demo.switch_writes                           OK
                hactl_demo.v_writes
                note     : The storage engine for the table doesn't support check
                mysql.user                                         OK
                """);
        assertThat(c.tables()).isEqualTo(4);
        assertThat(c.problems()).isEmpty();
    }

    @Test
    void mariadbCheck_aCorruptTable_isNamedWithItsErrorLines() {
        RestoreCheck.Checked c = RestoreCheck.parse("""
                hactl_demo.demo_writes                             OK
                hactl_demo.switch_writes
                Warning  : InnoDB: Index PRIMARY is marked as corrupted
                error    : Corrupt
                mysql.user                                         OK
                """);
        assertThat(c.tables()).isEqualTo(3);
        assertThat(c.problems()).containsExactly("hactl_demo.switch_writes: Corrupt");
    }

    @Test
    void aLogicalDump_isNotStarted_itsChecksumsAreItsCheck() {
        RestoreCheck.Result r = new RestoreCheck(dir, s -> { }).run(dir, entry(Manifest.LOGICAL, 100));
        assertThat(r.ok()).isTrue();
        assertThat(r.summary()).startsWith("not a physical copy");
    }

    @Test
    void withoutRoomForTheUnpackedCopy_itIsNotTried_andBothFiguresAreNamed() {
        List<String> said = new ArrayList<>();
        RestoreCheck.Result r = new RestoreCheck(dir, said::add).run(dir, entry(Manifest.PHYSICAL, Long.MAX_VALUE / 4));
        assertThat(r.ok()).isFalse();
        assertThat(r.summary()).startsWith("not tried: " + dir + " has ").contains(" free, the test restore needs ",
                "--scratch DIR");
        assertThat(said).isEmpty();
    }
}
