package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ControllerConfig.OpenRead;
import io.hactl.control.ControllerStatus;
import io.hactl.control.CoordinationStatus;
import io.hactl.coordination.MemberView;
import io.hactl.state.ClusterState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** GET /api/leader (issue 16): 200 on the leader only, 503 elsewhere; a read like GET /api/status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerApiLeaderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant SINCE = Instant.parse("2026-12-06T06:30:00Z");
    static final List<MemberView> MEMBERS = List.of(new MemberView("h1:2181", "leader", null));

    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext open;
    ConfigurableApplicationContext closed;

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(null);
        // status (and so the leader) open to this machine, as by default; and a controller that opens no read
        open = ControllerApi.start(ApiFixtures.config(0, Set.of(OpenRead.STATUS), Path.of("/tmp/hactl-api-leader")),
                service);
        closed = ControllerApi.start(ApiFixtures.config(0, Set.of(), Path.of("/tmp/hactl-api-leader")), service);
    }

    @AfterAll
    void stop() {
        open.close();
        closed.close();
    }

    private static ControllerStatus status(CoordinationStatus c) {
        ControllerStatus s = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of());
        return c == null ? s : s.withCoordination(c);
    }

    private HttpResponse<String> leader(ConfigurableApplicationContext ctx, String token) throws Exception {
        return ControllerApiTest.get(ControllerApi.port(ctx), "/api/leader", token);
    }

    @Test
    @DisplayName("On the leader, GET /api/leader is 200 with its member name, its epoch and since when")
    void onTheLeaderItIs200WithMemberEpochSince() throws Exception {
        service.status = status(new CoordinationStatus("n1", CoordinationStatus.LEADER, "n1", 3, SINCE, "leader with"
                + " epoch 3", "ZooKeeper connection CONNECTED since 06:30:00, to h1:2181", MEMBERS, SINCE));
        HttpResponse<String> r = leader(open, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.get("member").asText()).isEqualTo("n1");
        assertThat(b.get("epoch").asLong()).isEqualTo(3);
        assertThat(b.get("since").asText()).isEqualTo("2026-12-06T06:30:00Z");
    }

    @Test
    @DisplayName("On a follower, GET /api/leader is 503 naming the leader, the epoch, and why")
    void onAFollowerItIs503NamingTheLeader() throws Exception {
        service.status = status(new CoordinationStatus("n2", CoordinationStatus.FOLLOWER, "n1", 3, SINCE, null,
                null, MEMBERS, SINCE));
        HttpResponse<String> r = leader(open, null);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.get("leader").asText()).isEqualTo("n1");
        assertThat(b.get("epoch").asLong()).isEqualTo(3);
        assertThat(b.get("why").asText()).isEqualTo("this controller (n2) follows; n1 leads: ask its API");
    }

    @Test
    @DisplayName("Without a quorum, GET /api/leader is 503 with leader null and the members' answers")
    void withoutAQuorumItIs503WithLeaderNull() throws Exception {
        service.status = status(new CoordinationStatus("w", CoordinationStatus.NO_QUORUM, null, 3, SINCE,
                "no quorum: 1 of 3 members serve", null, MEMBERS, SINCE));
        HttpResponse<String> r = leader(open, null);
        assertThat(r.statusCode()).isEqualTo(503);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.has("leader")).isTrue();
        assertThat(b.get("leader").isNull()).isTrue();
        assertThat(b.get("epoch").asLong()).isEqualTo(3);
        assertThat(b.get("why").asText()).contains("no ZooKeeper quorum", "1 of 3 members serve",
                "bring back a ZooKeeper member");
    }

    @Test
    @DisplayName("Without coordination, the one controller leads: GET /api/leader is 200 with member null, epoch 0")
    void withoutCoordinationItIs200() throws Exception {
        service.status = status(null);
        HttpResponse<String> r = leader(open, null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode b = JSON.readTree(r.body());
        assertThat(b.get("member").isNull()).isTrue();
        assertThat(b.get("epoch").asLong()).isZero();
    }

    @Test
    @DisplayName("GET /api/leader is a read like GET /api/status: without the status open read it needs a token")
    void theLeaderNeedsATokenWhereStatusDoes() throws Exception {
        service.status = status(new CoordinationStatus("n1", CoordinationStatus.LEADER, "n1", 3, SINCE, null, null,
                MEMBERS, SINCE));
        HttpResponse<String> denied = leader(closed, null);
        assertThat(denied.statusCode()).isEqualTo(401);
        assertThat(denied.body()).contains("GET /api/leader needs the token of an operator", "add status to it");
        assertThat(leader(closed, ApiFixtures.ALICE_TOKEN).statusCode()).isEqualTo(200);
    }
}
