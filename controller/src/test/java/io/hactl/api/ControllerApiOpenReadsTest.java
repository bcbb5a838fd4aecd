package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of()));
        String before = System.getProperty("spring.main.cloud-platform");
        System.setProperty("spring.main.cloud-platform", "kubernetes");
        try {
            ctx = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-api-test")), service);
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
}
