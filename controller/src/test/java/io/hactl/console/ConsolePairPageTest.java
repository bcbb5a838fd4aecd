package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.api.ControllerApi;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The pair page on the daemon's real web context (issue 17), on a fixed status: every element the
 * contract names (the browser test relies on them), for a viewer and for an operator.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsolePairPageTest {

    ConsoleFixtures.FakeService service;
    ConfigurableApplicationContext ctx;
    MockMvc mvc;

    @BeforeAll
    void start() {
        service = new ConsoleFixtures.FakeService(null);
        ctx = ControllerApi.start(ConsoleFixtures.config(), service);
        mvc = MockMvcBuilders.webAppContextSetup((WebApplicationContext) ctx).apply(springSecurity()).build();
    }

    @AfterAll
    void stop() {
        ctx.close();
    }

    @BeforeEach
    void masterDown() {
        service.status = ConsoleFixtures.coordinated(ConsoleFixtures.masterDown(List.of(ConsoleFixtures.failover("p1"))));
        service.snapshot = ConsoleFixtures.snapshot();
        service.operation = ConsoleFixtures.failoverLines(false);
    }

    Html page(String name, String role) throws Exception {
        return Html.parse(mvc.perform(get("/").with(user(name).roles(role))).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    @Test
    void thePageShowsTheStateSinceSentenceAndEvidenceInsidePair() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.one("#pair").attr("sse-connect")).isEqualTo("/events");
        assertThat(p.one("#pair").attr("sse-swap")).isEqualTo("pair");
        assertThat(p.one("#pair").attr("hx-ext")).isEqualTo("sse");
        assertThat(p.text("#pair #state")).isEqualTo("FAILOVER_PROPOSED");
        assertThat(p.text("#pair #since")).isEqualTo("2025-05-01 10:00:03 UTC");
        assertThat(p.text("#pair #sentence")).isEqualTo(
                "master n1 down for 3 cycles and n2 confirms: a failover is proposed");
        assertThat(p.texts("#pair #evidence li")).containsExactly("n1 SQL: connection refused since 10:00:01.120",
                "n2 IO thread: Connecting since 10:00:01.400");
    }

    @Test
    void eachNodeHasItsSectionWithRoleReadOnlyGtidThreadsLagAndServices() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.all("#pair section.node")).hasSize(2);
        assertThat(p.text("section.node[data-node=n1] .role")).isEqualTo("DOWN");
        assertThat(p.text("section.node[data-node=n1] .read-only")).isEqualTo("OFF");
        assertThat(p.text("section.node[data-node=n1] .gtid")).isEqualTo("0-1-42");
        assertThat(p.texts("section.node[data-node=n1] .services li"))
                .containsExactly("tomcat: running, pid 4242, port 8080 answering");
        assertThat(p.text("section.node[data-node=n2] .role")).isEqualTo("REPLICA_BROKEN");
        assertThat(p.text("section.node[data-node=n2] .read-only")).isEqualTo("ON");
        assertThat(p.text("section.node[data-node=n2] .io-thread")).isEqualTo("Connecting");
        assertThat(p.text("section.node[data-node=n2] .sql-thread")).isEqualTo("Yes");
        assertThat(p.text("section.node[data-node=n2] .lag")).isEqualTo("7 s");
    }

    @Test
    void bothVipsSayWhoAnswersArp() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.text("#pair #vip-db .holder")).isEqualTo("n1");
        assertThat(p.text("#pair #vip-app .holder")).isEqualTo("nobody");
    }

    @Test
    void theBlockSaysHowToLiftItTheOperationShowsItsStepsTheControllersTheirLeader() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.text("#pair #block")).contains("failover blocked until 11:00:03").contains("hactl unblock");
        assertThat(p.texts("#pair #operation li.step")).containsExactly(
                "fence n1 on n1: ok (300 ms) — read_only on, VIP gone", "promote n2 on n2: running");
        assertThat(p.text("#pair #controllers")).contains("c1 (leader)").contains("7")
                .contains("2 of 3 ZooKeeper members serving");
    }

    @Test
    void eachPendingProposalHasItsActionAndALinkToItsPage() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.text("#pending article.proposal[data-id=p1] .action")).isEqualTo("promote n2 to master; fence n1");
        assertThat(p.one("#pending article.proposal[data-id=p1] a.open").attr("href"))
                .isEqualTo("/proposals/p1");
    }

    @Test
    void withoutBlockOperationCoordinationOrProposalTheirPartsAreAbsent() throws Exception {
        service.status = ConsoleFixtures.healthy("n1", "n2");
        service.operation = List.of();
        Html p = page("victor", "VIEWER");
        assertThat(p.text("#state")).isEqualTo("ACTIVE_SYNCED");
        assertThat(p.has("#block")).isFalse();
        assertThat(p.has("#operation")).isFalse();
        assertThat(p.has("#controllers")).isFalse();
        assertThat(p.has("#pending")).isFalse();
    }

    @Test
    void aViewerHasNoOperatorActionsAnOperatorHasThemOutsideTheLiveFragment() throws Exception {
        Html viewer = page("victor", "VIEWER");
        assertThat(viewer.has("#operator-actions")).isFalse();
        assertThat(viewer.has("form.switchover")).isFalse();
        assertThat(viewer.has("form.unblock")).isFalse();
        Html operator = page("alice", "OPERATOR");
        assertThat(operator.has("#operator-actions")).isTrue();
        assertThat(operator.has("#pair #operator-actions")).isFalse();
        assertThat(operator.has("#pair form")).isFalse();
        assertThat(operator.text("#user")).isEqualTo("alice");
        assertThat(operator.text("#role")).isEqualTo("operator");
    }

    @Test
    void beforeTheFirstCycleThePageRendersWithTheNodesNotProbedYet() throws Exception {
        service.snapshot = null;
        service.operation = List.of();
        Html p = page("victor", "VIEWER");
        assertThat(p.text("section.node[data-node=n1] .gtid")).isEqualTo("-");
        assertThat(p.text("#vip-db .holder")).isEqualTo("not probed yet");
    }

    @Test
    void thePageLoadsTheVendoredHtmxAndItsSseExtensionServedToAnyone() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.all("script")).extracting(e -> e.attr("src"))
                .containsExactly("/console/vendor/htmx.min.js", "/console/vendor/sse.js");
        String htmx = mvc.perform(get("/console/vendor/htmx.min.js")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(htmx).contains("htmx");
        String sse = mvc.perform(get("/console/vendor/sse.js")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString();
        assertThat(sse).contains("defineExtension('sse'");
    }

    @Test
    void everyLinkIsReachableByTabTheMenuHasAccessKeysAndTheLiveLinksKeepTheirFocus() throws Exception {
        Html p = page("alice", "OPERATOR");
        assertThat(p.all("a")).allSatisfy(a -> assertThat(a.attr("href")).isNotBlank());
        assertThat(p.all("[tabindex]")).allSatisfy(e -> assertThat(e.attr("tabindex")).doesNotStartWith("-"));
        assertThat(p.all("button")).allSatisfy(b -> assertThat(b.hasAttr("disabled")).isFalse());
        assertThat(p.one("a.skip").attr("href")).isEqualTo("#main");
        assertThat(p.has("main#main")).isTrue();
        assertThat(p.all("nav a")).extracting(a -> a.attr("accesskey"))
                .containsExactly("1", "2", "3", "4", "5");
        // htmx puts the focus back on an element with the same id after it swapped #pair
        assertThat(p.all("#pair a")).allSatisfy(a -> assertThat(a.attr("id")).isNotBlank());
        assertThat(p.one("#pending a.open").attr("id")).isEqualTo("open-p1");
    }

    @Test
    void onAPhoneTheNodesAndVipsFallIntoOneColumnAndTheFocusIsVisible() throws Exception {
        Html p = page("victor", "VIEWER");
        assertThat(p.one("meta[name=viewport]").attr("content")).contains("width=device-width");
        assertThat(p.one("#pair div.nodes").attr("class")).contains("grid");
        assertThat(p.one("#pair div.vips").attr("class")).contains("grid");
        String css = mvc.perform(get("/console/console.css")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        assertThat(css).containsPattern("@media \\(max-width: 700px\\) \\{\\s*\\.grid \\{ grid-template-columns: 1fr; }");
        assertThat(css).containsPattern("a:focus, button:focus[^{]*\\{ outline: 3px solid");
    }
}
