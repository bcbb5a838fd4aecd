package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What db-backup reads before its dump (the server's facts, whether the database exists, its tables' sizes), in
 * one client call where it took five (each a mariadb process: ~0.1 s apiece on the lab's loaded 2 cores, ~0.5 s
 * of db-backup's fixed cost). Against a stand-in client that answers each statement as the mariadb client does in
 * batch mode (an empty result prints nothing, not even its header; the first failed statement ends the call, exit
 * 1, what ran before it printed) and counts its calls: the one call reads the same facts as the five did.
 */
class ServerFactsTest {

    @TempDir
    Path dir;

    static final DbEndpoint SERVER = new DbEndpoint("198.51.100.11", null, null, "hactl", "secret", "hactl_demo");

    static final String MARIADB_FACTS = "version\tcomment\tro\tserver_id\thostname\tport\tdatadir\tlog_bin\n"
            + "10.11.19-MariaDB-0+deb12u1-log\tDebian 12\t1\t2\tvm\t3306\t/var/lib/mysql/\t1\n";
    static final String MARIADB_REPLICA = "Connection_name\tSlave_SQL_State\tSlave_IO_State\tMaster_Host\tMaster_Port"
            + "\tSlave_IO_Running\tSlave_SQL_Running\tSeconds_Behind_Master\tLast_IO_Errno\tLast_IO_Error"
            + "\tLast_SQL_Errno\tLast_SQL_Error\tGtid_IO_Pos\tUsing_Gtid\n"
            + "\tSlave has read all relay log\tWaiting for master\t198.51.100.11\t3306\tYes\tYes\t0\t0\t\t0\t\t0-1-305"
            + "\tSlave_Pos\n";
    static final String SIZE = "t\td\nevents\t16384\nitems\t1589248\n";

    /** A stand-in client: each call counted in {@code calls}; the SQL on stdin answered by the first case it matches. */
    private Path client(String combined, int combinedExit, String... single) throws IOException {
        Path answers = Files.createDirectories(dir.resolve("answers"));
        Files.writeString(answers.resolve("combined"), combined);
        StringBuilder sh = new StringBuilder("#!/bin/sh\nsql=$(cat)\necho call >> '" + dir.resolve("calls") + "'\n"
                + "case \"$sql\" in\n  *'hactl part'*) cat '" + answers.resolve("combined") + "'; ");
        sh.append(combinedExit == 0 ? "exit 0;;\n" : "echo 'ERROR 1064 (42000) at line 11: You have an error in your"
                + " SQL syntax' >&2; exit " + combinedExit + ";;\n");
        for (int i = 0; i + 1 < single.length; i += 2) {
            Path a = answers.resolve("single-" + i);
            Files.writeString(a, single[i + 1]);
            sh.append("  *'").append(single[i]).append("'*) cat '").append(a).append("'; exit 0;;\n");
        }
        sh.append("esac\necho 'unexpected SQL' >&2\nexit 9\n");
        Path tool = dir.resolve("mariadb");
        Files.writeString(tool, sh.toString());
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    private long calls() throws IOException {
        Path f = dir.resolve("calls");
        return Files.exists(f) ? Files.readAllLines(f).size() : 0;
    }

    private void resetCalls() throws IOException {
        Files.deleteIfExists(dir.resolve("calls"));
    }

    @Test
    void forDump_isOneClientCall_readingTheSameFactsExistenceAndSizesAsTheFiveCallsBefore() throws IOException {
        String combined = MARIADB_FACTS + "hactl part\ngtid\nVariable_name\tValue\ngtid_binlog_pos\t0-1-305\n"
                + "hactl part\nexists\ns\nhactl_demo\nhactl part\nsize\n" + SIZE + "hactl part\nreplica\n"
                + MARIADB_REPLICA + "hactl part\nend\n";
        SqlClient sql = new SqlClient(client(combined, 0,
                "@@version AS version", MARIADB_FACTS,
                "@@gtid_binlog_pos AS g", "g\n0-1-305\n",
                "SHOW ALL SLAVES STATUS", MARIADB_REPLICA,
                "information_schema.SCHEMATA", "s\nhactl_demo\n",
                "information_schema.TABLES", SIZE), Duration.ofSeconds(20));

        ServerFacts.ForDump one = ServerFacts.forDump(sql, SERVER, "hactl_demo");
        assertThat(calls()).as("one mariadb process").isEqualTo(1);

        resetCalls();
        ServerFacts facts = ServerFacts.read(sql, SERVER);
        boolean exists = ServerFacts.databaseExists(sql, SERVER, "hactl_demo");
        ServerFacts.Size size = ServerFacts.size(sql, SERVER, "hactl_demo");
        assertThat(calls()).as("the five calls of before").isEqualTo(5);

        assertThat(one.facts()).isEqualTo(facts);
        assertThat(one.databaseExists()).isEqualTo(exists).isTrue();
        assertThat(one.size()).isEqualTo(size);
        assertThat(one.facts().gtidPosition()).isEqualTo("0-1-305");
        assertThat(one.facts().replica().masterHost()).isEqualTo("198.51.100.11");
        assertThat(one.size().tables()).isEqualTo(2);
        assertThat(one.size().bytes()).isEqualTo(16384 + 1589248);
    }

    @Test
    void forDump_aMissingDatabaseAndNoReplication_emptyAnswersPrintNothing_readAsSuch() throws IOException {
        String combined = MARIADB_FACTS.replace("\t1\t2\t", "\t0\t2\t") + "hactl part\ngtid\nVariable_name\tValue\n"
                + "gtid_binlog_pos\t\nhactl part\nexists\nhactl part\nsize\nhactl part\nreplica\nhactl part\nend\n";
        SqlClient sql = new SqlClient(client(combined, 0), Duration.ofSeconds(20));

        ServerFacts.ForDump one = ServerFacts.forDump(sql, SERVER, "nope");
        assertThat(one.databaseExists()).isFalse();
        assertThat(one.size().tables()).isZero();
        assertThat(one.facts().replicaConfigured()).isFalse();
        assertThat(one.facts().readOnly()).isFalse();
        assertThat(one.facts().gtidPosition()).isEmpty();
        assertThat(calls()).isEqualTo(1);
    }

    @Test
    void forDump_onMySql_theMariadbOnlyStatementEndsTheCall_soTheReplicaStatusIsReadInASecond_asBefore()
            throws IOException {
        String facts = "version\tcomment\tro\tserver_id\thostname\tport\tdatadir\tlog_bin\n"
                + "8.0.36\tMySQL Community Server - GPL\t0\t1\tdb1\t3306\t/var/lib/mysql/\t1\n";
        String replica = "Source_Host\tSource_Port\tReplica_IO_Running\tReplica_SQL_Running\tSeconds_Behind_Source"
                + "\tRetrieved_Gtid_Set\tAuto_Position\n198.51.100.12\t3306\tYes\tYes\t0\tuuid:1-5\t1\n";
        String combined = facts + "hactl part\ngtid\nVariable_name\tValue\ngtid_executed\tuuid:1-5,\\nuuid2:1-3\n"
                + "hactl part\nexists\ns\nhactl_demo\nhactl part\nsize\n" + SIZE + "hactl part\nreplica\n";
        SqlClient sql = new SqlClient(client(combined, 1,
                "@@version AS version", facts,
                "@@global.gtid_executed AS g", "g\nuuid:1-5,\\nuuid2:1-3\n",
                "SHOW REPLICA STATUS", replica,
                "information_schema.SCHEMATA", "s\nhactl_demo\n",
                "information_schema.TABLES", SIZE), Duration.ofSeconds(20));

        ServerFacts.ForDump two = ServerFacts.forDump(sql, SERVER, "hactl_demo");
        assertThat(calls()).isEqualTo(2);
        resetCalls();
        ServerFacts before = ServerFacts.read(sql, SERVER);

        assertThat(two.facts()).isEqualTo(before);
        assertThat(two.facts().mariadb()).isFalse();
        assertThat(two.facts().gtidPosition()).isEqualTo("uuid:1-5,uuid2:1-3");
        assertThat(two.facts().replica().masterHost()).isEqualTo("198.51.100.12");
        assertThat(two.databaseExists()).isTrue();
        assertThat(two.size().tables()).isEqualTo(2);
    }

    @Test
    void forDump_aServerThatRefusesTheLogin_failsWithTheClientsError_asBefore() throws IOException {
        Path tool = dir.resolve("mariadb");
        Files.writeString(tool, "#!/bin/sh\ncat >/dev/null\necho \"mariadb: ERROR 1045 (28000): Access denied for user"
                + " 'hactl'@'vm'\" >&2\nexit 1\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        SqlClient sql = new SqlClient(tool, Duration.ofSeconds(20));

        assertThatThrownBy(() -> ServerFacts.forDump(sql, SERVER, "hactl_demo")).isInstanceOf(DbToolException.class)
                .hasMessage("hactl@198.51.100.11: ERROR 1045 (28000): Access denied for user 'hactl'@'vm'");
    }

    @Test
    void forDump_refusesAnInvalidDatabaseName_beforeAnyCall() throws IOException {
        SqlClient sql = new SqlClient(client("", 0), Duration.ofSeconds(20));
        assertThatThrownBy(() -> ServerFacts.forDump(sql, SERVER, "x'; DROP DATABASE y; --"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls()).isZero();
    }
}
