package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.backup.DbEndpoint;
import io.hactl.backup.DbLoader;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.Secret;
import io.hactl.db.DbState;
import io.hactl.model.DbProbe.Flavor;
import io.hactl.model.ReplicaStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pure parts of the rebuild: the refusal rules, the endpoints, the catch-up position and the pipe's two ends. */
class ReplicaRebuildTest {

    static DbState maria(boolean logBin, ReplicaStatus replica, String binlogPos) {
        return new DbState(Flavor.MARIADB, "10.11.6", 1, false, null, false, logBin, true, binlogPos, binlogPos,
                binlogPos, "", null, replica);
    }

    static DbState mysql() {
        return new DbState(Flavor.MYSQL, "8.0.36", 2, true, true, false, true, true, null, null, null, null,
                "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", null);
    }

    static ReplicaStatus replica(String io, boolean sql) {
        return new ReplicaStatus("198.51.100.12", 3306, io, sql, 0L, 0, "", 0, "", "0-2-5", "Slave_Pos");
    }

    @Test
    void goesOn_whenTheNodeHasNoVip_sameFlavor_masterWithBinlog() {
        assertThat(ReplicaRebuild.refusal("n2", "n1", false, "198.51.100.89", maria(true, null, "0-1-9"),
                maria(true, null, "0-1-12"))).isNull();
    }

    @Test
    void refused_whenTheNodeIsTheMaster() {
        ReplicaRebuild.Refusal r = ReplicaRebuild.refusal("n1", "n1", false, "198.51.100.89", maria(true, null, ""),
                maria(true, null, ""));
        assertThat(r.reason()).contains("n1 is the master");
        assertThat(r.fix()).contains("out-of-date");
    }

    @Test
    void refused_whenTheNodeHoldsTheDbVip_namingTheVipAndTheFence() {
        ReplicaRebuild.Refusal r = ReplicaRebuild.refusal("n2", "n1", true, "198.51.100.89", maria(true, null, ""),
                maria(true, null, ""));
        assertThat(r.reason()).contains("n2 holds the DB VIP 198.51.100.89");
        assertThat(r.fix()).contains("fence");
    }

    @Test
    void refused_whenTheFlavorsDiffer() {
        ReplicaRebuild.Refusal r = ReplicaRebuild.refusal("n2", "n1", false, "vip", mysql(), maria(true, null, ""));
        assertThat(r.reason()).contains("n2 runs MySQL 8.0.36").contains("n1 MariaDB 10.11.6");
        assertThat(r.fix()).contains("same database server");
    }

    @Test
    void refused_whenTheMajorVersionsDiffer_namingBothVersions() {
        DbState older = new DbState(Flavor.MARIADB, "10.6.18-MariaDB", 1, false, null, false, true, true, "", "", "", "",
                null, null);
        ReplicaRebuild.Refusal r = ReplicaRebuild.refusal("n2", "n1", false, "vip", older, maria(true, null, ""));
        assertThat(r.reason()).isEqualTo("n2 runs MariaDB 10.6.18-MariaDB and n1 MariaDB 10.11.6: not the same major"
                + " version (10.6 vs 10.11)");
        assertThat(r.fix()).isEqualTo("install MariaDB 10.11.x on n2 (or upgrade both to one major version)");
    }

    @Test
    void refused_whenTheMasterHasNoBinaryLog_namingTheMyCnfLine() {
        ReplicaRebuild.Refusal r = ReplicaRebuild.refusal("n2", "n1", false, "vip", maria(true, null, ""),
                maria(false, null, ""));
        assertThat(r.reason()).contains("n1 has log_bin=OFF");
        assertThat(r.fix()).contains("log_bin").contains("my.cnf");
    }

