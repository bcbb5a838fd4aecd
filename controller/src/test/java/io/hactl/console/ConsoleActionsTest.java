package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.control.ActionResult;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.View;
import org.thymeleaf.spring6.view.ThymeleafViewResolver;

/** The operator actions of the Pair page: a switchover and lifting the failover block (issue 17). */
class ConsoleActionsTest extends ConsolePagesContext {

    @Test
    void aSwitchoverGoesToTheControllerUnderTheUsersNameWithTheComment() throws Exception {
        service.next = ActionResult.accepted("switchover to n2 started by alice; follow it: hactl history --since 5m",
                null, null);
        mvc.perform(post("/actions/switchover").param("node", "n2").param("confirm", " n2 ")
                        .param("comment", "kernel update on n1").with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/"))
                .andExpect(flash().attribute("message", Matchers.startsWith("accepted: switchover to n2 started")));
        assertThat(service.calls).containsExactly(Arrays.asList("switchover", "n2", "alice", "kernel update on n1"));
    }

    @Test
    void aSwitchoverWithoutACommentOrWithoutTypingTheNodesNameIsRefusedAndDoesNothing() throws Exception {
        mvc.perform(post("/actions/switchover").param("node", "n2").param("confirm", "n2")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/")).andExpect(flash().attribute("message", Matchers.allOf(
                        Matchers.containsString("nothing done"), Matchers.containsString("give a comment"))));
        for (String typed : new String[] {null, "", "n1"}) {
            var post = post("/actions/switchover").param("node", "n2").param("comment", "planned")
                    .with(user("alice").roles("OPERATOR")).with(csrf());
            if (typed != null) {
                post.param("confirm", typed);
            }
            mvc.perform(post).andExpect(redirectedUrl("/")).andExpect(flash().attribute("message", Matchers.allOf(
                    Matchers.containsString("nothing done"), Matchers.containsString("type n2"))));
        }
        mvc.perform(post("/actions/switchover").param("comment", "planned").with(user("alice").roles("OPERATOR"))
                .with(csrf())).andExpect(flash().attribute("message", Matchers.containsString("choose the node")));
        assertThat(service.calls).isEmpty();
    }

    @Test
    void anUnblockGoesToTheControllerUnderTheUsersNameAndNeedsAComment() throws Exception {
        mvc.perform(post("/actions/unblock").param("comment", " ").with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/")).andExpect(flash().attribute("message",
                        Matchers.containsString("give a comment")));
        assertThat(service.calls).isEmpty();
        mvc.perform(post("/actions/unblock").param("comment", "n1 repaired, failovers allowed again")
                        .with(user("alice").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/")).andExpect(flash().attribute("message", "accepted: done"));
        assertThat(service.calls).containsExactly(Arrays.asList("unblock", "alice", "n1 repaired, failovers allowed again"));
    }

    @Test
    void aViewerGets403OnTheActionsAndAPostWithoutCsrfIs403() throws Exception {
        for (String action : List.of("/actions/switchover", "/actions/unblock")) {
            mvc.perform(post(action).param("node", "n2").param("confirm", "n2").param("comment", "go")
                    .with(user("victor").roles("VIEWER")).with(csrf())).andExpect(status().isForbidden());
            mvc.perform(post(action).param("node", "n2").param("confirm", "n2").param("comment", "go")
                    .with(user("alice").roles("OPERATOR"))).andExpect(status().isForbidden());
        }
        assertThat(service.calls).isEmpty();
    }

    @Test
    void theSwitchoverFragmentOffersEveryNodeAndSaysItIsAPlannedChangeOfMasterForAnOperatorOnly() throws Exception {
        Html operator = fragment("switchover", true);
        assertThat(operator.one("form.switchover").attr("action")).isEqualTo("/actions/switchover");
        assertThat(operator.all("form.switchover select[name=node] option")).extracting(o -> o.attr("value"))
                .containsExactly("n1", "n2");
        assertThat(operator.all("form.switchover textarea[name=comment]")).hasSize(1);
        assertThat(operator.all("form.switchover input[name=confirm]")).hasSize(1);
        assertThat(Html.text(operator.one("form.switchover"))).contains("planned change of master");
        assertThat(fragment("switchover", false).all("form")).isEmpty();
    }

    @Test
    void theUnblockFragmentHasACommentForAnOperatorOnly() throws Exception {
        Html operator = fragment("unblock", true);
        assertThat(operator.one("form.unblock").attr("action")).isEqualTo("/actions/unblock");
        assertThat(operator.all("form.unblock textarea[name=comment]")).hasSize(1);
        assertThat(operator.all("form.unblock button[type=submit]")).hasSize(1);
        assertThat(fragment("unblock", false).all("form")).isEmpty();
    }

    /** The fragment as the Pair page includes it, rendered by the daemon's own view resolver. */
    private Html fragment(String name, boolean operator) throws Exception {
        View view = ctx.getBean(ThymeleafViewResolver.class).resolveViewName("console/actions :: " + name, Locale.ROOT);
        MockHttpServletRequest request = new MockHttpServletRequest(ctx.getBean(jakarta.servlet.ServletContext.class));
        MockHttpServletResponse response = new MockHttpServletResponse();
        view.render(Map.of("operator", operator, "actionNodes", ConsoleActionsController.nodes(config(null))),
                request, response);
        return Html.parse(response.getContentAsString());
    }
}
