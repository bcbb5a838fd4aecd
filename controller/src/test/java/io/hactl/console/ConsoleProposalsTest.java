package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.control.ActionResult;
import java.util.Arrays;
import java.util.List;
import org.jsoup.nodes.Element;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/** The Proposals pages and their approve and refuse (issue 17, contract17.md: the ids the browser test uses). */
class ConsoleProposalsTest extends ConsolePagesContext {

    @Test
    void theListShowsThePendingProposalsFirstThenTheDecidedWithTheirContractIds() throws Exception {
        Html page = page(get("/proposals").with(user("victor").roles("VIEWER")));
        assertThat(page.all("article.proposal")).extracting(e -> e.attr("data-id"))
                .containsExactly("p1", "p2", "p0");
        assertThat(page.texts("article.proposal .status")).containsExactly("PENDING", "PENDING", "REJECTED");
        assertThat(page.texts("article.proposal[data-id=p1] .kind")).containsExactly("FAILOVER");
        assertThat(page.texts("article.proposal[data-id=p1] .action")).containsExactly("promote n2 to master; fence n1");
        assertThat(page.texts("article.proposal[data-id=p1] .sentence"))
                .containsExactly("master n1 down for 3 cycles and n2 confirms: promote n2");
        assertThat(page.texts("article.proposal[data-id=p1] .evidence li")).containsExactly(
                "n1 SQL: connection refused since 10:00:01.120", "n2 IO thread: Connecting since 10:00:01.400");
        assertThat(page.texts("article.proposal[data-id=p1] .risk")).singleElement().asString()
                .contains("n2 is 0 transactions behind");
        assertThat(page.all("article.proposal[data-id=p1] a.open")).singleElement()
                .satisfies(a -> assertThat(a.attr("href")).isEqualTo("/proposals/p1"));
        assertThat(page.all("article.proposal[data-id=p0] .decided")).singleElement()
                .satisfies(e -> assertThat(Html.text(e)).contains("bob", "not during the sale"));
    }

    @Test
    void theProposalsPlanIsTheStepsItsOperationWillRunAndItsExpiryCountsDownFromAnAbsoluteTime() throws Exception {
        Html page = page(get("/proposals/p1").with(user("victor").roles("VIEWER")));
        Element p = page.one("article.proposal");
        assertThat(p.attr("data-id")).isEqualTo("p1");
        assertThat(page.texts("article.proposal .plan li")).containsExactly("promote n2 to master",
                "fence n1 if it can be reached (read-only, DB VIP detached)");
        Element expires = page.one("article.proposal .expires");
        assertThat(expires.attr("data-expires")).isEqualTo("2025-05-01T10:15:03Z");
        assertThat(Html.text(expires)).contains("2025-05-01 10:15:03 UTC");
        assertThat(page.all("script[src=/console/countdown.js]")).hasSize(1);
    }

    @Test
    void aViewerSeesNoFormAtAll() throws Exception {
        for (String path : List.of("/proposals", "/proposals/p1")) {
            Html page = page(get(path).with(user("victor").roles("VIEWER")));
            assertThat(page.all("main form")).as(path).isEmpty();
            assertThat(page.one("#role").childNodes()).isNotEmpty();
        }
    }

    @Test
    void anOperatorSeesApproveAndRefuseOnAPendingProposalAndTheClusterNameFieldOnlyForAFailover() throws Exception {
        Html failover = page(get("/proposals/p1").with(user("alice").roles("OPERATOR")));
        Element approve = failover.one("form.approve");
        assertThat(approve.attr("action")).isEqualTo("/actions/proposals/p1/ack");
        assertThat(approve.attr("method")).isEqualTo("post");
        assertThat(failover.all("form.approve textarea[name=comment]")).hasSize(1);
        assertThat(failover.all("form.approve input[name=cluster]")).hasSize(1);
        assertThat(failover.all("form.approve button[type=submit]")).hasSize(1);
        assertThat(Html.text(approve)).contains("pair1");
        assertThat(failover.one("form.refuse").attr("action")).isEqualTo("/actions/proposals/p1/reject");
        assertThat(failover.all("form.refuse textarea[name=comment]")).hasSize(1);
        assertThat(failover.all("form.refuse input[name=_csrf]")).hasSize(1);

        Html rejoin = page(get("/proposals/p2").with(user("alice").roles("OPERATOR")));
        assertThat(rejoin.all("form.approve")).hasSize(1);
        assertThat(rejoin.all("form.approve input[name=cluster]")).isEmpty();

        Html decided = page(get("/proposals/p0").with(user("alice").roles("OPERATOR")));
        assertThat(decided.all("main form")).isEmpty();
    }

