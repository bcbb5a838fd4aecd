package io.hactl.console;

import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;

import io.hactl.api.ApiFixtures;
import io.hactl.api.ControllerApi;
import io.hactl.config.HactlConfig;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The daemon's real web context ({@link ControllerApi#start}) with two console users, alice an
 * operator and victor a viewer, a {@link ApiFixtures.RecordingService} with fixed data, and MockMvc
 * through Spring Security: what the console pages' tests share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConsolePagesContext {

    static final Instant CREATED = Instant.parse("2025-05-01T10:00:03Z");

    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    /** Where the config's backup.directory points (null: the default); a test class may give its own. */
    Path backupDirectory() {
        return null;
    }

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(null);
        ctx = ControllerApi.start(config(backupDirectory()), service);
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @BeforeEach
    void fixedData() {
        service.calls.clear();
        service.next = io.hactl.control.ActionResult.accepted("done", null, "op-1");
        service.proposals = List.of(ApiFixtures.failover("p1"), rejoin("p2"), decided("p0"));
        service.status = ApiFixtures.status(ClusterState.FAILOVER_PROPOSED, Instant.parse("2025-05-01T10:00:05Z"),
                List.of(ApiFixtures.failover("p1"), rejoin("p2")));
    }

    /** The lab pair's config ("pair1") with alice (operator) and victor (viewer). */
    static HactlConfig config(Path backups) {
        return ApiFixtures.withConsoleUsers(ApiFixtures.consoleUsers(), backups);
    }

    static Proposal rejoin(String id) {
        return new Proposal(id, Proposal.Kind.REJOIN, "n2", "n1", "make n2 a replica of master n1 again (GTID)",
                "n2 lacks nothing but does not replicate", List.of("n2 IO thread: No since 10:00:02"),
                "none: n2 loses nothing", CREATED, CREATED.plusSeconds(900), null, Proposal.Status.PENDING, null, null,
                null);
    }

    static Proposal decided(String id) {
        return rejoin(id).decided(Proposal.Status.REJECTED, "bob", CREATED.plusSeconds(60), "not during the sale");
    }

    /** The page {@code request} answers, which must be 200, parsed. */
    Html page(RequestBuilder request) throws Exception {
        var r = mvc.perform(request).andReturn().getResponse();
        if (r.getStatus() != 200) {
            throw new AssertionError("status " + r.getStatus() + ", expected 200: " + r.getContentAsString());
        }
        return Html.parse(r.getContentAsString());
    }
}
