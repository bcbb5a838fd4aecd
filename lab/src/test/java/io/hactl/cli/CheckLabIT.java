package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.hactl.check.ReportJson;
import io.hactl.lab.Lab;
import io.hactl.lab.LabExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** `hactl check` against the real two-node lab: each fault is applied, checked, then healed. */
@Tag("lab")
@ExtendWith(LabExtension.class)
class CheckLabIT {

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return ReportJson.mapper().readTree(out);
        }

        String all() {
            return out + err;
        }
    }

    static Run hactl(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code hactl --config CONFIG ARGS...}, in-process. */
    static Run hactlWith(Path config, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--config";
        all[1] = config.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return hactl(all);
    }

    static Run check(Lab lab, boolean json) {
        return json ? hactl("check", "--config", lab.config().toString(), "--json")
                    : hactl("--config", lab.config().toString(), "check");
    }

    @AfterEach
    void heal(Lab lab) {
        lab.heal();
    }

    @Test
    void healthyPairIsHealthy(Lab lab) throws Exception {
        Run r = check(lab, false);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("DB:  OK        HEALTHY: master n1, replica n2 in sync",
                "APP: OK        ACTIVE: active n1 with app VIP 198.51.100.88; backend, tomcat running");
        assertThat(r.out()).containsPattern("n2 +198\\.51\\.100\\.12 +on line +responding +10\\.11\\.\\d+-MariaDB +replica +ON +Yes +Yes");
        JsonNode j = check(lab, true).json();
        assertThat(j.at("/snapshot/dbVip/holders").toString()).isEqualTo("[\"n1\"]");
        assertThat(j.at("/snapshot/dbVip/answeringMacs")).hasSize(1);
        assertThat(j.at("/snapshot/dbVip/answeringMacs/0").asText()).isEqualTo(j.at("/snapshot/nodes/0/macAddress").asText());
        assertThat(j.at("/snapshot/nodes/1/db/replica/usingGtid").asText()).isEqualTo("Slave_Pos");
        assertThat(j.at("/snapshot/nodes/0/services/0/pids")).isNotEmpty();
    }

    @Test
    void semiSync_onBothNodesInTheLab_saidOnce_offOnTheMaster_aWarningNamingItAndTheFix(Lab lab) throws Exception {
        Run on = check(lab, false);
        assertThat(on.exit()).as(on.out()).isZero();
        assertThat(on.out()).contains("Semi-sync: on: n1 acknowledges a commit only once n2 has received it (AFTER_SYNC;"
                + " 1 replica acknowledging; after 10 s without an answer n1 goes on alone)");
        try {
            lab.sqlAsRoot("n1", "SET GLOBAL rpl_semi_sync_master_enabled = OFF");
            Run off = check(lab, false);
            assertThat(off.exit()).as(off.out()).isEqualTo(1);
            assertThat(off.out()).contains("Semi-sync: WARNING: acknowledged writes can be lost with the master's node",
                    "  n1 has rpl_semi_sync_master_enabled=OFF: set rpl_semi_sync_master_enabled = ON,",
                    "docs/runbook-db.md#semi-synchronous-replication",
                    "DB:  OK        HEALTHY: master n1, replica n2 in sync",
                    "DB:  WARNING   SEMI-SYNC: acknowledged writes can be lost with the master's node");
            JsonNode j = check(lab, true).json();
            assertThat(j.at("/semiSync/ok").asBoolean()).isFalse();
            assertThat(j.at("/snapshot/nodes/0/db/semiSync/masterEnabled").asBoolean()).isFalse();
            assertThat(j.at("/snapshot/nodes/1/db/semiSync/replicaEnabled").asBoolean()).isTrue();
        } finally {
            lab.sqlAsRoot("n1", "SET GLOBAL rpl_semi_sync_master_enabled = ON");
        }
    }

    @Test
    void replicaStoppedIsAWarning(Lab lab) throws Exception {
        lab.sqlAsRoot("n2", "STOP SLAVE;");
        Run r = check(lab, true);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().at("/db/code").asText()).isEqualTo("REPLICA_STOPPED");
        assertThat(r.json().at("/snapshot/nodes/1/db/replica/ioState").asText()).isEqualTo("No");
    }

    @Test
    void replicaMariadbKilledIsAWarningAndNotResponding(Lab lab) throws Exception {
        assertThat(lab.killMariadb("n2")).isTrue();
        Run r = check(lab, false);
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.out()).containsPattern("n2 +198\\.51\\.100\\.12 +on line +NOT RESPONDING");
        assertThat(r.out()).contains("WARNING   REPLICA-DOWN: replica n2: MySQL not responding");
    }

    @Test
    void dbVipOnBothNodesIsAnIpConflict(Lab lab) throws Exception {
        lab.addVip("n2", "198.51.100.89");
        Run r = check(lab, false);
        assertThat(r.exit()).as(r.out()).isEqualTo(2);
        assertThat(r.out()).contains("ERROR: THERE IS AN IP CONFLICT ON THE NETWORK");
        assertThat(r.out()).contains("CRITICAL  SPLIT-BRAIN");
        JsonNode j = check(lab, true).json();
        assertThat(j.at("/snapshot/dbVip/holders")).hasSize(2);
        assertThat(j.at("/snapshot/dbVip/answeringMacs")).hasSize(2);
        assertThat(j.at("/snapshot/appVip/answeringMacs")).hasSize(1);
    }

    @Test
    void masterLinkDownIsReportedUnreachableNotAHang(Lab lab) throws Exception {
        lab.linkDown("n1");
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> check(lab, true), "check hung on a partitioned node");
        JsonNode j = r.json();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(j.at("/snapshot/nodes/0/ping/reachable").asBoolean()).isFalse();
        assertThat(j.at("/snapshot/nodes/0/shell/ok").asBoolean()).isFalse();
        assertThat(j.at("/snapshot/nodes/0/db/responding").asBoolean()).isFalse();
        assertThat(j.at("/db/code").asText()).isEqualTo("MASTER_UNREACHABLE");
        assertThat(j.at("/db/sentence").asText()).startsWith("master n1 unreachable");
        // the elapsed time of the probe cycle is reported; the bench prints the figures
        assertThat(j.at("/snapshot/elapsed").asText()).startsWith("PT");
    }

    @Test
    void badConfigListsEveryProblemAndExitsNonZero(Lab lab) throws Exception {
        Path bad = Files.createTempFile("hactl-bad", ".yml");
        try {
            String text = Files.readString(lab.config())
                    .replace("address: 198.51.100.12", "address: 198.51.100.300")
                    .replace("  port: 3306", "  port: 99999")
                    .replace("cluster: lab", "cluster: lab\nclustre_name: typo");
            Files.writeString(bad, text);
            Run r = hactl("check", "--config", bad.toString());
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.err()).contains("nodes[1].address", "database.port", "clustre_name");
            assertThat(r.err()).contains(bad.toString() + ":");
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    @Test
    void unknownHostKeyIsRefusedUntilTrusted(Lab lab) throws Exception {
        Path dir = Files.createTempDirectory("hactl-kh");
        Path kh = dir.resolve("known_hosts");
        Files.writeString(kh, "");
        Path cfg = dir.resolve("hactl.yml");
        Files.writeString(cfg, Files.readString(lab.config()).replace("/var/lib/hactl-lab/ssh/known_hosts", kh.toString()));
        Files.setPosixFilePermissions(cfg, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Run before = hactl("ssh", "test", "n1", "--config", cfg.toString());
        assertThat(before.exit()).isEqualTo(2);
        assertThat(before.out()).contains("host key unknown", "hactl ssh trust n1");

        Run trust = hactl("ssh", "trust", "n1", "--yes", "--config", cfg.toString());
        assertThat(trust.exit()).as(trust.err()).isZero();
        assertThat(trust.out()).contains("fingerprint SHA256:", "added to " + kh);
        assertThat(Files.readString(kh)).startsWith("198.51.100.11 ssh-ed25519 ");
        assertThat(hactl("ssh", "test", "n1", "--config", cfg.toString()).exit()).isZero();

        // a different key for the same host is a changed key: refused, with the fix named
        Files.writeString(kh, "198.51.100.12 " + Files.readString(kh).split(" ", 2)[1]);
        Run changed = hactl("ssh", "test", "n2", "--config", cfg.toString());
        assertThat(changed.exit()).isEqualTo(2);
        assertThat(changed.out()).contains("HOST KEY HAS CHANGED");
        assertThat(hactl("ssh", "trust", "n2", "--yes", "--config", cfg.toString()).err()).contains("DIFFERENT key");
    }
}
