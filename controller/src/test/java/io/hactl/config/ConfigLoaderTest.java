package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void validFileLoadsWithDefaultsAndStartOrder() throws IOException {
        Path file = fixture.write(fixture.yaml());

        HactlConfig c = ConfigLoader.load(file);

        assertThat(c.source()).isEqualTo(file);
        assertThat(c.clusterName()).isEqualTo("pair1");
        assertThat(c.nodes()).extracting(NodeConfig::name).containsExactly("n1", "n2");
        NodeConfig n1 = c.node("n1").orElseThrow();
        NodeConfig n2 = c.node("n2").orElseThrow();
        assertThat(n1.address()).isEqualTo("198.51.100.11");
        assertThat(n2.networkInterface()).isEqualTo("eth1");
        assertThat(c.peerOf(n1)).isEqualTo(n2);

        // ssh: n1 overrides the port, everything else comes from the ssh section or the defaults
        assertThat(n1.ssh()).isEqualTo(new SshConfig("root", 2222, fixture.key, fixture.knownHosts,
                Duration.ofSeconds(2), Duration.ofSeconds(10)));
        assertThat(n2.ssh().port()).isEqualTo(22);
        assertThat(n2.ssh().privateKey()).isEqualTo(fixture.key);

        assertThat(c.dbVip()).isEqualTo(new VipConfig("198.51.100.89", 24));
        assertThat(c.appVip().cidr()).isEqualTo("198.51.100.88/24");

        DatabaseConfig db = c.database();
        assertThat(db.port()).isEqualTo(3306);
        assertThat(db.name()).isEqualTo("hactl_demo");
        assertThat(db.user()).isEqualTo("hactl");
        assertThat(db.password()).isEqualTo(Secret.file(fixture.dbPassword));
        assertThat(db.password().reveal()).isEqualTo("db-secret-value");
        assertThat(db.replicationUser()).isEqualTo("repl");
        assertThat(db.replicationPassword()).isEqualTo(Secret.file(fixture.replPassword));
        assertThat(db.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(db.readTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(db.errorLog()).isEqualTo("/var/lib/hactl-lab/{node}/mysql/error.log");

        // start_order [tomcat, backend] wins over the listed order
        assertThat(c.services()).extracting(ServiceConfig::name).containsExactly("tomcat", "backend");
        ServiceConfig backend = c.service("backend").orElseThrow();
        assertThat(backend.start()).isEqualTo("/var/lib/hactl-lab/bin/backend-ctl start {node}");
        assertThat(backend.process()).isEqualTo("LabBackendService --node {node}");
        assertThat(backend.port()).isEqualTo(9090);
        assertThat(backend.startTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(backend.stopTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(backend.forNode(n2).directory()).isEqualTo("/var/lib/hactl-lab/n2/backend");
        ServiceConfig tomcat = c.service("tomcat").orElseThrow();
        assertThat(tomcat.log()).isNull();
        assertThat(tomcat.directory()).isNull();

        assertThat(c.probe()).isEqualTo(new ProbeConfig(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofMillis(500), Duration.ofMillis(300)));
        assertThat(c.backupDirectory()).isEqualTo(Path.of("/var/backups/hactl"));
        assertThat(c.stateDirectory()).isEqualTo(Path.of("/var/lib/hactl"));
    }

    @Test
    void validFileHasNoProblems() throws IOException {
        Path file = fixture.write(fixture.yaml());

        assertThat(ConfigLoader.check(file)).isEmpty();
        assertThat(ConfigLoader.report(file).valid()).isTrue();
    }

    @Test
    void withoutStartOrderServicesStartInListedOrder() throws IOException {
        Path file = fixture.write(fixture.yaml().replace("start_order: [tomcat, backend]\n", ""));

        assertThat(ConfigLoader.load(file).services()).extracting(ServiceConfig::name)
                .containsExactly("backend", "tomcat");
    }

    @Test
    void explicitValuesReplaceDefaults() throws IOException {
        String yaml = fixture.yaml() + """
                probe:
                  interval: 2s
                  ping_timeout: 1500ms
                  tcp_timeout: 1s
                  arp_timeout: 1m
                backup:
                  directory: /srv/backups
                state_directory: /srv/hactl
                """;
        yaml = yaml.replace("  user: hactl\n", "  user: hactl\n  port: 3307\n  read_timeout: 5s\n");

        HactlConfig c = ConfigLoader.load(fixture.write(yaml));

        assertThat(c.probe()).isEqualTo(new ProbeConfig(Duration.ofSeconds(2), Duration.ofMillis(1500),
                Duration.ofSeconds(1), Duration.ofMinutes(1)));
        assertThat(c.backupDirectory()).isEqualTo(Path.of("/srv/backups"));
        assertThat(c.stateDirectory()).isEqualTo(Path.of("/srv/hactl"));
        assertThat(c.database().port()).isEqualTo(3307);
        assertThat(c.database().readTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void databaseServer_forThePhysicalRebuild_withItsDefaults_andNoneWhenAbsent() throws IOException {
        assertThat(ConfigLoader.load(fixture.write(fixture.yaml())).database().server()).isNull();

        String yaml = fixture.yaml().replace("  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n",
                "  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n  server:\n"
                        + "    start: /lab/bin/mariadb-ctl start {node}\n    stop: systemctl stop mariadb\n");
        DatabaseServerConfig s = ConfigLoader.load(fixture.write(yaml)).database().server();
        NodeConfig n2 = ConfigLoader.load(fixture.write(yaml)).node("n2").orElseThrow();
        assertThat(s.startFor(n2)).isEqualTo("/lab/bin/mariadb-ctl start n2");
        assertThat(s.stopFor(n2)).isEqualTo("systemctl stop mariadb");
        assertThat(s.defaultsFileFor(n2)).isEqualTo("/etc/mysql/my.cnf");
        assertThat(s.freeMarginBytes()).isEqualTo(1024L * 1024 * 1024);

        String full = yaml.replace("    stop: systemctl stop mariadb\n", "    stop: systemctl stop mariadb\n"
                + "    defaults_file: /srv/{node}/my.cnf\n    free_margin_mb: 10\n");
        DatabaseServerConfig f = ConfigLoader.load(fixture.write(full)).database().server();
        assertThat(f.defaultsFileFor(n2)).isEqualTo("/srv/n2/my.cnf");
        assertThat(f.freeMarginBytes()).isEqualTo(10L * 1024 * 1024);
    }

    @Test
    void databaseCopy_directAutoOnPort4444_byDefault_offAndAnotherPortWhenGiven() throws IOException {
        DatabaseCopyConfig d = ConfigLoader.load(fixture.write(fixture.yaml())).database().copy();
        assertThat(d.direct()).isTrue();
        assertThat(d.port()).isEqualTo(4444);

        String yaml = fixture.yaml().replace("  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n",
                "  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n  copy:\n    direct: off\n    port: 5555\n");
        DatabaseCopyConfig c = ConfigLoader.load(fixture.write(yaml)).database().copy();
        assertThat(c.direct()).isFalse();
        assertThat(c.port()).isEqualTo(5555);
    }

    @Test
    void databaseCopy_aWrongDirectOrPort_isAProblemNamingTheKeyAndTheValues() throws IOException {
        String yaml = fixture.yaml().replace("  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n",
                "  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n  copy:\n    direct: sometimes\n    port: 70000\n");
        ConfigReport report = ConfigLoader.report(fixture.write(yaml), name -> null);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p.toString()).contains("database.copy.direct")
                .contains("'sometimes'").contains("auto or off"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p.toString()).contains("database.copy.port")
                .contains("70000"));
    }

    @Test
    void databaseServer_withoutItsStopCommand_isAProblemNamingTheKey() throws IOException {
        String yaml = fixture.yaml().replace("  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n",
                "  error_log: /var/lib/hactl-lab/{node}/mysql/error.log\n  server:\n    start: x\n");
        ConfigReport report = ConfigLoader.report(fixture.write(yaml), name -> null);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p.toString()).contains("database.server.stop")
                .contains("systemctl stop mariadb"));
    }

    @Test
    void passwordFromEnvironmentVariable() throws IOException {
        String yaml = fixture.yaml().replace("password_file: " + fixture.dbPassword, "password_env: HACTL_DB_PW");

        ConfigReport report = ConfigLoader.report(fixture.write(yaml), name -> "HACTL_DB_PW".equals(name) ? "x" : null);

        assertThat(report.problems()).isEmpty();
        assertThat(report.config().database().password()).isEqualTo(Secret.env("HACTL_DB_PW"));
    }

    @Test
    void unsetPasswordVariableIsAWarning() throws IOException {
        String yaml = fixture.yaml().replace("password_file: " + fixture.dbPassword, "password_env: HACTL_DB_PW");

        ConfigReport report = ConfigLoader.report(fixture.write(yaml), name -> null);

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.password_env");
            assertThat(p.line()).isEqualTo(ConfigFixture.lineOf(yaml, "password_env"));
            assertThat(p.message()).contains("HACTL_DB_PW is not set");
        });
    }

    @Test
    void theSampleConfigIsValidWhenTheFilesItPointsAtExist() throws IOException {
        String sample = Files.readString(ConfigFixture.repositoryRoot().resolve("conf/hactl.yml"))
                .replace("/var/lib/hactl-lab/ssh/id_ed25519", fixture.key.toString())
                .replace("/var/lib/hactl-lab/ssh/known_hosts", fixture.knownHosts.toString())
                .replace("/var/lib/hactl-lab/secrets/hactl.password", fixture.dbPassword.toString())
                .replace("/var/lib/hactl-lab/secrets/repl.password", fixture.replPassword.toString());

        ConfigReport report = ConfigLoader.report(fixture.write(sample));

        assertThat(report.problems()).isEmpty();
        assertThat(report.config().services()).extracting(ServiceConfig::name).containsExactly("backend", "tomcat");
    }
}
