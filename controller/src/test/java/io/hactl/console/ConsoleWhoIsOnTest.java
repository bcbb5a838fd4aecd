package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.api.ControllerApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** Who is logged in to the console now (issue 17: peers' users ask for it): each user with their role and sessions. */
class ConsoleWhoIsOnTest {

    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    @BeforeEach
    void start() {
        ctx = ControllerApi.start(ConsoleFixtures.config(),
                new ConsoleFixtures.FakeService(ConsoleFixtures.healthy("n1", "n2")));
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterEach
    void stop() {
        ctx.close();
    }

    @Test
    void thePairPageListsEveryoneLoggedInWithTheirRoleAndSessions() throws Exception {
        MockHttpSession alice = login("alice", ConsoleFixtures.ALICE_PASSWORD);
        login("alice", ConsoleFixtures.ALICE_PASSWORD);
        login("victor", ConsoleFixtures.VICTOR_PASSWORD);

        Html p = page(alice);

        assertThat(p.texts("#logged-in li")).containsExactly("alice (operator, 2 sessions)", "victor (viewer)");
    }

    @Test
    void aUserWhoLoggedOutIsNoLongerListed() throws Exception {
        MockHttpSession alice = login("alice", ConsoleFixtures.ALICE_PASSWORD);
        MockHttpSession victor = login("victor", ConsoleFixtures.VICTOR_PASSWORD);

        mvc.perform(post("/logout").with(csrf()).session(victor)).andExpect(status().isFound());

        assertThat(page(alice).texts("#logged-in li")).containsExactly("alice (operator)");
    }

    private Html page(MockHttpSession session) throws Exception {
        return Html.parse(mvc.perform(get("/").session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private MockHttpSession login(String name, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        mvc.perform(post("/login").param("username", name).param("password", password).with(csrf()).session(session))
                .andExpect(status().isFound());
        return session;
    }
}
