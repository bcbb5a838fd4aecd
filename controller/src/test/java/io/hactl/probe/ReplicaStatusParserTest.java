package io.hactl.probe;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.ReplicaStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** MySQL dialects from recorded fixtures (no MySQL server is packaged here); MariaDB is tested live on the lab. */
class ReplicaStatusParserTest {

    private static Map<String, String> fixture(String name) throws IOException {
        try (InputStream in = ReplicaStatusParserTest.class.getResourceAsStream("/fixtures/mysql/" + name)) {
            return VerticalOutput.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void mysql8ReplicaStatusHealthy() throws IOException {
        ReplicaStatus rs = ReplicaStatusParser.parse(fixture("mysql80-show-replica-status-healthy.txt"));
        assertThat(rs.masterHost()).isEqualTo("198.51.100.11");
        assertThat(rs.masterPort()).isEqualTo(3306);
        assertThat(rs.ioRunning()).isTrue();
        assertThat(rs.sqlRunning()).isTrue();
        assertThat(rs.secondsBehind()).isZero();
        assertThat(rs.gtidIoPos()).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-57");
        assertThat(rs.usingGtid()).isEqualTo("Auto_Position");
        assertThat(rs.lastIoErrno()).isZero();
    }

    @Test
    void mysql8SourceKilledIsConnectingWithNullLag() throws IOException {
        ReplicaStatus rs = ReplicaStatusParser.parse(fixture("mysql80-show-replica-status-connecting.txt"));
        assertThat(rs.ioState()).isEqualTo("Connecting");
        assertThat(rs.ioRunning()).isFalse();
        assertThat(rs.secondsBehind()).isNull();
        assertThat(rs.lastIoErrno()).isEqualTo(2003);
        assertThat(rs.lastIoError()).contains("Can't connect to MySQL server on '198.51.100.11:3306'");
    }

    @Test
    void mysql57OldColumnNamesWithSqlError() throws IOException {
        ReplicaStatus rs = ReplicaStatusParser.parse(fixture("mysql57-show-slave-status-sql-error.txt"));
        assertThat(rs.masterHost()).isEqualTo("198.51.100.12");
        assertThat(rs.ioRunning()).isTrue();
        assertThat(rs.sqlRunning()).isFalse();
        assertThat(rs.lastSqlErrno()).isEqualTo(1062);
        assertThat(rs.lastSqlError()).contains("Duplicate entry '7'");
        assertThat(rs.usingGtid()).isEqualTo("No");
    }

    @Test
    void emptyRowIsNotAReplica() {
        assertThat(ReplicaStatusParser.parse(Map.of())).isNull();
    }

    @Test
    void versionHandling() {
        assertThat(ReplicaStatusParser.stripMariadbPrefix("5.5.5-10.11.19-MariaDB-0+deb12u1")).isEqualTo("10.11.19-MariaDB-0+deb12u1");
        assertThat(ReplicaStatusParser.isMariadb("10.11.19-MariaDB-0+deb12u1", "Debian 12")).isTrue();
        assertThat(ReplicaStatusParser.isMariadb("8.0.35", "MySQL Community Server - GPL")).isFalse();
        assertThat(DbProber.mysqlReplicaStatement("8.0.35")).isEqualTo("SHOW REPLICA STATUS");
        assertThat(DbProber.mysqlReplicaStatement("8.0.21")).isEqualTo("SHOW SLAVE STATUS");
        assertThat(DbProber.mysqlReplicaStatement("5.7.44-log")).isEqualTo("SHOW SLAVE STATUS");
        assertThat(DbProber.mysqlBinlogStatement("8.4.3")).isEqualTo("SHOW BINARY LOG STATUS");
        assertThat(DbProber.mysqlBinlogStatement("8.0.35")).isEqualTo("SHOW MASTER STATUS");
    }
}
