package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.DbProbe.Flavor;
import io.hactl.ops.StubTools;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** A stand-in mariadb-binlog: its arguments as a comment line, then a Gtid list and one GTID per file read. */
    private static Path fakeReader(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        StubTools.write(bin, "mariadb-binlog", """
                echo "# args: $*"
                for a; do case "$a" in --start-position=*) exit 0;; esac; done
                shift
                for f; do echo "#261206 18:00:00 server id 1  end_log_pos 9 CRC32 0x0 \tGTID 0-1-${f##*.} trans"; done""");
        return bin;
    }

    private static String[] run(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    @Test
    @DisplayName("Issue 20: the salvage is one remote command: the index's files from the replica's on, the reader,"
            + " and the binlog's end read meanwhile")
    void theSalvageIsOneCommand_theIndexsFilesFromTheReplicasOn_theReaderAndTheBinlogsEnd(@TempDir Path dir)
            throws Exception {
        Path bin = fakeReader(dir);
        Path data = Files.createDirectories(dir.resolve("data dir"));
        Files.writeString(data.resolve("binlog.index"), "./binlog.000001\n./binlog.000002\n" + data
                + "/binlog.000003");
        String path = "PATH=" + bin + ":$PATH; ";
        String[] r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42",
                data.resolve("binlog.index").toString(), "binlog.000002"));
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).as("stdout: the reader's SQL only").isEqualTo("# args: --start-position=0-1-42 -- " + data
                + "/binlog.000002 " + data + "/binlog.000003\n");
        BinlogSalvage.Said said = BinlogSalvage.Said.of(r[2]);
        assertThat(said.files()).isEqualTo(2);
        assertThat(said.firstFile()).isEqualTo("binlog.000002");
        assertThat(said.lastFile()).isEqualTo("binlog.000003");
        assertThat(said.end()).as("the last file's last GTID per domain").isEqualTo("0-1-000003");
        assertThat(said.errors()).isEmpty();
        assertThat(said.indexProblem()).isNull();

        // the replica's file not in the index: every file; no index: said, nothing read
        r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "", data.resolve("binlog.index").toString(),
                "binlog.000009"));
        assertThat(r[1]).startsWith("# args: -- " + data + "/binlog.000001 ");
        assertThat(BinlogSalvage.Said.of(r[2]).files()).isEqualTo(3);
        r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42", data.resolve("none.index").toString(),
                null));
        assertThat(r[0]).isEqualTo("66");
        assertThat(r[1]).isEmpty();
        assertThat(BinlogSalvage.Said.of(r[2]).indexProblem()).contains("cannot read the binlog index");
    }

    @Test
    @DisplayName("Issue 20: the salvage's usual case prepared ahead — the index's last file and its size; the replica had"
            + " every byte only when it stopped at that file's end, as the one salvage command decides")
    void thePreparedLookUp_theLastFileAndItsSize_decidesAsTheSalvageCommand(@TempDir Path dir) throws Exception {
        Path bin = fakeReader(dir);
        Path data = Files.createDirectories(dir.resolve("data dir"));
        Files.writeString(data.resolve("binlog.000001"), "x".repeat(100));
        Files.writeString(data.resolve("binlog.000002"), "y".repeat(328));
        String index = data.resolve("binlog.index").toString();
        Files.writeString(data.resolve("binlog.index"), "./binlog.000001\n" + data + "/binlog.000002\n");
        String[] r = run(dir, BinlogSalvage.lastFileCommand(index));
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).isEqualTo(BinlogSalvage.LAST_MARK + "binlog.000002 328\n");
        assertThat(BinlogSalvage.allReceived(r[1], "/elsewhere/binlog.000002", 328)).isEqualTo("binlog.000002 328");
        assertThat(BinlogSalvage.allReceived(r[1], "binlog.000002", 327)).as("stopped before the end").isNull();
        assertThat(BinlogSalvage.allReceived(r[1], "binlog.000001", 100)).as("a later file exists").isNull();
        assertThat(BinlogSalvage.allReceived(null, "binlog.000002", 328)).as("not prepared").isNull();
        // the same decision as the one salvage command's own check, on the same files
        String path = "PATH=" + bin + ":$PATH; ";
        for (long received : new long[] {328, 327}) {
            String[] full = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42", index,
                    "binlog.000002", received));
            String said = BinlogSalvage.Said.of(full[2]).allReceived();
            assertThat(BinlogSalvage.allReceived(r[1], "binlog.000002", received)).isEqualTo(said);
        }
        BinlogSalvage.Salvaged none = BinlogSalvage.receivedAll("binlog.000002 328");
        assertThat(none.said().allReceived()).isEqualTo("binlog.000002 328");
        assertThat(none.applied().transactions()).isZero();
        // an index that cannot be read: nothing printed, the ordinary command says why
        r = run(dir, BinlogSalvage.lastFileCommand(data.resolve("none.index").toString()));
        assertThat(r[0]).isEqualTo("66");
        assertThat(r[1]).isEmpty();
    }

    @Test
    @DisplayName("Issue 20: a replica that received every byte of the dead master's last binlog file reads nothing:"
            + " no reader runs; one byte short, or a later file, and the reader runs")
    void aReplicaThatReceivedTheWholeBinlogReadsNothing_noReaderRuns(@TempDir Path dir) throws Exception {
        Path bin = fakeReader(dir);
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("binlog.index"), "./binlog.000001\n./binlog.000002\n");
        Files.write(data.resolve("binlog.000002"), new byte[339]);
        String path = "PATH=" + bin + ":$PATH; ";
        String index = data.resolve("binlog.index").toString();

        String[] r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42", index, "binlog.000002", 339L));
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).as("no reader ran").isEmpty();
        assertThat(BinlogSalvage.Said.of(r[2]).allReceived()).isEqualTo("binlog.000002 339");

        r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42", index, "binlog.000002", 338L));
        assertThat(r[1]).startsWith("# args: --start-position=0-1-42 -- ");
        assertThat(BinlogSalvage.Said.of(r[2]).allReceived()).isNull();
        r = run(dir, path + BinlogSalvage.salvageCommand(Flavor.MARIADB, "0-1-42", index, "binlog.000001", 339L));
        assertThat(r[1]).as("a later file than the replica's").contains("binlog.000001 ", "binlog.000002");
        assertThat(BinlogSalvage.Said.of(r[2]).allReceived()).isNull();
    }

    @Test
    @DisplayName("Issue 20: the SQL client starts on the reader's first byte: nothing read, no client started")
    void theClientStartsOnTheFirstByte_nothingReadNoClient(@TempDir Path dir) throws Exception {
        Path mark = dir.resolve("started");
        Path got = dir.resolve("got");
        List<String> argv = List.of("sh", "-c", "touch \"$0\"; cat > \"$1\"", mark.toString(), got.toString());

        BinlogSalvage.LazyClient idle = new BinlogSalvage.LazyClient(argv);
        new BinlogSalvage.GtidScanner(idle).closeQuietly();
        assertThat(idle.process()).isNull();
        assertThat(mark).doesNotExist();

        BinlogSalvage.LazyClient used = new BinlogSalvage.LazyClient(argv);
        BinlogSalvage.GtidScanner s = new BinlogSalvage.GtidScanner(used);
        byte[] sql = "COMMIT;\n".getBytes(StandardCharsets.UTF_8);
        s.write(sql, 0, sql.length);
        s.closeQuietly();
        assertThat(used.process().waitFor()).isZero();
        assertThat(Files.readString(got)).isEqualTo("COMMIT;\n");
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
