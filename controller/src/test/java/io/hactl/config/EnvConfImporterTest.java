package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Imports the sample conf/env.conf, modelled on the old scripts' site. */
class EnvConfImporterTest {

    static final Path SAMPLE = ConfigFixture.repositoryRoot().resolve("conf/env.conf");

    @TempDir
    Path dir;

    @Test
    void theSampleImportsToAConfigThatOnlyLacksTheFilesToCreate() throws IOException {
        EnvConfImporter.Result result = EnvConfImporter.importFile(SAMPLE);
        Path yaml = Files.writeString(dir.resolve("hactl.yml"), result.yaml());
        Files.setPosixFilePermissions(yaml, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

        List<ConfigProblem> problems = ConfigLoader.check(yaml);

        // Only the files the operator is told to create (under /etc/hactl) are reported: on a
        // machine without them, as "does not exist". The test below proves the rest with the files in place.
        assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("/etc/hactl/"));
        assertThat(problems).extracting(ConfigProblem::key).isSubsetOf(
                "ssh.key", "ssh.known_hosts", "database.password_file", "database.replication.password_file");
        if (!Files.exists(Path.of("/etc/hactl"))) {
            assertThat(problems).hasSize(4).allSatisfy(p -> assertThat(p.message()).contains("does not exist"));
        }
    }

    @Test
    void theSeedsVariablesAreMapped() throws IOException {
        HactlConfig c = loadWithTheFilesInPlace(EnvConfImporter.importFile(SAMPLE).yaml());

        assertThat(c.nodes()).extracting(NodeConfig::name, NodeConfig::address, NodeConfig::networkInterface)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("agi_pol1", "134.128.84.85", "eth0"),
                        org.assertj.core.groups.Tuple.tuple("agi_pol2", "134.128.84.86", "eth0"));
        assertThat(c.appVip()).isEqualTo(new VipConfig("134.128.84.88", 24));
        assertThat(c.dbVip()).isEqualTo(new VipConfig("134.128.84.89", 24));
        assertThat(c.database().name()).isEqualTo("agi");
        assertThat(c.database().user()).isEqualTo("agi");
        assertThat(c.database().replicationUser()).isEqualTo("agi");
        assertThat(c.database().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.database().errorLog()).isEqualTo("/var/log/mysqld.log");
        assertThat(c.backupDirectory()).isEqualTo(Path.of("/polopoly/backup"));
        assertThat(c.backup().keepDays()).isEqualTo(15);

