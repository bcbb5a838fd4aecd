package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.log.IncidentLog;
import io.hactl.log.IncidentReport;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Report page: {@code hactl report} for a chosen window, shown and downloadable as Markdown (issue 17). */
class ConsoleReportTest extends ConsolePagesContext {

    static final Instant FROM = Instant.parse("2025-03-14T19:00:00Z");
    static final Instant TO = Instant.parse("2025-03-14T19:30:00Z");

    @BeforeEach
    void incident() {
        service.history = IncidentLog.entries();
        service.historyDamagedLines = 0;
    }

    @Test
    void theReportOfTheWindowIsHactlReportsMarkdownShownAsItIsWithALinkToDownloadTheSameWindow() throws Exception {
        Html page = page(get("/report").param("since", "2025-03-14 19:00").param("until", "2025-03-14T19:30:00Z")
                .with(user("victor").roles("VIEWER")));
        String expected = IncidentReport.render("pair1", IncidentLog.entries(), FROM, TO, Instant.now());
        assertThat(page.one("#report").wholeText().strip()).isEqualTo(expected.strip());
        assertThat(page.one("form#window").attr("method")).isEqualTo("get");
        assertThat(page.one("form#window input[name=since]").attr("value")).isEqualTo("2025-03-14 19:00");
        assertThat(page.all("form#window input[name=until]")).hasSize(1);
        assertThat(page.one("a#download").attr("href"))
                .isEqualTo("/report.md?since=2025-03-14T19:00:00Z&until=2025-03-14T19:30:00Z");
        assertThat(page.all("main form[method=post]")).isEmpty();
    }

    @Test
    void theDownloadIsTheMarkdownAsAnAttachmentNamedAfterTheClusterAndTheWindow() throws Exception {
        String body = mvc.perform(get("/report.md").param("since", "2025-03-14T19:00:00Z")
                        .param("until", "2025-03-14T19:30:00Z").with(user("victor").roles("VIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/markdown"))
                .andExpect(header().string("Content-Disposition", Matchers.allOf(Matchers.startsWith("attachment"),
                        Matchers.containsString("filename=\"hactl-report-pair1-20250314T1900Z-20250314T1930Z.md\""))))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(IncidentReport.render("pair1", IncidentLog.entries(), FROM, TO, Instant.now()));
        assertThat(service.historySince).isEqualTo(FROM);
    }

    @Test
    void aWindowThatDoesNotParseOrEndsBeforeItStartsIsRefusedSayingHowToWriteIt() throws Exception {
        mvc.perform(get("/report").param("since", "last night").with(user("victor").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("since: &#39;last night&#39; is not a time")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"download\""))));
        mvc.perform(get("/report.md").param("since", "1h").param("until", "2h").with(user("victor").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("is before since")));
    }

    @Test
    void withoutAWindowTheReportCoversTheLastDay() throws Exception {
        Html page = page(get("/report").with(user("alice").roles("OPERATOR")));
        assertThat(page.one("form#window input[name=since]").attr("value")).isEqualTo("1d");
        assertThat(page.one("form#window input[name=until]").attr("value")).isEqualTo("now");
        assertThat(Html.text(page.one("#report"))).startsWith("# Incident report: pair1,")
                .contains("Nothing was recorded in the transition log in this window.");
    }

    @Test
    void theSkippedLinesAreSaidAboveTheReport() throws Exception {
        service.historyDamagedLines = 1;
        service.historyFirstDamagedLine = 4;
        Html page = page(get("/report").param("since", "2025-03-14 19:00").param("until", "2025-03-14 19:30")
                .with(user("victor").roles("VIEWER")));
        assertThat(page.texts("#damage")).singleElement().asString().contains("1 damaged line skipped (first at line 4)");
    }
}
