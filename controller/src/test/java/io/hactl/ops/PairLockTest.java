package io.hactl.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.state.Maintenance;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One operation on a pair at a time, across processes; a dead holder releases it; backups only mark. */
class PairLockTest {

    @TempDir
    Path dir;

    private Process holder() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(line).isEqualTo("held");
        return p;
    }

    @Test
    void aSecondOperationIsRefusedNamingTheOneRunning_andTheLockGoesWithItsProcess() throws Exception {
        Process p = holder();
        try {
            assertThat(PairLock.current(dir)).get().satisfies(h -> {
                assertThat(h.operation()).isEqualTo("db-master-set");
                assertThat(h.who()).isEqualTo("alice@ops1");
                assertThat(h.pid()).isEqualTo(p.pid());
                assertThat(h.maintenance().kind()).isEqualTo(Maintenance.Kind.SWITCH);
            });
            assertThatThrownBy(() -> PairLock.acquire(dir, "failover", "ffff0000", "controller"))
                    .isInstanceOf(Refused.class)
                    .hasMessageContaining("another operation runs on the pair: db-master-set a1b2c3d4 by alice@ops1")
                    .satisfies(e -> assertThat(((Refused) e).fix()).contains("wait for it to end"));
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        // killed without cleaning up: the OS released the lock; the holder file stays for the controller's restart
        assertThat(PairLock.current(dir)).isEmpty();
        assertThat(PairLock.holder(dir)).get().extracting(PairLock.Holder::operationId).isEqualTo("a1b2c3d4");
        try (PairLock l = PairLock.acquire(dir, "failover", "ffff0000", "controller")) {
            assertThat(PairLock.current(dir)).get().extracting(PairLock.Holder::operation).isEqualTo("failover");
            // re-entrant within one process (a resync runs db-copy and db-master-set under its own lock)
            try (PairLock nested = PairLock.acquire(dir, "db-master-set", "0000aaaa", "controller")) {
                assertThat(PairLock.current(dir)).get().extracting(PairLock.Holder::operation).isEqualTo("failover");
            }
            assertThat(PairLock.current(dir)).isPresent();
        }
        assertThat(PairLock.current(dir)).isEmpty();
        assertThat(Files.exists(dir.resolve(PairLock.HOLDER_FILE))).isFalse();
    }

    @Test
    void aBackupMarksMaintenanceWithoutExcludingAFailover() {
        PairLock.markMaintenance(dir, "backup", "b0b0b0b0", "root@ops1");
        assertThat(PairLock.maintenance(dir)).singleElement().satisfies(h -> {
            assertThat(h.operation()).isEqualTo("backup");
            assertThat(h.maintenance().kind()).isEqualTo(Maintenance.Kind.BACKUP);
        });
        try (PairLock l = PairLock.acquire(dir, "failover", "ffff0001", "controller")) {
            assertThat(PairLock.current(dir)).isPresent();
        }
        PairLock.clearMaintenance(dir, "b0b0b0b0");
        assertThat(PairLock.maintenance(dir)).isEmpty();
    }

    @Test
    void operationKinds() {
        assertThat(PairLock.kindOf("failover")).isEqualTo(Maintenance.Kind.SWITCH);
        assertThat(PairLock.kindOf("resync")).isEqualTo(Maintenance.Kind.RESYNC);
        assertThat(PairLock.kindOf("backup")).isEqualTo(Maintenance.Kind.BACKUP);
    }
}
