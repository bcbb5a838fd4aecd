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
 * bench/physical-backup.sh's short version (the whole one: 1 GB): a 20 MB generated database, one run of
 * {@code mariadb-dump | zstd} and {@code hactl backup database --method physical}, end to end. Not a timed test: it
 * asserts that both ran and wrote their files, and the figures were printed. Its work files:
 * lab/target/physical-backup-short-TIME/.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PhysicalBackupShortLabIT {

    @Test
    void physicalBackupShort_20Mb_oneRun_hactlAndThePipeTimed_bothFilesWritten(Lab lab) throws Exception {
        Path home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path work = Files.createDirectories(Path.of("target", "physical-backup-short-" + System.currentTimeMillis())
                .toAbsolutePath());
        PhysicalBackupBench.Result r = new PhysicalBackupBench(home, work,
                line -> System.out.println("[physical-backup] " + line)).run(20, 1, false);

        assertThat(r.runs()).hasSize(1);
        PhysicalBackupBench.Run run = r.runs().get(0);
        assertThat(run.pipe()).as("mariadb-dump | zstd, s").isPositive();
        assertThat(run.hactl()).as("hactl backup database --method physical, s").isPositive();
        assertThat(run.hactlPeakKb()).as("hactl's peak RSS was sampled").isPositive();
        assertThat(run.pipeBytes()).as("the pipe's file").isPositive();
        assertThat(run.hactlBytes()).as("hactl's tar").isGreaterThan(1L << 20);
        assertThat(r.database().diskBytes()).as("the generated database's files, measured").isGreaterThan(10L << 20);
        assertThat(r.figures()).contains("hactl/pipe", "goal <= 0.50", "hactl peak RSS");
        assertThat(Path.of(work.toString(), "physical-backups")).as("the backups removed").doesNotExist();
    }
}
