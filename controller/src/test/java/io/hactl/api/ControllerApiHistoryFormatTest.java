package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.GoldenLog;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** /api/history serves the entries in the JSON it served before the entries became types (issue 15), byte for byte. */
class ControllerApiHistoryFormatTest {

    ConfigurableApplicationContext ctx;

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    void theHistoryBodyIsByteForByteTheOneServedBefore() throws Exception {
        ApiFixtures.RecordingService service = new ApiFixtures.RecordingService(null);
        service.history = GoldenLog.entries();
        ctx = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-api-test")), service);

        HttpResponse<String> r = ControllerApiTest.get(ControllerApi.port(ctx), "/api/history", ApiFixtures.ALICE_TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(GoldenLog.resource(GoldenLog.API_HISTORY));
    }
}
