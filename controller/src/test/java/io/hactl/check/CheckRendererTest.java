package io.hactl.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.DatabaseConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.NodeConfig;
import io.hactl.config.ProbeConfig;
import io.hactl.config.Secret;
import io.hactl.config.ServiceConfig;
import io.hactl.config.SshConfig;
import io.hactl.config.VipConfig;
import io.hactl.model.DbProbe;
import io.hactl.model.Diagnoser;
import io.hactl.model.NodeProbe;
import io.hactl.model.ProbeSnapshot;
import io.hactl.model.ReplicaStatus;
import io.hactl.model.ServiceProbe;
import io.hactl.model.VipProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CheckRendererTest {

    static final String MAC1 = "02:00:00:00:00:11";
    static final String MAC2 = "02:00:00:00:00:12";

    static HactlConfig config() {
        SshConfig ssh = new SshConfig("root", 22, Path.of("/k"), Path.of("/kh"), Duration.ofSeconds(2), Duration.ofSeconds(10));
        return new HactlConfig(Path.of("/etc/hactl/hactl.yml"), "pair1",
                List.of(new NodeConfig("n1", "198.51.100.11", "eth0", ssh), new NodeConfig("n2", "198.51.100.12", "eth0", ssh)),
                new VipConfig("198.51.100.89", 24), new VipConfig("198.51.100.88", 24),
                new DatabaseConfig(3306, "agi", "agi", Secret.NONE, "repl", Secret.NONE, Duration.ofSeconds(1), Duration.ofSeconds(2), null),
                List.of(new ServiceConfig("tomcat", "start", "stop", "catalina", 8080, Duration.ofSeconds(60), Duration.ofSeconds(60),
                        "/srv/tomcat/logs/catalina.out", "/srv/tomcat")),
                new ProbeConfig(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(300)),
                io.hactl.config.BackupConfig.defaults(), Path.of("/var/lib/hactl"));
    }

    static ProbeSnapshot snapshot(List<String> dbMacs) {
        NodeProbe n1 = new NodeProbe("n1", "198.51.100.11", new NodeProbe.PingResult(true, 0.04, null), new NodeProbe.ShellResult(true, null),
                List.of("198.51.100.11", "198.51.100.89", "198.51.100.88"), MAC1,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19-MariaDB-0+deb12u1", false, null, "0-1-12", "0-1-12", "mariadb-bin.000002", 900L),
                List.of(new ServiceProbe("tomcat", true, List.of(4242L), 8080, true, null)));
        NodeProbe n2 = new NodeProbe("n2", "198.51.100.12", new NodeProbe.PingResult(true, 0.05, null), new NodeProbe.ShellResult(true, null),
                List.of("198.51.100.12"), MAC2,
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19-MariaDB-0+deb12u1", true,
                        new ReplicaStatus("198.51.100.11", 3306, "Yes", true, 0L, 0, "", 0, "", "0-1-12", "Slave_Pos"),
                        "0-1-12", "", "mariadb-bin.000001", 300L),
                List.of(new ServiceProbe("tomcat", false, List.of(), 8080, false, null)));
        Map<String, String> owners = Map.of(MAC1, "n1", MAC2, "n2");
        return new ProbeSnapshot("pair1", Instant.parse("2026-11-25T12:00:00Z"), Duration.ofMillis(420), List.of(n1, n2),
                new VipProbe("198.51.100.89", List.of("n1"), dbMacs, owners, null),
                new VipProbe("198.51.100.88", List.of("n1"), List.of(MAC1), owners, null));
    }

    @Test
    void healthyReportHasTheSeedSectionsAndVerdicts() {
        CheckReport r = CheckReport.of("/etc/hactl/hactl.yml", snapshot(List.of(MAC1)), new Diagnoser());
        String out = CheckRenderer.render(config(), r);
        assertThat(out).contains("-------------------- BASIC CONFIGURATION --------------------",
                "-------------------- MYSQL CLUSTER INFORMATION --------------------",
                "-------------------- APPLICATION CLUSTER INFORMATION --------------------",
                "Name of the database:", "Tomcat directory:", "Tomcat TCP port:");
        assertThat(out).containsPattern("n1 +198\\.51\\.100\\.11 +on line +responding +10\\.11\\.19-MariaDB +master +OFF");
        assertThat(out).containsPattern("n2 +198\\.51\\.100\\.12 +on line +responding +10\\.11\\.19-MariaDB +replica +ON +Yes +Yes +0s +0-1-12");
        assertThat(out).containsPattern("n1 +tomcat +running +4242 +8080 answering");
        assertThat(out).contains("DB:  OK        HEALTHY: master n1, replica n2 in sync (GTID 0-1-12)");
        assertThat(out).doesNotContain("IP CONFLICT");
        assertThat(r.exitCode()).isZero();
    }

    /** Issue 12: a replication error quotes the failed query, data a database user wrote: printed escaped. */
    @Test
    void aReplicationErrorWithControlCharactersIsPrintedEscaped() {
        ProbeSnapshot healthy = snapshot(List.of(MAC1));
        NodeProbe n2 = healthy.nodes().get(1);
        NodeProbe broken = new NodeProbe(n2.name(), n2.address(), n2.ping(), new NodeProbe.ShellResult(false,
                "ssh: refused\u001b[2J"), n2.addresses(), n2.macAddress(),
                new DbProbe(true, null, DbProbe.Flavor.MARIADB, "10.11.19-MariaDB-0+deb12u1", true,
                        new ReplicaStatus("198.51.100.11", 3306, "Yes", false, null, 0, "", 1062,
                                "Duplicate entry; Query: 'INSERT t VALUES (\"\n-------------------- VERDICT\u001b[31m\")'",
                                "0-1-12", "Slave_Pos"), "0-1-12", "", "mariadb-bin.000001", 300L), n2.services());
        ProbeSnapshot s = new ProbeSnapshot("pair1", healthy.takenAt(), healthy.elapsed(), List.of(healthy.nodes().get(0),
                broken), healthy.dbVip(), healthy.appVip());
        String out = CheckRenderer.render(config(), CheckReport.of("x", s, new Diagnoser()));
        assertThat(out).contains("SQL error 1062: Duplicate entry; Query: 'INSERT t VALUES (\"\\n-------------------- VERDICT"
                + "\\x1b[31m\")'", "ssh: refused\\x1b[2J").doesNotContain("\u001b");
        assertThat(out.lines().filter(l -> l.startsWith("-------------------- VERDICT"))).hasSize(1);
    }

    @Test
    void conflictPrintsTheSeedErrorAndExitsTwo() {
        CheckReport r = CheckReport.of("x", snapshot(List.of(MAC1, MAC2)), new Diagnoser());
        String out = CheckRenderer.render(config(), r);
        assertThat(out).contains("ERROR: THERE IS AN IP CONFLICT ON THE NETWORK", "OTHER HOST IS ALSO RESPONDING ON THIS IP ADDRESS (198.51.100.89)");
        assertThat(out).containsPattern("ARP answered by: +n1 \\(02:00:00:00:00:11\\), n2 \\(02:00:00:00:00:12\\)");
        assertThat(out).contains("DB:  CRITICAL  SPLIT-BRAIN: DB VIP 198.51.100.89 answered by 2 MACs");
        assertThat(r.exitCode()).isEqualTo(2);
    }

    /** n2 wrote 0-2-13 itself while it replicates from n1 (issue 13, defect 2). */
    static ProbeSnapshot errantReplica() {
        ProbeSnapshot s = snapshot(List.of(MAC1));
        NodeProbe n1 = s.nodes().get(0);
        NodeProbe n2 = s.nodes().get(1);
        DbProbe m = n1.db();
        DbProbe r = n2.db();
        NodeProbe master = new NodeProbe(n1.name(), n1.address(), n1.ping(), n1.shell(), n1.addresses(), n1.macAddress(),
                new DbProbe(true, null, m.flavor(), m.version(), false, null, "0-1-12", "0-1-12", m.binlogFile(),
                        m.binlogPosition(), "0-1-12", "1"), n1.services());
        NodeProbe replica = new NodeProbe(n2.name(), n2.address(), n2.ping(), n2.shell(), n2.addresses(), n2.macAddress(),
                new DbProbe(true, null, r.flavor(), r.version(), true, r.replica(), "0-2-13", "0-2-13", r.binlogFile(),
                        r.binlogPosition(), "0-1-12,0-2-13", "2"), n2.services());
        return new ProbeSnapshot(s.cluster(), s.takenAt(), s.elapsed(), List.of(master, replica), s.dbVip(), s.appVip());
    }

    @Test
    void aSecondWritableNodeReadsHealthy_checkNamesTheErrantTransactionInTextAndJson() throws Exception {
        CheckReport r = CheckReport.of("x", errantReplica(), new Diagnoser());
        String out = CheckRenderer.render(config(), r);
        assertThat(out).contains("  n2: has transactions master n1 lacks (errant): 0-2-13 (1 transaction, written on n2,"
                + " never on n1): a failover would promote them, a rebuild from n1 discards them");
        assertThat(out).contains("DB:  WARNING   REPLICA-ERRANT: replica n2 has transactions master n1 lacks (errant)");
        assertThat(out).doesNotContain("HEALTHY");
        assertThat(r.exitCode()).isEqualTo(1);
        var tree = ReportJson.mapper().readTree(ReportJson.write(r));
        assertThat(tree.at("/db/code").asText()).isEqualTo("REPLICA_ERRANT");
        assertThat(tree.at("/db/errant/node").asText()).isEqualTo("n2");
        assertThat(tree.at("/db/errant/master").asText()).isEqualTo("n1");
        assertThat(tree.at("/db/errant/gtids/0").asText()).isEqualTo("0-2-13");
        assertThat(tree.at("/db/errant/count").asLong()).isEqualTo(1);
        assertThat(tree.at("/snapshot/nodes/0/db/serverId").asText()).isEqualTo("1");
        assertThat(ReportJson.mapper().readTree(ReportJson.write(CheckReport.of("x", snapshot(List.of(MAC1)),
                new Diagnoser()))).at("/db/errant").isNull()).isTrue();
    }

    @Test
    void jsonCarriesCodesAndSnapshot() throws Exception {
        CheckReport r = CheckReport.of("x", snapshot(List.of(MAC1)), new Diagnoser());
        var tree = ReportJson.mapper().readTree(ReportJson.write(r));
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.at("/db/code").asText()).isEqualTo("HEALTHY");
        assertThat(tree.at("/app/code").asText()).isEqualTo("ACTIVE");
        assertThat(tree.at("/exitCode").asInt()).isZero();
        assertThat(tree.at("/snapshot/nodes/1/db/replica/ioState").asText()).isEqualTo("Yes");
        assertThat(tree.at("/snapshot/dbVip/holders/0").asText()).isEqualTo("n1");
        assertThat(tree.at("/snapshot/takenAt").asText()).isEqualTo("2026-11-25T12:00:00Z");
    }

    /** The snapshot with each node's semi-sync as given. */
    static ProbeSnapshot withSemiSync(ProbeSnapshot s, io.hactl.model.SemiSync n1, io.hactl.model.SemiSync n2) {
        List<NodeProbe> nodes = new java.util.ArrayList<>();
        for (NodeProbe n : s.nodes()) {
            io.hactl.model.SemiSync semi = n.name().equals("n1") ? n1 : n2;
            nodes.add(new NodeProbe(n.name(), n.address(), n.ping(), n.shell(), n.addresses(), n.macAddress(),
                    n.db().withSemiSync(semi), n.services()));
        }
        return new ProbeSnapshot(s.cluster(), s.takenAt(), s.elapsed(), nodes, s.dbVip(), s.appVip());
    }

    static io.hactl.model.SemiSync semi(boolean master, boolean slave, boolean status, int clients) {
        return new io.hactl.model.SemiSync(true, master, slave, "AFTER_SYNC", false, 10_000, status, clients);
    }

    @Test
    void semiSyncOnBothNodes_saidUnderTheNodes_exitZero_inJson() throws Exception {
        CheckReport r = CheckReport.of("x", withSemiSync(snapshot(List.of(MAC1)), semi(true, true, true, 1),
                semi(true, true, true, 0)), new Diagnoser());
        String out = CheckRenderer.render(config(), r);
        assertThat(out).contains("Semi-sync: on: n1 acknowledges a commit only once n2 has received it (AFTER_SYNC;"
                + " 1 replica acknowledging; after 10 s without an answer n1 goes on alone)");
        assertThat(out).doesNotContain("SEMI-SYNC");
        assertThat(r.exitCode()).isZero();
        var tree = ReportJson.mapper().readTree(ReportJson.write(r));
        assertThat(tree.at("/semiSync/ok").asBoolean()).isTrue();
        assertThat(tree.at("/snapshot/nodes/0/db/semiSync/waitPoint").asText()).isEqualTo("AFTER_SYNC");
        assertThat(tree.at("/snapshot/nodes/0/db/semiSync/replicas").asInt()).isEqualTo(1);
    }

    @Test
    void semiSyncOffOnTheMaster_aWarningNamingNodeSettingAndFix_exitOne() throws Exception {
        CheckReport r = CheckReport.of("x", withSemiSync(snapshot(List.of(MAC1)), semi(false, true, false, 0),
                semi(true, true, true, 0)), new Diagnoser());
        String out = CheckRenderer.render(config(), r);
        assertThat(out).contains("Semi-sync: WARNING: acknowledged writes can be lost with the master's node\n"
                + "  n1 has rpl_semi_sync_master_enabled=OFF: set rpl_semi_sync_master_enabled = ON,");
        assertThat(out).contains("DB:  OK        HEALTHY: master n1, replica n2 in sync (GTID 0-1-12)\n"
                + "APP: OK        ACTIVE:").contains("DB:  WARNING   SEMI-SYNC: acknowledged writes can be lost with"
                + " the master's node\n");
        assertThat(r.exitCode()).isEqualTo(1);
        var tree = ReportJson.mapper().readTree(ReportJson.write(r));
        assertThat(tree.at("/semiSync/ok").asBoolean()).isFalse();
        assertThat(tree.at("/semiSync/problems/0").asText()).startsWith("n1 has rpl_semi_sync_master_enabled=OFF");
        assertThat(tree.at("/exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void semiSyncNotRead_nothingSaid_exitAsBefore() {
        CheckReport r = CheckReport.of("x", snapshot(List.of(MAC1)), new Diagnoser());
        assertThat(CheckRenderer.render(config(), r)).doesNotContain("Semi-sync", "SEMI-SYNC");
        assertThat(r.exitCode()).isZero();
    }
}
