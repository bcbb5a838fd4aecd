package io.hactl.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hactl.alert.Channels;
import io.hactl.config.AlertsConfig;
import io.hactl.config.Secret;
import io.hactl.config.SecretVariables;
import io.hactl.model.Severity;
import io.hactl.node.CommandResult;
import io.hactl.node.LocalShell;
import io.hactl.notify.Alert;
import io.hactl.state.ClusterState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, "password_env variables are inherited by every child process": a variable the config
 * names as a password is in hactl's environment, and no program hactl starts gets it (the
 * client tools get passwords in an option file). The variable is set for the test JVM by
 * surefire (controller/pom.xml).
 */
class SecretEnvironmentTest {

    static final String VARIABLE = "HACTL_TEST_SECRET_CONFIG";

    @TempDir
    Path dir;

    @BeforeAll
    static void theSecretIsInTheEnvironment() {
        assertThat(System.getenv(VARIABLE)).as(VARIABLE + " in the test's environment (set by surefire, controller/pom.xml)")
                .isNotBlank();
    }

    /** A stand-in client tool: writes its environment to {@code out}, reads its input, fails. */
    Path standIn(Path out) throws IOException {
        Path tool = dir.resolve("client-" + out.getFileName());
        Files.writeString(tool, "#!/bin/sh\n/usr/bin/env > '" + out + "'\ncat > /dev/null\nexit 3\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    /**
     * A stand-in dump for the copy: fails only once its client has written its environment, because the copy
     * stops the client of a failed dump at once (which could otherwise come before the client's first line).
     */
    Path standInFailingAfter(Path out, Path clientsOut) throws IOException {
        Path tool = dir.resolve("client-" + out.getFileName());
        Files.writeString(tool, "#!/bin/sh\n/usr/bin/env > '" + out + "'\ni=0\nwhile [ ! -s '" + clientsOut
                + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\ncat > /dev/null\nexit 3\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    static void assertWithheld(Path envFile) throws IOException {
        List<String> lines = Files.readAllLines(envFile);
        assertThat(lines).as("the child's environment").isNotEmpty()
                .noneMatch(l -> l.startsWith(VARIABLE + "=") || l.contains(System.getenv(VARIABLE)));
    }

    @Test
    void passwordEnvVariablesAreNotInheritedByTheClientToolsAnAlertCommandOrALocalCommand() throws Exception {
        // what the config binder makes of "password_env: HACTL_TEST_SECRET_CONFIG"
        Secret secret = Secret.env(VARIABLE);
        DbEndpoint e = new DbEndpoint("198.51.100.11", 3306, null, "hactl", secret.reveal(), "db");
        ServerFacts facts = new ServerFacts("10.11.19-MariaDB", true, false, 1, "h", 3306, "/d", true, "", null);

        Path dump = dir.resolve("dump.env");
        assertThatThrownBy(() -> new DbDumper(standIn(dump)).dump(e, facts, OutputStream.nullOutputStream(),
                Progress.silent(), Duration.ofSeconds(20))).isInstanceOf(DbToolException.class);
        assertWithheld(dump);

        Path load = dir.resolve("load.env");
        assertThatThrownBy(() -> new DbLoader(standIn(load)).load(e, true,
                new ByteArrayInputStream("SELECT 1;\n".getBytes(StandardCharsets.UTF_8)), () -> 0L, Progress.silent(),
                Duration.ofSeconds(20))).isInstanceOf(DbToolException.class);
        assertWithheld(load);

        Path query = dir.resolve("query.env");
        assertThatThrownBy(() -> new SqlClient(standIn(query), Duration.ofSeconds(20)).query(e, "SELECT 1"))
                .isInstanceOf(DbToolException.class);
        assertWithheld(query);

        Path copyDump = dir.resolve("copy-dump.env");
        Path copyLoad = dir.resolve("copy-load.env");
        assertThatThrownBy(() -> new DbCopier(new DbDumper(standInFailingAfter(copyDump, copyLoad)), new DbLoader(standIn(copyLoad)))
                .copy(e, facts, e.withDatabase("db2"), true, Progress.silent(), Duration.ofSeconds(20)))
                .isInstanceOf(DbToolException.class);
        assertWithheld(copyDump);
        assertWithheld(copyLoad);

        CommandResult local = LocalShell.exec("local", List.of("/usr/bin/env"), "env", null, Duration.ofSeconds(20));
        assertThat(local.ok()).isTrue();
        assertThat(local.out()).contains("PATH=").doesNotContain(VARIABLE + "=");

        Path alert = dir.resolve("alert.env");
        AlertsConfig.ChannelConfig channel = new AlertsConfig.ChannelConfig("pager", AlertsConfig.Type.COMMAND,
                Severity.OK, Duration.ofSeconds(20), null, null,
                new AlertsConfig.Command(List.of("/bin/sh", "-c", "/usr/bin/env > \"$0\"; cat > /dev/null", alert.toString())));
        Channels.build(channel).notifier().send(Alert.stateChange("pair1", Instant.now(), ClusterState.ACTIVE_SYNCED,
                ClusterState.MASTER_DOWN, "master n1 down", List.of(), null));
        assertWithheld(alert);
        assertThat(SecretVariables.names()).contains(VARIABLE, "HACTL_TOKEN", "MYSQL_PWD");
    }
}
