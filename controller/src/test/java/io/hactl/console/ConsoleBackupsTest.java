package io.hactl.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.hactl.backup.BackupStore;
import io.hactl.backup.Manifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import org.jsoup.nodes.Element;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Backups page: the days of the backup directory with their manifests and a check of each (issue 17). */
class ConsoleBackupsTest extends ConsolePagesContext {

    static final Path DIR = tempDir();

    @Override
    Path backupDirectory() {
        return DIR.resolve("backups");
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("hactl-console-backups");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void removeTheBackups() throws IOException {
        org.springframework.util.FileSystemUtils.deleteRecursively(DIR);
    }

    @BeforeEach
    void threeDays() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(backupDirectory());
        BackupStore store = new BackupStore(backupDirectory());
        day(store, LocalDate.parse("2026-12-03"), "aaaa", false);
        Files.createDirectories(store.dayDir(LocalDate.parse("2026-12-04")));      // begun, never completed
        day(store, LocalDate.parse("2026-12-05"), "bbbb", true);                    // a file cut short since
    }

    /** A day's backup: a database dump and a file component, uncompressed, with its manifest. */
    static void day(BackupStore store, LocalDate date, String run, boolean damage) throws Exception {
        Path d = store.createDayDir(date);
        byte[] sql = "-- MariaDB dump\nINSERT INTO t VALUES (1);\n-- Dump completed on 2026-12-05\n"
                .getBytes(StandardCharsets.UTF_8);
        byte[] tar = "tomcat files".getBytes(StandardCharsets.UTF_8);
        Files.write(d.resolve("database.sql"), sql);
        Files.write(d.resolve("tomcat.tar"), tar);
        Instant t = Instant.parse(date + "T02:00:00Z");
        Manifest m = new Manifest(Manifest.FORMAT, "1.4.0", "pair1", date.toString(), run, t, t.plusSeconds(75), "ctl1",
                List.of(new Manifest.Entry("database", "database.sql", sql.length, sha(sql), sql.length, "none", t,
                                t.plusSeconds(60), "n2", "replica", "agi", "0-1-1042", "mysql-bin.000007", 4242L, null,
                                null),
                        new Manifest.Entry("tomcat", "tomcat.tar", tar.length, sha(tar), tar.length, "none",
                                t.plusSeconds(60), t.plusSeconds(75), "n1", null, null, null, null, null,
                                List.of("/srv/tomcat"), null)));
        Files.write(d.resolve(Manifest.FILE), m.toJson());
        if (damage) {
            Files.write(d.resolve("tomcat.tar"), "tomcat".getBytes(StandardCharsets.UTF_8));
        }
    }

    static String sha(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void everyDayIsARowNewestFirstWithItsSizeManifestFieldsAndTheCheckOfItsFiles() throws Exception {
        Html page = page(get("/backups").with(user("victor").roles("VIEWER")));
        List<Element> rows = page.all("table#backups tr.backup");
        assertThat(rows).extracting(r -> r.attr("data-day"))
                .containsExactly("2026-12-05", "2026-12-04", "2026-12-03");
        String good = Html.text(page.one("tr.backup[data-day=2026-12-03]"));
        assertThat(good).contains("aaaa", "database", "tomcat", "from n2 (replica), GTID 0-1-1042",
                "2026-12-03 02:00:00 UTC", "ctl1", "1.4.0");
        assertThat(page.texts("tr.backup[data-day=2026-12-03] .size")).singleElement().asString().endsWith(" B");
        assertThat(page.texts("tr.backup[data-day=2026-12-03] .check")).singleElement().asString()
                .contains("every file there, sizes as in the manifest");
        assertThat(page.texts("tr.backup[data-day=2026-12-05] .check")).singleElement().asString()
                .contains("tomcat.tar", "6 bytes, the manifest says 12");
        assertThat(page.texts("tr.backup[data-day=2026-12-04] .check")).singleElement().asString()
                .contains("no manifest");
        assertThat(page.one("tr.backup[data-day=2026-12-03] a.manifest").attr("href"))
                .isEqualTo("/backups/2026-12-03/manifest.json");
        assertThat(page.all("main form[method=post]")).isEmpty();
    }

    @Test
    void verifyingADayReReadsEveryFileAsHactlBackupVerifyDoes() throws Exception {
        Html good = page(get("/backups").param("verify", "2026-12-03").with(user("victor").roles("VIEWER")));
        assertThat(good.texts("#verify li")).containsExactly("database database.sql: ok", "tomcat tomcat.tar: ok");
        assertThat(good.texts("#verify .verdict")).containsExactly("good: every file matches the manifest");
        Html bad = page(get("/backups").param("verify", "2026-12-05").with(user("victor").roles("VIEWER")));
        assertThat(bad.texts("#verify li")).contains("tomcat tomcat.tar: BAD: size 6 bytes, the manifest says 12");
        assertThat(bad.texts("#verify .verdict")).singleElement().asString()
                .contains("cannot be trusted", "hactl backup");
    }

    @Test
    void aDayThatIsNotADateIsRefusedSayingHowToWriteIt() throws Exception {
        mvc.perform(get("/backups").param("verify", "yesterday").with(user("victor").roles("VIEWER")))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(Matchers.containsString("YEAR-MONTH-DAY")));
    }

    @Test
    void theManifestIsServedAsJson() throws Exception {
        mvc.perform(get("/backups/2026-12-03/manifest.json").with(user("victor").roles("VIEWER")))
                .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith("application/json"))
                .andExpect(content().string(Matchers.containsString("\"gtid\" : \"0-1-1042\"")));
        mvc.perform(get("/backups/2026-12-04/manifest.json").with(user("victor").roles("VIEWER")))
                .andExpect(status().isNotFound());
    }

    @Test
    void anEmptyOrMissingStoreSaysWhereItLookedAndHowToTakeABackup() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(backupDirectory());
        Html page = page(get("/backups").with(user("victor").roles("VIEWER")));
        assertThat(page.all("table#backups tr.backup")).isEmpty();
        assertThat(page.texts("#empty")).singleElement().asString()
                .contains(backupDirectory().toString(), "backup.directory", "hactl backup");
    }
}
