package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import io.hactl.config.ConfigFixture;
import io.hactl.log.AlertEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hactl notify test against a real SMTP server (GreenMail) and real HTTP receivers on 127.0.0.1. */
class NotifyCommandTest {

    static final String SMTP_PASSWORD = "notify-Test-Smtp-pw";
    static final String SECRET_PATH = "/services/T9/B9/TopSecretHookToken";

    @RegisterExtension
    static GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("hactl@example.org", "hactl", SMTP_PASSWORD))
            .withPerMethodLifecycle(true);

    @TempDir
    Path dir;

    ConfigFixture files;
    HttpServer http;
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final AtomicInteger brokenTries = new AtomicInteger();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void start() throws IOException {
        files = new ConfigFixture(dir);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                int status = 200;
                if (ex.getRequestURI().getPath().startsWith("/broken")) {
                    brokenTries.incrementAndGet();
                    status = 503;
                } else {
                    bodies.add(body);
                }
                ex.sendResponseHeaders(status, -1);
            }
            ex.close();
        });
        http.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
    }

    private Path config(String alerts) throws IOException {
        return files.write(files.compactYaml(ConfigFixture.BACKEND) + "state_directory: " + dir.resolve("state") + "\n"
                + alerts);
    }

    private String channels(boolean withBroken) throws IOException {
        Path smtpPassword = files.privateFile("smtp.password", SMTP_PASSWORD + "\n");
        int port = http.getAddress().getPort();
        Path chatUrl = files.privateFile("chat.url", "http://127.0.0.1:" + port + SECRET_PATH + "\n");
        Path brokenUrl = files.privateFile("broken.url", "http://127.0.0.1:" + port + "/broken" + SECRET_PATH + "\n");
        return """
                alerts:
                  channels:
                    - name: mail
                      type: email
                      security: none
                      host: 127.0.0.1
                      port: SMTP_PORT
                      user: hactl
                      password_file: SMTP_PASSWORD
                      from: hactl@example.org
                      to: [oncall@example.org]
                    - name: chat
                      type: slack
                      url_file: CHAT_URL
                """.replace("SMTP_PORT", String.valueOf(smtp.getSmtp().getPort()))
                .replace("SMTP_PASSWORD", smtpPassword.toString()).replace("CHAT_URL", chatUrl.toString())
                + (withBroken ? """
                    - name: teams
                      type: teams
                      timeout: 2s
                      url_file: BROKEN_URL
                """.replace("BROKEN_URL", brokenUrl.toString()) : "");
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new NotifyCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void everyChannelDeliversExit0() throws IOException {
        Path config = config(channels(false));
        int code = run("test", "--config", config.toString());
        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).containsPattern("mail +email +smtp 127\\.0\\.0\\.1:\\d+ → oncall@example\\.org +ok +1 ")
                .containsPattern("chat +slack +http://127\\.0\\.0\\.1:\\d+/… +ok +1 ")
                .contains("all 2 channel(s) delivered");
        assertThat(smtp.getReceivedMessages()).singleElement().satisfies(m ->
                assertThat(m.getSubject()).isEqualTo("[INFO] pair1: test message for channel mail"));
        assertThat(bodies).singleElement().satisfies(b ->
                assertThat(new ObjectMapper().readTree(b).get("text").asText())
                        .startsWith("*[INFO] pair1: test message for channel chat*"));
        List<AlertEntry> log = new TransitionLog(dir.resolve("state")).read(AlertEntry.class);
        assertThat(log).extracting(AlertEntry::event, AlertEntry::channel, AlertEntry::result)
                .containsExactly(org.assertj.core.api.Assertions.tuple(TransitionEntry.Event.ALERT, "mail", "ok"),
                        org.assertj.core.api.Assertions.tuple(TransitionEntry.Event.ALERT, "chat", "ok"));
        assertThat(out.toString() + err).doesNotContain(SMTP_PASSWORD, "TopSecretHookToken");
    }

    @Test
    void aFailingChannelIsRetriedReportedAndExits1WhileTheOthersDeliver() throws IOException {
        Path config = config(channels(true));
        int code = run("test", "--config", config.toString());
        assertThat(code).as(out + "\n" + err).isEqualTo(1);
        assertThat(brokenTries.get()).isEqualTo(4);
        assertThat(out.toString()).containsPattern("teams +teams +http://127\\.0\\.0\\.1:\\d+/… +FAILED +4 .*HTTP 503")
                .contains("1 of 3 channel(s) FAILED");
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(bodies).hasSize(1);
        String logText = Files.readString(new TransitionLog(dir.resolve("state")).file());
        assertThat(logText).contains("\"event\":\"alert-failed\"", "HTTP 503");
        assertThat(out.toString() + err + logText).doesNotContain(SMTP_PASSWORD, "TopSecretHookToken", "/broken");
    }

    @Test
    void oneChannelByNameAsJson() throws IOException {
        Path config = config(channels(false));
        int code = run("test", "--channel", "chat", "--json", "--config", config.toString());
        assertThat(code).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("ok").asBoolean()).isTrue();
        assertThat(j.get("channels")).singleElement().satisfies(c -> {
            assertThat(c.get("name").asText()).isEqualTo("chat");
            assertThat(c.get("attempts").asInt()).isEqualTo(1);
        });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void anUnknownChannelExits3NamingTheChannels() throws IOException {
        int code = run("test", "--channel", "pager", "--config", config(channels(false)).toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("no channel named 'pager'", "the channels are: mail, chat");
    }

    @Test
    void noChannelsExits3SayingHowToConfigure() throws IOException {
        int code = run("test", "--config", config("").toString());
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).contains("no alert channels", "add an alerts: section", "docs/alerts.md");
    }

    @Test
    void aMissingSecretFileIsABadConfig() throws IOException {
        Path config = config(channels(false));
        Files.delete(dir.resolve("chat.url"));
        assertThat(run("test", "--config", config.toString())).isEqualTo(3);
        assertThat(err.toString()).contains("chat.url does not exist");
    }

    @Test
    void anUnsetVariableFailsThatChannelOnly() throws IOException {
        Path config = config(channels(false) + """
                    - name: hook
                      type: webhook
                      url_env: HACTL_TEST_VARIABLE_NOT_SET
                """);
        int code = run("test", "--config", config.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).containsPattern("hook +webhook +- +FAILED +0 .*HACTL_TEST_VARIABLE_NOT_SET is not set")
                .contains("1 of 3 channel(s) FAILED");
        assertThat(bodies).hasSize(1);
    }

    @Test
    void aClosedSmtpPortFailsWithTheFix() throws IOException {
        Path config = config(channels(false));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(config, Files.readString(config).replace("port: " + smtp.getSmtp().getPort(), "port: " + port));
        int code = run("test", "--channel", "mail", "--config", config.toString());
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("FAILED", "cannot send", "check host, port and security");
    }
}
