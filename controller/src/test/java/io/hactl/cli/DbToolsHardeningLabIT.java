package io.hactl.cli;

import static io.hactl.cli.CheckLabIT.hactl;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 12 on the real lab, for the database tools: a table name that is an option of
 * mariadb-dump, and what the copy and the dump do with it.
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

    private static CheckLabIT.Run copy(Lab lab, String pw, String parallel) {
        return hactl("db-copy", "-c", lab.config().toString(), "--origin-user", "hactl", "--origin-password-file", pw,
                "--origin-host", N1, "--origin-database", "hactl_inj", "--destination-user", "hactl",
                "--destination-password-file", pw, "--destination-host", N2, "--destination-database", "hactl_inj2",
                "--parallel", parallel);
    }
}
