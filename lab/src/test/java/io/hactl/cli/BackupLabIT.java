package io.hactl.cli;

import static io.hactl.cli.CheckLabIT.hactl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hactl.backup.BackupVerifier;
import io.hactl.backup.Manifest;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import io.hactl.lab.LabLayout;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * backup, backup verify, db-backup, db-restore and db-copy on the real lab: round trips with
 * identical checksums, a killed backup, a full disk, refusals, passwords never in argv.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class BackupLabIT {

    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";

    Path work;

    @BeforeEach
    void setUp() throws IOException {
        work = Files.createTempDirectory(Path.of("/tmp"), "hactl-bk-it-");
    }

    @AfterEach
    void tearDown(Lab lab) throws IOException {
        new ProcessBuilder("umount", "-l", work.resolve("full").toString()).start();
        try (Stream<Path> walk = Files.walk(work)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        lab.heal();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The lab's config with its backup section replaced: backups under {@code dir}, the lab's components, and
     * {@code extra}; the database logical (mariadb-dump), whose dump these tests restore and size (the physical
     * method, auto's choice on the lab, is PhysicalBackupLabIT's).
     */
    Path config(Lab lab, Path dir, String extraComponents) throws IOException {
        String yaml = Files.readString(lab.config());
        String section = """
                backup:
                  directory: %s
                  database:
                    method: logical
                  components:
                    - name: tomcat
                      paths:
                        - /var/lib/hactl-lab/{node}/tomcat/conf
                        - /var/lib/hactl-lab/{node}/tomcat/webapps
                    - name: backend
                      paths:
                        - /var/lib/hactl-lab/{node}/backend
                      exclude: ["*.pid"]
                %s""".formatted(dir, extraComponents);
        yaml = yaml.replaceAll("(?s)\\nbackup:\\n.*?(?=\\nstate_directory:)", "\n" + section.stripTrailing());
        Path file = work.resolve("hactl-" + System.nanoTime() + ".yml");
        Files.writeString(file, yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    static String bigComponent(Path dir) {
        return """
                    - name: big
                      paths:
                        - %s
                """.formatted(dir);
    }

    String pw(Lab lab) {
        return lab.dir().resolve("secrets/hactl.password").toString();
    }

    /**
     * hactl ARGS, with the lab's config unless ARGS name one: hactl never falls back to the lab's
     * config (issue 12), and these runs want it (the pair's roles, the transition log).
     */
    static CheckLabIT.Run run(String... args) {
        return hactl(withLabConfig(args));
    }

    static String[] withLabConfig(String... args) {
        if (List.of(args).contains("-c") || List.of(args).contains("--config")) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of("--config", LabLayout.standard().config().toString()));
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    static CheckLabIT.Run runWithStdin(String stdin, String... args) {
        InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        try {
            return hactl(withLabConfig(args));
        } finally {
            System.setIn(before);
        }
    }

    static Path today(Path dir) {
        LocalDate d = LocalDate.now();
        return dir.resolve(String.format("%04d/%02d/%02d", d.getYear(), d.getMonthValue(), d.getDayOfMonth()));
    }

    static void waitForReplica(Lab lab) {
        String gtid = lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip();
        String r = lab.sqlAsRoot("n2", "SELECT MASTER_GTID_WAIT('" + gtid + "', 30)").strip();
        assertThat(r).as("n2 caught up with n1 at " + gtid).isEqualTo("0");
    }

    /** CHECKSUM TABLE of every base table of {@code db} on {@code node}: "table checksum" lines. */
    static List<String> checksums(Lab lab, String node, String db) {
        String tables = lab.sqlAsRoot(node, "SELECT GROUP_CONCAT(CONCAT('`" + db + "`.`', TABLE_NAME, '`') ORDER BY"
                + " TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA='" + db
                + "' AND TABLE_TYPE='BASE TABLE'").strip();
        List<String> out = new ArrayList<>();
        for (String line : lab.sqlAsRoot(node, "CHECKSUM TABLE " + tables).strip().split("\n")) {
            String[] f = line.split("\t");
            out.add(f[0].substring(f[0].indexOf('.') + 1) + " " + f[1]);
        }
        return out;
    }

    static void randomFile(Path file, int megabytes) throws Exception {
        Files.createDirectories(file.getParent());
        Process p = new ProcessBuilder("head", "-c", megabytes + "M", "/dev/urandom")
                .redirectOutput(file.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    static long dirBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    void fullBackupThenRestoreIntoAFreshDatabaseGivesIdenticalChecksums(Lab lab) throws Exception {
        lab.sqlAsRoot("n1", """
                SET NAMES utf8mb4;
                USE hactl_demo;
                DROP DATABASE IF EXISTS hactl_bk_rt; DROP VIEW IF EXISTS bk_view; DROP PROCEDURE IF EXISTS bk_proc;
                DROP FUNCTION IF EXISTS bk_fn; DROP TABLE IF EXISTS bk_types;
                CREATE TABLE hactl_demo.bk_types (
                  id INT AUTO_INCREMENT PRIMARY KEY, i BIGINT, u INT UNSIGNED, d DECIMAL(20,6), f FLOAT, g DOUBLE,
                  s VARCHAR(100) CHARACTER SET utf8mb4, t TEXT, b BLOB, bin VARBINARY(16), dt DATETIME(6),
                  ts TIMESTAMP(3) NULL, dd DATE, tm TIME, y YEAR, j JSON, e ENUM('a','b'), st SET('x','y','z'), bt BIT(5));
                INSERT INTO hactl_demo.bk_types (i,u,d,f,g,s,t,b,bin,dt,ts,dd,tm,y,j,e,st,bt) VALUES
                  (-9223372036854775808, 4294967295, -12345678901234.123456, 1.5, -2.25e300,
                   'héllo ✓ 😀 "q" \\'s\\' \\\\ back', 'line1\\nline2\\ttab', UNHEX('00FF0A0D275C22'), UNHEX('DEADBEEF'),
                   '2026-01-02 03:04:05.123456', '2026-01-02 03:04:05.123', '1999-12-31', '-838:59:59', 2155,
                   '{"a": [1, 2, {"b": null}]}', 'b', 'x,z', b'10101'),
                  (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
                INSERT INTO hactl_demo.bk_types (i, s, b, dt, j)
                  SELECT seq, CONCAT('row ', seq, ' ✓'), RANDOM_BYTES(64), NOW(6) - INTERVAL seq SECOND,
                         JSON_OBJECT('n', seq) FROM seq_1_to_5000;
                CREATE VIEW bk_view AS SELECT id, s FROM bk_types WHERE id < 10;
                CREATE TRIGGER bk_trg BEFORE INSERT ON bk_types FOR EACH ROW
                  SET NEW.s = COALESCE(NEW.s, 'by trigger');
                CREATE PROCEDURE bk_proc() SELECT COUNT(*) FROM bk_types;
                CREATE FUNCTION bk_fn(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
                """);
        try {
            waitForReplica(lab);
            Path dir = work.resolve("backups");
            Path cfg = config(lab, dir, "");
            CheckLabIT.Run b = run("backup", "-c", cfg.toString());
            assertThat(b.exit()).as(b.out() + b.err()).isZero();
            assertThat(b.out()).contains("database: from n2, the replica, in sync with master n1: no load on the master",
                    "files: from n1, where the application is active");
            Manifest m = Manifest.read(today(dir)).orElseThrow();
            assertThat(m.components()).extracting(Manifest.Entry::component).containsExactly("database", "tomcat", "backend");
            Manifest.Entry db = m.entry("database").orElseThrow();
            assertThat(db.node()).isEqualTo("n2");
            assertThat(db.role()).isEqualTo("replica");
            assertThat(db.gtid()).isEqualTo(lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip());
            assertThat(db.sha256()).hasSize(64);
            assertThat(m.hactlVersion()).isNotBlank();
            assertThat(m.entry("tomcat").orElseThrow().paths()).contains("/var/lib/hactl-lab/n1/tomcat/conf");
            assertThat(run("backup", "verify", "-c", cfg.toString()).exit()).isZero();

            CheckLabIT.Run r = run("db-restore", "-c", cfg.toString(), "-f", today(dir).resolve(db.file()).toString(),
                    "-h", N1, "-u", "hactl", "--password-file", pw(lab), "-D", "hactl_bk_rt", "--create");
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("n1 (hactl@198.51.100.11) is the pair's master: written with the binary log on",
                    "created database hactl_bk_rt", "restored into hactl@198.51.100.11/hactl_bk_rt");
            assertThat(checksums(lab, "n1", "hactl_bk_rt")).isEqualTo(checksums(lab, "n1", "hactl_demo"))
                    .anySatisfy(c -> assertThat(c).startsWith("bk_types "));
            for (String q : List.of(
                    "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='%s'",
                    "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA='%s'",
                    "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA='%s'")) {
                assertThat(lab.sqlAsRoot("n1", q.formatted("hactl_bk_rt"))).as(q)
                        .isEqualTo(lab.sqlAsRoot("n1", q.formatted("hactl_demo")));
            }
            assertThat(lab.sqlAsRoot("n1", "SELECT hactl_bk_rt.bk_fn(21)").strip()).isEqualTo("42");
            // the restore went through the binary log: the replica has it too
            waitForReplica(lab);
            assertThat(checksums(lab, "n2", "hactl_bk_rt")).isEqualTo(checksums(lab, "n1", "hactl_bk_rt"));

            // a parallel copy (tables in streams, then routines, events and views) gives the same objects
            CheckLabIT.Run c = run("db-copy", "-c", cfg.toString(), "--origin-user", "hactl", "--origin-password-file",
                    pw(lab), "--origin-host", N1, "--origin-database", "hactl_demo", "--destination-user", "hactl",
                    "--destination-password-file", pw(lab), "--destination-host", N2, "--destination-database",
                    "hactl_bk_cp", "--parallel", "2");
            assertThat(c.exit()).as(c.out()).isZero();
            assertThat(c.out()).contains("2 streams at once");
            assertThat(checksums(lab, "n2", "hactl_bk_cp")).isEqualTo(checksums(lab, "n1", "hactl_demo"));
            for (String q : List.of(
                    "SELECT COUNT(*) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA='%s'",
                    "SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA='%s'",
                    "SELECT COUNT(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA='%s'")) {
                assertThat(lab.sqlAsRoot("n2", q.formatted("hactl_bk_cp"))).as(q)
                        .isEqualTo(lab.sqlAsRoot("n1", q.formatted("hactl_demo")));
            }
            assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM hactl_bk_cp.bk_view").strip()).isEqualTo("9");
        } finally {
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_bk_cp");
            lab.sqlAsRoot("n1", "DROP DATABASE IF EXISTS hactl_bk_rt; DROP VIEW IF EXISTS hactl_demo.bk_view;"
                    + " DROP PROCEDURE IF EXISTS hactl_demo.bk_proc; DROP FUNCTION IF EXISTS hactl_demo.bk_fn;"
                    + " DROP TABLE IF EXISTS hactl_demo.bk_types;");
        }
    }

    @Test
    void verifyCatchesAFlippedByte(Lab lab) throws Exception {
        Path dir = work.resolve("backups");
        Path cfg = config(lab, dir, "");
        assertThat(run("backup", "-c", cfg.toString(), "database", "tomcat").exit()).isZero();
        Manifest m = Manifest.read(today(dir)).orElseThrow();
        Path file = today(dir).resolve(m.entry("tomcat").orElseThrow().file());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
        CheckLabIT.Run v = run("backup", "verify", "-c", cfg.toString(), LocalDate.now().toString());
        assertThat(v.exit()).as(v.out()).isEqualTo(1);
        assertThat(v.out()).containsPattern("database +database-\\d{6}\\.sql\\.zst .* ok")
                .contains("BAD: SHA-256 differs from the manifest's", "this backup cannot be trusted");
    }

    @Test
    void aBackupKilledHalfwayLeavesThePreviousOneOfTheDayIntact(Lab lab) throws Exception {
        Path jar = Path.of(System.getProperty("user.dir")).getParent().resolve("controller/target/hactl.jar");
        assumeTrue(Files.exists(jar), "needs the product's packaged jar (mvn verify builds it before the lab tests)");
        randomFile(work.resolve("n1/big/random.bin"), 256);
        Path dir = work.resolve("backups");
        Path cfg = config(lab, dir, bigComponent(work.resolve("{node}/big")));
        CheckLabIT.Run first = run("backup", "-c", cfg.toString(), "database", "big");
        assertThat(first.exit()).as(first.out()).isZero();
        Path day = today(dir);
        Manifest before = Manifest.read(day).orElseThrow();

        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar + ":" + jar.getParent().resolve("lib") + "/*", "io.hactl.cli.Main", "backup", "-c", cfg.toString(),
                "database", "big").redirectErrorStream(true).redirectOutput(work.resolve("killed.out").toFile()).start();
        Path partial = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (partial == null && System.nanoTime() < deadline && p.isAlive()) {
            try (Stream<Path> s = Files.list(day)) {
                partial = s.filter(f -> f.getFileName().toString().startsWith(".big-")
                        && f.toFile().length() > 16L << 20).findFirst().orElse(null);
            }
            Thread.sleep(2);
        }
        assertThat(partial).as("a half-written big file; output: " + Files.readString(work.resolve("killed.out")))
                .isNotNull();
        p.destroyForcibly();      // SIGKILL: no cleanup of any kind runs
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(Manifest.read(day).orElseThrow()).isEqualTo(before);
        BackupVerifier.Report report = BackupVerifier.verify(day).orElseThrow();
        assertThat(report.ok()).isTrue();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("left by an interrupted backup"));
        CheckLabIT.Run v = run("backup", "verify", "-c", cfg.toString());
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out()).contains("run " + before.run(), "good: every file matches the manifest");

        CheckLabIT.Run third = run("backup", "-c", cfg.toString(), "database", "big");
        assertThat(third.exit()).as(third.out()).isZero();
        assertThat(third.out()).contains("left by an interrupted backup", "this replaces the day's previous backup"
                + " (run " + before.run() + ")");
        BackupVerifier.Report after = BackupVerifier.verify(day).orElseThrow();
        assertThat(after.ok()).isTrue();
        assertThat(after.warnings()).isEmpty();
        try (Stream<Path> s = Files.list(day)) {
            assertThat(s.map(f -> f.getFileName().toString())).hasSize(3);   // manifest + 2 files
        }
    }

    @Test
    void aFullDiskFailsCleanlyAndKeepsThePreviousBackup(Lab lab) throws Exception {
        Path probe = work.resolve("probe");
        assertThat(run("backup", "-c", config(lab, probe, "").toString(), "database", "tomcat").exit()).isZero();
        long size = dirBytes(probe);
        long tmpfsMb = 2 * size / (1 << 20) + 4;
        Path full = Files.createDirectories(work.resolve("full"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + tmpfsMb + "m,mode=0700", "tmpfs",
                full.toString()).inheritIO().start();
        assertThat(mount.waitFor()).isZero();
        randomFile(work.resolve("n1/big/random.bin"), (int) tmpfsMb + 1);
        Path cfg = config(lab, full, bigComponent(work.resolve("{node}/big")));

        CheckLabIT.Run first = run("backup", "-c", cfg.toString(), "database", "tomcat");
        assertThat(first.exit()).as(first.out()).isZero();
        Manifest before = Manifest.read(today(full)).orElseThrow();

        CheckLabIT.Run second = run("backup", "-c", cfg.toString());
        assertThat(second.exit()).as(second.out()).isEqualTo(1);
        assertThat(second.out()).contains("big: FAILED: writing failed: No space left on device (the backup disk is full)",
                "the day's previous backup (run " + before.run() + ") is kept as it was",
                "the files of this run were removed");
        assertThat(Manifest.read(today(full)).orElseThrow()).isEqualTo(before);
        BackupVerifier.Report report = BackupVerifier.verify(today(full)).orElseThrow();
        assertThat(report.ok()).isTrue();
        assertThat(report.warnings()).as("no partial or orphan file left").isEmpty();
    }

    @Test
    void restoreIntoTheReplicaIsRefusedAndWrongPasswordsWriteNothing(Lab lab) throws Exception {
        Path dump = work.resolve("demo.sql.zst");
        CheckLabIT.Run ok = run("db-backup", "-f", dump.toString(), "-h", N1, "-u", "hactl", "--password-file", pw(lab),
                "-D", "hactl_demo");
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(ok.out()).containsPattern("GTID 0-1-\\d+, binlog binlog\\.\\d+:\\d+");

        CheckLabIT.Run replica = run("db-restore", "-f", dump.toString(), "-h", N2, "-u", "hactl", "--password-file",
                pw(lab), "-D", "hactl_bk_never", "--create");
        assertThat(replica.exit()).as(replica.out()).isEqualTo(2);
        assertThat(replica.out()).contains("REFUSED: n2 (hactl@198.51.100.12) is a replica", "run it on the master only",
                "nothing was changed");
        assertThat(lab.sqlAsRoot("n2", "SHOW DATABASES LIKE 'hactl_bk_never'")).isBlank();

        Path wrong = work.resolve("wrong.password");
        Files.writeString(wrong, "not-the-password\n");
        Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
        Path out = work.resolve("never.sql.gz");
        CheckLabIT.Run b = runWithStdin("not-the-password\n", "db-backup", "-f", out.toString(), "-h", N1, "-u", "hactl",
                "-p", "-D", "hactl_demo");
        assertThat(b.exit()).isEqualTo(1);
        assertThat(b.out()).contains("FAILED: hactl@198.51.100.11: ERROR 1045 (28000): Access denied for user 'hactl'",
                "nothing was written");
        try (Stream<Path> s = Files.list(work)) {
            assertThat(s.map(f -> f.getFileName().toString())).noneMatch(n -> n.contains("never"));
        }
        CheckLabIT.Run r = run("db-restore", "-f", dump.toString(), "-h", N1, "-u", "hactl", "--password-file",
                wrong.toString(), "-D", "hactl_bk_never", "--create");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("Access denied", "nothing was changed");
        CheckLabIT.Run c = run("db-copy", "--origin-user", "hactl", "--origin-password-file", pw(lab), "--origin-host", N1,
                "--origin-database", "hactl_demo", "--destination-user", "hactl", "--destination-password-file",
                wrong.toString(), "--destination-host", N2, "--destination-database", "hactl_bk_never");
        assertThat(c.exit()).isEqualTo(1);
        assertThat(c.out()).contains("hactl@198.51.100.12: ERROR 1045 (28000): Access denied", "nothing was changed");
        assertThat(lab.sqlAsRoot("n1", "SHOW DATABASES LIKE 'hactl_bk_never'")).isBlank();
        assertThat(lab.sqlAsRoot("n2", "SHOW DATABASES LIKE 'hactl_bk_never'")).isBlank();

        CheckLabIT.Run inArgv = run("db-backup", "-f", out.toString(), "-h", N1, "-u", "hactl", "-psecret", "-D", "x");
        assertThat(inArgv.exit()).isEqualTo(2);
        assertThat(inArgv.out()).contains("-p was given a value on the command line", "--password-file FILE");
        CheckLabIT.Run copyArgv = run("db-copy", "--origin-password", "secret", "--origin-database", "a",
                "--destination-database", "b");
        assertThat(copyArgv.exit()).isEqualTo(2);
        assertThat(copyArgv.out()).contains("--origin-password was given a value", "--origin-password-file FILE");
    }

    @Test
    void gzipAndPlainDumpsRestoreTooAndTheHeaderNamesTheDatabase(Lab lab) throws Exception {
        try {
            for (String name : List.of("demo.sql.gz", "demo.sql")) {
                Path f = work.resolve(name);
                CheckLabIT.Run b = run("db-backup", "-f", f.toString(), "-S", lab.dir().resolve("n1/mysql/mysqld.sock")
                        .toString(), "-D", "hactl_demo");
                assertThat(b.exit()).as(b.out()).isZero();
                assertThat(b.out()).contains("dump root (OS user)@localhost");      // socket authentication, as the seed
                String target = name.endsWith(".gz") ? "hactl_bk_gz" : "hactl_bk_plain";
                CheckLabIT.Run r = run("db-restore", "-f", f.toString(), "-h", N1, "-u", "hactl", "--password-file",
                        pw(lab), "-D", target, "--create");
                assertThat(r.exit()).as(r.out()).isZero();
                assertThat(r.out()).contains(name.endsWith(".gz") ? "(gzip," : "(plain,");
                assertThat(checksums(lab, "n1", target)).isEqualTo(checksums(lab, "n1", "hactl_demo"));
            }
            // without -D the dump's header names the database: restoring it "in place" on the master works
            CheckLabIT.Run same = run("db-restore", "-f", work.resolve("demo.sql").toString(), "-h", N1, "-u", "hactl",
                    "--password-file", pw(lab));
            assertThat(same.exit()).as(same.out()).isZero();
            assertThat(same.out()).contains("into hactl@198.51.100.11/hactl_demo");
        } finally {
            lab.sqlAsRoot("n1", "DROP DATABASE IF EXISTS hactl_bk_gz; DROP DATABASE IF EXISTS hactl_bk_plain");
        }
    }

    @Test
    void copyRefusesTheSameDatabaseAndNamesThatAreNotNames(Lab lab) {
        CheckLabIT.Run same = run("db-copy", "--origin-user", "hactl", "--origin-password-file", pw(lab), "--origin-host",
                N1, "--origin-database", "hactl_demo", "--destination-user", "hactl", "--destination-password-file",
                pw(lab), "--destination-host", "198.51.100.89", "--destination-database", "hactl_demo");
        assertThat(same.exit()).as(same.out()).isEqualTo(2);
        assertThat(same.out()).contains("REFUSED: origin and destination are the same database: hactl_demo on one server");
        CheckLabIT.Run injection = run("db-copy", "--origin-database", "hactl_demo", "--destination-database",
                "x`; DROP DATABASE hactl_demo; --");
        assertThat(injection.exit()).isEqualTo(2);
        assertThat(injection.out()).contains("--destination-database 'x`; DROP DATABASE hactl_demo; --' is not a"
                + " database name hactl accepts");
        assertThat(lab.sqlAsRoot("n1", "SHOW DATABASES LIKE 'hactl_demo'").strip()).isEqualTo("hactl_demo");
    }

    /**
     * The seed's "Master failure (II)" copy step: replication stopped, the master moved on, db-copy
     * from the master into the out-of-date node. The copy gives it no GTID of its own, so
     * replication resumes from the master's position (what db-master-set --force-sync does).
     */
    @Test
    void copyIntoTheOutOfDateNodeGivesIdenticalDataAndNoGtidOfItsOwn(Lab lab) throws Exception {
        lab.sqlAsRoot("n2", "STOP SLAVE");
        lab.sqlAsRoot("n1", "USE hactl_demo; DROP TABLE IF EXISTS bk_new; INSERT INTO hactl_demo.demo_writes (note) VALUES ('while n2 was away'), ('again');"
                + " CREATE TABLE hactl_demo.bk_new (id INT PRIMARY KEY, v VARCHAR(20));"
                + " INSERT INTO hactl_demo.bk_new SELECT seq, CONCAT('v', seq) FROM seq_1_to_1000;");
        try {
            String n2Before = lab.sqlAsRoot("n2", "SELECT @@gtid_binlog_pos").strip();
            assertThat(checksums(lab, "n2", "hactl_demo")).isNotEqualTo(checksums(lab, "n1", "hactl_demo"));
            CheckLabIT.Run c = run("db-copy", "--origin-user", "hactl", "--origin-password-file", pw(lab),
                    "--origin-host", N1, "--origin-database", "hactl_demo", "--destination-user", "hactl",
                    "--destination-password-file", pw(lab), "--destination-host", N2, "--destination-database",
                    "hactl_demo");
            assertThat(c.exit()).as(c.out()).isZero();
            assertThat(c.out()).contains("n2 (hactl@198.51.100.12) is a replica",
                    "written with the binary log off for this session (sql_log_bin=0)", "the origin stayed at GTID");
            assertThat(checksums(lab, "n2", "hactl_demo")).isEqualTo(checksums(lab, "n1", "hactl_demo"));
            assertThat(lab.sqlAsRoot("n2", "SELECT @@gtid_binlog_pos").strip()).as("no GTID of its own").isEqualTo(n2Before);

            // --force-sync by hand: the replica starts from the master's position, and replication runs clean
            String master = lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip();
            lab.sqlAsRoot("n2", "SET GLOBAL gtid_slave_pos='" + master + "'; START SLAVE;");
            lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.bk_new VALUES (1001, 'after the copy')");
            waitForReplica(lab);
            assertThat(lab.sqlAsRoot("n2", "SHOW STATUS LIKE 'Slave_running'").strip()).isEqualTo("Slave_running\tON");
            assertThat(lab.sqlAsRoot("n2", "SELECT @@gtid_slave_pos").strip())
                    .isEqualTo(lab.sqlAsRoot("n1", "SELECT @@gtid_binlog_pos").strip());
            assertThat(checksums(lab, "n2", "hactl_demo")).isEqualTo(checksums(lab, "n1", "hactl_demo"));
        } finally {
            lab.sqlAsRoot("n1", "DROP TABLE IF EXISTS hactl_demo.bk_new");
        }
    }

    @Test
    void noPasswordIsEverInACommandLineOrEnvironment(Lab lab) throws Exception {
        String secret = "Pw\"x\\ y#1'z";
        String sqlSecret = secret.replace("\\", "\\\\").replace("'", "\\'");
        lab.sqlAsRoot("n1", "DROP USER IF EXISTS bk_pw@'198.51.100.%'; DROP DATABASE IF EXISTS hactl_bk_pw3;"
                + " CREATE USER bk_pw@'198.51.100.%' IDENTIFIED BY '" + sqlSecret + "';"
                + " GRANT ALL ON *.* TO bk_pw@'198.51.100.%';"
                + " SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_bk_pw; CREATE DATABASE hactl_bk_pw;"
                + " USE hactl_bk_pw;"
                + " CREATE TABLE hactl_bk_pw.t (id INT PRIMARY KEY, v VARCHAR(200));"
                + " INSERT INTO hactl_bk_pw.t SELECT seq, REPEAT(MD5(seq), 6) FROM seq_1_to_150000;");
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_bk_pw2;");
        waitForReplica(lab);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        Set<String> leaked = ConcurrentHashMap.newKeySet();
        List<String> tmpBefore = hactlTempDirs();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                ProcessHandle.current().descendants().forEach(ph -> {
                    for (String what : List.of("cmdline", "environ")) {
                        try {
                            String text = new String(Files.readAllBytes(Path.of("/proc", Long.toString(ph.pid()), what)),
                                    StandardCharsets.UTF_8).replace('\0', ' ');
                            if (what.equals("cmdline")) {
                                seen.add(text);
                            }
                            if (text.contains(secret) || text.contains("Pw\"x")) {
                                leaked.add(what + ": " + text);
                            }
                        } catch (IOException e) {
                            // the process ended
                        }
                    }
                });
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        try {
            CheckLabIT.Run b = runWithStdin(secret + "\n", "db-backup", "-f", work.resolve("pw.sql.zst").toString(),
                    "-h", N1, "-u", "bk_pw", "-p", "-D", "hactl_bk_pw");
            assertThat(b.exit()).as(b.out()).isZero();
            CheckLabIT.Run c = runWithStdin(secret + "\n" + secret + "\n", "db-copy", "--origin-user", "bk_pw",
                    "--origin-password", "--origin-host", N1, "--origin-database", "hactl_bk_pw", "--destination-user",
                    "bk_pw", "--destination-password", "--destination-host", N2, "--destination-database", "hactl_bk_pw2");
            assertThat(c.exit()).as(c.out()).isZero();
            CheckLabIT.Run r = runWithStdin(secret + "\n", "db-restore", "-f", work.resolve("pw.sql.zst").toString(),
                    "-h", N1, "-u", "bk_pw", "-p", "-D", "hactl_bk_pw3", "--create");
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(b.out() + c.out() + r.out()).doesNotContain(secret);
        } finally {
            watcher.interrupt();
            watcher.join(5000);
            lab.sqlAsRoot("n1", "DROP USER IF EXISTS bk_pw@'198.51.100.%'; DROP DATABASE IF EXISTS hactl_bk_pw3;"
                    + " SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_bk_pw;");
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_bk_pw2;");
        }
        assertThat(leaked).isEmpty();
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("mariadb-dump", "--defaults-extra-file=", "--user=bk_pw"));
        assertThat(seen).anySatisfy(s -> assertThat(s).contains("mariadb ", "--init-command=SET SESSION sql_log_bin=0"));
        assertThat(hactlTempDirs()).as("option files deleted").isEqualTo(tmpBefore);
        assertThat(new io.hactl.log.TransitionLog(lab.dir().resolve("state")).read())
                .noneMatch(e -> String.valueOf(e.why()).contains(secret) || e instanceof io.hactl.log.OperationEntry o
                        && String.valueOf(o.detail()).contains(secret));
    }

    static List<String> hactlTempDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("hactl-\\d+")).sorted().toList();
        }
    }
}
