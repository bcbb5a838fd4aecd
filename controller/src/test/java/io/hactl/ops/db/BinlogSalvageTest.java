package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, defect 5: the salvage of a dead master's binary log, its pure parts: where the binlog
 * is, which files, the reader's argv (file names from the node after "--"), the GTIDs seen in the
 * SQL stream and the binlog's end.
 */
class BinlogSalvageTest {

    @Test
    @DisplayName("Loss accepted where it could be avoided: the reader starts after the replica's GTID, files after --")
    void theReaderStartsAfterTheReplicasGtidWithFileNamesAfterDoubleDash() {
        assertThat(BinlogSalvage.readArgs(Flavor.MARIADB, "0-1-42,3-1-7", List.of("/d/binlog.000002", "/d/binlog.000003")))
                .containsExactly("--start-position=0-1-42,3-1-7", "--", "/d/binlog.000002", "/d/binlog.000003");
        assertThat(BinlogSalvage.readArgs(Flavor.MYSQL, "3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5",
                List.of("/d/binlog.000002"))).containsExactly(
                "--exclude-gtids=3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5", "--", "/d/binlog.000002");
        assertThat(BinlogSalvage.readArgs(Flavor.MARIADB, "", List.of("/d/b.1"))).containsExactly("--", "/d/b.1");
    }

    @Test
    void aFileNameFromTheNodeIsOneQuotedArgumentAfterDoubleDash() {
        String cmd = BinlogSalvage.readCommand(Flavor.MARIADB, "0-1-5", List.of("--result-file=/tmp/x", "/d/it's"));
        assertThat(cmd).endsWith("\"$B\" '--start-position=0-1-5' '--' '--result-file=/tmp/x' '/d/it'\\''s'");
        assertThat(cmd).contains("for t in mariadb-binlog mysqlbinlog");
        assertThat(BinlogSalvage.readCommand(Flavor.MYSQL, "", List.of("/d/b.1"))).contains("for t in mysqlbinlog;")
                .endsWith("\"$B\" '--' '/d/b.1'");
        assertThat(BinlogSalvage.endStateCommand("-rf")).contains("\"$B\" -- '-rf' |");
    }

    @Test
    void theBasenameComesFromLogBinAndTheDatadir() {
        assertThat(BinlogSalvage.basenameFromDefaults("--user=mysql\n--datadir=/srv/db/\n--log-bin=binlog\n"))
                .hasValue("/srv/db/binlog");
        assertThat(BinlogSalvage.basenameFromDefaults("--log_bin=/var/log/mysql/mysql-bin\n"))
                .hasValue("/var/log/mysql/mysql-bin");
        assertThat(BinlogSalvage.basenameFromDefaults("--log-bin=mariadb-bin\n")).hasValue("/var/lib/mysql/mariadb-bin");
        assertThat(BinlogSalvage.basenameFromDefaults("--log-bin\n--datadir=/d")).isEmpty();
        assertThat(BinlogSalvage.basenameFromDefaults("--datadir=/d\n")).isEmpty();
    }

    @Test
    void theIndexListsFilesRelativeToItsDirectoryAndTheReplicasFileComesFirst() {
        List<String> all = BinlogSalvage.parseIndex("/var/lib/hactl-lab/n1/mysql/data/binlog.index",
                "./binlog.000001\n./binlog.000002\n/abs/binlog.000003\n\n");
        assertThat(all).containsExactly("/var/lib/hactl-lab/n1/mysql/data/binlog.000001",
                "/var/lib/hactl-lab/n1/mysql/data/binlog.000002", "/abs/binlog.000003");
        assertThat(BinlogSalvage.from(all, "binlog.000002")).containsExactly(
                "/var/lib/hactl-lab/n1/mysql/data/binlog.000002", "/abs/binlog.000003");
        assertThat(BinlogSalvage.from(all, "binlog.000009")).isEqualTo(all);
        assertThat(BinlogSalvage.from(all, null)).isEqualTo(all);
    }

    @Test
    void theStreamIsPassedOnWholeAndItsGtidEventsCounted() throws Exception {
        String sql = """
                /*!50530 SET @@SESSION.PSEUDO_SLAVE_MODE=1*/;
                # at 4
                #261205 22:50:17 server id 1  end_log_pos 299 CRC32 0x04ff1f8b \tGtid list [0-1-4]
                #261205 22:50:17 server id 1  end_log_pos 421 CRC32 0xb8d73d23 \tGTID 0-1-5 trans
                BINLOG '
                AAAA
                '/*!*/;
                INSERT INTO t VALUES ('# \tGTID 9-9-9')
                COMMIT/*!*/;
                #261205 22:50:17 server id 1  end_log_pos 622 CRC32 0x4c7e9d0c \tGTID 0-1-6 trans
                #261205 22:50:18 server id 2  end_log_pos 700 CRC32 0x4c7e9d0c \tGTID 3-2-1 trans
                COMMIT/*!*/;
                """;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinlogSalvage.GtidScanner s = new BinlogSalvage.GtidScanner(out);
        byte[] b = sql.getBytes(StandardCharsets.UTF_8);
        s.write(b, 0, 100);
        s.write(b, 100, b.length - 100);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(sql);
        assertThat(s.count).isEqualTo(3);
        assertThat(s.first).isEqualTo("0-1-5");
        assertThat(s.last).containsExactly(java.util.Map.entry("0", "0-1-6"), java.util.Map.entry("3", "3-2-1"));
    }

    @Test
    void theBinlogsEndIsOneGtidPerDomain() {
        assertThat(BinlogSalvage.endState("3-1-1\n0-1-38\n")).isEqualTo("0-1-38,3-1-1");
        assertThat(BinlogSalvage.endState("")).isEmpty();
    }
}
