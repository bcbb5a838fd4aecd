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
 * bench/physical-rebuild.sh's short version (the whole one: 1 GB): a 20 MB generated database, one run of the
 * four copies (logical, the floor by hand, hactl's physical rebuild direct and through hactl), end to end. Not a timed test: it asserts
 * that every copy ran and the figures were printed, that n2 has the generated database as n1 has it after hactl's
 * rebuild, and that the lab is left healthy (n2 replicating, hactl check 0). Its work files:
 * lab/target/physical-rebuild-short-TIME/.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PhysicalRebuildShortLabIT {

    @Test
    void physicalRebuildShort_20Mb_oneRun_fourCopiesTimed_sameChecksums_labLeftHealthy(Lab lab) throws Exception {
        Path home = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
        Path work = Files.createDirectories(Path.of("target", "physical-rebuild-short-" + System.currentTimeMillis())
                .toAbsolutePath());
        PhysicalRebuildBench.Result r = new PhysicalRebuildBench(home, work,
                line -> System.out.println("[physical-rebuild] " + line)).run(20, 1, false);

        assertThat(r.runs()).hasSize(1);
        PhysicalRebuildBench.Run run = r.runs().get(0);
        assertThat(run.logical()).as("mariadb-dump | mariadb, s").isPositive();
        assertThat(run.floor()).as("the floor, s").isGreaterThan(run.floorCopy()).isPositive();
        assertThat(run.hactl()).as("hactl db-replica-init --method physical, direct, s").isPositive();
        assertThat(run.via()).as("the same through hactl (direct: off), s").isPositive();
        assertThat(run.hactlPeakKb()).as("hactl's peak RSS was sampled").isPositive();
        assertThat(run.steps()).contains("copy ", "prepare ", "swap ", "start ");
        assertThat(r.database().diskBytes()).as("the generated database's files, measured").isGreaterThan(10L << 20);
        assertThat(r.moved()).as("hactl's copy step printed its size").isNotEqualTo("?");
        assertThat(r.figures()).contains("hactl/logical", "hactl/floor", "direct/through hactl", "hactl peak RSS");
        assertThat(r.sameChecksums()).as("the generated database on n2 as on n1 after hactl's rebuild").isTrue();
        assertThat(r.labHealthy()).as("n2 replicating from n1, hactl check 0, the sample database the same").isTrue();
    }
}