    @Test
    void refused_whenTheMasterIsItselfARunningReplica_butNotForAStoppedLeftover() {
        assertThat(ReplicaRebuild.refusal("n2", "n1", false, "vip", maria(true, null, ""),
                maria(true, replica("Yes", true), "")).reason()).contains("n1 is itself a replica");
        assertThat(ReplicaRebuild.refusal("n2", "n1", false, "vip", maria(true, null, ""),
                maria(true, replica("No", false), ""))).isNull();
    }

    @Test
    void endpoint_isTheNodesOwnAddress_withTheConfiguredUserPortAndDatabase() {
        DatabaseConfig db = new DatabaseConfig(3307, "hactl_demo", "hactl", Secret.NONE, "repl", Secret.NONE,
                Duration.ofSeconds(2), Duration.ofSeconds(5), null);
        DbEndpoint e = ReplicaRebuild.endpoint(db, "198.51.100.12", "s3cret");
        assertThat(e.host()).isEqualTo("198.51.100.12");
        assertThat(e.port()).isEqualTo(3307);
        assertThat(e.socket()).isNull();
        assertThat(e.user()).isEqualTo("hactl");
        assertThat(e.database()).isEqualTo("hactl_demo");
        assertThat(e.password()).isEqualTo("s3cret");
        assertThat(e.toString()).doesNotContain("s3cret");
        // the client loading into the node runs with the binary log off: no GTID of its own there
        assertThat(DbLoader.loadOptions(e.database(), true)).contains("--init-command=SET SESSION sql_log_bin=0");
    }

    @Test
    void catchUpPosition_isTheMastersBinlogPositionOnMariaDb_andGtidExecutedOnMySql() {
        DbState m = new DbState(Flavor.MARIADB, "10.11.6", 1, false, null, false, true, true, "0-1-40", "0-1-40,0-2-7",
                "0-1-40,1-1-3", "1-1-3", null, null);
        assertThat(ReplicaRebuild.catchUpPosition(m)).isEqualTo("0-1-40");
        assertThat(ReplicaRebuild.catchUpPosition(mysql())).isEqualTo("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5");
    }

    @Test
    void summary_namesBytesTimeAndGtid() {
        assertThat(new ReplicaRebuild.Result(3 << 20, 2_000_000_000L, "0-1-12", true, "same").summary())
                .contains("3.0 MB in 2.0 s").contains("GTID 0-1-12").contains("caught up");
        assertThat(new ReplicaRebuild.Result(10, 1, "", false, "n2 is behind n1 by 4 transactions").summary())
                .contains("GTID (empty)").contains("still catching up: n2 is behind n1 by 4");
    }

    @Test
    void pipe_cleanEnd_isTheEndOfTheStream_withEveryByte() throws Exception {
        LogicalRebuild.Pipe pipe = new LogicalRebuild.Pipe(1024);
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readAll(pipe.input()));
        byte[] sql = "INSERT INTO t VALUES (1);\n".repeat(500).getBytes(StandardCharsets.UTF_8);
        pipe.output().write(sql);
        pipe.end(true);
        assertThat(read.get(10, TimeUnit.SECONDS)).hasSize(sql.length).endsWith("(1);\n");
    }

    @Test
    void pipe_abortedEnd_isAnError_neverTheEndOfAShorterStream() throws Exception {
        LogicalRebuild.Pipe pipe = new LogicalRebuild.Pipe(1024);
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> readAll(pipe.input()));
        pipe.output().write("DROP TABLE IF EXISTS t;\n".getBytes(StandardCharsets.UTF_8));
        pipe.end(false);
        assertThatThrownBy(() -> read.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class)
                .rootCause().hasMessageContaining("the dump failed");
    }

    @Test
    void pipe_readerGone_stopsTheWriter() throws Exception {
        LogicalRebuild.Pipe pipe = new LogicalRebuild.Pipe(1024);
        pipe.input().close();
        assertThatThrownBy(() -> pipe.output().write(new byte[4096])).isInstanceOf(IOException.class);
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[300];
            int n;
            while ((n = in.read(buf)) >= 0) {
                b.write(buf, 0, n);
            }
            return b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
