package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bench/db-backup-speed.sh's short version (the whole one: 1 GB, 3 runs): the lab's sample database and a 20 MB
 * generated one, one run of each way (the pipes with zstd and gzip, hactl db-backup to .zst, .gz and .zst with C1
 * alone), end to end. Not a timed test: every way ran and wrote a file, hactl's dump step was read from its output,
 * the figures were printed; the ratios only within a sanity bound (a 2-core machine shared with other runs).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class DbBackupSpeedShortLabIT {

    @Test
    void dbBackupSpeedShort_sampleAnd20Mb_oneRun_everyWayWroteItsFile_figuresPrinted(Lab lab) throws Exception {
        Path home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path work = Files.createDirectories(Path.of("target", "db-backup-speed-short-" + System.currentTimeMillis())
                .toAbsolutePath());
        DbBackupSpeedBench.Result r = new DbBackupSpeedBench(home, work,
                line -> System.out.println("[db-backup-speed] " + line)).run(20, 1, false);

        assertThat(r.ok()).as("both databases measured").isTrue();
        assertThat(r.database().diskBytes()).as("the generated database's files, measured").isGreaterThan(10L << 20);
        for (DbBackupSpeedBench.Size s : r.sizes()) {
            assertThat(s.sqlBytes()).as("%s: SQL dumped", s.label()).isPositive();
            for (String way : DbBackupSpeedBench.WAYS) {
                assertThat(s.seconds().get(way)).as("%s: %s", s.label(), way).hasSize(1).allMatch(x -> x > 0);
                assertThat(s.fileBytes().get(way)).as("%s: %s's file", s.label(), way).isPositive();
            }
            assertThat(s.fixed()).as("%s: hactl's dump step read from its output", s.label())
                    .containsKeys("hactl zstd", "hactl gzip");
            assertThat(s.hactlPeakKb()).isPositive();
            assertThat(s.median("hactl zstd") / s.median("pipe zstd")).as("%s: hactl/pipe (zstd), sanity only", s.label())
                    .isBetween(0.1, 20.0);
            assertThat(s.figures()).contains("ratios: zstd", "gzip", "hactl peak RSS");
        }
        assertThat(work.resolve("speed-hactl-zstd.sql.zst")).as("the bench's files removed").doesNotExist();
    }
}
