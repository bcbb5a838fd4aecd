package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.control.ActionResult;
import io.hactl.log.TransitionEntry;
import io.hactl.state.ClusterState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/** The API on a free loopback port (open reads), in front of a recording service. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControllerApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static HttpResponse<String> get(int port, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(int port, String path, String json, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }


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
        service.status = ApiFixtures.status(ClusterState.FAILOVER_PROPOSED, Instant.now(),
                List.of(ApiFixtures.failover("p-3f9a1c")));
        service.proposals = List.of(ApiFixtures.failover("p-3f9a1c"));
        service.next = ActionResult.accepted("failover p-3f9a1c started", "p-3f9a1c", "op-77");
        service.calls.clear();
    }

    @Test
    void statusIsOpenFromLoopbackAndHasTheRecordShapeWithIsoTimes() throws Exception {
        HttpResponse<String> r = get(port, "/api/status", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("cluster").asText()).isEqualTo("pair1");
        assertThat(j.get("state").asText()).isEqualTo("FAILOVER_PROPOSED");
        assertThat(j.get("since").asText()).isEqualTo("2025-05-01T10:00:03Z");
        assertThat(j.get("nodes").get("n1").asText()).isEqualTo("DOWN");
        assertThat(j.get("nodes").get("n2").asText()).isEqualTo("REPLICA_BROKEN");
        assertThat(j.get("evidence").get(0).asText()).startsWith("n1 SQL: connection refused");
        assertThat(j.get("proposals").get(0).get("id").asText()).isEqualTo("p-3f9a1c");
        assertThat(j.get("proposals").get(0).get("expiresAt").asText()).isEqualTo("2025-05-01T10:15:03Z");
        assertThat(j.get("replicaLagSeconds").asLong()).isEqualTo(7);
        assertThat(j.get("cycles").asLong()).isEqualTo(1234);
    }

    @Test
    void statusTextIsHactlStatusesReportWithItsExitCodeInAHeader() throws Exception {
        HttpResponse<String> r = get(port, "/api/status/text", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(r.headers().firstValue(ApiController.EXIT_CODE_HEADER)).as("FAILOVER_PROPOSED is critical").hasValue("2");
        assertThat(r.body()).startsWith("hactl status: cluster pair1, controller at 127.0.0.1:" + port + ", mode ")
                .containsPattern("State: +FAILOVER_PROPOSED since ")
                .contains("to confirm: hactl ack p-3f9a1c  /  to refuse: hactl reject p-3f9a1c");
    }

    @Test
    void proposalsIsAListOfProposals() throws Exception {
        HttpResponse<String> r = get(port, "/api/proposals", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.isArray()).isTrue();
        assertThat(j).hasSize(1);
        JsonNode p = j.get(0);
        assertThat(p.get("kind").asText()).isEqualTo("FAILOVER");
        assertThat(p.get("node").asText()).isEqualTo("n2");
        assertThat(p.get("risk").asText()).isEqualTo("n2 is 0 transactions behind");
        assertThat(p.get("status").asText()).isEqualTo("PENDING");
        assertThat(p.get("createdAt").asText()).isEqualTo("2025-05-01T10:00:03Z");
    }

    @Test
    void historyTakesAnIsoTimeOrADuration() throws Exception {
        service.history = List.of(io.hactl.log.StateEntry.of(Instant.parse("2025-05-01T10:00:03Z"),
                "pair1", TransitionEntry.Event.STATE, "ACTIVE_SYNCED", "MASTER_DOWN", "master n1 down", List.of(),
                "controller", null));
        HttpResponse<String> iso = get(port, "/api/history?since=2025-05-01T09:00:00Z", null);
        assertThat(iso.statusCode()).isEqualTo(200);
        assertThat(service.historySince).isEqualTo(Instant.parse("2025-05-01T09:00:00Z"));
        JsonNode j = JSON.readTree(iso.body());
        assertThat(j.get(0).get("to").asText()).isEqualTo("MASTER_DOWN");
        assertThat(j.get(0).get("time").asText()).isEqualTo("2025-05-01T10:00:03Z");

        Instant before = Instant.now();
        assertThat(get(port, "/api/history?since=2h", null).statusCode()).isEqualTo(200);
        assertThat(service.historySince).isBetween(before.minus(Duration.ofHours(2)).minusSeconds(1),
                Instant.now().minus(Duration.ofHours(2)));

        assertThat(get(port, "/api/history", null).statusCode()).isEqualTo(200);
        assertThat(service.historySince).isNull();

        HttpResponse<String> bad = get(port, "/api/history?since=yesterday", null);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(bad.body()).get("message").asText()).contains("2h").contains("2025-05-01T10:00:00Z");
    }

    @Test
    void ackWithAGoodTokenReachesTheServiceAsThatOperatorWithTheComment() throws Exception {
        HttpResponse<String> r = post(port, "/api/proposals/p-3f9a1c/ack", "{\"comment\":\"n1 is dead, go\"}",
                ApiFixtures.BOB_TOKEN);
        assertThat(r.statusCode()).isEqualTo(202);
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p-3f9a1c", "bob", "n1 is dead, go"));
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("outcome").asText()).isEqualTo("ACCEPTED");
        assertThat(j.get("operationId").asText()).isEqualTo("op-77");
        assertThat(r.body()).doesNotContain(ApiFixtures.BOB_TOKEN);
    }

    @Test
    void rejectAndUnblockAreDoneAtOnce200AndSwitchoverStarts202() throws Exception {
        service.next = ActionResult.accepted("rejected", "p-3f9a1c", null);
        assertThat(post(port, "/api/proposals/p-3f9a1c/reject", "{}", ApiFixtures.ALICE_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(post(port, "/api/unblock", "{\"reason\":\"n1 rebuilt\"}", ApiFixtures.ALICE_TOKEN).statusCode())
                .isEqualTo(200);
        assertThat(post(port, "/api/switchover", "{\"node\":\"n2\",\"reason\":\"kernel update on n1\"}",
                ApiFixtures.ALICE_TOKEN).statusCode()).isEqualTo(202);
        assertThat(service.calls).containsExactly(
                Arrays.asList("reject", "p-3f9a1c", "alice", null),
                Arrays.asList("unblock", "alice", "n1 rebuilt"),
                Arrays.asList("switchover", "n2", "alice", "kernel update on n1"));
    }

    @Test
    void anActionWithoutATokenIs401AndSaysHowToGetOne() throws Exception {
        HttpResponse<String> r = post(port, "/api/proposals/p-3f9a1c/ack", "{}", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"hactl\"");
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("error").asText()).isEqualTo("unauthorized");
        assertThat(j.get("message").asText()).contains("hactl token new NAME").contains("controller.operators");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void anActionWithAnUnknownTokenIs403() throws Exception {
        HttpResponse<String> r = post(port, "/api/proposals/p-3f9a1c/ack", "{}", "not-a-known-token");
        assertThat(r.statusCode()).isEqualTo(403);
        JsonNode j = JSON.readTree(r.body());
        assertThat(j.get("error").asText()).isEqualTo("forbidden");
        assertThat(j.get("message").asText()).contains("matches no operator");
        assertThat(r.body()).doesNotContain("not-a-known-token");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void outcomesMapToHttpStatuses() throws Exception {
        service.next = ActionResult.notFound("p-000000");
        HttpResponse<String> nf = post(port, "/api/proposals/p-000000/ack", "{}", ApiFixtures.ALICE_TOKEN);
        assertThat(nf.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(nf.body()).get("message").asText()).contains("hactl proposals");

        service.next = ActionResult.refused("db-master-set a1b2c3d4 by bob is running: wait for it", "p-3f9a1c");
        HttpResponse<String> refused = post(port, "/api/proposals/p-3f9a1c/ack", "{}", ApiFixtures.ALICE_TOKEN);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(refused.body()).get("outcome").asText()).isEqualTo("REFUSED");

        service.next = new ActionResult(ActionResult.Outcome.FAILED, "step promote failed", "p-3f9a1c", "op-9");
        assertThat(post(port, "/api/proposals/p-3f9a1c/ack", "{}", ApiFixtures.ALICE_TOKEN).statusCode())
                .isEqualTo(500);
    }

    @Test
    void switchoverWithoutANodeAndUnblockWithoutAReasonAre400() throws Exception {
        HttpResponse<String> s = post(port, "/api/switchover", "{}", ApiFixtures.ALICE_TOKEN);
        assertThat(s.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(s.body()).get("message").asText()).contains("--node");
        assertThat(post(port, "/api/unblock", "{}", ApiFixtures.ALICE_TOKEN).statusCode()).isEqualTo(400);
        assertThat(post(port, "/api/unblock", "not json", ApiFixtures.ALICE_TOKEN).statusCode()).isEqualTo(400);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void healthIsUpWhileTheLoopCyclesAndDownWhenItStopped() throws Exception {
        HttpResponse<String> up = get(port, "/actuator/health", null);
        assertThat(up.statusCode()).isEqualTo(200);
        JsonNode j = JSON.readTree(up.body());
        assertThat(j.get("status").asText()).isEqualTo("UP");
        JsonNode details = j.get("components").get("controller").get("details");
        assertThat(details.get("state").asText()).isEqualTo("FAILOVER_PROPOSED");
        assertThat(details.get("sentence").asText()).startsWith("master n1 down");

        // probe interval 1 s: a cycle 10 s ago is more than 3 intervals old
        service.status = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now().minusSeconds(10), List.of());
        HttpResponse<String> down = get(port, "/actuator/health", null);
        assertThat(down.statusCode()).isEqualTo(503);
        JsonNode d = JSON.readTree(down.body());
        assertThat(d.get("status").asText()).isEqualTo("DOWN");
        assertThat(d.get("components").get("controller").get("details").get("problem").asText())
                .contains("stuck or stopped");

        service.status = ApiFixtures.status(ClusterState.STARTING, null, List.of());
        assertThat(get(port, "/actuator/health", null).statusCode()).isEqualTo(503);
    }

    @Test
    void prometheusHasTheGaugesWithTheStatusValues() throws Exception {
        HttpResponse<String> r = get(port, "/actuator/prometheus", null);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = r.body().lines().filter(l -> l.startsWith("hactl_")).toList();
        assertThat(lines).contains(
                "hactl_cluster_state{cluster=\"pair1\",state=\"FAILOVER_PROPOSED\"} 1.0",
                "hactl_cluster_state{cluster=\"pair1\",state=\"ACTIVE_SYNCED\"} 0.0",
                "hactl_cluster_state{cluster=\"pair1\",state=\"MASTER_DOWN\"} 0.0",
                "hactl_probe_cycle_seconds{cluster=\"pair1\"} 0.42",
                "hactl_replica_lag_seconds{cluster=\"pair1\"} 7.0",
                "hactl_proposals_pending{cluster=\"pair1\"} 1.0",
                "hactl_probe_cycles_total{cluster=\"pair1\"} 1234.0");
        assertThat(lines.stream().filter(l -> l.startsWith("hactl_cluster_state{")))
                .hasSize(ClusterState.values().length);
    }

    @Test
    void actuatorInfo_showsWhatHactlVersionShows_toAnOperator() throws Exception {
        HttpResponse<String> r = get(port, "/actuator/info", ApiFixtures.BOB_TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = JSON.readTree(r.body()).get("hactl");
        io.hactl.build.BuildInfo b = io.hactl.build.BuildInfo.current();
        assertThat(j.get("version").asText()).isEqualTo(b.version());
        assertThat(j.get("commit").asText()).isEqualTo(b.commit());
        assertThat(j.get("built").asText()).isEqualTo(b.buildTime());
        assertThat(j.get("java").asText()).isEqualTo(b.java());
    }
}
