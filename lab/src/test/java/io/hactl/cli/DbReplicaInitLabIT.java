package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.ops.db.ReplicaInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl db-replica-init} on the lab, run in-process as an operator would: n2 with its
 * replication removed and its data dropped becomes a healthy replica (check 0, identical table
 * checksums); the master and a node with a wrong setting are refused, nothing changed. The
 * logical method (--method logical); the physical one: {@link PhysicalRebuildLabIT}.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class DbReplicaInitLabIT {

    @TempDir
    Path tmp;

    private Path cfg;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        cfg = LabConfigs.withOwnState(lab, tmp, yml -> yml);
    }

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    CheckLabIT.Run hactl(String... args) {
        return CheckLabIT.hactlWith(cfg, args);
    }

    /** The lab's replication user, moved aside (its password kept) so that the init has to create its own. */
    static final String REPL = "'repl'@'198.51.100.%'";
    static final String REPL_ASIDE = "'repl'@'198.51.100.254'";

    @Test
    void replicaWithoutReplicationOrData_becomesAHealthyReplica(Lab lab) {
        lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL; SET SESSION sql_log_bin=0; DROP DATABASE hactl_demo;"
                + " RENAME USER " + APP + " TO " + APP_ASIDE);
        for (String n : List.of("n1", "n2")) {
            lab.sqlAsRoot(n, "SET SESSION sql_log_bin=0; RENAME USER " + REPL + " TO " + REPL_ASIDE);
        }
        try {
            initFromScratch(lab);
        } finally {
            for (String n : List.of("n1", "n2")) {
                lab.sqlAsRoot(n, "SET SESSION sql_log_bin=0; DROP USER IF EXISTS 'repl'@'198.51.100.11',"
                        + " 'repl'@'198.51.100.12'; RENAME USER " + REPL_ASIDE + " TO " + REPL);
            }
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; RENAME USER " + APP_ASIDE + " TO " + APP);
        }
    }

    /** The application's account, moved aside on n2: a new server without it. */
    static final String APP = "'app'@'198.51.100.%'";
    static final String APP_ASIDE = "'app'@'198.51.100.253'";

    private void initFromScratch(Lab lab) {
        assertThat(hactl("check").exit()).as("the broken pair is not healthy").isNotZero();

        CheckLabIT.Run dry = hactl("db-replica-init", "--node", "n2", "--method", "logical", "--dry-run");
        assertThat(dry.exit()).as(dry.all()).isZero();
        assertThat(dry.out()).contains("[dry-run]", "checks passed", "copy hactl_demo from n1",
                "n2: advice: accounts on n1 that n2 lacks: 'app'@'198.51.100.%'. db-replica-init copies the database"
                        + " hactl_demo, not the server's accounts");
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME='hactl_demo'").strip()).as("a dry run changes nothing").endsWith("0");

        long t0 = System.nanoTime();
        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "logical");
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.println("[db-replica-init-output]\n" + r.all());
        System.out.printf(Locale.ROOT, "[lab-figure] db-replica-init of n2 (lab sample database) %.2f s%n", seconds);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("checks passed", "replicating from GTID", "db-sync-check: database hactl_demo",
                "verdict:", "n1   create the replication user repl@198.51.100.12", "n2   create the replication user"
                        + " repl@198.51.100.11 (GRANT REPLICATION SLAVE, binary log off)");
        assertThat(lab.sqlAsRoot("n1", "SHOW GRANTS FOR 'repl'@'198.51.100.12'")).contains("REPLICATION SLAVE");
        assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM mysql.user WHERE User='repl' AND Host='198.51.100.11'")
                .strip()).isEqualTo("1");

        CheckLabIT.Run check = hactl("check");
        assertThat(check.exit()).as(check.all()).isZero();
        CheckLabIT.Run sync = hactl("db-sync-check", "--tables");
        assertThat(sync.exit()).as(sync.all()).isZero();
        assertThat(sync.out()).contains("all the same");

        List<OperationEntry> log = new TransitionLog(tmp.resolve("state")).read(OperationEntry.class).stream()
                .filter(e -> ReplicaInit.NAME.equals(e.operation())).toList();
        assertThat(log).anyMatch(e -> e.event() == Event.OPERATION_END && "ok".equals(e.result()));
        assertThat(log).anyMatch(e -> e.event() == Event.STEP_END && e.step().startsWith("copy hactl_demo"));
        assertThat(r.all()).doesNotContain(lab.appPassword());

        // n2 made master before n1 writes again: its own transactions must reach n1 (a binlog state
        // left empty by RESET MASTER numbered them from 0-2-1, below n1's 0-1-N: silently skipped)
        CheckLabIT.Run sw = hactl("db-master-set", "--node", "n2");
        assertThat(sw.exit()).as(sw.all()).isZero();
        String note = "written on n2 after its init " + System.nanoTime();
        lab.sqlAsRoot("n2", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('" + note + "')");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                assertThat(lab.sqlAsRoot("n1", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='" + note
                        + "'").strip()).as("n1, now n2's replica, has n2's write").endsWith("1"));
        assertThat(hactl("check").exit()).isZero();
    }

    @Test
    void aRefusalAfterTheSettingsChecks_createsNoUser(Lab lab) throws Exception {
        Files.writeString(cfg, Files.readString(cfg).replaceAll("(?m)^  name: hactl_demo$", "  name: no_such_db"));
        for (String n : List.of("n1", "n2")) {
            lab.sqlAsRoot(n, "SET SESSION sql_log_bin=0; RENAME USER " + REPL + " TO " + REPL_ASIDE);
        }
        try {
            CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2", "--method", "logical");
            assertThat(r.exit()).as(r.all()).isEqualTo(2);
            assertThat(r.out()).contains("checks passed", "REFUSED: database no_such_db does not exist on n1",
                    "nothing was changed").doesNotContain("create the replication user");
            for (String n : List.of("n1", "n2")) {
                assertThat(lab.sqlAsRoot(n, "SELECT COUNT(*) FROM mysql.user WHERE User='repl'").strip())
                        .as("only the lab's user, moved aside, on " + n).endsWith("1");
            }
        } finally {
            for (String n : List.of("n1", "n2")) {
                lab.sqlAsRoot(n, "SET SESSION sql_log_bin=0; DROP USER IF EXISTS 'repl'@'198.51.100.11',"
                        + " 'repl'@'198.51.100.12'; RENAME USER " + REPL_ASIDE + " TO " + REPL);
            }
        }
    }

    @Test
    void theMaster_isRefused_nothingChanged(Lab lab) {
        CheckLabIT.Run r = hactl("db-replica-init", "--node", "n1");
        assertThat(r.exit()).as(r.all()).isEqualTo(2);
        assertThat(r.out()).contains("REFUSED: n1 is the master", "holds the DB VIP", "nothing was changed");
        assertThat(lab.sqlAsRoot("n1", "SELECT @@read_only").strip()).endsWith("0");
        assertThat(hactl("check").exit()).isZero();
    }

    @Test
    void sameServerId_isRefused_withTheSettingNamed(Lab lab) {
        String before = lab.sqlAsRoot("n2", "SELECT @@server_id").strip();
        try {
            lab.sqlAsRoot("n2", "SET GLOBAL server_id=1");
            CheckLabIT.Run r = hactl("db-replica-init", "--node", "n2");
            assertThat(r.exit()).as(r.all()).isEqualTo(2);
            assertThat(r.out()).contains("n2: server_id is 1, the same as n1's: add `server_id = 2` under [mysqld]"
                    + " in n2's my.cnf and restart it", "nothing was changed");
        } finally {
            lab.sqlAsRoot("n2", "SET GLOBAL server_id=" + Long.parseLong(before));
        }
    }
}
