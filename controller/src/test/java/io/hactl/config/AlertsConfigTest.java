package io.hactl.config;

import static io.hactl.config.ConfigFixture.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.model.Severity;
import io.hactl.notify.EmailNotifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts section: channels by type, their secrets as files or variables, each mistake with key and line. */
class AlertsConfigTest {

    @TempDir
    Path dir;

    ConfigFixture fixture;
    Path smtpPassword;
    Path slackUrl;

    @BeforeEach
    void setUp() throws IOException {
        fixture = new ConfigFixture(dir);
        smtpPassword = fixture.privateFile("smtp.password", "smtp-secret\n");
        slackUrl = fixture.privateFile("slack.url", "https://hooks.example/services/T0/B0/x\n");
    }

    private ConfigReport report(String alerts) throws IOException {
        return ConfigLoader.report(fixture.write(fixture.yaml() + alerts.replace("SMTP_PASSWORD", smtpPassword.toString())
                .replace("SLACK_URL", slackUrl.toString())), name -> name.equals("TEAMS_URL") ? "x" : null);
    }

    @Test
    void withoutTheSectionThereAreNoChannels() throws IOException {
        HactlConfig c = ConfigLoader.load(fixture.write(fixture.yaml()));
        assertThat(c.alerts()).isEqualTo(AlertsConfig.none());
        assertThat(c.alerts().channels()).isEmpty();
    }

    @Test
    void everyChannelTypeIsRead() throws IOException {
        ConfigReport r = report("""
                alerts:
                  flap_window: 2m
                  channels:
                    - name: oncall-mail
                      type: email
                      min_severity: warning
                      host: smtp.example.org
                      user: hactl
                      password_file: SMTP_PASSWORD
                      from: hactl@example.org
                      to: [oncall@example.org, dba@example.org]
                    - name: chat
                      type: slack
                      url_file: SLACK_URL
                      timeout: 3s
                    - name: teams
                      type: teams
                      min_severity: critical
                      url_env: TEAMS_URL
                    - name: hook
                      type: webhook
                      url_env: TEAMS_URL
                    - name: pager
                      type: command
                      command: [/usr/local/bin/page-oncall, --team, db]
                    - name: relay
                      type: email
                      security: none
                      host: 127.0.0.1
                      from: hactl@example.org
                      to: [root@localhost]
                """);
        assertThat(r.problems()).isEmpty();
        AlertsConfig a = r.config().alerts();
        assertThat(a.flapWindow()).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.channels()).extracting(AlertsConfig.ChannelConfig::name)
                .containsExactly("oncall-mail", "chat", "teams", "hook", "pager", "relay");
        AlertsConfig.ChannelConfig mail = a.channel("oncall-mail").orElseThrow();
        assertThat(mail.minSeverity()).isEqualTo(Severity.WARNING);
        assertThat(mail.timeout()).isEqualTo(AlertsConfig.DEFAULT_TIMEOUT);
        assertThat(mail.email()).isEqualTo(new AlertsConfig.Email("smtp.example.org", 587,
                EmailNotifier.Security.STARTTLS, "hactl", Secret.file(smtpPassword), "hactl@example.org",
                List.of("oncall@example.org", "dba@example.org")));
        assertThat(a.channel("chat").orElseThrow().webhook().url()).isEqualTo(Secret.file(slackUrl));
        assertThat(a.channel("chat").orElseThrow().minSeverity()).isEqualTo(Severity.OK);
        assertThat(a.channel("chat").orElseThrow().timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(a.channel("teams").orElseThrow().webhook().url()).isEqualTo(Secret.env("TEAMS_URL"));
        assertThat(a.channel("pager").orElseThrow().command().argv())
                .containsExactly("/usr/local/bin/page-oncall", "--team", "db");
        AlertsConfig.Email relay = a.channel("relay").orElseThrow().email();
        assertThat(relay.port()).isEqualTo(25);
        assertThat(relay.user()).isNull();
        assertThat(relay.password()).isNull();
    }

