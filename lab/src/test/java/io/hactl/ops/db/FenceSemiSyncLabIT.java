package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShells;
import io.hactl.selffence.NodeFencer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master cut off from its semi-synchronous replica holds each commit until the replica acknowledges it, for up to
 * {@code rpl_semi_sync_master_timeout} (10 s in the lab), then acknowledges it alone; and {@code SET GLOBAL
 * read_only} waits behind such a commit. A fence that set read_only first waited those 10 s and the commit was then
 * acknowledged to its client without the replica having it: lost at the failover (CoordinationLabIT's self-fence
 * failed so, 2026-12-07). The fence ends client sessions first.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class FenceSemiSyncLabIT {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("n1 cut off from n2 while a client's commit waits for n2's acknowledgement: n1's self-fence ends that"
            + " session before read_only — the client gets an error, never an acknowledgement; n1 read-only, its fence"
            + " done, while the commit's wait had not run out")
    void aCommitWaitingForTheReplicaIsEndedByTheFence_neverAcknowledged(Lab lab) throws Exception {
        HactlConfig cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, yml -> yml));
        lab.sqlAsRoot("n1", "CREATE TABLE IF NOT EXISTS hactl_demo.fence_probe (id INT PRIMARY KEY AUTO_INCREMENT,"
                + " v INT)");
        await().atMost(Duration.ofSeconds(30)).until(() -> lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM"
                + " information_schema.tables WHERE table_schema='hactl_demo' AND table_name='fence_probe'").strip()
                .equals("1"));
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", lab.appPassword());
        p.setProperty("connectTimeout", "2000");
        p.setProperty("socketTimeout", "15000");
        p.setProperty("sslMode", "DISABLED");
        try (NodeShells shells = new NodeShells()) {
            lab.linkDown("n2");
            // on n1's own address (the fence removes the DB VIP first: the end of a session on it would not reach us)
            try (Connection c = DriverManager.getConnection("jdbc:mysql://" + cfg.node("n1").orElseThrow().address()
                    + ":3306/hactl_demo", p)) {
                long t0 = System.nanoTime();
                CompletableFuture<String> insert = CompletableFuture.supplyAsync(() -> {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("INSERT INTO hactl_demo.fence_probe (v) VALUES (1)");
                        return "acknowledged";
                    } catch (SQLException e) {
                        return "error: " + e.getMessage();
                    }
                });
                await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> lab.sqlAsRoot("n1",
                        "SELECT COUNT(*) FROM information_schema.processlist WHERE state LIKE 'Waiting for semi-sync%'")
                        .strip().equals("1"));

                StringWriter out = new StringWriter();
                String done = new NodeFencer(cfg, cfg.node("n1").orElseThrow(), new TransitionLog(cfg.stateDirectory()),
                        new PrintWriter(out, true), shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()), null)
                        .fence("FenceSemiSyncLabIT: n1 cut off from n2");
                long fencedMs = (System.nanoTime() - t0) / 1_000_000;
                System.out.println(out);
                System.out.printf("[lab-figure] commit waiting for n2's acknowledgement -> n1 fenced %d ms%n", fencedMs);

                assertThat(insert.get(5, TimeUnit.SECONDS)).as("the waiting commit's client").startsWith("error:");
                assertThat(done).contains("read-only, ended");
                assertThat(out.toString()).contains("end client sessions, read-only (if writable) ... ok: ended 1");
                assertThat(lab.sqlAsRoot("n1", "SELECT @@read_only").strip()).isEqualTo("1");
                assertThat(fencedMs).as("fenced while the commit still waited (rpl_semi_sync_master_timeout 10 s)")
                        .isLessThan(10_000);
            } finally {
                lab.linkUp("n2");
            }
        } finally {
            await().atMost(Duration.ofSeconds(30)).until(() -> lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM"
                    + " hactl_demo.fence_probe").strip().equals(lab.sqlAsRoot("n1", "SELECT COUNT(*) FROM"
                    + " hactl_demo.fence_probe").strip()));
            lab.sqlAsRoot("n1", "SET GLOBAL read_only=OFF");
            lab.sqlAsRoot("n1", "DROP TABLE IF EXISTS hactl_demo.fence_probe");
        }
    }
}
