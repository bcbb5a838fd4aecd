package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ConfigReport;
import io.hactl.config.ControllerConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import picocli.CommandLine;

/**
 * {@code hactl user new NAME --role ROLE}: the password from the terminal (twice, no echo) or
 * from stdin with --password-stdin, never from the command line; the lines it prints pass the
 * config's checks and the hash matches the password.
 */
class UserNewCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    final Deque<String> typed = new ArrayDeque<>();
    final List<String> prompts = new java.util.ArrayList<>();
    boolean console = true;

    int hactl(String stdin, String... args) {
        CommandLine cl = Main.commandLine();
        UserNewCommand cmd = (UserNewCommand) cl.getSubcommands().get("user").getSubcommands().get("new")
                .getCommandSpec().userObject();
        cmd.console = () -> console ? p -> {
            prompts.add(p);
            String t = typed.poll();
            return t == null ? null : t.toCharArray();
        } : null;
        cmd.stdin = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    /** The user lines printed: what an operator pastes under controller.users. */
    String lines() {
        return out.toString().lines().filter(l -> l.startsWith("    - name: ") || l.startsWith("      "))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    String hashPrinted() {
        return out.toString().lines().filter(l -> l.startsWith("      password_hash: ")).findFirst().orElseThrow()
                .substring("      password_hash: ".length()).replace("\"", "");
    }

    @Test
    void userNewAsksTwiceWithoutEchoAndPrintsTheLinesWithABcryptHashOfThePassword() {
        typed.add("correct horse battery");
        typed.add("correct horse battery");
        assertThat(hactl("", "user", "new", "alice", "--role", "operator")).as(err.toString()).isZero();
        assertThat(prompts).hasSize(2);
        assertThat(out.toString()).contains("    - name: alice\n      role: operator\n      password_hash: \"$2")
                .contains("controller.users").doesNotContain("correct horse battery");
        assertThat(new BCryptPasswordEncoder().matches("correct horse battery", hashPrinted())).isTrue();
    }

    @Test
    void theLinesUserNewPrintsPassTheConfigChecks() throws IOException {
        typed.add("viewer-password-12");
        typed.add("viewer-password-12");
        assertThat(hactl("", "user", "new", "victor", "--role", "viewer")).as(err.toString()).isZero();
        ConfigFixture files = new ConfigFixture(dir);
        ConfigReport r = ConfigLoader.report(files.write(files.compactYaml(ConfigFixture.TOMCAT)
                + "controller:\n  users:\n" + lines()));
        assertThat(r.errors()).isEmpty();
        assertThat(r.config().controller().users()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("victor");
            assertThat(u.role()).isEqualTo(ControllerConfig.Role.VIEWER);
        });
    }

    @Test
    void passwordStdinReadsOneLineAndNeverPrompts() {
        console = false;
        assertThat(hactl("from-a-pipe-12345\n", "user", "new", "bob", "--role", "viewer", "--password-stdin"))
                .as(err.toString()).isZero();
        assertThat(prompts).isEmpty();
        assertThat(new BCryptPasswordEncoder().matches("from-a-pipe-12345", hashPrinted())).isTrue();
    }

    @Test
    void twoDifferentPasswordsPrintNothingAndExit1() {
        typed.add("first-password-12");
        typed.add("second-password-22");
        assertThat(hactl("", "user", "new", "alice", "--role", "operator")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("the two passwords differ").doesNotContain("first-password-12");
    }

    @Test
    void noConsoleWithoutPasswordStdinSaysHowAndExit1() {
        console = false;
        assertThat(hactl("", "user", "new", "alice", "--role", "operator")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("--password-stdin");
    }

    @Test
    void aShortPasswordIsRefused() {
        typed.add("short-pw");
        typed.add("short-pw");
        assertThat(hactl("", "user", "new", "alice", "--role", "operator")).isEqualTo(1);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains("at least " + UserNewCommand.MIN_LENGTH + " characters");
    }

    @Test
    void aPasswordOver72BytesIsRefusedBecauseBcryptWouldIgnoreTheRest() {
        assertThat(hactl("x".repeat(73) + "\n", "user", "new", "alice", "--role", "operator", "--password-stdin"))
                .isEqualTo(1);
        assertThat(err.toString()).contains("72 bytes");
    }

    @Test
    void anUnknownRoleOrABadNameIsBadUsageNamingTheFix() {
        assertThat(hactl("", "user", "new", "alice", "--role", "admin")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'admin' is not a role").contains("viewer").contains("operator");
        assertThat(hactl("", "user", "new", "bob@x", "--role", "viewer")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("'bob@x' is not a user name");
        assertThat(prompts).isEmpty();
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void thereIsNoOptionThatTakesThePasswordOnTheCommandLine() {
        CommandLine cl = Main.commandLine().getSubcommands().get("user").getSubcommands().get("new");
        assertThat(cl.getCommandSpec().options()).allSatisfy(o -> assertThat(o.longestName()).isNotEqualTo("--password"));
        assertThat(hactl("", "user", "new", "alice", "--role", "operator", "--password", "p")).isEqualTo(Main.USAGE);
    }

    @Test
    void userNewJsonPrintsTheNameRoleAndHashOnly() throws Exception {
        assertThat(hactl("json-password-123\n", "user", "new", "carol", "--role", "operator", "--password-stdin",
                "--json")).as(err.toString()).isZero();
        com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toString());
        assertThat(n.get("name").asText()).isEqualTo("carol");
        assertThat(n.get("role").asText()).isEqualTo("operator");
        assertThat(new BCryptPasswordEncoder().matches("json-password-123", n.get("password_hash").asText())).isTrue();
        assertThat(out.toString()).doesNotContain("json-password-123");
    }
}
