package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, defect 1: a client holding SUPER / READ_ONLY ADMIN (the lab's {@code hactl} user has
 * ALL PRIVILEGES) is not stopped by MariaDB's read_only. Two clients write numbered rows through
 * the DB VIP during db-master-set both ways: the privileged one and the application's user. Every
 * row either was told was committed must be on the new master, and the old master must have
 * nothing the new one lacks (else the switch fails at its end, or a row is lost).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PrivilegedWriterSwitchoverLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final int ROUNDS = 3;

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    @Test
    @DisplayName("A planned switch strands writes from a privileged client: never again, either way")
    void aPlannedSwitchStrandsNoWriteFromAPrivilegedClient(Lab lab) throws Exception {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        String hactlPassword = Files.readString(lab.dir().resolve("secrets/hactl.password")).strip();
        String run = Long.toString(System.currentTimeMillis(), 36);
        NumberedWriter privileged = new NumberedWriter(DB_VIP, 3306, "hactl", hactlPassword, "super-" + run,
                Duration.ofMillis(3), Duration.ofMillis(20));
        NumberedWriter app = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "app-" + run,
                Duration.ofMillis(3), Duration.ofMillis(20));
        try (NumberedWriter p = privileged.start(); NumberedWriter a = app.start()) {
            awaitWrites(p, a, 30);
            for (int i = 0; i < 2 * ROUNDS; i++) {
                String target = i % 2 == 0 ? "n2" : "n1";
                String old = i % 2 == 0 ? "n1" : "n2";
                CheckLabIT.Run r = DbLab.masterSet(lab, target);
                assertThat(r.exit()).as("switch %d to %s:%n%s%s", i + 1, target, r.out(), r.err()).isZero();
                assertThat(r.out()).contains("block every write (FLUSH TABLES WITH READ LOCK",
                        "check that nothing landed on " + old);
                awaitWrites(p, a, 20);
            }
        }
        // both writers have stopped: what they were told is final
        List<Long> superAcked = privileged.acknowledged();
        List<Long> appAcked = app.acknowledged();
        System.out.printf("privileged writer: %d acknowledged, %d errors; app writer: %d acknowledged, %d errors%n",
                superAcked.size(), privileged.errors(), appAcked.size(), app.errors());
        // the pair ends with n1 the master again (an even number of switches): every acknowledged row is there
        assertRowsOn(lab, "n1", privileged.writer(), superAcked);
        assertRowsOn(lab, "n1", app.writer(), appAcked);
        // and the old master (n2, a replica again) has nothing the master lacks
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(DbLab.sql(lab, "n2", "SELECT @@gtid_binlog_pos"))
                        .isEqualTo(DbLab.sql(lab, "n1", "SELECT @@gtid_binlog_pos")));
        assertRowsOn(lab, "n2", privileged.writer(), superAcked);
        assertRowsOn(lab, "n2", app.writer(), appAcked);
        assertThat(DbLab.hactl(lab, "db-sync-check").exit()).isZero();
    }

    private static void awaitWrites(NumberedWriter p, NumberedWriter a, int more) {
        int pb = p.count();
        int ab = a.count();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                .alias("both writers write again (privileged: " + p.lastError() + "; app: " + a.lastError() + ")")
                .until(() -> p.count() >= pb + more && a.count() >= ab + more);
    }

    private static void assertRowsOn(Lab lab, String node, String writer, List<Long> acked) {
        List<Long> rows = SwitchoverLabIT.numbers(lab.sqlAsRoot(node, "SELECT n FROM hactl_demo.switch_writes WHERE writer='"
                + writer + "' ORDER BY n"));
        Set<Long> missing = new HashSet<>(acked);
        rows.forEach(missing::remove);
        assertThat(missing).as("acknowledged rows of %s missing on %s", writer, node).isEmpty();
        assertThat(new HashSet<>(rows)).as("rows of %s on %s are unique", writer, node).hasSize(rows.size());
    }
}
