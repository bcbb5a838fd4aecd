package io.hactl.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** The bench's pure parts: the config copy's database name, what it reads from outputs, medians. */
class ReplicaInitBenchTest {

    private static final String YML = "cluster: lab\nnodes:\n  - name: n1\n    address: 198.51.100.11\n"
            + "database:\n  port: 3306\n  name: hactl_demo\n  user: hactl\n  replication:\n    user: repl\n"
            + "services:\n  - name: backend\n";

    @Test
    void onlyTheDatabaseSectionsName_isChanged() {
        assertThat(ReplicaInitBench.withDatabaseName(YML, "hactl_bench"))
                .isEqualTo(YML.replace("  name: hactl_demo\n", "  name: hactl_bench\n"));
    }

    @Test
    void aConfigWithoutDatabaseName_isRefused() {
        assertThatThrownBy(() -> ReplicaInitBench.withDatabaseName("database:\n  port: 3306\nservices:\n  - name: x\n",
                "hactl_bench")).hasMessageContaining("no database.name");
    }

    @Test
    void theDumpsGtid_andHactlsCopySize_areRead() {
        Matcher g = ReplicaInitBench.DUMP_GTID.matcher("-- The deferred gtid setting for slave corresponding to the master-data CHANGE-MASTER"
                + " follows\n--\n-- Preferably use GTID to start replication from GTID"
                + " position:\n\n-- SET GLOBAL gtid_slave_pos='0-1-1234';\n");
        assertThat(g.find()).isTrue();
        assertThat(g.group(1)).isEqualTo("0-1-1234");
        Matcher c = ReplicaInitBench.HACTL_COPY.matcher("   4. n2   copy hactl_bench from n1 ... ok: 1.1 GB in 52.3 s"
                + " (21.5 MB/s), 4 tables, snapshot at GTID 0-1-99 (52 s)");
        assertThat(c.find()).isTrue();
        assertThat(c.group(1)).isEqualTo("1.1 GB");
    }

    @Test
    void hactlsSteps_andTheRest() {
        String out = "      checks passed: ...\n"
                + "   1. n2   stop replication, read-only ... ok: read_only=ON (9 ms)\n"
                + "   2. n2   copy hactl_demo from n1 (one consistent snapshot) ...       ... copy hactl_demo: 1.0 KB\n"
                + "      ... copy hactl_demo: 2.0 KB (50 %)\n"
                + "ok: 3.0 KB in 0.0 s (99 ms)\n"
                + "   4. n2   catch up with n1 (wait at most 60 s) ... ok: has n1's position (0-1-10) (2 ms)\n"
                + "db-replica-init: done.\n";
        assertThat(ReplicaInitBench.steps(out, 1.5)).isEqualTo("stop 9 ms, copy 99 ms, catch 2 ms; the rest 1.39 s"
                + " (JVM start, config, checks over SQL and SSH, db-sync-check)");
    }

    @Test
    void medians_ofOddAndEvenCounts_andRatios() {
        assertThat(BenchData.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(BenchData.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
        assertThat(BenchData.ratios(List.of(new double[] {2, 1}, new double[] {4, 3}))).containsExactly(0.5, 0.75);
        assertThat(BenchData.seconds(List.of(new double[] {2, 1}, new double[] {4, 3}), 1)).containsExactly(1.0, 3.0);
    }
}
