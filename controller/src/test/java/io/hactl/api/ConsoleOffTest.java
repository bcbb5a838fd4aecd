package io.hactl.api;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.state.ClusterState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Without {@code controller.users} the console is off (issue 17): {@code /} says how to create a
 * user, and every other path stays behind the API's bearer tokens, as before the console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleOffTest {


    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    @BeforeAll
    void start() {
        ctx = ControllerApi.start(ConsoleSecurityTest.withUsers(List.of()), new ApiFixtures.RecordingService(
                ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of())));
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @Test
    void theConsoleIsOffAndSaysHowToCreateAUser() throws Exception {
        mvc.perform(get("/")).andExpect(status().isOk())
                .andExpect(content().string(containsString("hactl user new NAME --role viewer")))
                .andExpect(content().string(containsString("controller.users")));
    }

    @Test
    void everythingElseStaysBehindTheBearerTokensAsBefore() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"));
        mvc.perform(post("/actions/proposals/p1/ack").with(csrf())).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/proposals")).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/status").header("Authorization", "Bearer " + ApiFixtures.ALICE_TOKEN))
                .andExpect(status().isOk());
    }
}
