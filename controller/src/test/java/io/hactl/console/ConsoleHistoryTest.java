package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.log.IncidentLog;
import java.time.Instant;
import org.jsoup.nodes.Element;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The History page: the transition log newest first, its filters, each operation with its steps (issue 17). */
class ConsoleHistoryTest extends ConsolePagesContext {

    @BeforeEach
    void incident() {
        service.history = IncidentLog.entries();
        service.historyDamagedLines = 0;
        service.historyFirstDamagedLine = 0;
    }

    @Test
    void theLogIsShownNewestFirstOneRowPerLineAndOnePerOperationForAViewerWithoutForms() throws Exception {
        Html page = page(get("/history").with(user("victor").roles("VIEWER")));
        var rows = page.all("table#history tr.entry");
        assertThat(rows).hasSize(17); // 26 lines, of which the operation's 10 make one row
        assertThat(Html.text(rows.get(0))).contains("EXPIRE", "p-9c0d1e");
        assertThat(Html.text(rows.get(rows.size() - 1))).contains("CONTROLLER START", "watching pair1 every 1s");
        assertThat(rows).extracting(r -> r.attr("data-type")).containsOnly("state", "proposal",
                "operation", "alert");
        assertThat(page.texts("table#history tr.entry[data-type=proposal]")).anySatisfy(t -> assertThat(t)
                .contains("ACK", "p-3f9a1c failover n2 by alice \"n1's disk is dead\""));
        assertThat(page.all("main form#filters")).hasSize(1);
        assertThat(page.all("main form[method=post]")).isEmpty();
    }

    @Test
    void anOperationRowExpandsIntoItsStepsEachWithItsResultAndDuration() throws Exception {
        Html page = page(get("/history").with(user("victor").roles("VIEWER")));
        Element op = page.one("table#history tr.entry[data-type=operation]");
        assertThat(Html.text(op)).contains("failover", "a1b2c3d4", "ok", "n2 is master", "alice");
        assertThat(page.texts("tr.entry[data-type=operation] details.operation li.step")).containsExactly(
                "n1 fence n1 (read_only, VIP detached): skipped in 0 ms (n1 unreachable)",
                "n2 stop replication: ok in 120 ms",
                "n2 make n2 writable: ok in 80 ms (read_only=OFF)",
                "n2 move the DB VIP to n2: ok in 640 ms (arping: only n2 answers)");
        assertThat(page.texts("tr.entry[data-type=operation] details.operation li.note")).singleElement().asString()
                .contains("3 transactions may be lost");
    }

    @Test
    void theTypeFilterKeepsOnlyTheChosenKindsOfLines() throws Exception {
        Html page = page(get("/history").param("type", "alert").param("type", "operation")
                .with(user("victor").roles("VIEWER")));
        assertThat(page.all("table#history tr.entry")).extracting(r -> r.attr("data-type"))
                .containsExactly("alert", "operation", "alert", "alert");
        assertThat(page.all("form#filters input[type=checkbox][checked]")).extracting(e -> e.attr("value"))
                .containsExactly("operation", "alert");
    }

    @Test
    void sinceAndUntilTakeTheTimeWordsOfHactlHistorySince() throws Exception {
        Html page = page(get("/history").param("since", "2025-03-14 19:04").param("until", "2025-03-14T19:11:00Z")
                .with(user("victor").roles("VIEWER")));
        assertThat(service.historySince).isEqualTo(Instant.parse("2025-03-14T19:04:00Z"));
        var rows = page.all("table#history tr.entry");
        assertThat(Html.text(rows.get(0))).contains("REJECT", "p-5e6f7a");
        assertThat(Html.text(rows.get(rows.size() - 1))).contains("ACK", "p-3f9a1c");
        assertThat(page.one("form#filters input[name=since]").attr("value")).isEqualTo("2025-03-14 19:04");
    }

    @Test
    void aTimeThatDoesNotParseIsRefusedWithTheFormsToWriteAndShowsNoLine() throws Exception {
        mvc.perform(get("/history").param("since", "yesterday").with(user("victor").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("since: &#39;yesterday&#39; is not a time")))
                .andExpect(content().string(Matchers.containsString("30m, 2h, 2d")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("tr class=\"entry"))));
    }

    @Test
    void anUnknownKindOfLineIsRefusedNamingTheKinds() throws Exception {
        mvc.perform(get("/history").param("type", "steps").with(user("victor").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("tick state, proposal, operation or alert")));
    }

    @Test
    void theSkippedLinesAreCountedAsHactlHistoryDoes() throws Exception {
        service.historyDamagedLines = 2;
        service.historyFirstDamagedLine = 17;
        Html page = page(get("/history").with(user("victor").roles("VIEWER")));
        assertThat(page.texts("#damage")).singleElement().asString()
                .contains("2 damaged lines skipped (first at line 17)", "sed -n 17p", "transitions.jsonl");
    }

    @Test
    void theNewestLinesAreShownUpToTheCapWhichTheTableSays() throws Exception {
        Html page = page(get("/history").param("limit", "3").with(user("victor").roles("VIEWER")));
        assertThat(page.all("table#history tr.entry")).hasSize(3);
        assertThat(page.texts("#capped")).singleElement().asString().contains("the newest 3 of 17");
    }
}
