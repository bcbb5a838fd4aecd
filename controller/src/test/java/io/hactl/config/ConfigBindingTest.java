package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hactl.yml bound by Spring Boot's Binder (issue 15): relaxed key names, values read as their
 * text, and every problem found even where the Binder alone would stop or lose items.
 */
class ConfigBindingTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void relaxedKeyNamesBindLikeTheirSnakeCaseForm() throws IOException {
        ConfigReport r = fixture.report("probe:\n  ping-timeout: 900ms\n  tcpTimeout: 400ms\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().probe().pingTimeout()).isEqualTo(Duration.ofMillis(900));
        assertThat(r.config().probe().tcpTimeout()).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void aValueIsReadAsItsTextNotAsYamlWouldTypeIt() throws IOException {
        String yaml = fixture.yaml().replace("    port: 9090\n", "    port: 0x2382\n")
                + "application:\n  follow_db_master: yes\n";

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("services[0].port", "'0x2382' is not a port: write a whole number 1-65535"),
                tuple("application.follow_db_master", "'yes' is not true or false: write follow_db_master: true (the"
                        + " application moves with the database master: one active node, as the seed runs; the"
                        + " default) or follow_db_master: false (the application stays where it is after a database"
                        + " failover)"));
        assertThat(fixture.report("backup:\n  keep_days: 010\n").config().backup().keepDays()).isEqualTo(10);
    }

    @Test
    void aListItemWithNothingBindableKeepsTheItemsAfterIt() throws IOException {
        String yaml = fixture.yaml() + """
                backup:
                  components:
                    - nmae: tomcat
                    -
                    - name: indexes
                      paths: [/srv/indexes]
                """;
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), n -> null);

        assertThat(r.errors()).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                tuple("backup.components[0].nmae", lineOf(yaml, "- nmae: tomcat")),
                tuple("backup.components[0].name", lineOf(yaml, "- nmae: tomcat")),
                tuple("backup.components[0].paths", lineOf(yaml, "- nmae: tomcat")),
                tuple("backup.components[1]", lineOf(yaml, "- nmae: tomcat") + 1));
        assertThat(r.errors()).extracting(ConfigProblem::message).anySatisfy(m ->
                assertThat(m).startsWith("unknown key 'nmae' — did you mean 'name'?"));
    }

    @Test
    void aValueOfTheWrongShapeIsNamedAtItsKey() throws IOException {
        String yaml = fixture.yaml().replace("ssh:\n  user: root\n", "ssh:\n  user: [root]\n") + """
                probe: 1s
                backup:
                  directory:
                  components:
                    - name: tomcat
                      paths: {conf: /opt/tomcat/conf}
                application: [true]
                """;

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message)
                .containsExactlyInAnyOrder(
                        tuple("ssh.user", "must be a single value, not a list"),
                        tuple("probe", "must be a mapping (indented 'key: value' lines), not a single value;"
                                + " see conf/hactl.yml"),
                        tuple("backup.directory", "is empty: give a value, or remove the key to use the default"),
                        tuple("backup.components[0].paths", "must be a list ('- ' items, or [a, b]), not a mapping"),
                        tuple("application", "must be a mapping (indented 'key: value' lines), not a list;"
                                + " see conf/hactl.yml"));
    }

    @Test
    void anUnknownKeyInAMappingOfAListItemIsReported() throws IOException {
        String yaml = fixture.yaml().replace("      port: 2222\n", "      port: 2222\n      strict_host_key_checking: no\n");

        assertThat(fixture.errors(yaml)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("nodes[0].ssh.strict_host_key_checking");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "strict_host_key_checking"));
            assertThat(p.message()).contains("cannot be turned off");
        });
    }

    @Test
    void aKeyThatIsNoWordIsAnUnknownKeyAtItsLine() throws IOException {
        String yaml = fixture.yaml() + "\"!!\": 1\nx.y: 1\nprobe:\n  \"interval[0]\": 1s\n";

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(
                        tuple("!!", lineOf(yaml, "\"!!\""), "unknown key '!!': a key is one word of letters, digits,"
                                + " '_' and '-'"),
                        tuple("x.y", lineOf(yaml, "x.y"), "unknown key 'x.y': a key is one word of letters, digits,"
                                + " '_' and '-'"),
                        tuple("probe.interval[0]", lineOf(yaml, "interval[0]"), "unknown key 'interval[0]': a key is"
                                + " one word of letters, digits, '_' and '-'"));
    }

    @Test
    void aRepeatedKeyIsOneProblemAmongTheOthers() throws IOException {
        String yaml = fixture.yaml().replace("  name: hactl_demo\n", "  name: hactl_demo\n  name: other\n")
                .replace("    port: 9090\n", "    port: 99999\n");

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("database.name", "given twice (first at line " + lineOf(yaml, "name: hactl_demo")
                        + "): keep one of them"),
                tuple("services[0].port", "99999 is not a port: it must be 1-65535"));
    }

    @Test
    void aPathIsAbsoluteWhenItStartsWithASlashAndHoldsNoNul() throws IOException {
        String yaml = fixture.yaml().replace("    log: /var/lib/hactl-lab/{node}/backend/backend.log\n",
                "    log: \"/var/lib/hactl-lab/{node}/backend/\\nbackend.log\"\n")
                + "state_directory: \"/var/lib/ha\\0ctl\"\nbackup:\n  directory: backups\n";

        assertThat(fixture.errors(yaml)).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("state_directory", "contains a NUL character: remove it"),
                tuple("backup.directory", "'backups' is not an absolute path: write it from the root, e.g. /backups"));
    }

    /** The CLI has no logging configuration: a library's log line (a version banner) would land amid a command's output. */
    @Test
    void loadingAConfigPrintsNothing() throws IOException {
        Path file = fixture.write(fixture.yaml().replace("port: 8080", "port: 80800"));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
            assertThat(ConfigLoader.check(file)).isNotEmpty();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