    @Test
    void mistakesAreReportedWithKeyAndLine() throws IOException {
        String section = """
                alerts:
                  channels:
                    - name: chat
                      type: slak
                    - name: mail
                      type: email
                      host: smtp.example.org
                      user: hactl
                      from: not-an-address
                      to: [ops@example.org, nobody]
                      url_file: /etc/hactl/x.url
                    - name: hook
                      type: webhook
                      min_severity: urgent
                    - name: hook
                      type: command
                      command: [page-oncall]
                    - name: both
                      type: slack
                      url_file: /etc/hactl/slack.url
                      url_env: SLACK_URL
                """;
        String yaml = fixture.yaml() + section;
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), name -> null);
        assertThat(r.errors()).extracting(ConfigProblem::key, ConfigProblem::line).contains(
                org.assertj.core.api.Assertions.tuple("alerts.channels[0].type", lineOf(yaml, "type: slak")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[1].password_file", lineOf(yaml, "- name: mail")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[1].from", lineOf(yaml, "from: not-an-address")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[1].to[1]", lineOf(yaml, "to: [ops@")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[1].url_file", lineOf(yaml, "url_file: /etc/hactl/x.url")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[2].min_severity", lineOf(yaml, "urgent")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[2].url_file", lineOf(yaml, "- name: hook")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[3].command[0]", lineOf(yaml, "[page-oncall]")),
                org.assertj.core.api.Assertions.tuple("alerts.channels[4].url_env", lineOf(yaml, "url_env: SLACK_URL")));
        assertThat(r.errors()).extracting(ConfigProblem::message).anySatisfy(m ->
                assertThat(m).contains("'slak' is not a channel type", "slack"));
        assertThat(r.errors()).extracting(ConfigProblem::message).anySatisfy(m ->
                assertThat(m).startsWith("does not apply to a channel of type email (its keys: from, host,"));
        assertThat(r.errors()).extracting(ConfigProblem::message).anySatisfy(m ->
                assertThat(m).contains("info, warning or critical"));
    }

    @Test
    void aDuplicateNameIsAnError() throws IOException {
        String yaml = fixture.yaml() + """
                alerts:
                  channels:
                    - {name: pager, type: command, command: [/bin/true]}
                    - {name: pager, type: command, command: [/bin/false]}
                """;
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), name -> null);
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.channels[1].name");
            assertThat(p.message()).contains("also the name of the channel at line " + lineOf(yaml, "/bin/true"));
        });
    }

    @Test
    void anInlineUrlIsAWarningThatDoesNotShowIt() throws IOException {
        ConfigReport r = report("""
                alerts:
                  channels:
                    - name: chat
                      type: slack
                      url: https://hooks.example/services/T0/B0/InlineSecret
                """);
        assertThat(r.errors()).isEmpty();
        assertThat(r.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.channels[0].url");
            assertThat(p.message()).contains("prefer url_file").doesNotContain("InlineSecret");
        });
        assertThat(r.config().alerts().channel("chat").orElseThrow().webhook().url().toString())
                .doesNotContain("InlineSecret");
    }

    @Test
    void secretFilesAreChecked() throws IOException {
        ConfigReport r = report("""
                alerts:
                  channels:
                    - name: chat
                      type: slack
                      url_file: /nonexistent/slack.url
                    - name: hook
                      type: webhook
                      url_env: HOOK_URL
                """);
        assertThat(r.errors()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.channels[0].url_file");
            assertThat(p.message()).contains("/nonexistent/slack.url does not exist", "install -m 600");
        });
        assertThat(r.warnings()).extracting(ConfigProblem::key).containsExactly("alerts.channels[1].url_env");
    }

    @Test
    void oneReminderSettingDrivesTheLogsRemindersAndTheAlerts() throws IOException {
        ConfigReport r = report("controller:\n  remind_interval: 10m\nalerts:\n  channels:\n"
                + "    - {name: pager, type: command, command: [/bin/true]}\n");

        assertThat(r.problems()).isEmpty();
        assertThat(r.config().controller().remindInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(r.config().alerts().remindInterval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theOldAlertsRemindIntervalIsAcceptedWithAWarningNamingTheReplacement() throws IOException {
        String yaml = fixture.yaml() + "alerts:\n  remind_interval: 15m\n";
        ConfigReport r = ConfigLoader.report(fixture.write(yaml), name -> null);

        assertThat(r.valid()).isTrue();
        assertThat(r.config().controller().remindInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.config().alerts().remindInterval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(r.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.remind_interval");
            assertThat(p.line()).isEqualTo(lineOf(yaml, "remind_interval: 15m"));
            assertThat(p.message()).isEqualTo("is deprecated: reminders have one setting, controller.remind_interval"
                    + " (the transition log's reminder lines and the alerts' both); move it there: controller:"
                    + " {remind_interval: 15m}");
        });
    }

    @Test
    void withBothReminderKeysTheControllersIsTheOneAndTheOldIsIgnoredWithAWarning() throws IOException {
        ConfigReport r = report("controller:\n  remind_interval: 1h\nalerts:\n  remind_interval: 15m\n");

        assertThat(r.config().controller().remindInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(r.config().alerts().remindInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(r.warnings()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("alerts.remind_interval");
            assertThat(p.message()).isEqualTo("is deprecated and ignored: controller.remind_interval (1h) is the one"
                    + " reminder setting (the transition log's reminder lines and the alerts' both); remove"
                    + " alerts.remind_interval");
        });
    }

    @Test
    void theOldConstructorsStillWork() {
        HactlConfig c = new HactlConfig(Path.of("/x"), "pair1", List.of(), null, null, null, List.of(), null, null,
                Path.of("/var/lib/hactl"));
        assertThat(c.alerts()).isEqualTo(AlertsConfig.none());
        assertThat(c.withAlerts(new AlertsConfig(Duration.ofMinutes(1), Duration.ZERO, List.of())).alerts()
                .remindInterval()).isEqualTo(Duration.ofMinutes(1));
    }
}
