package io.hactl.cli;

import static io.hactl.cli.BackupLabIT.checksums;
import static io.hactl.cli.CheckLabIT.hactl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's "Master failure (II)" recovery, end to end with hactl only: replication stopped,
 * the master moved on, db-master-set refuses, db-copy from the master into the out-of-date
 * node, then db-master-set --force-sync: identical checksums, replication running clean.
 */
@Tag("lab")
@ExtendWith(LabExtension.class)
class MasterFailureTwoLabIT {

    static final String N1 = "198.51.100.11";
    static final String N2 = "198.51.100.12";

    @AfterEach
    void heal(Lab lab) {
        lab.sqlAsRoot("n1", "DROP TABLE IF EXISTS hactl_demo.mf2");
        lab.heal();
    }

    @Test
    void copyThenForceSyncRestoresReplication(Lab lab) throws Exception {
        String cfg = lab.config().toString();
        String pw = lab.dir().resolve("secrets/hactl.password").toString();
        lab.sqlAsRoot("n2", "STOP SLAVE");
        lab.sqlAsRoot("n1", "USE hactl_demo; CREATE TABLE hactl_demo.mf2 (id INT PRIMARY KEY, v VARCHAR(20));"
                + " INSERT INTO hactl_demo.mf2 SELECT seq, CONCAT('v', seq) FROM seq_1_to_500;"
                + " INSERT INTO hactl_demo.demo_writes (note) VALUES ('while n2 was away');");
        // n2 also took a write of its own while away: its history diverged from n1's
        lab.sqlAsRoot("n2", "SET GLOBAL read_only=0; INSERT INTO hactl_demo.demo_writes (note) VALUES ('errant on n2');"
                + " SET GLOBAL read_only=1;");

        CheckLabIT.Run refused = hactl("db-master-set", "--node", "n2", "--config", cfg);
        assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
        assertThat(refused.out()).contains("REFUSED");

        CheckLabIT.Run copy = hactl("db-copy", "--config", cfg, "--origin-user", "hactl", "--origin-password-file", pw, "--origin-host", N1,
                "--origin-database", "hactl_demo", "--destination-user", "hactl", "--destination-password-file", pw,
                "--destination-host", N2, "--destination-database", "hactl_demo");
        assertThat(copy.exit()).as(copy.out()).isZero();
        assertThat(checksums(lab, "n2", "hactl_demo")).isEqualTo(checksums(lab, "n1", "hactl_demo"));

        CheckLabIT.Run sync = hactl("db-master-set", "--node", "n1", "--force-sync", "--config", cfg);
        assertThat(sync.exit()).as(sync.out()).isZero();

        lab.sqlAsRoot("n1", "INSERT INTO hactl_demo.mf2 VALUES (501, 'after force-sync')");
        CheckLabIT.Run same = hactl("db-sync-check", "--tables", "--config", cfg);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> hactl("db-sync-check", "--tables", "--config", cfg).exit() == 0);
        JsonNode j = hactl("check", "--json", "--config", cfg).json();
        assertThat(j.at("/db/code").asText()).as(j.at("/db/sentence").asText()).isEqualTo("HEALTHY");
        assertThat(j.at("/snapshot/nodes/1/db/replica/lastSqlErrno").asInt()).isZero();
        assertThat(j.at("/snapshot/nodes/1/db/replica/lastIoErrno").asInt()).isZero();
        assertThat(checksums(lab, "n2", "hactl_demo")).isEqualTo(checksums(lab, "n1", "hactl_demo"));
        assertThat(same.out()).contains("hactl_demo");
    }
}
