package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.state.ClusterState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** The API with controller.open_reads false (or []): every read needs a token, from loopback too. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerApiClosedReadsTest {

    static final ObjectMapper JSON = new ObjectMapper();

    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext ctx;
    int port;

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of()));
        ctx = ControllerApi.start(ApiFixtures.config(0, false, Path.of("/tmp/hactl-api-test")), service);
        port = ControllerApi.port(ctx);
    }

    @AfterAll
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void readsNeedATokenEvenFromLoopback() throws Exception {
        HttpResponse<String> r = ControllerApiTest.get(port, "/api/status", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(r.body()).get("message").asText()).contains("controller.open_reads is empty");
        assertThat(ControllerApiTest.get(port, "/api/status/text", null).statusCode()).as("the report is a status").isEqualTo(401);
        assertThat(ControllerApiTest.get(port, "/api/proposals", null).statusCode()).isEqualTo(401);
        assertThat(ControllerApiTest.get(port, "/actuator/prometheus", null).statusCode()).isEqualTo(401);
        assertThat(ControllerApiTest.get(port, "/api/status", "wrong").statusCode()).isEqualTo(403);
        HttpResponse<String> ok = ControllerApiTest.get(port, "/api/status", ApiFixtures.ALICE_TOKEN);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ok.body()).get("state").asText()).isEqualTo("ACTIVE_SYNCED");
    }
}