    @Test
    void anUnknownProposalSaysSoWith404() throws Exception {
        mvc.perform(get("/proposals/p9").with(user("victor").roles("VIEWER"))).andExpect(status().isNotFound())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(Matchers.containsString("no proposal p9")));
    }

    @Test
    void anApprovalGoesToTheControllerUnderTheUsersNameWithTheCommentAndTheOutcomeShowsOnTheProposal() throws Exception {
        service.next = ActionResult.accepted("acknowledged by alice: failover started", "p1", "o-1");
        MvcResult r = mvc.perform(post("/actions/proposals/p1/ack").param("comment", " n1's disk is gone ")
                        .param("cluster", "pair1").with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/proposals/p1"))
                .andExpect(flash().attribute("message", "accepted: acknowledged by alice: failover started"))
                .andReturn();
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p1", "alice", "n1's disk is gone"));
        Html page = page(get("/proposals/p1").with(user("alice").roles("OPERATOR"))
                .session((MockHttpSession) r.getRequest().getSession()).flashAttrs(r.getFlashMap()));
        assertThat(page.one("#message").childNodes()).isNotEmpty();
        assertThat(page.texts("#message")).containsExactly("accepted: acknowledged by alice: failover started");
    }

    @Test
    void approvingAFailoverWithoutTheClusterNameOrAWrongOneIsRefusedNamingWhatToTypeAndDoesNothing() throws Exception {
        for (String typed : new String[] {null, "", "pair2", "PAIR1"}) {
            var post = post("/actions/proposals/p1/ack").param("comment", "go").with(user("alice").roles("OPERATOR"))
                    .with(csrf());
            if (typed != null) {
                post.param("cluster", typed);
            }
            mvc.perform(post).andExpect(status().isFound()).andExpect(redirectedUrl("/proposals/p1"))
                    .andExpect(flash().attribute("message", Matchers.allOf(Matchers.containsString("nothing done"),
                            Matchers.containsString("type the cluster's name, pair1"))));
        }
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aProposalThatDoesNotPromoteIsApprovedWithoutTheClusterName() throws Exception {
        mvc.perform(post("/actions/proposals/p2/ack").param("comment", "replicate again")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/proposals/p2"));
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p2", "alice", "replicate again"));
    }

    @Test
    void approveOrRefuseWithoutACommentIsRefusedAndDoesNothing() throws Exception {
        mvc.perform(post("/actions/proposals/p1/ack").param("comment", "  ").param("cluster", "pair1")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/proposals/p1"))
                .andExpect(flash().attribute("message", Matchers.containsString("give a comment")));
        mvc.perform(post("/actions/proposals/p1/reject").with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/proposals/p1"))
                .andExpect(flash().attribute("message", Matchers.containsString("give a comment")));
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aRefusalGoesToTheControllerUnderTheUsersNameWithTheComment() throws Exception {
        mvc.perform(post("/actions/proposals/p1/reject").param("comment", "n1 is back, a network blip")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/proposals/p1"));
        assertThat(service.calls).containsExactly(Arrays.asList("reject", "p1", "alice", "n1 is back, a network blip"));
    }

    @Test
    void aViewerGets403OnApproveAndRefuseAndAPostWithoutCsrfIs403() throws Exception {
        for (String action : List.of("/actions/proposals/p1/ack", "/actions/proposals/p1/reject")) {
            mvc.perform(post(action).param("comment", "go").param("cluster", "pair1")
                    .with(user("victor").roles("VIEWER")).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post(action).param("comment", "go").param("cluster", "pair1")
                    .with(user("alice").roles("OPERATOR"))).andExpect(status().isForbidden());
        }
        assertThat(service.calls).isEmpty();
    }
}
