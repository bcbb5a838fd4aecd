package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.bench.ReadOnlySampler;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The switchover check that matters most: a client writes numbered rows through the DB
 * VIP as the application user while db-master-set runs back and forth ({@link #SWITCHES}
 * times in CI, 20 with {@code -Dhactl.lab.switches=20}; bench/switchover.sh does more, with
 * the same checks). Every row the client was told was committed must be on both nodes exactly
 * once, both nodes must end at the same GTID position, and both nodes must never have been
 * writable at once.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class SwitchoverLabIT {

    /**
     * Switches in one run: 6 by default, three round trips (each switch ~4 s here: it restarts the
     * application's services on n1 with the writer and the read_only sampler running; 20 took ~100 s of
     * the CI suite's time for the same checks), more with {@code -Dhactl.lab.switches=N} (an even N ends
     * where it started).
     */
    static final int SWITCHES = Integer.getInteger("hactl.lab.switches", 6);

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    @Test
    void switchesBackAndForthUnderAWriterLoseNothingAndNeverHaveTwoWritableNodes(Lab lab) throws Exception {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        String writerId = "it-" + System.currentTimeMillis();
        String hactlPassword = Files.readString(lab.dir().resolve("secrets/hactl.password")).strip();
        List<Long> gaps = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        List<Long> acked;
        List<Long> foundOnRetry;
        List<String> bothWritable;
        long samples;
        ReadOnlySampler sampler = new ReadOnlySampler("198.51.100.11", "198.51.100.12", 3306, "hactl", hactlPassword);
        NumberedWriter w = new NumberedWriter("198.51.100.89", 3306, "app", lab.appPassword(), writerId);
        try (ReadOnlySampler s = sampler.start(); NumberedWriter ww = w.start()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> w.count() >= 50);
            for (int i = 0; i < SWITCHES; i++) {
                String target = i % 2 == 0 ? "n2" : "n1";
                long t0 = System.nanoTime();
                CheckLabIT.Run r = CheckLabIT.hactl("db-master-set", "--node", target, "--config", lab.config().toString());
                long t1 = System.nanoTime();
                System.out.printf("switch %d to %s: exit %d, %d ms, writer %d rows, last error %s%n%s", i + 1, target,
                        r.exit(), (t1 - t0) / 1_000_000, w.count(), w.lastError(), r.out());
                assertThat(r.exit()).as("switch %d to %s:%n%s%s", i + 1, target, r.out(), r.err()).isZero();
                int before = w.count();
                await().atMost(Duration.ofSeconds(10)).alias("writes after switch " + (i + 1) + " (last error: " + w.lastError() + ")")
                        .until(() -> w.count() >= before + 20);
                gaps.add(w.longestGap(t0, t1).toMillis());
                times.add((t1 - t0) / 1_000_000);
            }
        }
        // the writer and the sampler have stopped (closed above): their records are final
        acked = w.acknowledged();
        foundOnRetry = w.foundOnRetry();
        bothWritable = sampler.bothWritable();
        samples = sampler.samples();
        System.out.printf("read_only sampler: %d samples, %d failed reads (killed sessions), both writable: %s%n",
                samples, sampler.failures(), bothWritable);
        System.out.printf("writer: %d rows acknowledged, %d found committed on a retry, %d errors, %d connections%n",
                acked.size(), foundOnRetry.size(), w.errors(), w.connects());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> CheckLabIT.hactl("db-sync-check", "--config", lab.config().toString()).exit() == 0);
        assertThat(DbLab.sql(lab, "n1", "SELECT @@gtid_binlog_pos")).isEqualTo(DbLab.sql(lab, "n2", "SELECT @@gtid_binlog_pos"));
        long lastAcked = acked.get(acked.size() - 1);
        for (String node : List.of("n1", "n2")) {
            List<Long> rows = numbers(lab.sqlAsRoot(node, "SELECT n FROM hactl_demo.switch_writes WHERE writer='"
                    + writerId + "' ORDER BY n"));
            Set<Long> distinct = new HashSet<>(rows);
            assertThat(distinct).as("rows on %s are unique", node).hasSize(rows.size());
            assertThat(distinct).as("every acknowledged row is on %s", node).containsAll(acked);
            // at most the one insert in flight when the writer stopped may be there unacknowledged
            Set<Long> extra = new HashSet<>(distinct);
            extra.removeAll(acked);
            assertThat(extra).as("rows on %s nobody was told about", node).isSubsetOf(Set.of(lastAcked + 1));
        }
        assertThat(bothWritable).as("instants both nodes were writable").isEmpty();
        assertThat(samples).as("read_only samples taken").isGreaterThan(10_000);
        List<Long> sortedGaps = new ArrayList<>(gaps);
        Collections.sort(sortedGaps);
        List<Long> sortedTimes = new ArrayList<>(times);
        Collections.sort(sortedTimes);
        System.out.printf("%d switches: longest write gap per switch min %d ms, median %d ms, max %d ms;"
                        + " command min %d ms, median %d ms, max %d ms%n", SWITCHES, sortedGaps.get(0),
                sortedGaps.get(SWITCHES / 2), sortedGaps.get(SWITCHES - 1), sortedTimes.get(0),
                sortedTimes.get(SWITCHES / 2), sortedTimes.get(SWITCHES - 1));
        System.out.println("gaps (ms): " + gaps);
    }

    static List<Long> numbers(String tsv) {
        return Arrays.stream(tsv.strip().split("\n")).filter(s -> !s.isBlank()).map(s -> Long.valueOf(s.strip())).toList();
    }
}
