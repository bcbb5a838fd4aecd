package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.control.ActionResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** Issue 16, ack anywhere: a follower's answers through the API, 202 when recorded for the leader, 503 without one. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerApiAckAnywhereTest {

    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext ctx;
    int port;

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(null);
        ctx = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-api-test")), service);
        port = ControllerApi.port(ctx);
    }

    @AfterAll
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @BeforeEach
    void reset() {
        service.calls.clear();
    }

    @Test
    @DisplayName("An ack, a reject, a switchover or an unblock recorded for the leader is 202 with the sentence")
    void recordedIs202() throws Exception {
        service.next = ActionResult.recorded("recorded on n2 for proposal p-3f9a1c version 0; the leader n1 (epoch 4)"
                + " runs it: follow it with hactl history --since 5m", "p-3f9a1c");

        HttpResponse<String> ack = ControllerApiTest.post(port, "/api/proposals/p-3f9a1c@0/ack", "{}",
                ApiFixtures.ALICE_TOKEN);
        assertThat(ack.statusCode()).isEqualTo(202);
        assertThat(ControllerApiTest.JSON.readTree(ack.body()).get("outcome").asText()).isEqualTo("RECORDED");
        assertThat(ControllerApiTest.JSON.readTree(ack.body()).get("message").asText()).contains("the leader n1");
        assertThat(ControllerApiTest.post(port, "/api/proposals/p-3f9a1c/reject", "{}", ApiFixtures.ALICE_TOKEN)
                .statusCode()).isEqualTo(202);
        assertThat(ControllerApiTest.post(port, "/api/unblock", "{\"reason\":\"n1 rebuilt\"}", ApiFixtures.ALICE_TOKEN)
                .statusCode()).isEqualTo(202);
        assertThat(ControllerApiTest.post(port, "/api/switchover", "{\"node\":\"n2\"}", ApiFixtures.ALICE_TOKEN)
                .statusCode()).isEqualTo(202);
        assertThat(service.calls.get(0)).isEqualTo(Arrays.asList("ack", "p-3f9a1c@0", "alice", null));
    }

    @Test
    @DisplayName("Without a leader an action is 503: nothing recorded, the sentence says what to do")
    void withoutALeaderIs503() throws Exception {
        service.next = ActionResult.unavailable("not acknowledged: no controller leads now; nothing recorded: try again"
                + " in a few seconds (hactl status shows the leader)", "p-3f9a1c");

        HttpResponse<String> ack = ControllerApiTest.post(port, "/api/proposals/p-3f9a1c/ack", "{}",
                ApiFixtures.ALICE_TOKEN);
        assertThat(ack.statusCode()).isEqualTo(503);
        assertThat(ControllerApiTest.JSON.readTree(ack.body()).get("outcome").asText()).isEqualTo("UNAVAILABLE");
        assertThat(ControllerApiTest.post(port, "/api/unblock", "{\"reason\":\"x\"}", ApiFixtures.ALICE_TOKEN)
                .statusCode()).isEqualTo(503);
    }
}
