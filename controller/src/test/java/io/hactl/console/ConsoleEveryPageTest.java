package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.backup.BackupStore;
import io.hactl.log.IncidentLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each of c2's pages (contract17.md) renders the ids and classes the browser test relies on, for a
 * viewer and for an operator, in the shared layout (menu, user, role); without a login each sends to
 * the login page.
 */
class ConsoleEveryPageTest extends ConsolePagesContext {

    static final Path DIR = ConsoleBackupsTest.tempDir();

    /** Each page, and what it must show (its contract's selectors, each matching at least once). */
    static final Map<String, List<String>> PAGES = Map.of(
            "/proposals", List.of("article.proposal[data-id=p1] .kind", "article.proposal .action",
                    "article.proposal .sentence", "article.proposal .evidence li", "article.proposal .risk",
                    "article.proposal .plan li", "article.proposal .expires[data-expires]", "article.proposal .status",
                    "article.proposal a.open"),
            "/proposals/p1", List.of("article.proposal[data-id=p1] .plan li", "article.proposal .expires[data-expires]"),
            "/history", List.of("table#history tr.entry[data-type=state]", "tr.entry[data-type=proposal]",
                    "tr.entry[data-type=operation] details.operation li.step", "tr.entry[data-type=alert]",
                    "form#filters input[type=checkbox][name=type]", "form#filters input[name=since]",
                    "form#filters input[name=until]"),
            "/report?since=2025-03-14T19:00:00Z&until=2025-03-14T19:30:00Z", List.of("form#window input[name=since]",
                    "form#window input[name=until]", "#report", "a#download"),
            "/backups", List.of("table#backups tr.backup .date", "tr.backup .size", "tr.backup a.manifest",
                    "tr.backup .check"));

    @Override
    Path backupDirectory() {
        return DIR;
    }

    @BeforeEach
    void data() throws Exception {
        service.history = IncidentLog.entries();
        if (!Files.exists(new BackupStore(DIR).dayDir(LocalDate.parse("2026-12-03")))) {
            ConsoleBackupsTest.day(new BackupStore(DIR), LocalDate.parse("2026-12-03"), "aaaa", false);
        }
    }

    @AfterAll
    void removeTheBackups() throws IOException {
        org.springframework.util.FileSystemUtils.deleteRecursively(DIR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VIEWER", "OPERATOR"})
    void everyPageShowsItsContractIdsInTheLayoutForEitherRole(String role) throws Exception {
        String name = role.equals("VIEWER") ? "victor" : "alice";
        for (Map.Entry<String, List<String>> p : PAGES.entrySet()) {
            Html page = page(get(p.getKey()).with(user(name).roles(role)));
            for (String selector : p.getValue()) {
                assertThat(page.all(selector)).as(p.getKey() + " " + selector).isNotEmpty();
            }
            assertThat(page.texts("#user")).as(p.getKey()).containsExactly(name);
            assertThat(page.texts("#role")).as(p.getKey()).containsExactly(role.toLowerCase(java.util.Locale.ROOT));
            assertThat(page.all("main#main")).as(p.getKey()).hasSize(1);
            assertThat(page.all("header.top nav a[aria-current=page]")).as(p.getKey()).hasSize(1);
            int pending = p.getKey().equals("/proposals") ? 2 : p.getKey().startsWith("/proposals/") ? 1 : 0;
            assertThat(page.all("main form.approve")).as(p.getKey()).hasSize(role.equals("OPERATOR") ? pending : 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"/proposals", "/proposals/p1", "/history", "/report", "/report.md", "/backups",
            "/backups/2026-12-03/manifest.json"})
    void withoutALoginEveryPageSendsToTheLoginPage(String path) throws Exception {
        mvc.perform(get(path)).andExpect(status().isFound()).andExpect(redirectedUrlPattern("**/login"));
    }
}
