package io.hactl.pair;

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

    /**
     * Issue 12, item 1: a status read released the lock. {@code current()} opened and closed its own
     * descriptor of operation.lock, which dropped the POSIX lock another thread of the same process
     * held, and a second process then took the pair while the first still ran.
     */
    @Test
    void pairLockIsNotReleasedByAStatusRead_twoProcessesNeverOverlap() throws Exception {
        long millis = 3000;
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), LockStress.class.getName(), dir.toString(),
                Long.toString(millis)).redirectErrorStream(true).start();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        Thread reader = new Thread(() -> {
            while (!stop.get()) {
                PairLock.current(dir);
                reads.incrementAndGet();
            }
        });
        reader.start();
        LockStress.Counts here;
        try {
            here = LockStress.contend(dir, millis, "failover");
        } finally {
            stop.set(true);
            reader.join();
        }
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String line = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(line).matches("acquired \\d+ overlaps \\d+");
        String[] f = line.split(" ");
        int otherAcquired = Integer.parseInt(f[1]);
        int otherOverlaps = Integer.parseInt(f[3]);
        assertThat(reads.get()).as("status reads while the two processes contend").isGreaterThan(1000);
        assertThat(here.acquired()).as("acquisitions here").isGreaterThan(10);
        assertThat(otherAcquired).as("acquisitions by the other process").isGreaterThan(10);
        assertThat(here.overlaps() + otherOverlaps).as("times two holders held the pair at once").isZero();
    }

    /** Issue 12, item 1: re-entrant for the thread that holds the pair, refused for another thread. */
    @Test
    void pairLockIsReentrantPerThreadNotPerProcess() throws Exception {
        try (PairLock l = PairLock.acquire(dir, "resync", "aaaa0001", "controller");
             PairLock nested = PairLock.acquire(dir, "db-copy", "aaaa0002", "controller")) {
            java.util.concurrent.CompletableFuture<Throwable> other = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try (PairLock second = PairLock.acquire(dir, "db-master-set", "bbbb0001", "api")) {
                            return null;
                        } catch (Throwable t) {
                            return t;
                        }
                    });
            assertThat(other.get(10, TimeUnit.SECONDS)).isInstanceOf(Refused.class)
                    .hasMessageContaining("another operation runs on the pair: resync aaaa0001 by controller");
        }
        assertThat(PairLock.current(dir)).isEmpty();
    }

    @Test
    void operationKinds() {
        assertThat(PairLock.kindOf("failover")).isEqualTo(Maintenance.Kind.SWITCH);
        assertThat(PairLock.kindOf("master-set")).isEqualTo(Maintenance.Kind.APP);
        assertThat(PairLock.kindOf("node-failover")).isEqualTo(Maintenance.Kind.SWITCH);
        assertThat(PairLock.kindOf("resync")).isEqualTo(Maintenance.Kind.RESYNC);
        assertThat(PairLock.kindOf("backup")).isEqualTo(Maintenance.Kind.BACKUP);
    }
}
