package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLoader;
import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.state.ClusterState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * "Open reads are wider than loopback" (issue 12, item 8): the API started as if Spring had
 * detected a cloud platform (Kubernetes: then it would honour X-Forwarded-For by itself).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerApiOpenReadsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext ctx;
    int port;

    @TempDir
    static Path dir;

    /**
     * hactl.yml as an operator writes it: one operator, nothing said of open_reads, so the
     * default applies. The API on any free port, as if Spring had detected Kubernetes.
     */
    @BeforeAll
    void start() throws IOException {
        service = new ApiFixtures.RecordingService(ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of()));
        ConfigFixture files = new ConfigFixture(dir);
        HactlConfig cfg = ConfigLoader.load(files.write(files.compactYaml(ConfigFixture.TOMCAT) + """
                controller:
                  listen: 127.0.0.1:8642
                  operators:
                    - {name: alice, token_sha256: %s}
                """.formatted(OperatorTokens.sha256Hex(ApiFixtures.ALICE_TOKEN))));
        ControllerConfig c = cfg.controller();
        HactlConfig anyPort = new HactlConfig(cfg.source(), cfg.clusterName(), cfg.nodes(), cfg.dbVip(), cfg.appVip(),
                cfg.database(), cfg.services(), cfg.probe(), cfg.backup(), cfg.stateDirectory(), cfg.failover(),
                new ControllerConfig(c.listenAddress(), 0, c.operators(), c.openReads(), c.remindInterval()));
        String before = System.getProperty("spring.main.cloud-platform");
        System.setProperty("spring.main.cloud-platform", "kubernetes");
        try {
            ctx = ControllerApi.start(anyPort, service);
        } finally {
            if (before == null) {
                System.clearProperty("spring.main.cloud-platform");
            } else {
                System.setProperty("spring.main.cloud-platform", before);
            }
        }
        port = ControllerApi.port(ctx);
    }

    @AfterAll
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    static HttpResponse<String> get(int port, String path, String header, String value) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).header(header, value).GET().build();
        return ControllerApiTest.HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("open reads are wider than loopback: X-Forwarded-For is never honoured, even on a cloud platform")
    void openReadsAreWiderThanLoopbackXForwardedForIsNeverHonoured() throws Exception {
        // a loopback peer that says it forwards for another host: judged by its own address
        HttpResponse<String> r = get(port, "/api/status", "X-Forwarded-For", "203.0.113.7");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("state").asText()).isEqualTo("ACTIVE_SYNCED");
        HttpResponse<String> f = get(port, "/api/status", "Forwarded", "for=203.0.113.7;proto=https");
        assertThat(f.statusCode()).as(f.body()).isEqualTo(200);
    }

    /** The status and body of {@code GET path} sent by hand with {@code Host: host} (HTTP/1.0: one plain body). */
    static String[] rawGet(int port, String host, String path) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + path + " HTTP/1.0\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                    + "Accept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            return new String[] {all.substring(9, 12), end < 0 ? "" : all.substring(end + 4)};
        }
    }

    @Test
    @DisplayName("open reads are wider than loopback: a Host that is not this controller's address is refused (DNS rebinding)")
    void openReadsAreWiderThanLoopbackAForeignHostHeaderIsRefused() throws Exception {
        for (String host : List.of("evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port)) {
            String[] r = rawGet(port, host, "/api/status");
            assertThat(r[0]).as(host + ": " + r[1]).isEqualTo("421");
            JsonNode j = JSON.readTree(r[1]);
            assertThat(j.get("error").asText()).isEqualTo("misdirected");
            assertThat(j.get("message").asText()).contains("Host").contains("http://127.0.0.1:" + port)
                    .contains("DNS rebinding");
        }
        String[] noHost = rawGet(port, null, "/api/status");
        assertThat(noHost[0]).isEqualTo("400");
        assertThat(JSON.readTree(noHost[1]).get("message").asText()).contains("Host: 127.0.0.1:" + port);
        assertThat(rawGet(port, "127.0.0.1:" + (port == 1 ? 2 : 1), "/api/status")[0]).as("another port").isEqualTo("421");
        // the actuator too
        assertThat(rawGet(port, "evil.example:" + port, "/actuator/health")[0]).isEqualTo("421");

        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LocalHost:" + port, "[::1]:" + port)) {
            String[] ok = rawGet(port, host, "/api/status");
            assertThat(ok[0]).as(host + ": " + ok[1]).isEqualTo("200");
        }
    }

    @Test
    @DisplayName("open reads are wider than loopback: by default status and health are open, history and proposals need a token")
    void openReadsAreWiderThanLoopbackHistoryAndProposalsNeedATokenByDefault() throws Exception {
        service.status = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of());
        assertThat(ControllerApiTest.get(port, "/api/status", null).statusCode()).isEqualTo(200);
        assertThat(ControllerApiTest.get(port, "/actuator/health", null).statusCode()).isEqualTo(200);

        for (String read : List.of("history", "proposals")) {
            HttpResponse<String> closed = ControllerApiTest.get(port, "/api/" + read, null);
            assertThat(closed.statusCode()).as(read + ": " + closed.body()).isEqualTo(401);
            assertThat(JSON.readTree(closed.body()).get("message").asText())
                    .contains("GET /api/" + read).contains("controller.open_reads").contains(read)
                    .contains("hactl token new NAME");
            HttpResponse<String> withToken = ControllerApiTest.get(port, "/api/" + read, ApiFixtures.ALICE_TOKEN);
            assertThat(withToken.statusCode()).as(read + ": " + withToken.body()).isEqualTo(200);
            assertThat(ControllerApiTest.get(port, "/api/" + read, "not-a-token").statusCode()).isEqualTo(403);
        }
        // not a read the default opens: the metrics, and any other path
        assertThat(ControllerApiTest.get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(ControllerApiTest.get(port, "/actuator/prometheus", ApiFixtures.ALICE_TOKEN).statusCode()).isEqualTo(200);
        assertThat(ControllerApiTest.get(port, "/api/nothing-here", null).statusCode()).isEqualTo(401);
    }
}
