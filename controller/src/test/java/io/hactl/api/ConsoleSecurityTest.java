package io.hactl.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.state.ClusterState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The web context's two security chains (issue 17), on the daemon's real context
 * ({@link ControllerApi#start}) through MockMvc: the console's role matrix, CSRF and login, and
 * the API's bearer tokens untouched beside it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleSecurityTest {

    static final String ALICE_PASSWORD = ApiFixtures.ALICE_PASSWORD;
    static final String VICTOR_PASSWORD = ApiFixtures.VICTOR_PASSWORD;

    static HactlConfig withUsers(List<ControllerConfig.User> users) {
        return ApiFixtures.withConsoleUsers(users, null);
    }

    static List<ControllerConfig.User> users() {
        return ApiFixtures.consoleUsers();
    }


    ApiFixtures.RecordingService service;
    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    @BeforeAll
    void start() {
        service = new ApiFixtures.RecordingService(null);
        ctx = ControllerApi.start(withUsers(users()), service);
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @BeforeEach
    void fixedStatus() {
        service.calls.clear();
        service.status = ApiFixtures.status(ClusterState.FAILOVER_PROPOSED, Instant.parse("2025-05-01T10:00:05Z"),
                List.of(ApiFixtures.failover("p1")));
        service.proposals = List.of(ApiFixtures.failover("p1"));
    }

    @Test
    void anonymousIsSentToTheLoginPage() throws Exception {
        mvc.perform(get("/")).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/login"));
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("name=\"password\"")))
                .andExpect(content().string(containsString("name=\"_csrf\"")));
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password("not-" + ALICE_PASSWORD))
                .andExpect(unauthenticated()).andExpect(redirectedUrl("/login?error"));
        mvc.perform(formLogin("/login").user("mallory").password(ALICE_PASSWORD))
                .andExpect(unauthenticated()).andExpect(redirectedUrl("/login?error"));
    }

    @Test
    void theRightPasswordLogsInWithTheUsersRole() throws Exception {
        mvc.perform(formLogin("/login").user("alice").password(ALICE_PASSWORD))
                .andExpect(authenticated().withUsername("alice").withRoles("OPERATOR"));
        mvc.perform(formLogin("/login").user("victor").password(VICTOR_PASSWORD))
                .andExpect(authenticated().withUsername("victor").withRoles("VIEWER"));
    }

    @Test
    void aViewerSeesThePairsStateSentenceAndThemselvesButNoButton() throws Exception {
        mvc.perform(get("/").with(user("victor").roles("VIEWER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("FAILOVER_PROPOSED")))
                .andExpect(content().string(containsString("master n1 down for 3 cycles and n2 confirms")))
                .andExpect(content().string(containsString(">victor<")))
                .andExpect(content().string(containsString(">viewer<")))
                .andExpect(content().string(containsString("promote n2 to master")))
                .andExpect(content().string(not(containsString("Approve"))));
    }

    @Test
    void anOperatorSeesApproveAndRefuse() throws Exception {
        mvc.perform(get("/").with(user("alice").roles("OPERATOR"))).andExpect(status().isOk())
                .andExpect(content().string(containsString(">operator<")))
                .andExpect(content().string(containsString("Approve")))
                .andExpect(content().string(containsString("Refuse")));
    }

    @Test
    void aViewerGets403OnEveryPostAction() throws Exception {
        for (String action : List.of("/actions/proposals/p1/ack", "/actions/proposals/p1/reject")) {
            mvc.perform(post(action).param("comment", "go").with(user("victor").roles("VIEWER")).with(csrf()))
                    .andExpect(status().isForbidden());
        }
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aPostWithoutTheCsrfTokenIs403AndDoesNothing() throws Exception {
        mvc.perform(post("/actions/proposals/p1/ack").param("comment", "go").with(user("alice").roles("OPERATOR")))
                .andExpect(status().isForbidden());
        mvc.perform(post("/actions/proposals/p1/ack").param("comment", "go").with(user("alice").roles("OPERATOR"))
                .with(csrf().useInvalidToken())).andExpect(status().isForbidden());
        assertThat(service.calls).isEmpty();
    }

    @Test
    void anOperatorWithTheCsrfTokenApprovesUnderTheirNameWithTheComment() throws Exception {
        mvc.perform(post("/actions/proposals/p1/ack").param("comment", "n1's disk is gone").param("cluster", "pair1")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/proposals/p1"));
        mvc.perform(post("/actions/proposals/p1/reject").param("comment", "not now")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(status().isFound());
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p1", "alice", "n1's disk is gone"),
                Arrays.asList("reject", "p1", "alice", "not now"));
    }

    @Test
    void anActionWithoutACommentDoesNothingAndSaysWhy() throws Exception {
        mvc.perform(post("/actions/proposals/p1/ack").param("comment", "  ")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(status().isFound())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash()
                        .attribute("message", containsString("give a comment")));
        assertThat(service.calls).isEmpty();
    }

    @Test
    @DisplayName("the API's bearer tokens work as before beside the console: no CSRF, no session, JSON errors")
    void theApisBearerTokensAreUnchanged() throws Exception {
        mvc.perform(get("/api/proposals")).andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.error").value("unauthorized"))
                .andExpect(jsonPath("$.message", containsString("no bearer token")));
        mvc.perform(get("/api/proposals").header("Authorization", "Bearer nope")).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.error").value("forbidden"));
        mvc.perform(get("/api/status").header("Authorization", "Bearer " + ApiFixtures.ALICE_TOKEN))
                .andExpect(status().isOk()).andExpect(jsonPath("$.cluster").value("pair1"));
        mvc.perform(post("/api/proposals/p1/ack").header("Authorization", "Bearer " + ApiFixtures.BOB_TOKEN)
                .contentType("application/json").content("{\"comment\":\"by token\"}"))
                .andExpect(status().is2xxSuccessful());
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p1", "bob", "by token"));
    }

    @Test
    void aConsoleSessionDoesNotAuthenticateTheApi() throws Exception {
        mvc.perform(post("/api/proposals/p1/ack").with(user("alice").roles("OPERATOR")).with(csrf())
                .contentType("application/json").content("{\"comment\":\"x\"}"))
                .andExpect(status().isUnauthorized());
        assertThat(service.calls).isEmpty();
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() throws Exception {
        int port = ControllerApi.port(ctx);
        HttpResponse<String> login = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/login"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c)
                .startsWith("JSESSIONID=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict"));
    }

    @Test
    void everyLoginIsLoggedWithTheNameAndTheAddressNeverThePassword() throws Exception {
        ch.qos.logback.classic.Logger log = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                io.hactl.console.ConsoleLogins.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> seen =
                new ch.qos.logback.core.read.ListAppender<>();
        seen.start();
        log.addAppender(seen);
        try {
            mvc.perform(formLogin("/login").user("alice").password("not-" + ALICE_PASSWORD)).andExpect(unauthenticated());
            mvc.perform(formLogin("/login").user("victor\nforged line").password("x")).andExpect(unauthenticated());
            mvc.perform(formLogin("/login").user("alice").password(ALICE_PASSWORD)).andExpect(authenticated());
        } finally {
            log.detachAppender(seen);
        }
        assertThat(seen.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).containsExactly(
                "console login refused for 'alice' from 127.0.0.1: wrong name or password",
                "console login refused for 'victor\\nforged line' from 127.0.0.1: wrong name or password",
                "console login: alice (operator) from 127.0.0.1");
        assertThat(seen.list).allSatisfy(e -> assertThat(e.getFormattedMessage()).doesNotContain(ALICE_PASSWORD));
    }

    @Test
    void theStartLogSaysWhereTheConsoleIsOrHowToTurnItOn() {
        ControllerConfig on = withUsers(users()).controller();
        assertThat(ControllerApi.consoleLine(on, 8642))
                .isEqualTo("hactl console on http://127.0.0.1:8642/ for 2 users (1 operator)");
        assertThat(ControllerApi.consoleLine(withUsers(List.of()).controller(), 8642))
                .startsWith("hactl console off: no controller.users").contains("hactl user new NAME --role");
    }

    /**
     * The whole login over real HTTP, as a browser does it: the login page's CSRF token and session
     * cookie, the form posted, then the page with the cookie alone; after logout the cookie is worth nothing.
     */
    @Test
    void aBrowserLogsInOverHttpWithTheCsrfTokenAndTheCookieThenSeesThePair() throws Exception {
        String base = "http://127.0.0.1:" + ControllerApi.port(ctx);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = cookie(page);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                .matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", cookie)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=victor&password=" + VICTOR_PASSWORD
                        + "&_csrf=" + java.net.URLEncoder.encode(m.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        String session = cookie(login); // a new session id at login: no fixation
        assertThat(session).isNotEqualTo(cookie);
        HttpResponse<String> pair = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(pair.statusCode()).isEqualTo(200);
        assertThat(pair.body()).contains("FAILOVER_PROPOSED", ">victor<", ">viewer<");

        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(pair.body());
        assertThat(token.find()).as("the page's logout form carries the CSRF token: " + pair.body()).isTrue();
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf="
                        + java.net.URLEncoder.encode(token.group(1), java.nio.charset.StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).isEqualTo(302);
        HttpResponse<String> after = http.send(HttpRequest.newBuilder(URI.create(base + "/"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", session).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
    }

    private static String cookie(HttpResponse<String> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new AssertionError(
                        "no JSESSIONID cookie in " + r.headers().map()));
    }
}