        assertThat(c.services()).extracting(ServiceConfig::name).containsExactly("jboss", "polopoly", "tomcat");
        ServiceConfig jboss = c.service("jboss").orElseThrow();
        assertThat(jboss.directory()).isEqualTo("/polopoly/software/jboss");
        assertThat(jboss.start()).isEqualTo("JAVA_HOME=/usr/java/jdk1.6.0_45 nohup /polopoly/software/jboss/bin/run.sh"
                + " > /polopoly/software/jboss/server/default/log/start.log 2>&1 < /dev/null &");
        assertThat(jboss.stop()).isEqualTo("JAVA_HOME=/usr/java/jdk1.6.0_45 /polopoly/software/jboss/bin/shutdown.sh"
                + " --server=localhost -S");
        assertThat(jboss.process()).isEqualTo("/usr/java/jdk1.6.0_45/bin/java.*/polopoly/software/jboss");
        assertThat(jboss.log()).isEqualTo("/polopoly/software/jboss/server/default/log/start.log");
        assertThat(jboss.startTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(jboss.stopTimeout()).isEqualTo(Duration.ofSeconds(120));
        ServiceConfig polopoly = c.service("polopoly").orElseThrow();
        assertThat(polopoly.start()).endsWith("/polopoly/software/main/polopoly/bin/polopoly start");
        assertThat(polopoly.stop()).endsWith("/polopoly/software/main/polopoly/bin/polopoly stop");
        assertThat(polopoly.process()).isEqualTo("/usr/java/jdk1.6.0_45/jre/bin/java.*/polopoly/software/main/polopoly");
        assertThat(polopoly.startTimeout()).isEqualTo(Duration.ofSeconds(180));
        ServiceConfig tomcat = c.service("tomcat").orElseThrow();
        assertThat(tomcat.start()).endsWith("/polopoly/software/tomcat/bin/startup.sh");
        assertThat(tomcat.stop()).endsWith("/polopoly/software/tomcat/bin/shutdown.sh");
        assertThat(tomcat.port()).isEqualTo(8080);
        assertThat(tomcat.log()).isEqualTo("/polopoly/software/tomcat/logs/catalina.out");
        assertThat(tomcat.startTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void passwordsAreNeverWrittenButTheOperatorIsToldWhereToPutThem() throws IOException {
        String envConf = Files.readString(SAMPLE);
        assertThat(envConf).contains("Agi#2009pw").contains("r00t!Agi");

        EnvConfImporter.Result result = EnvConfImporter.importFile(SAMPLE);

        String everything = result.yaml() + result.unmapped() + result.todo();
        assertThat(everything).doesNotContain("Agi#2009pw").doesNotContain("2009pw").doesNotContain("r00t!Agi");
        assertThat(result.yaml()).contains("password_file: /etc/hactl/db.password")
                .contains("password_file: /etc/hactl/repl.password")
                .doesNotContainPattern("(?m)^\\s*password:");
        assertThat(result.todo()).anySatisfy(t -> assertThat(t)
                .contains("database user agi (DATABASE_PASSWORD in env.conf, line")
                .contains("install -m 600 /dev/null /etc/hactl/db.password"));
    }

    @Test
    void theVariablesHactlCannotMapAreReportedWithTheirLines() throws IOException {
        List<String> lines = Files.readAllLines(SAMPLE);

        List<UnmappedVariable> unmapped = EnvConfImporter.importFile(SAMPLE).unmapped();

        assertThat(unmapped).extracting(UnmappedVariable::name).containsExactly("PATH", "PROJECT_DIR", "WIZARD_DIR",
                "JBOSS_OPTS", "DATABASE_ROOT", "DATABASE_ROOT_PASSWORD");
        assertThat(unmapped).allSatisfy(u -> assertThat(lines.get(u.line() - 1)).contains(u.name() + "="));
        assertThat(unmapped).filteredOn(u -> u.name().equals("JBOSS_OPTS")).singleElement()
                .satisfies(u -> assertThat(u.format()).startsWith("not mapped: JBOSS_OPTS (line " + u.line() + ") — ")
                        .contains("run.conf"));
    }

    @Test
    void withoutNetmaskTheVipPrefixIsAssumedAndSaidSo() {
        EnvConfImporter.Result result = EnvConfImporter.importText("""
                NODE1_IP=198.51.100.11
                NODE2_IP=198.51.100.12
                MYSQL_VIRTUAL_IP=198.51.100.89
                POLOPOLY_VIRTUAL_IP=198.51.100.88
                """, "env.conf");

        assertThat(result.yaml()).contains("db: 198.51.100.89/24   # MYSQL_VIRTUAL_IP, line 3; /24 assumed")
                .contains("interface: eth0   # not in env.conf: eth0 assumed")
                .contains("- name: n1");
    }

    @Test
    void netmaskOfTheVipsOwnIsPreferredAndConverted() {
        EnvConfImporter.Result result = EnvConfImporter.importText("""
                NETMASK=255.255.255.0
                MYSQL_NETMASK=255.255.254.0
                MYSQL_VIRTUAL_IP=198.51.100.89
                POLOPOLY_VIRTUAL_IP=198.51.100.88
                """, "env.conf");

        assertThat(result.yaml()).contains("db: 198.51.100.89/23").contains("app: 198.51.100.88/24");
        assertThat(result.unmapped()).isEmpty();
    }

    @Test
    void databaseRootIsTheUserWhenThereIsNoOther() {
        EnvConfImporter.Result result = EnvConfImporter.importText("""
                DATABASE_NAME=agi
                DATABASE_ROOT=root
                DATABASE_ROOT_PASSWORD=secret-root-pw
                """, "env.conf");

        assertThat(result.yaml()).contains("  user: root   # DATABASE_ROOT, line 2")
                .contains("DATABASE_ROOT_PASSWORD (line 3) is not copied").doesNotContain("secret-root-pw");
        assertThat(result.unmapped()).isEmpty();
    }

    @Test
    void aValueBuiltFromTheEnvironmentIsNotGuessed() {
        EnvConfImporter.Result result = EnvConfImporter.importText("JBOSS_DIR=$HOME/jboss\n", "env.conf");

        assertThat(result.unmapped()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("JBOSS_DIR");
            assertThat(u.reason()).contains("$HOME");
        });
        assertThat(result.yaml()).contains("services: []");
    }

    @Test
    void aliasInterfacesNameTheirDevice() {
        EnvConfImporter.Result result = EnvConfImporter.importText("""
                MYSQL_VIRTUAL_INTERFACE=eth1:2
                POLOPOLY_VIRTUAL_INTERFACE=eth2:1
                """, "env.conf");

        assertThat(result.yaml()).contains("interface: eth1   # MYSQL_VIRTUAL_INTERFACE, line 1; eth1:2 was an alias");
        assertThat(result.unmapped()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("POLOPOLY_VIRTUAL_INTERFACE");
            assertThat(u.reason()).contains("one device per node");
        });
    }

    @Test
    void otherSecretsAreNeverCopied() {
        EnvConfImporter.Result result = EnvConfImporter.importText("SMTP_PASSWORD=mail-pw-123\n", "env.conf");

        assertThat(result.yaml()).doesNotContain("mail-pw-123");
        assertThat(result.unmapped()).singleElement().satisfies(u -> {
            assertThat(u.reason()).contains("never copied");
            assertThat(u.format()).doesNotContain("mail-pw-123");
        });
    }

    private HactlConfig loadWithTheFilesInPlace(String yaml) throws IOException {
        ConfigFixture files = new ConfigFixture(dir);
        return ConfigLoader.load(files.write(yaml
                .replace("/etc/hactl/id_ed25519", files.key.toString())
                .replace("/etc/hactl/known_hosts", files.knownHosts.toString())
                .replace("/etc/hactl/db.password", files.dbPassword.toString())
                .replace("/etc/hactl/repl.password", files.replPassword.toString())));
    }
}
