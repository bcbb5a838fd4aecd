package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: the controller's watch on the master, with the real session ({@link SqlSessions}) against the
 * lab's MariaDB on n1. Held past the server's {@code connect_timeout} it wakes nobody and leaves no
 * "Aborted connection" warning in n1's error log (a bare TCP connection left one every 10 s); kill -9 of
 * n1's mariadbd wakes the prober within a fraction of a second.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class MasterWatchLabIT {

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private MasterWatch watch;
    private final AtomicInteger wakes = new AtomicInteger();
    private final AtomicInteger wakeMillis = new AtomicInteger(-1);

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, yml -> yml));
    }

    @AfterEach
    void tearDown(Lab lab) {
        if (watch != null) {
            watch.close();
        }
        lab.heal();
    }

    private MasterWatch.Target n1() {
        return new MasterWatch.Target(cfg.node("n1").orElseThrow().address(), cfg.database().port());
    }

    /** The watch's sessions on n1 now: the probes' user waiting in SELECT SLEEP. */
    private int watchSessions(DbProber prober) throws Exception {
        try (Connection c = prober.connect(n1().host()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <>"
                     + " CONNECTION_ID() AND USER = '" + cfg.database().user() + "' AND INFO LIKE 'SELECT SLEEP(%'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private int connectTimeoutSeconds(DbProber prober) throws Exception {
        try (Connection c = prober.connect(n1().host()); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT @@connect_timeout")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void heldPastTheServersConnectTimeout_wakesNobodyAndLeavesNoAbortedConnectionWarning(Lab lab) throws Exception {
        DbProber prober = new DbProber(cfg.database());
        Path errorLog = lab.dir().resolve("n1/mysql/error.log");
        int linesBefore = Files.readAllLines(errorLog).size();
        int connectTimeout = connectTimeoutSeconds(prober);

        watch = new MasterWatch(this::n1, wakes::incrementAndGet, new SqlSessions(prober)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> watchSessions(prober) == 1);
        await().during(Duration.ofSeconds(connectTimeout + 2)).atMost(Duration.ofSeconds(connectTimeout + 10))
                .until(() -> wakes.get() == 0);
        assertThat(watchSessions(prober)).as("still one session, the same kind").isEqualTo(1);
        watch.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> watchSessions(prober) == 0);

        List<String> added = Files.readAllLines(errorLog).stream().skip(linesBefore).toList();
        assertThat(added).as("n1's error log while the watch held its session and ended it")
                .noneMatch(l -> l.contains("unauthenticated"))
                .noneMatch(l -> l.contains("Aborted connection") && l.contains("user: '" + cfg.database().user() + "'"));
    }

    @Test
    void killOfTheMastersServer_wakesTheProberAtOnce(Lab lab) throws Exception {
        DbProber prober = new DbProber(cfg.database());
        java.util.concurrent.atomic.AtomicLong killedAt = new java.util.concurrent.atomic.AtomicLong();
        watch = new MasterWatch(this::n1, () -> {
            if (wakes.getAndIncrement() == 0 && killedAt.get() != 0) {
                wakeMillis.set((int) ((System.nanoTime() - killedAt.get()) / 1_000_000));
            }
        }, new SqlSessions(prober)).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> watchSessions(prober) == 1);
        assertThat(wakes.get()).isZero();

        killedAt.set(System.nanoTime());
        assertThat(lab.killMariadb("n1")).isTrue();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(5)).until(() -> wakeMillis.get() >= 0);
        System.out.println("[lab-figure] kill -9 of n1's mariadbd -> the watch woke the prober in " + wakeMillis.get()
                + " ms");
        assertThat(wakeMillis.get()).as("ms from the kill to the wake").isLessThan(1000);
    }
}
