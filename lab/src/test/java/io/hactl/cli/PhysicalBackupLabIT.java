package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.backup.Compression;
import io.hactl.backup.Manifest;
import io.hactl.bench.NumberedWriter;
import io.hactl.lab.Lab;
import io.hactl.lab.LabConfigs;
import io.hactl.lab.LabExtension;
import io.hactl.log.OperationEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import io.hactl.ops.db.RestoreNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hactl backup}'s physical database component on the lab (issue 18): a backup of the whole
 * server by mariadb-backup (from the healthy replica n2), prepared and compressed on n2 in a scratch
 * directory beside its data directory (removed after, also when the backup is interrupted), one zstd
 * tar whose manifest has the SHA-256 and the GTID of its files; {@code backup verify --restore} starts
 * it in a throw-away mariadbd and checks every table, and fails on a copy with one byte flipped,
 * naming the file; {@code restore-node} rebuilds n2 from it, after which n2 replicates with the
 * rows written since the backup and the same checksums as n1. The way of before (through this
 * machine, when n2 lacks room for the scratch copy) still writes what both read.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class PhysicalBackupLabIT {

    static final String DB_VIP = "198.51.100.89";
    static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path tmp;

    private Path cfg;
    private Path backups;
    private NumberedWriter writer;
    private String lastOutput;

    @BeforeEach
    void setUp(Lab lab) throws Exception {
        backups = Files.createDirectories(tmp.resolve("backups"));
        cfg = LabConfigs.withOwnState(lab, tmp, yml -> LabConfigs.withDatabaseServer(lab, yml)
                .replaceAll("(?m)^backup:\\n  directory: .*$", "backup:\n  directory: " + backups));
    }

    @AfterEach
    void heal(Lab lab) {
        if (writer != null) {
            writer.close();
        }
        lab.heal();
    }

    CheckLabIT.Run hactl(String... args) {
        return CheckLabIT.hactlWith(cfg, args);
    }

    /** A physical backup of the database only; returns its manifest entry. */
    private Manifest.Entry physicalBackup() throws IOException {
        return physicalBackup(cfg);
    }

    private Manifest.Entry physicalBackup(Path config) throws IOException {
        CheckLabIT.Run r = CheckLabIT.hactlWith(config, "backup", "database", "--method", "physical");
        System.out.println("[physical-backup-output]\n" + r.all());
        assertThat(r.exit()).as(r.all()).isZero();
        lastOutput = r.out();
        return Manifest.read(day()).orElseThrow().entry("database").orElseThrow();
    }

    private static String scratch(Lab lab) {
        return lab.dir().resolve("n2").resolve("mysql/data") + ".hactl-backup";
    }

    private Path day() {
        LocalDate d = LocalDate.now();
        return backups.resolve(String.format("%04d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    }

    @Test
    void aPhysicalBackup_hasAManifestWhoseSha256AndGtidMatchItsFile_verifyRestorePasses_aFlippedByteFailsNamingTheFile(
            Lab lab) throws Exception {
        lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.demo_writes (note) VALUES ('before the physical backup')");
        long t0 = System.nanoTime();
        Manifest.Entry e = physicalBackup();
        System.out.printf(Locale.ROOT, "[lab-figure] physical backup of the lab database %.2f s, %d bytes (zstd), %d"
                + " bytes of tar%n", (System.nanoTime() - t0) / 1e9, e.bytes(), e.rawBytes());
        assertThat(e.method()).isEqualTo(Manifest.PHYSICAL);
        assertThat(e.node()).isEqualTo("n2");
        assertThat(e.role()).isEqualTo("replica");
        assertThat(e.serverVersion()).startsWith("10.11.");
        assertThat(e.file()).matches("database-\\d{6}\\.tar\\.zst");
        Path file = day().resolve(e.file());
        assertThat(Files.size(file)).isEqualTo(e.bytes());
        assertThat(sha256(file)).isEqualTo(e.sha256());
        String info = member(file, "xtrabackup_binlog_info");
        assertThat(info.strip().split("\\s+")).as(info).contains(e.gtid());
        assertThat(member(file, "hactl_demo/demo_writes.frm")).isNotEmpty();
        assertThat(e.gtid()).matches("\\d+-\\d+-\\d+(,\\d+-\\d+-\\d+)*");
        assertThat(lastOutput).contains("physical (--method physical): n2 has mariadb-backup 10.11", "prepared and"
                + " compressed on n2 (mariadb-backup --backup and --prepare into " + scratch(lab), "database: compress"
                + " on n2 (tar | zstd -1 -T2) and stream it here");
        assertThat(Path.of(scratch(lab))).as("the scratch copy on n2 removed").doesNotExist();
        try (var s = Files.list(day())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("no scratch directory left")
                    .containsExactlyInAnyOrder(Manifest.FILE, e.file());
        }
        List<OperationEntry> log = new TransitionLog(tmp.resolve("state")).read(OperationEntry.class).stream()
                .filter(x -> "backup".equals(x.operation())).toList();
        assertThat(log).anyMatch(x -> x.event() == Event.STEP_END && "ok".equals(x.result())
                && x.step().startsWith("database: prepare"));

        String date = LocalDate.now().toString();
        CheckLabIT.Run v = hactl("backup", "verify", "--restore", date);
        System.out.println("[verify-restore-output]\n" + v.all());
        assertThat(v.exit()).as(v.all()).isZero();
        assertThat(v.out()).contains("test restore of " + e.file() + " (physical, from n2, GTID " + e.gtid() + ")",
                "started a throw-away mariadbd on it", "no network", "tables OK", "test restore: ok: the copy starts"
                        + " and every table checks OK", "good: every file matches the manifest; the database copy"
                        + " starts and its tables check OK");
        try (var s = Files.list(backups)) {
            assertThat(s.map(p -> p.getFileName().toString())).as("the temporary directory removed")
                    .noneMatch(n -> n.startsWith("hactl-restore-check-"));
        }

        Path bad = tmp.resolve("bad");
        Path badDay = Files.createDirectories(bad.resolve(backups.relativize(day())));
        Files.copy(day().resolve(Manifest.FILE), badDay.resolve(Manifest.FILE));
        byte[] b = Files.readAllBytes(file);
        b[b.length / 2] ^= 0x40;
        Files.write(badDay.resolve(e.file()), b);
        CheckLabIT.Run f = hactl("backup", "verify", "--restore", "-d", bad.toString(), date);
        assertThat(f.exit()).as(f.all()).isEqualTo(1);
        assertThat(f.out()).contains(e.file(), "BAD: SHA-256 differs from the manifest's", "test restore of " + e.file()
                + ": not tried, the file is damaged", "BAD: this backup cannot be trusted");
    }

    @Test
    void restoreNode_bringsN2BackReplicating_withTheRowsWrittenSinceTheBackup_andIdenticalChecksums(Lab lab)
            throws Exception {
        lab.sqlAsRoot("n1", NumberedWriter.TABLE_DDL);
        Manifest.Entry e = physicalBackup();
        writer = new NumberedWriter(DB_VIP, 3306, "app", lab.appPassword(), "restore-" + System.nanoTime()).start();
        awaitWrites(30);
        // n2 goes wrong after the backup: it stops replicating and takes a transaction of its own
        lab.sqlAsRoot("n2", "STOP SLAVE; RESET SLAVE ALL; SET GLOBAL read_only=0; INSERT INTO hactl_demo.demo_writes"
                + " (note) VALUES ('errant on n2'); SET GLOBAL read_only=1;");
        String date = LocalDate.now().toString();

        CheckLabIT.Run master = hactl("restore-node", "--node", "n1", "--from", date);
        assertThat(master.exit()).as(master.all()).isEqualTo(2);
        assertThat(master.out()).contains("n1 is the master", "nothing was changed");

        long t0 = System.nanoTime();
        CheckLabIT.Run r = hactl("restore-node", "--node", "n2", "--from", date);
        System.out.println("[restore-node-output]\n" + r.all());
        System.out.printf(Locale.ROOT, "[lab-figure] restore-node of n2 from the physical backup %.2f s%n",
                (System.nanoTime() - t0) / 1e9);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("method: physical, from the backup of " + date + " (n2 at GTID " + e.gtid() + ")",
                "is the one written (size, SHA-256", "copy the backup", "tar -x on n2", "the copy is n2 at GTID "
                        + e.gtid(), "as its manifest says", "stop its database server", "swap the data directory",
                "start its database server on the copy", "replicate from n1 from the copy's GTID " + e.gtid(),
                "remove the old data directory", "db-sync-check: database hactl_demo");

        awaitWrites(20);
        writer.close();
        List<Long> acked = writer.acknowledged();
        long max = acked.stream().mapToLong(Long::longValue).max().orElseThrow();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(lab.tableChecksums("n2").sums()).isEqualTo(lab.tableChecksums("n1").sums()));
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.switch_writes WHERE writer='" + writer.writer()
                + "' AND n <= " + max)).as("every row acknowledged since the backup, on n2")
                .isEqualTo(String.valueOf(acked.size()));
        assertThat(sql(lab, "n2", "SELECT COUNT(*) FROM hactl_demo.demo_writes WHERE note='errant on n2'")).isEqualTo("0");
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
        assertThat(s.get("Using_Gtid")).isEqualTo("Slave_Pos");
        String data = lab.dir().resolve("n2").resolve("mysql/data").toString();
        assertThat(Path.of(data + ".hactl-new")).doesNotExist();
        assertThat(Path.of(data + ".hactl-old")).doesNotExist();
        List<OperationEntry> log = new TransitionLog(tmp.resolve("state")).read(OperationEntry.class).stream()
                .filter(x -> RestoreNode.NAME.equals(x.operation())).toList();
        assertThat(log).anyMatch(x -> x.event() == Event.OPERATION_END && "ok".equals(x.result()));
        assertThat(r.all()).doesNotContain(lab.appPassword());
    }

    /**
     * hactl ended by SIGTERM (Ctrl-C, a stopped service) while mariadb-backup runs on n2: its shutdown
     * hook stops the node's process group by its PID and removes the scratch directory. To land the
     * signal inside the copy on a 2-core machine where the lab database is copied in a fraction of a
     * second, the test holds a table lock on n2 (a table of its own, binary log off) that keeps
     * mariadb-backup waiting at BACKUP STAGE START; the scratch directory exists by then.
     */
    @Test
    void anInterruptedBackup_leavesNoScratchDirectoryOnTheNode_itsMariadbBackupStoppedByItsPid(Lab lab)
            throws Exception {
        Path jar = Path.of(System.getProperty("user.dir")).getParent().resolve("controller/target/hactl.jar");
        assumeTrue(Files.exists(jar), "needs the product's packaged jar (mvn verify builds it before the lab tests)");
        String scratch = scratch(lab);
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; CREATE DATABASE IF NOT EXISTS hactl_hold; CREATE TABLE IF NOT"
                + " EXISTS hactl_hold.t (i INT) ENGINE=Aria");
        CompletableFuture<String> hold = CompletableFuture.supplyAsync(() -> {
            try {
                return lab.sqlAsRoot("n2", "LOCK TABLES hactl_hold.t WRITE; SELECT SLEEP(120);", Duration.ofSeconds(150));
            } catch (RuntimeException e) {
                return e.getMessage();    // its connection killed below: expected
            }
        });
        Process p = null;
        Path out = tmp.resolve("interrupted.out");
        try {
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !sql(lab, "n2", "SELECT COUNT(*) FROM"
                    + " information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(120)%'").equals("0"));
            p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    jar + ":" + jar.getParent().resolve("lib") + "/*", "io.hactl.cli.Main", "--config", cfg.toString(),
                    "backup", "database", "--method", "physical").redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> !sql(lab, "n2", "SELECT COUNT(*) FROM"
                    + " information_schema.PROCESSLIST WHERE INFO LIKE 'BACKUP STAGE START%'").equals("0"));
            assertThat(pidOf("mariadb-backup", "--backup", "--target-dir=" + scratch + "/copy")).as(Files.readString(out))
                    .isPresent();
            assertThat(Path.of(scratch)).as("the scratch copy had begun").exists();

            p.destroy();      // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(Files.readString(out)).isTrue();
            System.out.println("[interrupted-backup-output]\n" + Files.readString(out));
            assertThat(Files.readString(out)).contains("prepared and compressed on n2");
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
                assertThat(pidOf("mariadb-backup", "--target-dir=" + scratch + "/copy")).as("mariadb-backup on n2"
                        + " stopped").isEmpty();
                assertThat(Path.of(scratch)).as("no scratch directory on n2").doesNotExist();
            });
        } finally {
            if (p != null) {
                p.destroyForcibly();
            }
            for (String id : sql(lab, "n2", "SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE"
                    + " 'SELECT SLEEP(120)%'").split("\\s+")) {
                if (!id.isBlank()) {
                    lab.sqlAsRoot("n2", "KILL " + id);
                }
            }
            hold.get();
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_hold");
        }
        Manifest.Entry e = physicalBackup();
        assertThat(e.method()).as("the next backup works").isEqualTo(Manifest.PHYSICAL);
        assertThat(Path.of(scratch)).doesNotExist();
    }

    /**
     * The way of before, provoked without filling a disk: a margin of 8 GB (database.server.free_margin_mb)
     * is more than the lab's file system has beside n2's data directory, so the copy goes through this
     * machine (mbstream here, prepared and tar'ed into zstd here), saying why; what it writes is what
     * {@code backup verify --restore} and {@code restore-node} read.
     */
    @Test
    void withoutRoomForTheScratchCopyOnN2_theBackupGoesThroughThisMachineSayingWhy_andVerifyRestoreAndRestoreNodeReadIt(
            Lab lab) throws Exception {
        Path big = tmp.resolve("big-margin.yml");
        String stop = "    stop: " + lab.dir() + "/bin/mariadb-ctl stop {node}\n";
        String yml = Files.readString(cfg);
        assertThat(yml).contains(stop);
        Files.writeString(big, yml.replace(stop, stop + "    free_margin_mb: 8192\n"));
        Manifest.Entry e = physicalBackup(big);
        assertThat(lastOutput).contains("prepared and compressed on this machine (mariadb-backup's stream through SSH"
                + " into mbstream here, the way of before): no room for the scratch copy on n2: n2 has",
                "database: copy (mariadb-backup --backup --stream=mbstream on n2, mbstream -x on this machine");
        assertThat(e.method()).isEqualTo(Manifest.PHYSICAL);
        assertThat(Path.of(scratch(lab))).doesNotExist();

        String date = LocalDate.now().toString();
        CheckLabIT.Run v = hactl("backup", "verify", "--restore", date);
        assertThat(v.exit()).as(v.all()).isZero();
        assertThat(v.out()).contains("test restore: ok: the copy starts and every table checks OK");

        CheckLabIT.Run r = hactl("restore-node", "--node", "n2", "--from", date);
        System.out.println("[restore-node-old-way-output]\n" + r.all());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("the copy is n2 at GTID " + e.gtid(), "as its manifest says");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(lab.tableChecksums("n2").sums()).isEqualTo(lab.tableChecksums("n1").sums()));
        Map<String, String> s = lab.replicaStatus("n2");
        assertThat(s.get("Slave_IO_Running") + " " + s.get("Slave_SQL_Running")).isEqualTo("Yes Yes");
    }

    /** A process whose command line has every one of {@code parts} (namespaces share the PID space). */
    private static OptionalLong pidOf(String... parts) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                String cmd;
                try {
                    cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                } catch (IOException e) {
                    continue;   // gone meanwhile
                }
                if (Stream.of(parts).allMatch(cmd::contains) && !cmd.startsWith("sh ")) {
                    return OptionalLong.of(Long.parseLong(p.getFileName().toString()));
                }
            }
        }
        return OptionalLong.empty();
    }

    private void awaitWrites(int more) {
        int before = writer.count();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> writer.count() > before + more);
    }

    private static String sql(Lab lab, String node, String q) {
        return lab.sqlAsRoot(node, q).strip();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** One member of the backup's tar, read with tar itself from the decompressed stream. */
    private static String member(Path file, String name) throws Exception {
        Process p = new ProcessBuilder("tar", "-xOf", "-", "./" + name).start();
        try (InputStream in = Compression.ZSTD.decompress(Files.newInputStream(file)); var to = p.getOutputStream()) {
            in.transferTo(to);
        } catch (IOException e) {
            // tar stopped reading once it had the member
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
