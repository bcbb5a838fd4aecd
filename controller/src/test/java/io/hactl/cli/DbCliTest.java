package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.ops.Refused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void theLoggedCommandLineNeverHoldsAPassword() {
        assertThat(DbCli.scrub(List.of("db-backup", "-psecret", "--password=secret", "-p", "secret", "-D", "x",
                "--origin-password", "pw2", "--destination-password", "-u")))
                .containsExactly("db-backup", "-p***", "--password=***", "-p", "***", "-D", "x", "--origin-password",
                        "***", "--destination-password", "-u");
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
