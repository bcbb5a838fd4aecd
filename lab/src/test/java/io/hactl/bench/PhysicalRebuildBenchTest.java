package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The physical rebuild bench's pure parts: its arguments, what it reads from outputs, its figures line. */
class PhysicalRebuildBenchTest {

    @Test
    void arguments_defaultToOneGigabyteOnce_andAreRead() {
        assertThat(PhysicalRebuildBench.Args.parse(List.of())).isEqualTo(new PhysicalRebuildBench.Args(1024, 1, false));
        assertThat(PhysicalRebuildBench.Args.parse(List.of("--size-mb", "20", "--runs", "3", "--keep")))
                .isEqualTo(new PhysicalRebuildBench.Args(20, 3, true));
    }

    @Test
    void aBadArgument_isNamed_withTheUsage() {
        assertThatThrownBy(() -> PhysicalRebuildBench.Args.parse(List.of("--size-mb", "big")))
                .hasMessageStartingWith("--size-mb big: not a number").hasMessageContaining("usage: bench/physical-rebuild.sh");
        assertThatThrownBy(() -> PhysicalRebuildBench.Args.parse(List.of("--runs", "0"))).hasMessageStartingWith("--runs 0: out of range");
        assertThatThrownBy(() -> PhysicalRebuildBench.Args.parse(List.of("--runs"))).hasMessageStartingWith("--runs needs a number");
        assertThatThrownBy(() -> PhysicalRebuildBench.Args.parse(List.of("--sizemb", "3"))).hasMessageStartingWith("unknown argument --sizemb");
    }

    @Test
    void hactlsCopySize_andTheFloorsGtid_areRead() {
        Matcher c = PhysicalRebuildBench.HACTL_COPY.matcher("   2. n2   copy n1's data files: mariadb-backup --backup"
                + " --stream=mbstream on n1, mbstream -x on n2 (piped through this machine) ... ok: 18.4 MB in 4.6 s"
                + " (4.0 MB/s) of mbstream (4601 ms)");
        assertThat(c.find()).isTrue();
        assertThat(c.group(1)).isEqualTo("18.4 MB");
        Matcher g = PhysicalRebuildBench.FLOOR_GTID.matcher("[00] 2026-12-06 prepare ...\nGTID=0-1-13\n");
        assertThat(g.find()).isTrue();
        assertThat(g.group(1)).isEqualTo("0-1-13");
    }

    @Test
    void theFigures_giveMediansAndBothRatiosAgainstTheGoals() {
        var db = new BenchData.Generated(true, 0, 900L << 20, 100L << 20, 1100L << 20);
        var r = new PhysicalRebuildBench.Result(db, List.of(
                new PhysicalRebuildBench.Run(100, 20, 15, 22, 200 * 1024, 25, 230 * 1024, ""),
                new PhysicalRebuildBench.Run(80, 18, 14, 20, 210 * 1024, 30, 240 * 1024, ""),
                new PhysicalRebuildBench.Run(90, 30, 16, 24, 190 * 1024, 40, 220 * 1024, "")), "1.1 GB", true, true);
        assertThat(r.ok()).isTrue();
        assertThat(r.figures()).contains("median of 3 run(s)", "logical (mariadb-dump | mariadb) 90.0 s",
                "floor (mariadb-backup | mbstream by hand, through this machine) 20.0 s (its copy 15.0 s)",
                "--method physical direct 22.0 s, through hactl (direct: off) 30.0 s",
                "hactl/logical 0.24 (goal <= 0.25)", "hactl/floor 1.10 (goal <= 1.20)", "direct/through hactl 0.73",
                "moved 1.1 GB", "hactl peak RSS 210 MB direct, 240 MB through hactl");
        assertThat(new PhysicalRebuildBench.Result(db, List.of(), "?", true, true).ok()).as("no run: not ok").isFalse();
    }

    @Test
    void theThroughHactlConfig_setsDirectOff_besideDatabaseServer() {
        String with = BenchConfig.withDatabaseServer("database:\n  error_log: /lab/{node}/mysql/error.log\nservices:\n",
                Path.of("/lab"));
        assertThat(BenchConfig.withDirectOff(with)).contains("  error_log: /lab/{node}/mysql/error.log\n  copy:\n"
                + "    direct: off\n  server:\n");
        assertThatThrownBy(() -> BenchConfig.withDirectOff("database:\n  port: 3306\n"))
                .hasMessageContaining("no database.server section");
    }

    @Test
    void theLabConfig_getsTheDatabaseServerSection_onlyWhenItHasNone() {
        String yml = "database:\n  port: 3306\n  error_log: /lab/{node}/mysql/error.log\nservices:\n";
        String with = BenchConfig.withDatabaseServer(yml, Path.of("/lab"));
        assertThat(with).contains("  error_log: /lab/{node}/mysql/error.log\n  server:\n    defaults_file:"
                + " /lab/{node}/mysql/my.cnf\n    start: /lab/bin/mariadb-ctl start {node}\n    stop: /lab/bin/mariadb-ctl stop {node}\n");
        assertThat(BenchConfig.withDatabaseServer(with, Path.of("/lab"))).isEqualTo(with);
        assertThatThrownBy(() -> BenchConfig.withDatabaseServer("database:\n  port: 3306\n", Path.of("/lab")))
                .hasMessageContaining("no database.error_log line");
    }
}
