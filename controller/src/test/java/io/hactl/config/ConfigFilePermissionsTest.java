package io.hactl.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12 item 5, "Config file permissions": hactl runs root commands on both nodes from
 * hactl.yml, so a config others can change is refused; a config others can read must not hold
 * a secret inline (database, SMTP password, webhook URL). Each error names the file, its mode
 * and the chmod that fixes it, and never shows the secret.
 */
class ConfigFilePermissionsTest {

    static final String SMTP_INLINE = """
            alerts:
              channels:
                - name: oncall-mail
                  type: email
                  host: smtp.example.org
                  user: hactl
                  password: smtp-inline-s3cret
                  from: hactl@example.org
                  to: [oncall@example.org]
            """;
    static final String WEBHOOK_INLINE = """
            alerts:
              channels:
                - name: chat
                  type: slack
                  url: https://hooks.example/services/T0/B0/InlineS3cret
            """;

    @TempDir
    Path dir;

    ConfigFixture fixture;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
    }

    private Path config(String yaml, String mode) throws IOException {
        Path file = fixture.write(yaml);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static List<ConfigProblem> errors(Path file) {
        return ConfigLoader.report(file, name -> null).errors();
    }

    @ParameterizedTest(name = "mode {0}")
    @ValueSource(strings = {"rw-rw-rw-", "rw-rw----", "rw-r---w-", "rw-rw-r--"})
    @DisplayName("Config file permissions: a config group/others can write is an error naming chmod go-w")
    void configFilePermissions_aConfigOthersCanWriteIsAnErrorNamingTheChmod(String mode) throws IOException {
        Path file = config(fixture.yaml(), mode);
        String octal = FileModes.octal(FileModes.mode(file).orElseThrow());

        assertThat(errors(file)).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo(YamlSource.FILE_KEY);
            assertThat(p.file()).isEqualTo(file.toString());
            assertThat(p.message()).contains("mode " + octal, "chmod go-w " + file, "root");
        });
        assertThat(ConfigLoader.report(file, name -> null).config()).isNull();
    }

    @Test
    @DisplayName("Config file permissions: a 0644 config without inline secrets is accepted")
    void configFilePermissions_aReadableConfigWithoutSecretsIsFine() throws IOException {
        Path file = config(fixture.yaml(), "rw-r--r--");

        assertThat(ConfigLoader.report(file, name -> null).problems()).isEmpty();
    }

    @Test
    @DisplayName("Config file permissions: an inline SMTP password in a 0644 config is an error naming chmod 600")
    void configFilePermissions_anInlineSmtpPasswordInAReadableConfigIsAnError() throws IOException {
        Path file = config(fixture.yaml() + SMTP_INLINE, "rw-r--r--");

        List<ConfigProblem> errors = errors(file);

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.channels[0].password");
            assertThat(p.line()).isEqualTo(ConfigFixture.lineOf(fixture.yaml() + SMTP_INLINE, "password: smtp-inline"));
            assertThat(p.message()).contains(file.toString(), "mode 0644", "chmod 600 " + file, "password_file");
        });
        assertThat(errors).extracting(ConfigProblem::message).noneMatch(m -> m.contains("smtp-inline-s3cret"));
    }

    @Test
    @DisplayName("Config file permissions: an inline webhook URL in a 0640 config is an error naming chmod 600")
    void configFilePermissions_anInlineWebhookUrlInAReadableConfigIsAnError() throws IOException {
        Path file = config(fixture.yaml() + WEBHOOK_INLINE, "rw-r-----");

        List<ConfigProblem> errors = errors(file);

        assertThat(errors).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.channels[0].url");
            assertThat(p.message()).contains(file.toString(), "mode 0640", "chmod 600 " + file, "url_file");
        });
        assertThat(errors).extracting(ConfigProblem::message).noneMatch(m -> m.contains("InlineS3cret"));
    }

    @Test
    @DisplayName("Config file permissions: inline alert secrets in a 0600 config stay a warning")
    void configFilePermissions_inlineAlertSecretsInAPrivateConfigOnlyWarn() throws IOException {
        Path file = config(fixture.yaml() + SMTP_INLINE.replace("alerts:\n  channels:\n", "alerts:\n  channels:\n"
                + WEBHOOK_INLINE.substring(WEBHOOK_INLINE.indexOf("    - name"))), "rw-------");

        ConfigReport report = ConfigLoader.report(file, name -> null);

        assertThat(report.errors()).isEmpty();
        assertThat(report.warnings()).extracting(ConfigProblem::key)
                .containsExactlyInAnyOrder("alerts.channels[0].url", "alerts.channels[1].password");
    }

    @Test
    @DisplayName("Config file permissions: the repository's example config passes as installed (0600)")
    void configFilePermissions_theExampleConfigPassesItsOwnModeCheck() throws IOException {
        Path example = Files.copy(ConfigFixture.repositoryRoot().resolve("conf/hactl.yml"), dir.resolve("example.yml"));
        Files.setPosixFilePermissions(example, PosixFilePermissions.fromString("rw-------"));

        assertThat(ConfigLoader.report(example, name -> null).problems())
                .noneMatch(p -> p.key().equals(YamlSource.FILE_KEY));
    }
}
