package io.hactl.cli;

import static io.hactl.cli.CheckLabIT.hactl;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 on the real lab, for the database tools: a table name that is an option of
 * mariadb-dump, and what the copy and the dump do with it; a restore into a full disk.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class DbToolsHardeningLabIT {

    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";

    /**
     * Item 2, "Option injection into mariadb-dump": a database user who can create tables names
     * one {@code --result-file=/tmp/...}. The parallel copy (which names tables on the dump's
     * command line) refuses it, naming it, before anything is created; one stream and db-backup
     * (which name only the database, after {@code --}) copy it like any table; no file ever
     * appears at that path.
     */
    @Test
    void optionInjectionIntoMariadbDumpATableNamedResultFileWritesNoFileAnywhere(Lab lab) throws Exception {
        Path target = Path.of("/tmp", "hactl-injected-" + System.nanoTime());
        String evil = "--result-file=" + target;
        String pw = lab.dir().resolve("secrets/hactl.password").toString();
        lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_inj; CREATE DATABASE hactl_inj;"
                + " USE hactl_inj;"
                + " CREATE TABLE hactl_inj.a (id INT PRIMARY KEY, v VARCHAR(20));"
                + " INSERT INTO hactl_inj.a SELECT seq, CONCAT('a', seq) FROM seq_1_to_500;"
                + " CREATE TABLE hactl_inj.`" + evil + "` (id INT PRIMARY KEY, v VARCHAR(20));"
                + " INSERT INTO hactl_inj.`" + evil + "` SELECT seq, CONCAT('evil', seq) FROM seq_1_to_300;");
        lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_inj2;");
        Path dump = Files.createTempDirectory("hactl-inj-it-").resolve("inj.sql.zst");
        try {
            CheckLabIT.Run parallel = copy(lab, pw, "2");
            assertThat(parallel.exit()).as(parallel.all()).isEqualTo(2);
            assertThat(parallel.out()).contains("REFUSED: table '" + evil + "' of hactl_inj starts with '-'",
                    "copy with --parallel 1", "RENAME TABLE", "nothing was changed");
            assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME ="
                    + " 'hactl_inj2'").strip()).as("the refused copy created nothing").isEqualTo("0");
            assertThat(target).doesNotExist();

            CheckLabIT.Run one = copy(lab, pw, "1");
            assertThat(one.exit()).as(one.all()).isZero();
            assertThat(target).doesNotExist();
            assertThat(lab.sqlAsRoot("n2", "SELECT COUNT(*), MAX(v) FROM hactl_inj2.`" + evil + "`").strip())
                    .isEqualTo("300\tevil99");

            CheckLabIT.Run backup = hactl("db-backup", "-c", lab.config().toString(), "-f", dump.toString(), "-h", N1,
                    "-u", "hactl", "--password-file", pw, "-D", "hactl_inj");
            assertThat(backup.exit()).as(backup.all()).isZero();
            assertThat(target).doesNotExist();
            assertThat(dump).isNotEmptyFile();
        } finally {
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_inj;");
            lab.sqlAsRoot("n2", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_inj2;");
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
            Files.deleteIfExists(target);
        }
    }

    /**
     * Item "A restore into a server whose disk is full waited 5 minutes": a table's file is on
     * a 1 MB file system of its own (MyISAM DATA DIRECTORY, mounted in n1's server's mount
     * namespace). The server waits for space; the restore says so within seconds (the stall
     * timeout is 5 minutes), naming the session, the host and the data directory. (InnoDB fails
     * with ERROR 1114 instead, unit-tested in DiskFullTest: on a full disk MariaDB 10.11 aborts
     * while rolling that statement back, so the lab does not try it.)
     */
    @Test
    void aRestoreIntoAFullDiskSaysSoAtOnceNamingTheServerAndItsDataDirectory(Lab lab) throws Exception {
        String pw = lab.dir().resolve("secrets/hactl.password").toString();
        long pid = Long.parseLong(Files.readString(lab.dir().resolve("n1/mysql/mariadbd.pid")).strip());
        Path small = Files.createDirectories(Path.of("/tmp", "hactl-full-" + System.nanoTime()));
        Path work = Files.createTempDirectory("hactl-full-it-");
        run("nsenter", "-t", Long.toString(pid), "-m", "mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "tmpfs",
                small.toString());
        String datadir = lab.sqlAsRoot("n1", "SELECT @@datadir").strip();
        try {
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_full; CREATE DATABASE"
                    + " hactl_full; CREATE TABLE hactl_full.tm (id INT PRIMARY KEY, v VARCHAR(200))"
                    + " ENGINE=MyISAM DATA DIRECTORY='" + small + "';");

            long t0 = System.nanoTime();
            CheckLabIT.Run myisam = restore(lab, pw, work, "INSERT INTO tm SELECT seq, REPEAT('x', 200) FROM"
                    + " seq_1_to_20000;\n");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(myisam.exit()).as(myisam.all()).isEqualTo(1);
            assertThat(myisam.out()).contains("hactl@" + N1 + ": the server's disk is full: session ",
                    "(hactl, database hactl_full) is 'Waiting for someone to free space' on host ",
                    "data directory " + datadir, "database hactl_full may be incomplete").doesNotContain("stalled");
            assertThat(took).as("told at once, not after the 5 min stall timeout").isLessThan(Duration.ofSeconds(60));
        } finally {
            // room again: the waiting session goes on (or is killed), and the database can go
            quietly("nsenter", "-t", Long.toString(pid), "-m", "mount", "-o", "remount,size=64m", small.toString());
            for (String id : lab.sqlAsRoot("n1", "SELECT ID FROM information_schema.PROCESSLIST WHERE DB = 'hactl_full'"
                    + " AND ID <> CONNECTION_ID()").strip().split("\\s+")) {
                if (!id.isBlank()) {
                    lab.sqlAsRoot("n1", "KILL " + id);
                }
            }
            lab.sqlAsRoot("n1", "SET SESSION sql_log_bin=0; DROP DATABASE IF EXISTS hactl_full;");
            quietly("nsenter", "-t", Long.toString(pid), "-m", "umount", small.toString());
            Files.deleteIfExists(small);
            try (var files = Files.list(work)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(work);
        }
    }

    private static CheckLabIT.Run restore(Lab lab, String pw, Path work, String sql) throws Exception {
        Path file = work.resolve("load-" + System.nanoTime() + ".sql");
        Files.writeString(file, sql);
        return shown(hactl("db-restore", "-c", lab.config().toString(), "-f", file.toString(), "-h", N1, "-u", "hactl",
                "--password-file", pw, "-D", "hactl_full", "--binlog", "off", "--stall-timeout", "5m"));
    }

    /** Cleanup: runs {@code argv}, whatever comes of it (so a first failure is the one reported). */
    private static void quietly(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    private static void run(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    private static CheckLabIT.Run copy(Lab lab, String pw, String parallel) {
        return shown(hactl("db-copy", "-c", lab.config().toString(), "--origin-user", "hactl", "--origin-password-file",
                pw, "--origin-host", N1, "--origin-database", "hactl_inj", "--destination-user", "hactl",
                "--destination-password-file", pw, "--destination-host", N2, "--destination-database", "hactl_inj2",
                "--parallel", parallel));
    }

    /** The run, its output printed (the test report shows what an operator would read). */
    private static CheckLabIT.Run shown(CheckLabIT.Run r) {
        System.out.println(r.all() + "(exit " + r.exit() + ")");
        return r;
    }
}
