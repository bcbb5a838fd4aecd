package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.db.ReplicaSettings.Problem;
import io.hactl.ops.db.ReplicaSettings.Server;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReplicaSettingsTest {

    static Map<String, String> mariadb(long id) {
        Map<String, String> m = new HashMap<>();
        m.put("version", "10.11.6-MariaDB-log");
        m.put("server_id", Long.toString(id));
        m.put("log_bin", "ON");
        m.put("log_slave_updates", "ON");
        m.put("gtid_strict_mode", "ON");
        m.put("rpl_semi_sync_master_enabled", "ON");
        m.put("rpl_semi_sync_slave_enabled", "ON");
        m.put("rpl_semi_sync_master_wait_point", "AFTER_SYNC");
        m.put("rpl_semi_sync_master_wait_no_slave", "OFF");
        return m;
    }

    static Map<String, String> mysql(long id) {
        Map<String, String> m = new HashMap<>();
        m.put("version", "8.0.36");
        m.put("server_id", Long.toString(id));
        m.put("log_bin", "ON");
        m.put("log_slave_updates", "ON");
        m.put("log_replica_updates", "ON");
        m.put("gtid_mode", "ON");
        m.put("enforce_gtid_consistency", "ON");
        return m;
    }

    static Map<String, String> with(Map<String, String> m, String k, String v) {
        Map<String, String> c = new HashMap<>(m);
        if (v == null) {
            c.remove(k);
        } else {
            c.put(k, v);
        }
        return c;
    }

    static Arguments row(String situation, Flavor rf, Map<String, String> replica, Flavor mf, Map<String, String> master,
                         List<String> expected) {
        return Arguments.of(situation, new Server("n2", rf, replica), new Server("n1", mf, master), expected);
    }

    static Stream<Arguments> cases() {
        Flavor md = Flavor.MARIADB;
        Flavor my = Flavor.MYSQL;
        return Stream.of(
                row("MariaDB pair set up right", md, mariadb(2), md, mariadb(1), List.of()),
                row("MySQL pair set up right", my, mysql(2), my, mysql(1), List.of()),
                row("same server_id", md, mariadb(1), md, mariadb(1),
                        List.of("BLOCK n2: server_id is 1, the same as n1's: add `server_id = 2` under [mysqld] in n2's"
                                + " my.cnf and restart it")),
                row("replica server_id 0", md, mariadb(0), md, mariadb(1),
                        List.of("BLOCK n2: server_id is 0: a server without an id cannot replicate: add `server_id = 2`"
                                + " under [mysqld] in n2's my.cnf and restart it")),
                row("master server_id 0", md, mariadb(2), md, mariadb(0),
                        List.of("BLOCK n1: server_id is 0: a server without an id cannot replicate: add `server_id = 1`"
                                + " under [mysqld] in n1's my.cnf and restart it")),
                row("binlog off on the master", md, mariadb(2), md, with(mariadb(1), "log_bin", "OFF"),
                        List.of("BLOCK n1: log_bin is OFF: without a binary log it has no GTID to replicate from: add"
                                + " `log_bin = binlog` under [mysqld] in n1's my.cnf and restart it")),
                row("binlog off on the replica", md, with(mariadb(2), "log_bin", "OFF"), md, mariadb(1),
                        List.of("BLOCK n2: log_bin is OFF: it could not be the master after a switchover: add"
                                + " `log_bin = binlog` under [mysqld] in n2's my.cnf and restart it")),
                row("log_slave_updates off on the replica", md, with(mariadb(2), "log_slave_updates", "OFF"), md,
                        mariadb(1), List.of("BLOCK n2: log_slave_updates is OFF: replicated transactions would not reach"
                                + " its binary log, and after a switchover the other node would miss them: add"
                                + " `log_slave_updates = ON` under [mysqld] in n2's my.cnf and restart it")),
                row("MariaDB without gtid_strict_mode: advice only", md, with(mariadb(2), "gtid_strict_mode", "OFF"), md,
                        mariadb(1), List.of("NOTE n2: gtid_strict_mode is OFF (advisable ON: a transaction out of order"
                                + " stops replication instead of passing silently): add `gtid_strict_mode = ON` under"
                                + " [mysqld] in n2's my.cnf and restart it")),
                row("MariaDB without semi-sync on the replica: advice only, each setting", md,
                        with(with(mariadb(2), "rpl_semi_sync_slave_enabled", "OFF"), "rpl_semi_sync_master_wait_point",
                                "AFTER_COMMIT"), md, mariadb(1),
                        List.of("NOTE n2: rpl_semi_sync_slave_enabled is OFF (advisable ON: without semi-synchronous"
                                        + " replication a lost master node loses the acknowledged writes the replica had not"
                                        + " received; docs/runbook-db.md#semi-synchronous-replication): add"
                                        + " `rpl_semi_sync_slave_enabled = ON` under [mysqld] in n2's my.cnf and restart it",
                                "NOTE n2: rpl_semi_sync_master_wait_point is AFTER_COMMIT (advisable AFTER_SYNC: without"
                                        + " semi-synchronous replication a lost master node loses the acknowledged writes the"
                                        + " replica had not received; docs/runbook-db.md#semi-synchronous-replication): add"
                                        + " `rpl_semi_sync_master_wait_point = AFTER_SYNC` under [mysqld] in n2's my.cnf and"
                                        + " restart it")),
                row("MySQL gtid_mode off on the master", my, mysql(2), my, with(mysql(1), "gtid_mode", "OFF"),
                        List.of("BLOCK n1: gtid_mode is OFF: replication by GTID auto-position needs ON: add"
                                + " `gtid_mode = ON` under [mysqld] in n1's my.cnf and restart it")),
                row("MySQL enforce_gtid_consistency off on the replica", my,
                        with(mysql(2), "enforce_gtid_consistency", "OFF"), my, mysql(1),
                        List.of("BLOCK n2: enforce_gtid_consistency is OFF: gtid_mode=ON needs it: add"
                                + " `enforce_gtid_consistency = ON` under [mysqld] in n2's my.cnf and restart it")),
                row("MySQL 8.0.26+ names it log_replica_updates", my, with(mysql(2), "log_replica_updates", "OFF"), my,
                        mysql(1), List.of("BLOCK n2: log_replica_updates is OFF: replicated transactions would not"
                                + " reach its binary log, and after a switchover the other node would miss them: add"
                                + " `log_replica_updates = ON` under [mysqld] in n2's my.cnf and restart it")),
                row("different version families", md, with(mariadb(2), "version", "10.6.18-MariaDB"), md, mariadb(1),
                        List.of("BLOCK n2 runs MariaDB 10.6.18-MariaDB and n1 MariaDB 10.11.6-MariaDB-log: not the same"
                                + " version family (10.6 vs 10.11); install 10.11.x on n2 (or upgrade both to one"
                                + " family)")),
                row("different flavors: that alone", my, with(mysql(1), "log_bin", "OFF"), md, mariadb(1),
                        List.of("BLOCK n2 runs MySQL 8.0.36 and n1 MariaDB 10.11.6-MariaDB-log: a copy of one is no"
                                + " replica of the other; install MariaDB 10.11.6-MariaDB-log on n2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void problems(String situation, Server replica, Server master, List<String> expected) {
        List<String> got = ReplicaSettings.problems(replica, master).stream()
                .map(p -> (p.blocking() ? "BLOCK " : "NOTE ") + p.text()).toList();
        assertThat(got).as(situation).isEqualTo(expected);
    }

    @Test
    void everyProblemOfAServerSetUpWithNothingIsNamed_eachWithItsLine() {
        Map<String, String> bare = Map.of("version", "10.11.6-MariaDB", "server_id", "1", "log_bin", "OFF",
                "log_slave_updates", "OFF", "gtid_strict_mode", "OFF");
        List<Problem> ps = ReplicaSettings.problems(new Server("n2", Flavor.MARIADB, bare),
                new Server("n1", Flavor.MARIADB, mariadb(1)));
        assertThat(ps).filteredOn(Problem::blocking).extracting(Problem::text).allMatch(t -> t.contains("n2's my.cnf"))
                .anyMatch(t -> t.contains("`log_bin = binlog`")).anyMatch(t -> t.contains("`log_slave_updates = ON`"))
                .anyMatch(t -> t.contains("`server_id = 2`")).hasSize(3);
        assertThat(ps).filteredOn(p -> !p.blocking()).extracting(Problem::text)
                .anyMatch(t -> t.contains("`gtid_strict_mode = ON`"))
                .anyMatch(t -> t.contains("`rpl_semi_sync_master_enabled = ON`"))
                .anyMatch(t -> t.contains("`rpl_semi_sync_master_wait_no_slave = OFF`")).hasSize(5);
    }
}
