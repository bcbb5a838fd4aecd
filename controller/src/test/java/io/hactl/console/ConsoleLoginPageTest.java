package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.api.ControllerApi;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/** The console's own login page (issue 17): its form, its one refusal for a wrong password or an unknown name. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleLoginPageTest {

    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    @BeforeAll
    void start() {
        ctx = ControllerApi.start(ConsoleFixtures.config(),
                new ConsoleFixtures.FakeService(ConsoleFixtures.healthy("n1", "n2")));
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @Test
    void anonymousIsRedirectedToTheLoginPage() throws Exception {
        for (String path : List.of("/", "/events", "/proposals")) {
            mvc.perform(get(path)).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/login"));
        }
    }

    @Test
    void theLoginPageHasTheFormTheBrowserTestFillsStyledByTheConsolesSheet() throws Exception {
        Html p = Html.parse(mvc.perform(get("/login")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
        assertThat(p.one("form#login").attr("method")).isEqualTo("post");
        assertThat(p.one("form#login").attr("action")).isEqualTo("/login");
        assertThat(p.one("form#login input#username[name=username]").attr("autocomplete"))
                .isEqualTo("username");
        assertThat(p.one("form#login input#password[name=password]").attr("type")).isEqualTo("password");
        assertThat(p.has("form#login input[name=_csrf]")).isTrue();
        assertThat(p.has("form#login button[type=submit]")).isTrue();
        assertThat(p.one("link[rel=stylesheet]").attr("href")).isEqualTo("/console/console.css");
        assertThat(p.one("meta[name=viewport]").attr("content")).contains("width=device-width");
        assertThat(p.has("#login-error")).isFalse();
        assertThat(p.has("nav")).as("no menu before login").isFalse();
    }

    @Test
    void aWrongPasswordShowsLoginErrorAndAnUnknownNameTheSameWords() throws Exception {
        String wrongPassword = refusal("alice", "not-" + ConsoleFixtures.ALICE_PASSWORD);
        String unknownName = refusal("mallory", ConsoleFixtures.ALICE_PASSWORD);
        assertThat(wrongPassword).isEqualTo("Wrong name or password.");
        assertThat(unknownName).isEqualTo(wrongPassword);
    }

    @Test
    void theLoginPageSaysWhenTheUserLoggedOut() throws Exception {
        Html p = Html.parse(mvc.perform(get("/login").param("logout", "")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        assertThat(p.text("#login-message")).isEqualTo("You are logged out.");
        assertThat(p.has("#login-error")).isFalse();
    }

    @Test
    void fiveRefusedLoginsFromOneAddressHoldTheNextOne_evenWithTheRightPassword_andSaySo_whileAnotherAddressLogsIn()
            throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").param("username", "victor").param("password", "guess-" + i).with(csrf())
                    .with(from("198.51.100.66"))).andExpect(status().isFound());
        }
        MvcResult held = mvc.perform(post("/login").param("username", "victor")
                .param("password", ConsoleFixtures.VICTOR_PASSWORD).with(csrf()).with(from("198.51.100.66")))
                .andExpect(status().isFound()).andReturn();
        assertThat(held.getResponse().getRedirectedUrl()).isEqualTo("/login?held=5");
        assertThat(held.getRequest().getSession(false) == null
                || held.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT") == null)
                .as("no session was made").isTrue();
        Html p = Html.parse(mvc.perform(get("/login").param("held", "5")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
        assertThat(p.text("#login-held")).isEqualTo("Too many refused logins for this name from this address: try"
                + " again in 5 min (nothing was checked).");

        MvcResult elsewhere = mvc.perform(post("/login").param("username", "victor")
                .param("password", ConsoleFixtures.VICTOR_PASSWORD).with(csrf()).with(from("198.51.100.67")))
                .andExpect(status().isFound()).andReturn();
        assertThat(elsewhere.getResponse().getRedirectedUrl()).isEqualTo("/");
    }

    @Test
    void theHeldMessageShowsOnlyANumberOfMinutesTheThrottleCanGive_notWordsFromALink() throws Exception {
        for (String forged : new String[] {"call+555-0100", "999", "0"}) {
            Html p = Html.parse(mvc.perform(get("/login").param("held", forged)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString());
            assertThat(p.has("#login-held")).as(forged).isFalse();
        }
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }

    /** What the login page says after a refused login, following the redirect in the same session. */
    private String refusal(String name, String password) throws Exception {
        MockHttpSession session = new MockHttpSession();
        MvcResult r = mvc.perform(post("/login").param("username", name).param("password", password).with(csrf())
                        .session(session)).andExpect(status().isFound()).andReturn();
        String to = r.getResponse().getRedirectedUrl();
        assertThat(to).isEqualTo("/login?error");
        Html p = Html.parse(mvc.perform(get("/login").param("error", "").session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
        assertThat(p.one("#login-error").attr("role")).isEqualTo("alert");
        return p.text("#login-error");
    }
}
