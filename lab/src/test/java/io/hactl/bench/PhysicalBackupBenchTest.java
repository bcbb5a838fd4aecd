package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The physical backup bench's pure parts: its arguments, the backup's file, its figures line. */
class PhysicalBackupBenchTest {

    @TempDir
    Path tmp;

    @Test
    void arguments_defaultToOneGigabyteThreeTimes_andABadOneNamesThisBenchsUsage() {
        assertThat(PhysicalBackupBench.parse(List.of())).isEqualTo(new PhysicalRebuildBench.Args(1024, 3, false));
        assertThat(PhysicalBackupBench.parse(List.of("--size-mb", "20", "--runs", "1")))
                .isEqualTo(new PhysicalRebuildBench.Args(20, 1, false));
        assertThatThrownBy(() -> PhysicalBackupBench.parse(List.of("--size-mb", "big")))
                .hasMessageContaining("usage: bench/physical-backup.sh");
    }

    @Test
    void theFigures_giveMediansTheRatioAgainstTheGoal_filesAndPeakRss() {
        var db = new BenchData.Generated(true, 0, 1045L << 20, 112L << 20, 1208L << 20);
        var r = new PhysicalBackupBench.Result(db, List.of(
                new PhysicalBackupBench.Run(12, 6, 150 * 1024, 300L << 20, 400L << 20),
                new PhysicalBackupBench.Run(10, 5, 160 * 1024, 300L << 20, 400L << 20),
                new PhysicalBackupBench.Run(11, 7, 140 * 1024, 300L << 20, 400L << 20)));
        assertThat(r.ok()).isTrue();
        assertThat(r.figures()).contains("median of 3 run(s)", "mariadb-dump | zstd -3 11.0 s",
                "hactl backup database --method physical 6.0 s", "hactl/pipe 0.55 (goal <= 0.50)",
                "files: pipe 300 MB", "hactl 400 MB", "hactl peak RSS 160 MB");
        assertThat(new PhysicalBackupBench.Result(db, List.of()).ok()).isFalse();
    }

    @Test
    void theBackupsFile_isTheOneDatabaseTarUnderTheDay() throws Exception {
        Path day = Files.createDirectories(tmp.resolve("2026/12/06"));
        Files.write(day.resolve("database-101500.tar.zst"), new byte[1234]);
        Files.writeString(day.resolve("manifest.json"), "{}");
        assertThat(PhysicalBackupBench.tarBytes(tmp)).isEqualTo(1234);
        Files.write(day.resolve("database-101600.tar.zst"), new byte[1]);
        assertThatThrownBy(() -> PhysicalBackupBench.tarBytes(tmp)).hasMessageContaining("expected one database-*.tar.zst");
    }

    @Test
    void hactlsWayAndSteps_areReadFromItsOutput() {
        String out = """
                backup: back up database to /var/tmp/b
                  database: from n1, as asked (--from)
                  database: method physical (--method physical): n1 has mariadb-backup 10.11, its server's major \
                version; the whole server: ~1.2 GB of data files in n1:/d, prepared and compressed on n1 (mariadb-backup \
                --backup and --prepare into /d.hactl-backup, then tar | zstd -1 -T2 there): it has zstd
                  database: copy (mariadb-backup --backup on n1 into n1:/d.hactl-backup): 1.2 GB in 3.0 s (400 MB/s)
                  database: prepare (mariadb-backup --prepare on n1): prepared in 0.2 s
                backup: done.
                """;
        assertThat(PhysicalBackupBench.way(out)).startsWith("prepared and compressed on n1 (mariadb-backup");
        assertThat(PhysicalBackupBench.way("backup: done.")).isEqualTo("?");
        assertThat(PhysicalBackupBench.steps(out)).containsExactly(
                "database: copy (mariadb-backup --backup on n1 into n1:/d.hactl-backup): 1.2 GB in 3.0 s (400 MB/s)",
                "database: prepare (mariadb-backup --prepare on n1): prepared in 0.2 s");
    }
}
