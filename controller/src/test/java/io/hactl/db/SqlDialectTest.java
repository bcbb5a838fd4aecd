package io.hactl.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The statements hactl sends, as text: MariaDB (also run live in the lab) and MySQL (text only: no server here). */
class SqlDialectTest {

    static final ReplicationSource SOURCE = new ReplicationSource("198.51.100.12", 3306, "repl",
            new Sql.Hidden("s3cr'et"));

    static List<String> shown(List<Sql> sql) {
        return sql.stream().map(Sql::shown).toList();
    }

    @Test
    void mariadb() {
        SqlDialect d = SqlDialect.of(Flavor.MARIADB, "10.11.19-MariaDB");
        assertThat(d).isInstanceOf(MariaDbDialect.class);
        assertThat(shown(d.setReadOnly(true))).containsExactly("SET GLOBAL read_only = ON");
        assertThat(shown(d.setReadOnly(false))).containsExactly("SET GLOBAL read_only = OFF");
        assertThat(d.waitForGtid("0-1-42", Duration.ofSeconds(10)).shown()).isEqualTo("SELECT MASTER_GTID_WAIT('0-1-42', 10.0)");
        assertThat(d.waitForGtid("0-1-42", Duration.ofMillis(1500)).shown()).isEqualTo("SELECT MASTER_GTID_WAIT('0-1-42', 1.5)");
        assertThat(d.stopReplication().text()).isEqualTo("STOP SLAVE");
        // a semi-sync replica's STOP first connects to its (maybe gone) master: for 1 s at most, then as before
        assertThat(shown(d.semiSyncReplicaPause())).containsExactly("SET @hactl_kill_conn_timeout ="
                + " @@GLOBAL.rpl_semi_sync_slave_kill_conn_timeout, GLOBAL rpl_semi_sync_slave_kill_conn_timeout = 1");
        assertThat(shown(d.semiSyncReplicaRestore())).containsExactly(
                "SET GLOBAL rpl_semi_sync_slave_kill_conn_timeout = @hactl_kill_conn_timeout");
        assertThat(d.stopIoThread().text()).isEqualTo("STOP SLAVE IO_THREAD");
        assertThat(d.resetReplication().text()).isEqualTo("RESET SLAVE ALL");
        assertThat(d.startReplication().text()).isEqualTo("START SLAVE");
        assertThat(shown(d.pointAt(SOURCE, "0-1-42"))).containsExactly(
                "SET GLOBAL gtid_slave_pos = '0-1-42'",
                "CHANGE MASTER TO MASTER_HOST = '198.51.100.12', MASTER_PORT = 3306, MASTER_USER = 'repl',"
                        + " MASTER_PASSWORD = '******', MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1,"
                        + " MASTER_HEARTBEAT_PERIOD = 1");
        assertThat(shown(d.forgetHistory("0-2-9"))).containsExactly("RESET MASTER",
                "SET GLOBAL gtid_binlog_state = '0-2-9'");
        assertThat(shown(d.forgetHistory(""))).containsExactly("RESET MASTER");
        assertThat(d.replicaStatus().text()).isEqualTo("SHOW SLAVE STATUS");
        assertThat(d.kill(42).text()).isEqualTo("KILL CONNECTION 42");
        assertThat(d.lockWaitTimeout(Duration.ofMillis(500)).text()).isEqualTo("SET SESSION lock_wait_timeout = 1");
        assertThat(d.checksum("hactl_demo", "a`b").text()).isEqualTo("CHECKSUM TABLE `hactl_demo`.`a``b`");
        assertThat(d.readState().text()).contains("@@gtid_binlog_pos", "@@gtid_binlog_state", "@@gtid_slave_pos",
                "@@log_slave_updates");
        assertThat(d.readOnlyFromOptionFile().text()).contains("GLOBAL_VALUE_ORIGIN = 'CONFIG'");
    }

