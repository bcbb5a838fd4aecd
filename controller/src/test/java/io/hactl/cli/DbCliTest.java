package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.config.ConfigFixture;
import io.hactl.log.TransitionLog;
import io.hactl.pair.Refused;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Password options: a value in argv is refused (and never logged), files must be private. */
class DbCliTest {

    @TempDir
    Path dir;

    @Test
    void aPasswordValueOnTheCommandLineIsRefusedWithTheSafeForms() {
        assertThatThrownBy(() -> DbCli.password("-p", "secret", "--password-file", null, "--password-env", null, "x"))
                .isInstanceOf(Refused.class)
                .hasMessageContaining("-p was given a value on the command line")
                .satisfies(e -> assertThat(((Refused) e).fix()).contains("--password-file FILE", "--password-env VARIABLE"));
        assertThat(DbCli.password("-p", null, "--password-file", null, "--password-env", null, "x")).isNull();
    }

    @Test
    void passwordFilesMustBePrivateAndOnlyOneSourceIsGiven() throws IOException {
        Path f = dir.resolve("pw");
        Files.writeString(f, "s3cret\nignored\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> DbCli.password("-p", null, "--password-file", f, "--password-env", null, "x"))
                .hasMessageContaining("can be read or written by other users");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        assertThat(DbCli.password("-p", null, "--password-file", f, "--password-env", null, "x")).isEqualTo("s3cret");
        assertThatThrownBy(() -> DbCli.password("-p", null, "--password-file", f, "--password-env", "HOME", "x"))
                .hasMessageContaining("more than one of -p, --password-file and --password-env");
        assertThatThrownBy(() -> DbCli.password("-p", null, "--password-file", null, "--password-env",
                "HACTL_SURELY_UNSET_VARIABLE", "x")).hasMessageContaining("is not set");
    }

    /**
     * Issue 12 item 4: picocli gives {@code -p -zSecret1} the value "-zSecret1" (no option of the
     * command), so the scrubber must mask the argument after a password option whatever it
     * starts with: the refusal's transition log line (0644, served by open reads) must not hold it.
     */
    @Test
    void passwordStartingWithDashNeverReachesTheLog() throws IOException {
        Path state = dir.resolve("state");
        ConfigFixture files = new ConfigFixture(dir);
        Path config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + state + "\n");
        String[][] runs = {
                {"db-backup", "--config", config.toString(), "-D", "app", "-f", dir.resolve("x.sql").toString(),
                        "-p", "-zSecret1"},
                {"db-restore", "--config", config.toString(), "-D", "app", "-f", config.toString(),
                        "--password", "--zSecret2"},
                {"db-copy", "--config", config.toString(), "--origin-database", "a", "--destination-database", "b",
                        "--origin-password", "-zSecret3", "--destination-password", "-zSecret4"}};
        InputStream stdin = System.in;
        System.setIn(new ByteArrayInputStream(new byte[0]));   // a prompt refuses at once instead of waiting
        try {
            for (String[] args : runs) {
                StringWriter out = new StringWriter();
                CommandLine cl = Main.commandLine();
                cl.setOut(new PrintWriter(out, true));
                cl.setErr(new PrintWriter(out, true));
                assertThat(cl.execute(args)).as(out.toString()).isEqualTo(2);
                assertThat(out.toString()).contains("was given a value on the command line").doesNotContain("Secret");
            }
        } finally {
            System.setIn(stdin);
        }
        String log = Files.readString(state.resolve(TransitionLog.FILE_NAME));
        assertThat(log.lines()).hasSize(3).allSatisfy(l -> assertThat(l).contains("\"refused\"", "***"));
        assertThat(log).doesNotContain("Secret").contains("-p ***\"", "--password ***", "--origin-password ***",
                "--destination-password ***");
    }

    @Test
    void theLoggedCommandLineNeverHoldsAPassword() {
        CommandLine.Model.CommandSpec backup = Main.commandLine().getSubcommands().get("db-backup").getCommandSpec();
        assertThat(DbCli.scrub(backup, List.of("db-backup", "-psecret", "--password=secret", "-p", "secret", "-D", "x",
                "--origin-password", "pw2", "--destination-password", "-u", "-p", "-xyz", "-p", "-S/run/s.sock")))
                .containsExactly("db-backup", "-p***", "--password=***", "-p", "***", "-D", "x", "--origin-password",
                        "***", "--destination-password", "-u", "-p", "***", "-p", "-S/run/s.sock");
    }

    /** Issue 12, "password_env variables are inherited by every child process": --password-env's variable too. */
    @Test
    void passwordEnvVariablesAreNotInheritedByChildrenOnceAPasswordOptionNamesThem() {
        String variable = "HACTL_TEST_SECRET_CLI";     // set for the test JVM by surefire (controller/pom.xml)
        assertThat(DbCli.password("-p", null, "--password-file", null, "--password-env", variable, "x"))
                .isEqualTo(System.getenv(variable)).isNotBlank();
        io.hactl.node.CommandResult r = io.hactl.node.LocalShell.exec("local", List.of("/usr/bin/env"), "env", null,
                java.time.Duration.ofSeconds(20));
        assertThat(r.out()).contains("PATH=").doesNotContain(variable + "=");
    }
}
