package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import io.hactl.config.ControllerConfig.OpenRead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The failover and controller sections: values, defaults, and each mistake with its key, line and fix. */
class ControllerConfigTest {

    static final String HASH_A = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final String HASH_B = "60303AE22B998861BCE3B28F33EEC1BE758A213C86C93C076DBE9F558C11C752";

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    @Test
    void withoutTheSectionsTheDefaultsApply() throws IOException {
        ConfigReport r = fixture.report("");
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().failover()).isEqualTo(new FailoverConfig(FailoverConfig.Mode.MANUAL,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofMinutes(15)));
        assertThat(r.config().controller()).isEqualTo(new ControllerConfig("127.0.0.1", 8642, List.of(),
                Set.of(OpenRead.STATUS, OpenRead.HEALTH), Duration.ofMinutes(30)));
    }

    @Test
    void everyKeyIsRead() throws IOException {
        ConfigReport r = fixture.report("""
                failover:
                  mode: automatic
                  down_after: 3s
                  grace: 20s
                  block_period: 2h
                  proposal_expiry: 10m
                controller:
                  listen: 0.0.0.0:9000
                  operators:
                    - name: alice
                      token_sha256: %s
                    - name: bob.smith
                      token_sha256: %s
                  open_reads: [status, history]
                  remind_interval: 1h
                """.formatted(HASH_A, HASH_B));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().failover()).isEqualTo(new FailoverConfig(FailoverConfig.Mode.AUTOMATIC,
                Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofHours(2), Duration.ofMinutes(10)));
        ControllerConfig c = r.config().controller();
        assertThat(c.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(c.port()).isEqualTo(9000);
        assertThat(c.operators()).containsExactly(new ControllerConfig.Operator("alice", HASH_A),
                new ControllerConfig.Operator("bob.smith", HASH_B.toLowerCase()));   // stored lower-case
        assertThat(c.openReads()).containsExactlyInAnyOrder(OpenRead.STATUS, OpenRead.HISTORY);
        assertThat(c.remindInterval()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aWrongModeNamesTheAllowedOnes() throws IOException {
        String yaml = fixture.yaml() + "failover:\n  mode: auto\n";
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(tuple("failover.mode", lineOf(yaml, "mode: auto"), "'auto' is not a failover mode:"
                        + " write manual (a proposal waits for an operator's 'hactl ack ID'; the default) or automatic"
                        + " (it runs by itself after failover.grace unless rejected)"));
    }

    @Test
    void downAfterShorterThanTheProbeIntervalNeedsTwoCycles() throws IOException {
        String yaml = fixture.yaml() + "probe:\n  interval: 2s\nfailover:\n  down_after: 1500ms\n";
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("failover.down_after");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "down_after: 1500ms"));
            assertThat(p.message()).isEqualTo("1500ms is shorter than probe.interval (2s): the master is declared"
                    + " down only after at least two failed probe cycles, so failover.down_after must be at least"
                    + " probe.interval; raise failover.down_after to 2s or more, or lower probe.interval");
        });
        // equal to the interval is enough: the first failed cycle and the one after it
        assertThat(fixture.report("probe:\n  interval: 2s\nfailover:\n  down_after: 2s\n").problems()).isEmpty();
    }

    @Test
    void withoutDownAfterALongerProbeIntervalIsTheDefault() throws IOException {
        ConfigReport r = fixture.report("probe:\n  interval: 3s\n");
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().failover().downAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void graceWithManualModeIsAWarning() throws IOException {
        String yaml = fixture.yaml() + "failover:\n  grace: 10s\n";
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), n -> null);
        assertThat(r.errors()).isEmpty();
        assertThat(r.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("failover.grace");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "grace: 10s"));
            assertThat(p.message()).startsWith("is only used with mode: automatic")
                    .contains("remove grace, or set failover.mode: automatic");
        });
        assertThat(r.config().failover().grace()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aZeroBlockPeriodIsAllowedWithAWarning() throws IOException {
        for (String zero : List.of("0", "0s")) {
            ConfigReport r = fixture.report("failover:\n  block_period: " + zero + "\n");
            assertThat(r.errors()).as(zero).isEmpty();
            assertThat(r.config().failover().blockPeriod()).isZero();
            assertThat(r.warnings()).singleElement().satisfies(p -> {
                assertThat(p.key()).isEqualTo("failover.block_period");
                assertThat(p.message()).startsWith("0 turns anti-flapping off").contains("block_period: 1h");
            });
        }
    }

    @Test
    void automaticGraceMustEndBeforeTheProposalExpires() throws IOException {
        ConfigReport r = fixture.report("failover:\n  mode: automatic\n  grace: 15m\n");
        assertThat(r.errors()).extracting(ConfigProblem::key, ConfigProblem::message).containsExactly(
                tuple("failover.grace", "15m is not shorter than failover.proposal_expiry (15m): a proposal would"
                        + " expire before it runs; make grace shorter than proposal_expiry"));
    }

    @Test
    void failoverDurationsAreChecked() throws IOException {
        String yaml = fixture.yaml() + """
                failover:
                  down_after: 3
                  proposal_expiry: 0s
                  block_period: soon
                  blok_period: 1h
                """;
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message).containsExactlyInAnyOrder(
                        tuple("failover.down_after", lineOf(yaml, "down_after: 3"),
                                "'3' has no unit: write e.g. 3s (units: ms, s, m, h)"),
                        tuple("failover.proposal_expiry", lineOf(yaml, "proposal_expiry"),
                                "must be longer than 0 (every wait in hactl has a limit), e.g. 1s"),
                        tuple("failover.block_period", lineOf(yaml, "block_period: soon"),
                                "'soon' is not a duration: write a whole number and a unit, e.g. 500ms, 2s, 1m, 1h"),
                        tuple("failover.blok_period", lineOf(yaml, "blok_period"), "unknown key 'blok_period' — did"
                                + " you mean 'block_period'? (keys allowed in failover: block_period, down_after,"
                                + " grace, mode, proposal_expiry)"));
    }

    @Test
    void listenIsOneAddressColonPort() throws IOException {
        for (var c : List.of(
                tuple("127.0.0.1", "'127.0.0.1' has no port: write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:8642"),
                tuple("localhost:8642", "'localhost' is not an IPv4 address: write listen: ADDRESS:PORT with the"
                        + " address to listen on, e.g. listen: 127.0.0.1:8642 (this machine only) or listen:"
                        + " 0.0.0.0:8642 (every interface)"),
                tuple("127.0.0.1:99999", "'127.0.0.1:99999': '99999' is not a port: it must be 1-65535, e.g. listen:"
                        + " 127.0.0.1:8642"))) {
            String yaml = fixture.yaml() + "controller:\n  listen: " + c.toArray()[0] + "\n";
            assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                    .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                    .containsExactly(tuple("controller.listen", lineOf(yaml, "listen:"), c.toArray()[1]));
        }
        String yaml = fixture.yaml() + "controller:\n  listen: 127.0.0.1:8642\n  port: 8643\n";
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(tuple("controller.port", lineOf(yaml, "port: 8643"), "unknown key 'port': the port is"
                        + " part of listen: write listen: ADDRESS:PORT, e.g. listen: 127.0.0.1:8642"));
    }

    @Test
    void aTokenThatIsNotAHashSaysHowToMakeOneAndIsNeverShown() throws IOException {
        String token = "s3cr3t-operator-token-value";
        String yaml = fixture.yaml() + """
                controller:
                  operators:
                    - name: alice
                      token_sha256: %s
                    - name: bob
                      token_sha256: %s
                """.formatted(token, HASH_A.substring(1));
        List<ConfigProblem> errors = ConfigLoader.report(fixture.write(yaml), n -> null).errors();
        String expected = "is not a SHA-256 (exactly 64 hex characters 0-9, a-f); make one with 'hactl token new NAME"
                + " --out FILE' (it writes the token to FILE, mode 0600, and prints the token_sha256 line for this"
                + " file); the token itself never goes in this file";
        assertThat(errors).extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message).containsExactly(
                tuple("controller.operators[0].token_sha256", lineOf(yaml, "token_sha256: " + token), expected),
                tuple("controller.operators[1].token_sha256", lineOf(yaml, "token_sha256: " + HASH_A.substring(1)),
                        expected));
        assertThat(errors).allSatisfy(p -> assertThat(p.toString()).doesNotContain(token));
    }

    @Test
    void operatorMistakes() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  operators:
                    - name: alice
                      token_sha256: %s
                    - name: alice
                      token_sha256: %s
                    - name: carol
                      token_sha256: %s
                    - name: "dave smith"
                      token_sha256: %s
                    - name: erin
                      token: plain-token
                    - token_sha256: %s
                  open_reads: maybe
                """.formatted(HASH_A, HASH_B, HASH_A, HASH_B.replace('A', 'B'), HASH_B.replace('A', 'C'));
        List<ConfigProblem> errors = ConfigLoader.report(fixture.write(yaml), n -> null).errors();
        assertThat(errors).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                tuple("controller.operators[1].name", lineOf(yaml, "- name: alice", 1)),
                tuple("controller.operators[2].token_sha256", lineOf(yaml, "token_sha256: " + HASH_A, 1)),
                tuple("controller.operators[3].name", lineOf(yaml, "dave smith")),
                tuple("controller.operators[4].token", lineOf(yaml, "token: plain-token")),
                tuple("controller.operators[4].token_sha256", lineOf(yaml, "- name: erin")),
                tuple("controller.operators[5].name", lineOf(yaml, "- token_sha256: ")),
                tuple("controller.open_reads", lineOf(yaml, "open_reads: maybe")));
        assertThat(errors).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("'alice' is also the operator at line "
                        + lineOf(yaml, "- name: alice")))
                .anySatisfy(m -> assertThat(m).startsWith("is also the token_sha256 at line "
                        + lineOf(yaml, "token_sha256: " + HASH_A) + ": each operator needs their own token"))
                .anySatisfy(m -> assertThat(m).isEqualTo("'dave smith' is not an operator name: use letters, digits,"
                        + " '.', '_' and '-'"))
                .anySatisfy(m -> assertThat(m).startsWith("unknown key 'token': the token itself never goes in this"
                        + " file: give its SHA-256 as token_sha256; make one with 'hactl token new NAME --out FILE'"))
                .anySatisfy(m -> assertThat(m).startsWith("missing: the SHA-256 of the operator's token"))
                .anySatisfy(m -> assertThat(m).startsWith("missing: the operator's name"))
                .anySatisfy(m -> assertThat(m).isEqualTo("'maybe' is not a list of reads: write open_reads:"
                        + " [status, health] (the default), a list of the reads to open to this machine without a token"
                        + " (status, health, metrics, history, proposals), or open_reads: [] (every read needs a token)"))
                .allSatisfy(m -> assertThat(m).doesNotContain("plain-token"));
    }

    @Test
    void theExampleConfigHasBothSections() throws IOException {
        String example = java.nio.file.Files.readString(ConfigFixture.repositoryRoot().resolve("conf/hactl.yml"));
        String sections = example.substring(example.indexOf("\nfailover:"));
        ConfigReport r = fixture.report(sections.replace("\nstate_directory: /var/lib/hactl", ""));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().failover()).isEqualTo(FailoverConfig.defaults());
        assertThat(r.config().controller().listenAddress()).isEqualTo("127.0.0.1");
        assertThat(r.config().controller().port()).isEqualTo(8642);
    }

    @Test
    @DisplayName("open reads are wider than loopback: open_reads is a list of reads; the old true opens all, with a warning")
    void openReadsIsAListOfReadsAndTheOldBooleansKeepTheirMeaning() throws IOException {
        ConfigReport block = fixture.report("controller:\n  open_reads:\n    - status\n    - proposals\n    - METRICS\n");
        assertThat(block.problems()).isEmpty();
        assertThat(block.config().controller().openReads())
                .containsExactlyInAnyOrder(OpenRead.STATUS, OpenRead.PROPOSALS, OpenRead.METRICS);

        assertThat(fixture.report("controller:\n  open_reads: []\n").config().controller().openReads()).isEmpty();
        ConfigReport no = fixture.report("controller:\n  open_reads: false\n");
        assertThat(no.problems()).isEmpty();
        assertThat(no.config().controller().openReads()).isEmpty();

        String yaml = fixture.yaml() + "controller:\n  open_reads: true\n";
        ConfigReport yes = ConfigLoader.report(fixture.write(yaml), n -> null);
        assertThat(yes.config().controller().openReads()).containsExactlyInAnyOrder(OpenRead.values());
        assertThat(yes.problems()).singleElement().satisfies(p -> {
            assertThat(p.severity()).isEqualTo(ConfigProblem.Severity.WARNING);
            assertThat(p.key()).isEqualTo("controller.open_reads");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "open_reads: true"));
            assertThat(p.message()).contains("history").contains("proposals")
                    .contains("write open_reads: [status, health] (the default)");
        });
    }

    @Test
    void anUnknownReadIsAnErrorAtItsLineNamingTheReads() throws IOException {
        String yaml = fixture.yaml() + "controller:\n  open_reads: [status, histroy]\n";
        assertThat(ConfigLoader.report(fixture.write(yaml), n -> null).errors())
                .extracting(ConfigProblem::key, ConfigProblem::line, ConfigProblem::message)
                .containsExactly(tuple("controller.open_reads[1]", lineOf(yaml, "histroy"), "'histroy' is not a read:"
                        + " the reads are status, health, metrics, history, proposals — did you mean 'history'?"));
    }

    /** A well-formed bcrypt hash, as hactl user new prints it. */
    static final String BCRYPT = "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";

    @Test
    void usersAreReadWithTheirRoleAndHash() throws IOException {
        ConfigReport r = fixture.report("""
                controller:
                  users:
                    - name: alice
                      role: operator
                      password_hash: "%s"
                    - name: victor
                      role: viewer
                      password_hash: "%s"
                """.formatted(BCRYPT, BCRYPT.replace("$10$", "$12$")));
        assertThat(r.problems()).isEmpty();
        assertThat(r.config().controller().users()).containsExactly(
                new ControllerConfig.User("alice", ControllerConfig.Role.OPERATOR, BCRYPT),
                new ControllerConfig.User("victor", ControllerConfig.Role.VIEWER, BCRYPT.replace("$10$", "$12$")));
    }

    @Test
    void withoutUsersTheConsoleHasNone() throws IOException {
        assertThat(fixture.report("").config().controller().users()).isEmpty();
    }

    @Test
    void userMistakesAreSaidAtTheirLineWithTheFixAndNeverEchoThePassword() throws IOException {
        String password = "plain-password-typed-here";
        String yaml = fixture.yaml() + """
                controller:
                  users:
                    - name: alice
                      role: operator
                      password_hash: "%s"
                    - name: alice
                      role: viewer
                      password_hash: "%s"
                    - name: bob
                      role: admin
                      password_hash: "%s"
                    - name: carol
                      role: viewer
                      password_hash: %s
                    - name: dave
                      password_hash: "%s"
                """.formatted(BCRYPT, BCRYPT, BCRYPT, password, BCRYPT);
        List<ConfigProblem> errors = ConfigLoader.report(fixture.write(yaml), n -> null).errors();
        assertThat(errors).extracting(ConfigProblem::key, ConfigProblem::line).containsExactlyInAnyOrder(
                tuple("controller.users[1].name", lineOf(yaml, "- name: alice", 1)),
                tuple("controller.users[2].role", lineOf(yaml, "role: admin")),
                tuple("controller.users[3].password_hash", lineOf(yaml, "password_hash: " + password)),
                tuple("controller.users[4].role", lineOf(yaml, "- name: dave")));
        assertThat(errors).extracting(ConfigProblem::message)
                .anySatisfy(m -> assertThat(m).startsWith("'alice' is also the user at line "
                        + lineOf(yaml, "- name: alice")))
                .anySatisfy(m -> assertThat(m).startsWith("'admin' is not a role: write viewer (sees everything) or"
                        + " operator (also acknowledges, rejects, requests switchovers, unblocks)"))
                .anySatisfy(m -> assertThat(m).startsWith("is not a bcrypt hash").contains("hactl user new NAME"))
                .anySatisfy(m -> assertThat(m).startsWith("missing: the user's role"));
        assertThat(errors).allSatisfy(p -> assertThat(p.toString()).doesNotContain(password));
    }

    @Test
    void aPlainPasswordUnderAUserIsRefusedWithoutEchoAndNamesUserNew() throws IOException {
        String yaml = fixture.yaml() + """
                controller:
                  users:
                    - name: alice
                      role: operator
                      password: hunter2-typed-here
                """;
        List<ConfigProblem> errors = ConfigLoader.report(fixture.write(yaml), n -> null).errors();
        assertThat(errors).extracting(ConfigProblem::key).contains("controller.users[0].password");
        assertThat(errors).extracting(ConfigProblem::message).anySatisfy(m -> assertThat(m)
                .contains("the password itself never goes in this file").contains("hactl user new NAME"));
        assertThat(errors).allSatisfy(p -> assertThat(p.toString()).doesNotContain("hunter2-typed-here"));
    }
}
