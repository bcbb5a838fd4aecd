package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** controller.coordination: read into CoordinationSettings, its problems at the key's line. */
class CoordinationConfigTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void withoutTheSectionThereIsNoCoordination() throws IOException {
        ConfigReport r = fixture.report("");
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().controller().coordination()).isNull();
    }

    @Test
    void everyCoordinationKeyIsReadAndTheClusterIsTheConfigsName() throws IOException {
        ConfigReport r = fixture.report("""
                controller:
                  coordination:
                    connect: 198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181
                    member: w
                    session_timeout: 8s
                    connection_timeout: 2s
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().controller().coordination()).isEqualTo(new CoordinationSettings(
                "198.51.100.11:2181,198.51.100.12:2181,198.51.100.13:2181", "pair1", "w", Duration.ofSeconds(8),
                Duration.ofSeconds(2)));
    }

    @Test
    void theTimeoutsDefaultAndTheMemberMayBeLeftToTheNodeName() throws IOException {
        ConfigReport r = fixture.report("""
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                """);
        assertThat(r.errors()).isEmpty();
        CoordinationSettings s = r.config().controller().coordination();
        assertThat(s.member()).isNull();
        assertThat(s.sessionTimeout()).isEqualTo(CoordinationSettings.DEFAULT_SESSION_TIMEOUT);
        assertThat(s.connectionTimeout()).isEqualTo(CoordinationSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    @Test
    void theEpochDirectoryIsThatPathOnEachNodeWithItsNameElseTheStateDirectory() throws IOException {
        ConfigReport r = fixture.report("""
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    epoch_directory: /var/lib/hactl/{node}/fencing
                """);
        assertThat(r.errors()).isEmpty();
        CoordinationSettings s = r.config().controller().coordination();
        assertThat(s.epochDirectory("n1", "/var/lib/hactl")).isEqualTo("/var/lib/hactl/n1/fencing");
        assertThat(s.withMember("w").epochDirectory("n2", "/srv/w")).isEqualTo("/var/lib/hactl/n2/fencing");
        CoordinationSettings without = fixture.report("""
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                """).config().controller().coordination();
        assertThat(without.epochDirectory("n1", "/var/lib/hactl")).isEqualTo("/var/lib/hactl");
    }

    @Test
    void aRelativeEpochDirectoryIsAnErrorAtItsKey() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    epoch_directory: hactl/{node}
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line)
                .containsExactly(tuple("controller.coordination.epoch_directory", lineOf(yaml, "epoch_directory:")));
    }

    @Test
    void theSettingsProblemsAreReportedAtTheirKeysLines() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181
                    member: "n 1"
                    session_timeout: 1s
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line)
                .containsExactly(
                        tuple("controller.coordination.connect", lineOf(yaml, "connect: h1")),
                        tuple("controller.coordination.member", lineOf(yaml, "member: \"n 1\"")),
                        tuple("controller.coordination.session_timeout", lineOf(yaml, "session_timeout: 1s")));
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("names 2 members").contains("name 3"))
                .anySatisfy(m -> assertThat(m).startsWith("'n 1' is not a name"))
                .anySatisfy(m -> assertThat(m).startsWith("1s is below 2s"));
    }

    @Test
    void aMissingConnectIsAnErrorAtTheSection() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    member: w
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .singleElement()
                .satisfies(t -> assertThat(t.toList().get(0)).isEqualTo("controller.coordination.connect"))
                .satisfies(t -> assertThat(t.toList().get(1)).isEqualTo(lineOf(yaml, "coordination:")))
                .satisfies(t -> assertThat((String) t.toList().get(2)).startsWith("is missing: name the three"));
    }

    @Test
    void anUnknownCoordinationKeyIsAnError() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    sesion_timeout: 6s
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key)
                .containsExactly("controller.coordination.sesion_timeout");
    }

    @Test
    void passwordFileIsReadAsTheZooKeeperPasswordAndNoWarningIsLeft() throws IOException {
        Path pw = fixture.privateFile("zk.password", "s3cret-zk\n");
        ConfigReport r = fixture.report("""
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    password_file: %s
                """.formatted(pw));
        assertThat(r.problems()).isEmpty();
        CoordinationSettings s = r.config().controller().coordination();
        assertThat(s.password()).isEqualTo(Secret.file(pw));
        assertThat(s.password().reveal()).isEqualTo("s3cret-zk");
        assertThat(s.toString()).doesNotContain("s3cret-zk");
    }

    @Test
    void withoutPasswordFileConfCheckWarnsThatAnyoneReachingZooKeeperCanActAsAController() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                """;
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), n -> null);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo("controller.coordination");
            assertThat(w.line()).isEqualTo(lineOf(yaml, "coordination:"));
            assertThat(w.message()).contains("anyone who reaches a ZooKeeper member", "can act as a controller",
                    "password_file");
        });
    }

    @Test
    void aPasswordFileOthersCanReadOrThatIsMissingIsAnErrorAtItsKey() throws IOException {
        Path open = fixture.file("open.password", "pw\n", "rw-r--r--");
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    password_file: %s
                """.formatted(open);
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("controller.coordination.password_file");
            assertThat(e.line()).isEqualTo(lineOf(yaml, "password_file: " + open));
            assertThat(e.message()).contains(open + " is mode 0644", "chmod 600 " + open);
        });
        Path missing = dir.resolve("none.password");
        String yaml2 = yaml.replace(open.toString(), missing.toString());
        assertThat(ConfigLoader.report(fixture.write(yaml2), n -> null).errors()).singleElement()
                .satisfies(e -> assertThat(e.message()).startsWith(missing + " does not exist")
                        .contains("install -m 600 /dev/null " + missing));
    }

    @Test
    void aRelativePasswordFileIsAnError() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  coordination:
                    connect: h1:2181,h2:2181,h3:2181
                    password_file: zk.password
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors()).extracting(ConfigProblem::key)
                .containsExactly("controller.coordination.password_file");
    }
}