    @Test
    void mysql80Latest() {
        SqlDialect d = SqlDialect.of(Flavor.MYSQL, "8.0.36");
        assertThat(shown(d.setReadOnly(true))).containsExactly("SET GLOBAL super_read_only = ON");
        assertThat(shown(d.setReadOnly(false))).containsExactly("SET GLOBAL super_read_only = OFF",
                "SET GLOBAL read_only = OFF");
        assertThat(d.waitForGtid("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", Duration.ofSeconds(10)).shown())
                .isEqualTo("SELECT WAIT_FOR_EXECUTED_GTID_SET('3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5', 10.0)");
        assertThat(d.stopReplication().text()).isEqualTo("STOP REPLICA");
        assertThat(d.semiSyncReplicaPause()).isEmpty();
        assertThat(d.stopIoThread().text()).isEqualTo("STOP REPLICA IO_THREAD");
        assertThat(d.semiSyncReplicaRestore()).isEmpty();
        assertThat(d.resetReplication().text()).isEqualTo("RESET REPLICA ALL");
        assertThat(d.startReplication().text()).isEqualTo("START REPLICA");
        assertThat(d.replicaStatus().text()).isEqualTo("SHOW REPLICA STATUS");
        assertThat(shown(d.pointAt(SOURCE, "ignored"))).containsExactly(
                "CHANGE REPLICATION SOURCE TO SOURCE_HOST = '198.51.100.12', SOURCE_PORT = 3306, SOURCE_USER = 'repl',"
                        + " SOURCE_PASSWORD = '******', SOURCE_AUTO_POSITION = 1, SOURCE_CONNECT_RETRY = 1,"
                        + " SOURCE_HEARTBEAT_PERIOD = 1");
        assertThat(shown(d.forgetHistory("uuid-set"))).containsExactly("RESET MASTER", "SET GLOBAL gtid_purged = 'uuid-set'");
        assertThat(d.readState().text()).contains("@@super_read_only", "@@log_replica_updates", "@@global.gtid_executed");
    }

    @Test
    void mysqlOlderAndNewer() {
        SqlDialect d57 = SqlDialect.of(Flavor.MYSQL, "5.7.44-log");
        assertThat(d57.stopReplication().text()).isEqualTo("STOP SLAVE");
        assertThat(d57.resetReplication().text()).isEqualTo("RESET SLAVE ALL");
        assertThat(d57.replicaStatus().text()).isEqualTo("SHOW SLAVE STATUS");
        assertThat(d57.readState().text()).contains("@@log_slave_updates");
        assertThat(shown(d57.pointAt(SOURCE, null)).get(0)).startsWith("CHANGE MASTER TO MASTER_HOST = '198.51.100.12'")
                .contains("MASTER_AUTO_POSITION = 1");
        // 8.0.22 says REPLICA but CHANGE REPLICATION SOURCE only came with 8.0.23
        SqlDialect d8022 = SqlDialect.of(Flavor.MYSQL, "8.0.22");
        assertThat(d8022.startReplication().text()).isEqualTo("START REPLICA");
        assertThat(shown(d8022.pointAt(SOURCE, null)).get(0)).startsWith("CHANGE MASTER TO");
        SqlDialect d84 = SqlDialect.of(Flavor.MYSQL, "8.4.3");
        assertThat(shown(d84.forgetHistory("x"))).containsExactly("RESET BINARY LOGS AND GTIDS", "SET GLOBAL gtid_purged = 'x'");
    }

    @Test
    void passwordsNeverShow() {
        Sql change = new MariaDbDialect().pointAt(SOURCE, "0-1-1").get(1);
        assertThat(change.toString()).doesNotContain("s3cr").endsWith("(3 parameters)");
        assertThat(change.shown()).doesNotContain("s3cr");
        assertThat(change.bound()).contains("s3cr'et");
        SQLException e = new SQLException("You have an error in your SQL syntax near 's3cr'et'', MASTER_USE_GTID'", "42000", 1064);
        assertThat(JdbcDbAdmin.shortMessage(e, change.secrets())).isEqualTo(
                "You have an error in your SQL syntax near '******'', MASTER_USE_GTID' [error 1064]");
    }

    @Test
    void clientSessionsExcludeReplicationAndServerThreads() {
        assertThat(new ClientSession(5, "app", "198.51.100.1:4242", "hactl_demo", "Sleep", 0, "").isClient(9)).isTrue();
        assertThat(new ClientSession(5, "hactl", "198.51.100.1:4243", null, "Query", 0, "").isClient(9)).isTrue();
        assertThat(new ClientSession(9, "hactl", "198.51.100.1:4244", null, "Query", 0, "").isClient(9)).isFalse();
        assertThat(new ClientSession(6, "repl", "198.51.100.12:5000", null, "Binlog Dump", 10, "").isClient(9)).isFalse();
        assertThat(new ClientSession(7, "system user", "", null, "Slave_SQL", 10, "").isClient(9)).isFalse();
        assertThat(new ClientSession(8, "event_scheduler", "localhost", null, "Daemon", 10, "").isClient(9)).isFalse();
        assertThat(new ClientSession(10, "repl", "x", null, "Binlog Dump GTID", 10, "").isClient(9)).isFalse();
    }
}
