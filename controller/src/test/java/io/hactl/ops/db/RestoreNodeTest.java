package io.hactl.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.backup.AtomicFile;
import io.hactl.backup.Manifest;
import io.hactl.config.BackupConfig;
import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.log.TransitionLog;
import io.hactl.ops.OperationRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restore-node's refusals that come before any node is asked (nothing touched: the shells and the
 * connections fail the test when used), and the pure parts of its copy: the version check, the
 * command that unpacks the backup on the node.
 */
class RestoreNodeTest {

    @TempDir
    Path state;

    @TempDir
    Path day;

    HactlConfig cfg;
    StringWriter out = new StringWriter();

    @BeforeEach
    void setUp() {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(1),
                Duration.ofSeconds(5));
        cfg = new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1", List.of(new NodeConfig("n1", "127.0.0.1",
                "eth0", ssh), new NodeConfig("n2", "127.0.0.2", "eth0", ssh)), new VipConfig("127.0.0.89", 8),
                new VipConfig("127.0.0.90", 8), new DatabaseConfig(3306, "app", "hactl", Secret.NONE, "repl",
                Secret.NONE, Duration.ofMillis(300), Duration.ofMillis(300), null), List.of(),
                new ProbeConfig(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofMillis(300),
                        Duration.ofMillis(300)), BackupConfig.defaults(), state);
    }

    int restore() {
        RestoreNode r = new RestoreNode(cfg, n -> {
            throw new AssertionError("a node's shell was used by a refused restore-node");
        }, n -> {
            throw new AssertionError("a database was asked by a refused restore-node");
        }, Duration.ofSeconds(1));
        OperationRunner runner = new OperationRunner(new TransitionLog(state), new PrintWriter(out, true), "pair1",
                "alice@host", "test", false);
        return r.run(runner, cfg.node("n2").orElseThrow(), day, "2026-12-06");
    }

    Manifest.Entry write(String method, byte[] content, boolean damage) throws IOException {
        String file = "database-120000" + (Manifest.PHYSICAL.equals(method) ? ".tar.zst" : ".sql.zst");
        AtomicFile f = AtomicFile.create(day.resolve(file));
        f.write(content);
        f.commit();
        Manifest.Entry e = new Manifest.Entry("database", file, f.bytes(), f.sha256(), content.length, "none",
                Instant.now(), Instant.now(), "n2", "replica", null, "0-1-13", "binlog.000001", 3024L, null, null,
                method, "10.11.19-MariaDB");
        AtomicFile.writeAtomically(day.resolve(Manifest.FILE), new Manifest(1, "dev", "pair1", "2026-12-06", "120000",
                Instant.now(), Instant.now(), "h", List.of(e)).toJson());
        if (damage) {
            byte[] b = Files.readAllBytes(day.resolve(file));
            b[0] ^= 1;
            Files.write(day.resolve(file), b);
        }
        return e;
    }

    @Test
    void aDayWithoutABackup_isRefused_namingTheDayAndWhereToLook() {
        assertThat(restore()).isEqualTo(2);
        assertThat(out.toString()).contains("REFUSED: no backup of 2026-12-06 in " + day + " (no manifest)",
                "hactl backup list", "nothing was changed");
    }

    @Test
    void aLogicalBackup_isRefused_withDbRestoreAsTheWayToLoadIt() throws IOException {
        write(Manifest.LOGICAL, "-- Dump completed\n".getBytes(), false);
        assertThat(restore()).isEqualTo(2);
        assertThat(out.toString()).contains("has a logical dump of the database (database-120000.sql.zst), not a"
                + " physical copy", "hactl db-restore -f " + day.resolve("database-120000.sql.zst"), "nothing was changed");
    }

    @Test
    void aDamagedBackupFile_isRefusedBeforeAnyNodeIsTouched_namingTheFile() throws IOException {
        write(Manifest.PHYSICAL, "not really a tar".getBytes(), true);
        assertThat(restore()).isEqualTo(2);
        assertThat(out.toString()).contains("REFUSED: the backup's file " + day.resolve("database-120000.tar.zst")
                + " is not the one written: SHA-256 differs from the manifest's", "restore from another day");
    }

    @Test
    void versions_theBackupsMajorMustBeTheNodes() {
        Manifest.Entry e = new Manifest.Entry("database", "d.tar.zst", 1, "a", 1, "zstd", null, null, "n2", "replica",
                null, "0-1-1", null, null, null, null, Manifest.PHYSICAL, "10.11.19-MariaDB");
        assertThat(BackupRebuild.versionRefusal("n2", "10.11.6-MariaDB-0+deb12u1", e)).isNull();
        ReplicaRebuild.Refusal r = BackupRebuild.versionRefusal("n2", "11.4.5-MariaDB", e);
        assertThat(r.reason()).isEqualTo("the backup is of MariaDB 10.11.19-MariaDB, n2 runs 11.4.5-MariaDB: not the"
                + " same major version (10.11 vs 11.4); a physical copy starts only on its own");
        assertThat(r.fix()).contains("install MariaDB 10.11.x on n2", "hactl db-replica-init --node n2");
        Manifest.Entry old = new Manifest.Entry("database", "d.tar.zst", 1, "a", 1, "zstd", null, null, "n2", "replica",
                null, "0-1-1", null, null, null, null, Manifest.PHYSICAL, null);
        assertThat(BackupRebuild.versionRefusal("n2", "10.11.6", old).reason()).contains("records no server version");
    }

    @Test
    void theBackupIsUnpackedOnTheNode_intoTheEmptyDirectory_quoted() {
        assertThat(BackupRebuild.untarCommand(new PhysicalRebuild.Dirs("/var/lib/my sql")))
                .as("read with the writer's 1 MB record: to the padded end, the stream's writer never cut off")
                .isEqualTo("tar -x -b 2048 -C '/var/lib/my sql.hactl-new' -f -");
    }
}
