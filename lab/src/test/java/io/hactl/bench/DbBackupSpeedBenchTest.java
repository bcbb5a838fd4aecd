package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The db-backup speed bench's pure parts: its arguments, hactl's dump step read, its figures line. */
class DbBackupSpeedBenchTest {

    @Test
    void arguments_defaultToOneGigabyteThreeTimes() {
        assertThat(DbBackupSpeedBench.parse(List.of())).isEqualTo(new PhysicalRebuildBench.Args(1024, 3, false));
        assertThat(DbBackupSpeedBench.parse(List.of("--size-mb", "20", "--runs", "1")))
                .isEqualTo(new PhysicalRebuildBench.Args(20, 1, false));
        assertThatThrownBy(() -> DbBackupSpeedBench.parse(List.of("--fast"))).hasMessageStartingWith("unknown argument --fast")
                .hasMessageContaining("usage: bench/db-backup-speed.sh").hasMessageNotContaining("physical-rebuild");
    }

    @Test
    void hactlsDumpStep_isRead() {
        Matcher m = DbBackupSpeedBench.HACTL_DUMP.matcher("db-backup: dump hactl_bench\n  dump hactl_bench: 1.1 GB in 25.0 s"
                + " (44.0 MB/s) of SQL, 4 tables → 230 MB zstd; GTID 0-1-5\ndb-backup: done.\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo("25.0");
    }

    @Test
    void theFigures_giveMediansRatiosAndTheFixedCost() {
        Map<String, List<Double>> s = new LinkedHashMap<>();
        s.put("pipe zstd", List.of(10.0, 12.0, 11.0));
        s.put("hactl zstd", List.of(11.0, 11.5, 12.0));
        s.put("hactl zstd (C1 alone)", List.of(14.0, 13.0, 15.0));
        s.put("pipe gzip", List.of(40.0, 40.0, 40.0));
        s.put("hactl gzip", List.of(41.0, 42.0, 40.0));
        Map<String, Long> f = Map.of("pipe zstd", 230L << 20, "hactl zstd", 231L << 20, "pipe gzip", 300L << 20,
                "hactl gzip", 301L << 20);
        var size = new DbBackupSpeedBench.Size("the generated database", 1100L << 20, s,
                Map.of("hactl zstd", List.of(0.5, 0.6, 0.7)), f, 150 * 1024);
        assertThat(size.figures()).contains("(1100 MB of SQL), median of 3 run(s)", "pipe zstd 11.00 s;",
                "hactl zstd 11.50 s (of which not the dump 0.60 s);", "ratios: zstd 1.05 (C1 alone 1.27), gzip 1.03"
                        + " (goal <= 1.05)", "hactl zstd 231 MB", "hactl peak RSS 150 MB");
    }

    @Test
    void zstdOnly_timesThePipeAndDbBackupToZst_alone_soThreeRunsAtOneGigabyteFitALabTurn() {
        assertThat(DbBackupSpeedBench.ways(List.of("--zstd-only", "--runs", "3"))).containsExactly("pipe zstd",
                "hactl zstd");
        assertThat(DbBackupSpeedBench.ways(List.of())).isEqualTo(DbBackupSpeedBench.WAYS);
        assertThat(DbBackupSpeedBench.parse(List.of("--zstd-only", "--size-mb", "20")))
                .isEqualTo(new PhysicalRebuildBench.Args(20, 3, false));
        Map<String, List<Double>> s = new LinkedHashMap<>();
        s.put("pipe zstd", List.of(10.0, 12.0, 11.0));
        s.put("hactl zstd", List.of(11.0, 11.5, 12.0));
        var size = new DbBackupSpeedBench.Size("the generated database", 1100L << 20, s,
                Map.of("hactl zstd", List.of(0.5, 0.6, 0.7)), Map.of("pipe zstd", 230L << 20, "hactl zstd", 231L << 20),
                150 * 1024);
        assertThat(size.figures()).contains("pipe zstd 11.00 s;", "hactl zstd 11.50 s (of which not the dump 0.60 s);",
                "ratios: zstd 1.05 (goal <= 1.05)", "pipe zstd 230 MB, hactl zstd 231 MB", "hactl peak RSS 150 MB")
                .doesNotContain("gzip", "C1 alone");
    }
}
