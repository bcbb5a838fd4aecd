package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.state.ClusterState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/** Issue 12 item 7: /api/history answers over a damaged log and says how many lines it skipped. */
class ControllerApiHistoryDamageTest {

    ConfigurableApplicationContext ctx;

    @AfterEach
    void stop() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @Test
    @DisplayName("The transition log must survive damage: /api/history carries the damaged lines' count in a header")
    void theTransitionLogMustSurviveDamage_apiHistoryCarriesTheCount() throws Exception {
        ApiFixtures.RecordingService service = new ApiFixtures.RecordingService(
                ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of()));
        service.history = List.of(StateEntry.of(Instant.parse("2025-05-01T10:00:03Z"), "pair1", TransitionEntry.Event.STATE,
                "MASTER_DOWN", "FAILOVER_PROPOSED", "a failover is proposed", null, "controller", null));
        service.historyDamagedLines = 2;
        service.historyFirstDamagedLine = 17;
        ctx = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-api-test")), service);
        int port = ControllerApi.port(ctx);

        HttpResponse<String> r = ControllerApiTest.get(port, "/api/history", ApiFixtures.ALICE_TOKEN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ControllerApiTest.JSON.readTree(r.body())).hasSize(1);
        assertThat(r.headers().firstValue(ApiController.LOG_DAMAGE_HEADER))
                .hasValue("2 damaged lines skipped (first at line 17)");

        service.historyDamagedLines = 0;
        assertThat(ControllerApiTest.get(port, "/api/history", ApiFixtures.ALICE_TOKEN).headers()
                .firstValue(ApiController.LOG_DAMAGE_HEADER)).isEmpty();
    }
}
