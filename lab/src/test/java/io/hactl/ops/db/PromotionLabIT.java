package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.bench.NumberedWriter;
import io.hactl.config.ConfigLoader;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.db.JdbcDbAdmin;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import io.hactl.node.NodeShells;
import io.hactl.ops.OperationRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failover an operator acknowledges ({@link Failover}, what the controller runs on an ack),
 * against the real lab, with a client writing numbered rows through the DB VIP as the
 * application's user: issue 13's defects 4 (a failover that cannot finish starts by breaking
 * things) and 5 (the dead master's binary log is salvaged, so no acknowledged row is lost).
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PromotionLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private HactlConfig cfg;
    private NodeShells shells;
    private NumberedWriter writer;
    private StringWriter out;
    private OperationRunner runner;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        cfg = ConfigLoader.load(LabConfigs.withOwnState(lab, tmp, yml -> yml));
        shells = new NodeShells();
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        out = new StringWriter();
        runner = new OperationRunner(new TransitionLog(cfg.stateDirectory()), new PrintWriter(out, true),
                cfg.clusterName(), "lab-test", "PromotionLabIT", false);
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "promo-" + System.nanoTime(),
                Duration.ofMillis(3), Duration.ofMillis(50)).start();
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
        System.out.println("[operation output]\n" + out);
        lab.heal();
    }

    private Failover failover() {
        return new Failover(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()));
    }

    private NodeConfig node(String name) {
        return cfg.node(name).orElseThrow();
    }

    @Test
    @DisplayName("Defect 4: a failover that cannot finish starts by breaking things — SQL thread stopped, master killed:"
            + " the SQL thread is started, the failover completes, exactly one node holds the DB VIP")
    void aFailoverThatCannotFinishDoesNotStartByBreakingThings(Lab lab) {
        sql(lab, "n2", "STOP SLAVE SQL_THREAD");
        awaitWrites(50);
        writer.close();
        List<Long> acked = writer.acknowledged();
        // n2 received every row (its relay log) and applied none of those since the stop
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                lab.replicaStatus("n2").get("Gtid_IO_Pos").equals(sql(lab, "n1", "SELECT @@gtid_binlog_pos")));
        assertThat(lab.replicaStatus("n2").get("Slave_SQL_Running")).isEqualTo("No");
        lab.killMariadb("n1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !"Yes".equals(lab.replicaStatus("n2").get("Slave_IO_Running")));

        int exit = failover().run(runner, node("n2"), "n2 has received everything; its SQL thread is stopped");

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("start the SQL thread");
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(holdsVip(lab, "n2")).as("n2 holds the DB VIP").isTrue();
        assertThat(holdsVip(lab, "n1")).as("n1 holds the DB VIP").isFalse();
        assertAllOn(lab, "n2", acked);
    }

    @Test
    @DisplayName("Defect 5: the dead master's binary log is read and what the replica lacks applied before promotion:"
            + " 0 acknowledged rows lost")
    void aDeadMastersBinaryLogIsSalvagedSoNoAcknowledgedRowIsLost(Lab lab) {
        // a db command reads both nodes (as every one does): hactl remembers where n1's binary log is
        assertThat(new DbMasterSet(cfg, shells::forNode, n -> JdbcDbAdmin.connect(n, cfg.database()))
                .run(runner, node("n1"), new SwitchPlanner.Options(false, false, Duration.ofSeconds(10)))).isZero();
        sql(lab, "n2", "STOP SLAVE IO_THREAD");
        awaitWrites(100);
        lab.killMariadb("n1");
        writer.close();
        List<Long> acked = writer.acknowledged();
        int onN2 = Integer.parseInt(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='"
                + writer.writer() + "'"));
        assertThat(onN2).as("rows n2 received before its IO thread stopped").isLessThan(acked.size() - 50);

        int exit = failover().run(runner, node("n2"), "n2 lacks what n1 wrote after n2's IO thread stopped");

        assertAllOn(lab, "n2", acked);
        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("read n1's binary log");
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(holdsVip(lab, "n2")).isTrue();
        assertThat(holdsVip(lab, "n1")).isFalse();
    }

    @Test
    @DisplayName("Issue 20, promote then verify: master killed — n2 writable and the DB VIP added on it before the ARP"
            + " check that only n2 answers, in the transition log's order; no ARP question before the first change")
    void promoteThenVerify_writableAndTheVipBeforeTheArpCheckInTheLogsOrder(Lab lab) {
        lab.killMariadb("n1");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> !"Yes".equals(lab.replicaStatus("n2").get("Slave_IO_Running")));

        int exit = failover().run(runner, node("n2"), "PromotionLabIT");

        assertThat(exit).as(out.toString()).isZero();
        List<String> ended = new TransitionLog(cfg.stateDirectory()).read(OperationEntry.class).stream()
                .filter(e -> e.event() == TransitionEntry.Event.STEP_END && "ok".equals(e.result()))
                .map(e -> e.node() + " " + e.step()).toList();
        int writable = indexOf(ended, "n2 set read_only=OFF");
        int vip = indexOf(ended, "n2 add DB VIP");
        int check = indexOf(ended, "n2 check that no other MAC answers ARP");
        assertThat(writable).as(ended.toString()).isLessThan(vip);
        assertThat(vip).as(ended.toString()).isLessThan(check);
        assertThat(out.toString()).as("n1's shell answers: nobody is asked who answers ARP before the change")
                .doesNotContain("who answers ARP for the DB VIP (asked from n2)");
        assertThat(sql(lab, "n2", "SELECT @@read_only")).isEqualTo("0");
        assertThat(holdsVip(lab, "n2")).isTrue();
        assertThat(holdsVip(lab, "n1")).isFalse();
    }

    private static int indexOf(List<String> steps, String prefix) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step '" + prefix + "' ended ok in " + steps);
    }

    private void awaitWrites(int more) {
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).alias("writes through the DB VIP")
                .until(() -> writer.count() >= before + more);
    }

    private void assertAllOn(Lab lab, String node, List<Long> acked) {
        Set<Long> missing = new HashSet<>(acked);
        for (String n : sql(lab, node, "SELECT n FROM hactl_demo.switch_writes WHERE writer='" + writer.writer() + "'")
                .split("\n")) {
            if (!n.isBlank()) {
                missing.remove(Long.valueOf(n.strip()));
            }
        }
        assertThat(missing).as("acknowledged rows missing on %s (of %d)", node, acked.size()).isEmpty();
    }

    private static boolean holdsVip(Lab lab, String node) {
        return lab.nsExec(node, "ip", "-4", "-o", "addr", "show", "dev", "eth0").out().contains(DB_VIP + "/");
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }
}
