package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.DbState;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShells;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The out-of-date node rebuilt from the master while a client writes through the DB VIP the
 * whole time: every row the master acknowledged, before, during and after the copy, ends up
 * on the rebuilt node (the old copy + --force-sync lost the rows committed during the copy),
 * the node's errant row is gone, both nodes' tables have the same checksums and replication
 * runs without error.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class ResyncLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final Duration WAIT = Duration.ofSeconds(60);
    /** Enough data that the copy takes a while under writes: commits land between its snapshot and its end. */
    static final int BULK_ROWS = 300_000;

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private NumberedWriter writer;
    private NodeShells shells;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        // the logical method (the physical one: PhysicalRebuildLabIT)
        cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, LabConfigs::withoutDatabaseServer));
        shells = new NodeShells();
        lab.sqlAsRoot("n1", "USE hactl_demo; " + NumberedWriter.TABLE_DDL + "; DROP TABLE IF EXISTS hactl_demo.resync_bulk;"
                + " CREATE TABLE hactl_demo.resync_bulk (id INT PRIMARY KEY, v VARCHAR(64));"
                + " INSERT INTO hactl_demo.resync_bulk SELECT seq, MD5(seq) FROM seq_1_to_" + BULK_ROWS);
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "resync-" + System.nanoTime()).start();
        awaitWrites(20);
    }

    @AfterEach
    void tearDown(Lab lab) {
        if (writer != null) {
            writer.close();
        }
        if (shells != null) {
            shells.close();
        }
        lab.sqlAsRoot("n1", "DROP TABLE IF EXISTS hactl_demo.resync_bulk");
        lab.heal();
    }

    @Test
    void outOfDateNode_rebuiltUnderWrites_hasEveryAcknowledgedRow_noErrantRow_replicates(Lab lab) {
        // Master failure (II): n2 took a write of its own and stopped replicating; n1 moves on
        lab.sqlAsRoot("n2", "SET GLOBAL read_only=0; INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant on n2');"
                + " SET GLOBAL read_only=1; STOP SLAVE; RESET SLAVE ALL;");
        awaitWrites(50);
        NodeConfig n1 = cfg.node("n1").orElseThrow();
        NodeConfig n2 = cfg.node("n2").orElseThrow();
        StringWriter out = new StringWriter();
        OperationRunner runner = new OperationRunner(new TransitionLog(cfg.stateDirectory()), new PrintWriter(out, true),
                cfg.clusterName(), "lab-test", "ResyncLabIT", false);

        // the node holding the DB VIP (the master) is never the one rebuilt: refused, nothing changed
        Resync resync = new Resync(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()));
        assertThat(resync.run(runner, n1, n2)).as(out.toString()).isEqualTo(2);
        assertThat(out.toString()).contains("REFUSED: n1 holds the DB VIP " + DB_VIP).contains("nothing was changed");
        assertThat(sql(lab, "n1", "SELECT @@read_only")).isEqualTo("0");

        int before = writer.count();
        long t0 = System.nanoTime();
        int exit = resync.run(runner, n2, n1);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int during = writer.count() - before;
        System.out.println("[resync-output]\n" + out);
        System.out.printf(Locale.ROOT, "[lab-figure] resync of n2 (hactl_demo, %d bulk rows) %.2f s, %d rows acknowledged"
                + " by n1 meanwhile%n", BULK_ROWS, seconds, during);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(during).as("the writer went on through the DB VIP during the rebuild").isGreaterThan(10);

        awaitWrites(50);
        writer.close();
        List<Long> acked = writer.acknowledged();
        String w = writer.writer();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(checksums(lab, "n2")).isEqualTo(checksums(lab, "n1")));

        long max = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
        // numbers are acknowledged in order, 1..max: every one of them is on n2 once
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='" + w + "' AND n <= " + max))
                .isEqualTo(String.valueOf(acked.size()));
        assertThat(acked).hasSize((int) max);
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='errant on n2'")).isEqualTo("0");
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.resync_bulk")).isEqualTo(String.valueOf(BULK_ROWS));
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("1");

        try (JdbcDbAdmin a = JdbcDbAdmin.connect(n2, cfg.database())) {
            DbState s = a.state();
            assertThat(s.replicatesFrom(n1.address())).as(s.replicationWords()).isTrue();
            assertThat(s.replica().running()).as(s.replicationWords()).isTrue();
            assertThat(s.replica().lastSqlErrno()).isZero();
            assertThat(s.replica().lastIoErrno()).isZero();
            // no GTID of n2's own (the copy ran with the binary log off): its binlog holds replicated ones only
            assertThat(List.of(s.gtidBinlogState().split(","))).filteredOn(g -> !g.isBlank())
                    .noneMatch(g -> g.strip().split("-")[1].equals(String.valueOf(s.serverId())));
        }

        List<OperationEntry> log = new TransitionLog(cfg.stateDirectory()).read(OperationEntry.class);
        List<OperationEntry> entries = log.stream().filter(e -> Resync.NAME.equals(e.operation())).toList();
        assertThat(entries).anyMatch(e -> e.event() == Event.REFUSED && e.detail().contains("n1 holds the DB VIP"));
        assertThat(entries).anyMatch(e -> e.event() == Event.OPERATION_START);
        assertThat(entries).anyMatch(e -> e.event() == Event.STEP_END && "ok".equals(e.result())
                && e.step().startsWith("copy hactl_demo") && e.detail().contains("snapshot at GTID"));
        assertThat(entries).filteredOn(e -> e.event() == Event.STEP_END).allMatch(e -> "ok".equals(e.result()));
        assertThat(entries).anyMatch(e -> e.event() == Event.OPERATION_END && "ok".equals(e.result()));
        assertThat(out.toString()).doesNotContain(lab.appPassword());
    }

    private void awaitWrites(int more) {
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> writer.count() > before + more);
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    /** CHECKSUM TABLE of every base table of hactl_demo, "table checksum" per line. */
    static List<String> checksums(Lab lab, String node) {
        String tables = sql(lab, node, "SELECT GROUP_CONCAT(CONCAT('`hactl_demo`.`', TABLE_NAME, '`') ORDER BY"
                + " TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='hactl_demo' AND TABLE_TYPE='BASE TABLE'");
        List<String> rows = new ArrayList<>();
        for (String line : sql(lab, node, "CHECKSUM TABLE " + tables).split("\n")) {
            String[] f = line.split("\t");
            rows.add(f[0] + " " + f[1]);
        }
        return rows;
    }
}
