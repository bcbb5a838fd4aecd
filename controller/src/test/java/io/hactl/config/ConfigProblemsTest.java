package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every kind of mistake is reported with its key path, its line and what to do. */
class ConfigProblemsTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void aWrongDatabasePortIsReportedNotACrash() throws IOException {
        String yaml = fixture.yaml().replace("database:\n", "database:\n  port: 99999\n");
        assertThat(yaml).contains("port: 99999");
        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message)
                .contains(tuple("database.port", "99999 is not a port: it must be 1-65535"));
    }

    @Test
    void aFileWithManyMistakesReportsAllOfThemWithKeyAndLine() throws IOException {
        String yaml = fixture.yaml()
                .replace("    address: 198.51.100.12\n", "    adress: 198.51.100.12\n")      // 1 misspelt key
                .replace("  user: root\n", "  user: root\n  port: 70000\n")                     // 2 port out of range
                .replace("app: 198.51.100.88/24", "app: 198.51.100.300/24")                     // 3 bad address
                .replace("db: 198.51.100.89/24", "db: 203.0.113.89/24")                          // 4 VIP outside subnet
                .replace("    start_timeout: 30s\n", "    start_timeout: 30\n")                 // 5 duration without unit
                .replace("    port: 8080\n", "    port: 9090\n")                                 // 6 port used twice
                .replace("start_order: [tomcat, backend]", "start_order: [tomcat, frontend]")   // 7 unknown service
                + "probe:\n  interval: fast\n";                                                // 8 bad duration
        Path file = fixture.write(yaml);

        List<ConfigProblem> errors = ConfigLoader.report(file).errors();

        assertThat(errors).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                tuple("nodes[1].adress", lineOf(yaml, "adress:")),
                tuple("nodes[1].address", lineOf(yaml, "- name: n2")),
                tuple("ssh.port", lineOf(yaml, "port: 70000")),
                tuple("vips.app", lineOf(yaml, "app: 198.51.100.300/24")),
                tuple("vips.db", lineOf(yaml, "db: 203.0.113.89/24")), // n1 only: n2 has no address
                tuple("services[0].start_timeout", lineOf(yaml, "start_timeout: 30")),
                tuple("services[1].port", lineOf(yaml, "port: 9090", 1)),
                tuple("start_order", lineOf(yaml, "start_order:")),
                tuple("start_order", lineOf(yaml, "start_order:")),
                tuple("probe.interval", lineOf(yaml, "interval: fast")));
        assertThat(errors).allSatisfy(p -> assertThat(p.file()).isEqualTo(file.toString()));
        assertThat(messages(errors)).anySatisfy(m -> assertThat(m).contains("did you mean 'address'?"))
                .anySatisfy(m -> assertThat(m).contains("70000 is not a port"))
                .anySatisfy(m -> assertThat(m).contains("'198.51.100.300' is not an IPv4 address"))
                .anySatisfy(m -> assertThat(m).contains("outside the subnet of node n1"))
                .anySatisfy(m -> assertThat(m).contains("'30' has no unit: write e.g. 30s"))
                .anySatisfy(m -> assertThat(m).contains("9090 is also the port of service backend"))
                .anySatisfy(m -> assertThat(m).contains("'frontend' is not a configured service"))
                .anySatisfy(m -> assertThat(m).contains("service 'backend' is missing from start_order"))
                .anySatisfy(m -> assertThat(m).contains("'fast' is not a duration"));

        assertThatThrownBy(() -> ConfigLoader.load(file))
                .isInstanceOfSatisfying(ConfigException.class,
                        e -> assertThat(e.problems()).containsAll(errors).hasSize(errors.size()));
    }

    @Test
    void unknownKeySuggestsTheRightOne() throws IOException {
        String yaml = fixture.yaml().replace("  name: hactl_demo", "  nmae: hactl_demo");

        assertThat(fixture.errors(yaml)).anySatisfy(p -> {
            assertThat(p.key()).isEqualTo("database.nmae");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "nmae:"));
            assertThat(p.message()).startsWith("unknown key 'nmae' — did you mean 'name'?");
        }).anySatisfy(p -> assertThat(p.key()).isEqualTo("database.name"));
    }

    @Test
    void unknownTopLevelKeyWithoutCloseMatchListsTheAllowedKeys() throws IOException {
        String yaml = fixture.yaml() + "monitoring: on\n";

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("monitoring");
            assertThat(p.message()).doesNotContain("did you mean").contains("cluster, controller, database, failover, nodes");
        });
    }

    @Test
    void applicationFollowDbMasterDefaultsToTrueAndIsRead() throws IOException {
        assertThat(fixture.report("").config().application()).isEqualTo(new ApplicationConfig(true));
        assertThat(fixture.report("application: {}\n").config().application().followDbMaster()).isTrue();
        ConfigReport off = fixture.report("application:\n  follow_db_master: false\n");
        assertThat(off.problems()).isEmpty();
        assertThat(off.config().application().followDbMaster()).isFalse();
    }

    @Test
    void applicationFollowDbMasterThatIsNotABooleanIsAnErrorWithItsLine() throws IOException {
        String yaml = fixture.yaml() + "application:\n  follow_db_master: sometimes\n";

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(tuple("application.follow_db_master", lineOf(yaml, "follow_db_master:"),
                        "'sometimes' is not true or false: write follow_db_master: true (the application moves"
                                + " with the database master: one active node, as the seed runs; the default) or"
                                + " follow_db_master: false (the application stays where it is after a database"
                                + " failover)"));
    }

    @Test
    void applicationUnknownKeyIsRefusedWithFileLineAndTheAllowedKeys() throws IOException {
        String yaml = fixture.yaml() + "application:\n  follow_master: true\n";
        Path file = fixture.write(yaml);

        assertThat(ConfigLoader.report(file, n -> null).errors()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.key()).isEqualTo("application.follow_master");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "follow_master:"));
            assertThat(p.message()).startsWith("unknown key 'follow_master' — did you mean 'follow_db_master'?");
        });
    }

    @Test
    void hostKeyCheckingCannotBeTurnedOff() throws IOException {
        String yaml = fixture.yaml().replace("  user: root\n", "  user: root\n  strict_host_key_checking: no\n");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ssh.strict_host_key_checking");
            assertThat(p.message()).contains("unknown key").contains("cannot be turned off");
        });
    }

    @Test
    void emptyKnownHostsIsAnError() throws IOException {
        String yaml = fixture.yaml().replace("known_hosts: " + fixture.knownHosts, "known_hosts: \"\"");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ssh.known_hosts");
            assertThat(p.message()).contains("always checked");
        });
    }

    @Test
    void passwordFileReadableByOthersMustBeChmod600() throws IOException {
        Files.setPosixFilePermissions(fixture.dbPassword, PosixFilePermissions.fromString("rw-r--r--"));
        String yaml = fixture.yaml();

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.password_file");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "password_file: " + fixture.dbPassword));
            assertThat(p.message()).contains("mode 0644").contains("chmod 600 " + fixture.dbPassword);
        });
    }

    @Test
    void passwordFileMode0400IsFine() throws IOException {
        Files.setPosixFilePermissions(fixture.replPassword, PosixFilePermissions.fromString("r--------"));

        assertThat(fixture.errors(fixture.yaml())).isEmpty();
    }

    @Test
    void missingPasswordFileSaysHowToCreateIt() throws IOException {
        Files.delete(fixture.replPassword);

        assertThat(fixture.errors(fixture.yaml())).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.replication.password_file");
            assertThat(p.message()).contains(fixture.replPassword + " does not exist").contains("install -m 600");
        });
    }

    @Test
    void sshKeyReadableByGroupIsAnError() throws IOException {
        Files.setPosixFilePermissions(fixture.key, PosixFilePermissions.fromString("rw-r-----"));

        assertThat(fixture.errors(fixture.yaml())).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ssh.key");
            assertThat(p.message()).contains("mode 0640").contains("chmod 600 " + fixture.key);
        });
    }

    @Test
    void knownHostsWritableByOthersIsAnError() throws IOException {
        Files.setPosixFilePermissions(fixture.knownHosts, PosixFilePermissions.fromString("rw-rw-rw-"));

        assertThat(fixture.errors(fixture.yaml())).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ssh.known_hosts");
            assertThat(p.message()).contains("chmod 644");
        });
    }

    @Test
    void perNodeKeyIsCheckedAtItsOwnKey() throws IOException {
        Path other = fixture.file("other_key", "k", "rw-rw-r--");
        String yaml = fixture.yaml().replace("      port: 2222\n", "      port: 2222\n      key: " + other + "\n");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[0].ssh.key");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "key: " + other));
        });
    }

    @Test
    void noSshKeyAtAllIsAnError() throws IOException {
        String yaml = fixture.yaml().replace("  key: " + fixture.key + "\n", "");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("ssh.key");
            assertThat(p.message()).contains("missing").contains("n1, n2").contains("ssh-keygen");
        });
    }

    @Test
    void inlinePasswordIsAWarningAndNeverShown() throws IOException {
        String yaml = fixture.yaml().replace("password_file: " + fixture.dbPassword, "password: \"s3cr3t-inline\"");

        ConfigReport report = ConfigLoader.report(fixture.write(yaml));

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.password");
            assertThat(p.message()).contains("prefer password_file");
        });
        assertThat(report.config().database().password().reveal()).isEqualTo("s3cr3t-inline");
        assertThat(report.config().database().toString()).doesNotContain("s3cr3t-inline");
        assertThat(messages(report.problems())).noneMatch(m -> m.contains("s3cr3t-inline"));
    }

    @Test
    void inlinePasswordInAFileOthersCanReadIsAnError() throws IOException {
        String yaml = fixture.yaml().replace("password_file: " + fixture.dbPassword, "password: s3cr3t-inline");
        Path file = fixture.write(yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        List<ConfigProblem> problems = ConfigLoader.check(file);

        assertThat(problems).filteredOn(p -> p.severity() == ConfigProblem.Severity.ERROR).singleElement()
                .satisfies(p -> assertThat(p.message()).contains("mode 0644").contains("chmod 600 " + file));
        assertThat(messages(problems)).noneMatch(m -> m.contains("s3cr3t-inline"));
    }

    @Test
    void onlyOnePasswordFormIsAllowed() throws IOException {
        String yaml = fixture.yaml().replace("    password_file: " + fixture.replPassword,
                "    password_file: " + fixture.replPassword + "\n    password_env: REPL_PW");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.replication.password_env");
            assertThat(p.message()).contains("only one of password_file, password_env and password");
        });
    }

    @Test
    void missingPasswordIsAnError() throws IOException {
        String yaml = fixture.yaml().replace("  password_file: " + fixture.dbPassword + "\n", "");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("database.password_file");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "database:"));
            assertThat(p.message()).startsWith("missing:").contains("0600");
        });
    }

    @Test
    void vipOutsideTheNodesSubnet() throws IOException {
        String yaml = fixture.yaml().replace("db: 198.51.100.89/24", "db: 198.51.100.89/28");

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(
                        tuple("vips.db", lineOf(yaml, "db: 198.51.100.89/28"), "198.51.100.89/28 is outside the subnet"
                                + " of node n1 (198.51.100.11 is in 198.51.100.0/28): a VIP must be on the nodes'"
                                + " network; fix the VIP, its prefix or the node's address"),
                        tuple("vips.db", lineOf(yaml, "db: 198.51.100.89/28"), "198.51.100.89/28 is outside the subnet"
                                + " of node n2 (198.51.100.12 is in 198.51.100.0/28): a VIP must be on the nodes'"
                                + " network; fix the VIP, its prefix or the node's address"));
    }

    @Test
    void vipOutsideTheSubnetOfOneNodeNamesThatNode() throws IOException {
        String yaml = fixture.yaml().replace("address: 198.51.100.12", "address: 203.0.113.12");

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactly(
                        tuple("vips.db", "198.51.100.89/24 is outside the subnet of node n2 (203.0.113.12 is in"
                                + " 203.0.113.0/24): a VIP must be on the nodes' network; fix the VIP, its prefix"
                                + " or the node's address"),
                        tuple("vips.app", "198.51.100.88/24 is outside the subnet of node n2 (203.0.113.12 is in"
                                + " 203.0.113.0/24): a VIP must be on the nodes' network; fix the VIP, its prefix"
                                + " or the node's address"));
    }

    @Test
    void vipsMustDifferFromEachOtherAndFromTheNodes() throws IOException {
        String yaml = fixture.yaml().replace("app: 198.51.100.88/24", "app: 198.51.100.89/24")
                .replace("db: 198.51.100.89/24", "db: 198.51.100.11/24");

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key).containsExactly("vips.db");
        assertThat(fixture.errors(yaml).get(0).message()).contains("is the address of node n1");

        String same = fixture.yaml().replace("app: 198.51.100.88/24", "app: 198.51.100.89/24");
        assertThat(fixture.errors(same)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("vips.app");
            assertThat(p.message()).contains("also the db VIP");
        });
    }

    @Test
    void vipMustNotBeTheNetworkOrBroadcastAddress() throws IOException {
        String yaml = fixture.yaml().replace("app: 198.51.100.88/24", "app: 198.51.100.255/24");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p ->
                assertThat(p.message()).contains("broadcast address of 198.51.100.0/24"));
    }

    @Test
    void vipWithoutPrefix() throws IOException {
        String yaml = fixture.yaml().replace("app: 198.51.100.88/24", "app: 198.51.100.88");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("vips.app");
            assertThat(p.message()).contains("write it as 198.51.100.88/24");
        });
    }

    @Test
    void aNodeListedTwice() throws IOException {
        String yaml = fixture.yaml().replace("""
                  - name: n2
                    address: 198.51.100.12
                    interface: eth1
                """, """
                  - name: n1
                    address: 198.51.100.11
                    interface: eth0
                """);

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[1]");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "- name: n1", 1));
            assertThat(p.message()).contains("node n1 (198.51.100.11) is listed twice");
        });
    }

    @Test
    void nodeNamesAndAddressesMustBeUnique() throws IOException {
        String sameName = fixture.yaml().replace("- name: n2", "- name: n1");
        String sameAddress = fixture.yaml().replace("address: 198.51.100.12", "address: 198.51.100.11");

        assertThat(fixture.errors(sameName)).extracting(ConfigProblem::key).containsExactly("nodes[1].name");
        assertThat(fixture.errors(sameAddress)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[1].address");
            assertThat(p.message()).contains("also the address of node n1");
        });
    }

    @Test
    void exactlyTwoNodes() throws IOException {
        String three = fixture.yaml().replace("ssh:\n  user", """
                  - name: n3
                    address: 198.51.100.13
                    interface: eth0
                ssh:
                  user""");

        assertThat(fixture.errors(three)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes");
            assertThat(p.line()).isEqualTo(lineOf(three, "nodes:"));
            assertThat(p.message()).contains("found 3 nodes").contains("exactly two");
        });
    }

    @Test
    void startOrderMustNameEveryServiceOnce() throws IOException {
        String yaml = fixture.yaml().replace("start_order: [tomcat, backend]", """
                start_order:
                  - tomcat
                  - frontend
                  - tomcat""");

        List<ConfigProblem> errors = fixture.errors(yaml);

        assertThat(errors).extracting(ConfigProblem::key, ConfigProblem::line).containsExactly(
                tuple("start_order", lineOf(yaml, "start_order:")),
                tuple("start_order", lineOf(yaml, "- frontend")),
                tuple("start_order", lineOf(yaml, "- tomcat", 1)));
        assertThat(messages(errors)).containsExactly(
                "service 'backend' is missing from start_order: list every service exactly once (or remove"
                        + " start_order to start them in the order listed)",
                "'frontend' is not a configured service (services: backend, tomcat): fix the name in start_order"
                        + " or add the service",
                "'tomcat' is listed twice in start_order (also at line " + lineOf(yaml, "- tomcat") + "): list each"
                        + " service once");
    }

    @Test
    void serviceNamesMustBeUnique() throws IOException {
        String yaml = fixture.yaml().replace("- name: tomcat", "- name: backend")
                .replace("start_order: [tomcat, backend]\n", "");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("services[1].name");
            assertThat(p.message()).contains("also the name of the service at line " + lineOf(yaml, "- name: backend"));
        });
    }

    @Test
    void requiredServiceKeysAndValueTypes() throws IOException {
        String yaml = fixture.yaml().replace("    process: \"-Dcatalina.base=/var/lib/hactl-lab/{node}/tomcat\"\n", "")
                .replace("    port: 8080", "    port: [8080]")
                .replace("    log: /var/lib/hactl-lab/{node}/backend/backend.log", "    log: backend.log")
                .replace("    start_timeout: 30s", "    start_timeout: 0s");

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("services[0].start_timeout", "must be longer than 0 (every wait in hactl has a limit), e.g. 1s"),
                tuple("services[0].log", "'backend.log' is not an absolute path: write it from the root,"
                        + " e.g. /backend.log"),
                tuple("services[1].process", "missing: a pattern matched against full command lines (pgrep -f) that"
                        + " finds the service's processes and nothing else, e.g. process:"
                        + " \"org.apache.catalina.startup.Bootstrap\""),
                tuple("services[1].port", "must be a single value, not a list"));
    }

    @Test
    void repeatedKeyIsAnError() throws IOException {
        String yaml = fixture.yaml().replace("cluster: pair1\n", "cluster: pair1\ncluster: pair2\n");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("cluster");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).contains("given twice (first at line 1)");
        });
    }

    @Test
    void missingSectionsAreReportedOnce() throws IOException {
        List<ConfigProblem> errors = fixture.errors("cluster: pair1\n");

        assertThat(errors).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("nodes", "vips", "database", "services");
        assertThat(errors).allSatisfy(p -> assertThat(p.message()).startsWith("missing: "));
    }

    @Test
    void nodeAddressMustBeAnIpv4Address() throws IOException {
        String yaml = fixture.yaml().replace("address: 198.51.100.11", "address: db1.example.org");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[0].address");
            assertThat(p.message()).contains("is a host name");
        });
    }

    @Test
    void interfaceAliasIsNotADevice() throws IOException {
        String yaml = fixture.yaml().replace("interface: eth1", "interface: eth0:1");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[1].interface");
            assertThat(p.message()).contains("give the device, e.g. eth0");
        });
    }

    /** Issue 12 item 2: the interface goes into ip and arping command lines; a leading '-' would be an option. */
    @Test
    void optionInjectionAnInterfaceNameStartingWithADashIsRefused() throws IOException {
        String yaml = fixture.yaml().replace("interface: eth1", "interface: -eth1");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[1].interface");
            assertThat(p.message()).contains("'-eth1'", "starts with '-'", "ip -br link");
        });
    }

    @Test
    void probeTimeoutLongerThanTheIntervalIsAWarning() throws IOException {
        String yaml = fixture.yaml() + "probe:\n  interval: 1s\n  ping_timeout: 2s\n";

        ConfigReport report = ConfigLoader.report(fixture.write(yaml));

        assertThat(report.valid()).isTrue();
        assertThat(report.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("probe.ping_timeout");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "ping_timeout: 2s"));
        });
    }

    @Test
    void missingFileSaysHowToGetOne() {
        Path missing = dir.resolve("nowhere/hactl.yml");

        assertThat(ConfigLoader.check(missing)).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(ConfigProblem.Severity.ERROR);
            assertThat(p.format()).startsWith("error: " + missing + ": ");
            assertThat(p.message()).contains("no such file")
                    .contains("hactl conf import env.conf > " + missing)
                    .contains("conf/hactl.yml");
        });
        assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no such file");
    }

    @Test
    void yamlSyntaxErrorHasItsLine() throws IOException {
        String yaml = fixture.yaml().replace("  app: 198.51.100.88/24", "  app: [198.51.100.88/24");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("(file)");
            assertThat(p.line()).isGreaterThan(lineOf(yaml, "app: ["));
            assertThat(p.message()).contains("YAML syntax error")
                    .contains("starts at line " + lineOf(yaml, "app: ["));
        });
    }

    @Test
    void aSyntaxErrorNeverShowsTheLineItIsOn() throws IOException {
        String yaml = fixture.yaml().replace("password_file: " + fixture.dbPassword, "password: \"s3cr3t\" tail");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(lineOf(yaml, "s3cr3t"));
            assertThat(p.format()).doesNotContain("s3cr3t").doesNotContain("tail");
        });
    }

    @Test
    void emptyFile() throws IOException {
        assertThat(fixture.errors("")).singleElement().satisfies(p -> assertThat(p.message()).contains("empty"));
    }

    private static List<String> messages(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::message).toList();
    }
}
