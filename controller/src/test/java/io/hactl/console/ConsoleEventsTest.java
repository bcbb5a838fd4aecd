package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hactl.api.ControllerApi;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pair page's live updates over real HTTP (issue 17): a logged-in page's stream, the page at once,
 * a change within 1 s, nothing of the user or the session in what is sent, the per-user cap, and a
 * stream whose page went away dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleEventsTest {

    ConsoleFixtures.FakeService service;
    ConfigurableApplicationContext ctx;
    ConsolePublisher publisher;
    String base;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final List<SseClient> opened = new ArrayList<>();

    @BeforeAll
    void start() {
        service = new ConsoleFixtures.FakeService(null);
        ctx = ControllerApi.start(ConsoleFixtures.config(), service);
        publisher = ctx.getBean(ConsolePublisher.class);
        base = "http://127.0.0.1:" + ControllerApi.port(ctx);
    }

    @AfterAll
    void stop() throws Exception {
        for (SseClient c : opened) {
            c.close();
        }
        ctx.close();
    }

    @BeforeEach
    void masterDown() {
        service.status = ConsoleFixtures.masterDown(List.of(ConsoleFixtures.failover("p1")));
        service.snapshot = ConsoleFixtures.snapshot();
        service.operation = List.of();
    }

    @Test
    void aLoggedInPageGetsThePairAtOnceThenTheNewStateWithinOneSecondOfAChange() throws Exception {
        SseClient page = stream(login("victor", ConsoleFixtures.VICTOR_PASSWORD));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.response.headers().firstValue("Content-Type")).hasValueSatisfying(t ->
                assertThat(t).startsWith("text/event-stream"));
        await().atMost(Duration.ofSeconds(5)).until(() -> !page.data("pair").isEmpty());
        assertThat(Html.parse(page.data("pair").get(0)).text("#state")).isEqualTo("FAILOVER_PROPOSED");

        Instant changed = Instant.now();
        service.status = ConsoleFixtures.healthy("n2", "n1");
        service.operation = ConsoleFixtures.failoverLines(false);
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> page.data("pair").stream().anyMatch(d -> d.contains("ACTIVE_SYNCED")));
        SseClient.Event e = page.events.stream().filter(x -> x.data().contains("ACTIVE_SYNCED")).findFirst()
                .orElseThrow();
        assertThat(Duration.between(changed, e.at())).isLessThan(Duration.ofSeconds(1));
        Html live = Html.parse(e.data());
        assertThat(live.text("section.node[data-node=n2] .role")).isEqualTo("MASTER");
        assertThat(live.texts("#operation li.step")).contains("promote n2 on n2: running");
    }

    @Test
    void thePairIsSentOnlyWhenWhatItShowsChanged() throws Exception {
        SseClient page = stream(login("victor", ConsoleFixtures.VICTOR_PASSWORD));
        await().atMost(Duration.ofSeconds(5)).until(() -> page.data("pair").size() == 1);
        service.status = ConsoleFixtures.masterDown(List.of(ConsoleFixtures.failover("p1"))); // equal, a new object
        long rounds = publisher.rounds();
        await().atMost(Duration.ofSeconds(5)).until(() -> publisher.rounds() >= rounds + 5);
        assertThat(page.data("pair")).as("five rounds compared an unchanged pair").hasSize(1);
        service.status = ConsoleFixtures.healthy("n1", "n2");
        await().atMost(Duration.ofSeconds(5)).until(() -> page.data("pair").size() == 2);
    }

    @Test
    void whatIsSentIsTheLiveFragmentWithoutCsrfTokenUserOrSession() throws Exception {
        String cookie = login("victor", ConsoleFixtures.VICTOR_PASSWORD);
        SseClient page = stream(cookie);
        await().atMost(Duration.ofSeconds(5)).until(() -> !page.data("pair").isEmpty());
        String data = page.data("pair").get(0);
        assertThat(data).startsWith("<div class=\"live\">").contains("id=\"state\"");
        assertThat(data).doesNotContain("_csrf").doesNotContain("victor").doesNotContain("<form")
                .doesNotContain(cookie.substring(cookie.indexOf('=') + 1))
                .doesNotContain(ConsoleFixtures.VICTOR_PASSWORD);
        assertThat(data).doesNotContain("\r");
    }

    @Test
    void withoutASessionThereIsNoStreamButTheLoginPage() throws Exception {
        SseClient anonymous = stream(null);
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.response.headers().firstValue("Location")).hasValueSatisfying(l ->
                assertThat(l).endsWith("/login"));
    }

    @Test
    void oneUsersNinthStreamIsRefusedWith429SayingWhyAndWhatToDo() throws Exception {
        String alice = login("alice", ConsoleFixtures.ALICE_PASSWORD);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try {
            // all at once, as a browser reopening its tabs: each answered 200 with the page, no server error
            List<java.util.concurrent.Future<SseClient>> eight = new ArrayList<>();
            java.util.concurrent.ExecutorService pages = java.util.concurrent.Executors.newFixedThreadPool(
                    ConsolePublisher.PER_USER);
            try {
                for (int i = 0; i < ConsolePublisher.PER_USER; i++) {
                    eight.add(pages.submit(() -> stream(alice)));
                }
                for (java.util.concurrent.Future<SseClient> f : eight) {
                    SseClient page = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                    assertThat(page.status()).isEqualTo(200);
                    await().atMost(Duration.ofSeconds(5)).until(() -> !page.data("pair").isEmpty());
                    assertThat(page.comments).first().isEqualTo(ConsolePublisher.CONNECTED);
                }
            } finally {
                pages.shutdownNow();
            }
            SseClient ninth = stream(alice);
            assertThat(ninth.status()).isEqualTo(429);
            assertThat(ninth.response.headers().firstValue("Retry-After")).hasValue("15");
            assertThat(new String(ninth.response.body().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("too many live pages open for alice (at most 8)").contains("close some console tabs");
        } finally {
            root.detachAppender(logged);
        }
        assertThat(logged.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
    }

    @Test
    void aStreamWhosePageWentAwayIsDropped() throws Exception {
        String cookie = login("victor", ConsoleFixtures.VICTOR_PASSWORD);
        int before = publisher.open();
        SseClient page = stream(cookie);
        await().atMost(Duration.ofSeconds(5)).until(() -> !page.data("pair").isEmpty());
        assertThat(publisher.open()).isEqualTo(before + 1);
        page.close();
        opened.remove(page);
        // the next sends to it fail: keep the pair changing until they have
        await().atMost(Duration.ofSeconds(10)).pollInterval(ConsolePublisher.POLL).until(() -> {
            service.status = service.status.state().name().equals("ACTIVE_SYNCED")
                    ? ConsoleFixtures.masterDown(List.of()) : ConsoleFixtures.healthy("n1", "n2");
            return publisher.open() == before;
        });
    }

    private SseClient stream(String cookie) throws Exception {
        SseClient c = SseClient.open(http, base + ConsoleEvents.EVENTS, cookie);
        synchronized (opened) {
            opened.add(c);
        }
        return c;
    }

    /** Logs in over HTTP as a browser does (the login page's CSRF token and cookie); the session's cookie. */
    private String login(String name, String password) throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).as(page.body()).isTrue();
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .timeout(Duration.ofSeconds(10)).header("Cookie", cookie(page))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + name + "&password="
                        + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
                        + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(302);
        return cookie(login);
    }

    private static String cookie(HttpResponse<?> r) {
        return r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow(() -> new AssertionError(
                        "no JSESSIONID cookie in " + r.headers().map()));
    }
}
