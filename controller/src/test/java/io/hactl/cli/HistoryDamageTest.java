package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.log.IncidentLog;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Issue 12 item 7: hactl history and hactl report over a transition log with a line that is not UTF-8. */
class HistoryDamageTest {

    @TempDir
    Path dir;

    Path config;
    Path log;
    StringWriter out;
    StringWriter err;
    int entries;

    @BeforeEach
    void setUp() throws IOException {
        Path state = dir.resolve("state");
        ConfigFixture files = new ConfigFixture(dir);
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + state + "\n");
        log = IncidentLog.write(state).file();
        entries = IncidentLog.entries().size();
        Files.write(log, new byte[] {'{', (byte) 0xFF, (byte) 0xC0, '\n'}, StandardOpenOption.APPEND);
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(ConfigFixture.withConfig(config, args));
    }

    @Test
    @DisplayName("The transition log must survive damage: history prints every entry and the damaged lines' count")
    void theTransitionLogMustSurviveDamage_historyPrintsTheEntriesAndTheCount() {
        assertThat(run("history")).as(err.toString()).isZero();

        // the config line, the header, the entries, the damage line
        assertThat(out.toString().lines()).hasSize(1 + 1 + entries + 1);
        assertThat(out.toString().lines().findFirst()).get().asString().startsWith("config: ");
        assertThat(out.toString().lines().toList()).last().asString().isEqualTo("history: 1 damaged line skipped"
                + " (first at line " + (entries + 1) + ") in " + log + "; damaged lines are left in the file as they"
                + " are: see the first with sed -n " + (entries + 1) + "p " + log);
    }

    @Test
    @DisplayName("The transition log must survive damage: history --json keeps stdout JSON, the count goes to stderr")
    void theTransitionLogMustSurviveDamage_historyJsonWarnsOnStderr() throws Exception {
        assertThat(run("history", "--json")).as(err.toString()).isZero();

        assertThat(out.toString().lines()).hasSize(entries);
        for (String line : out.toString().lines().toList()) {
            assertThat(TransitionLog.mapper().readTree(line).has("event")).isTrue();
        }
        assertThat(err.toString().lines().filter(l -> !l.startsWith("config: ")).findFirst()).get().asString()
                .startsWith("history: 1 damaged line skipped (first at line " + (entries + 1) + ")");
    }

    @Test
    void historySaysALineOfAnEventItDoesNotKnowWasSkippedAndWhereToSeeIt() throws IOException {
        Files.writeString(log, "{\"time\":\"2025-03-14T20:00:00Z\",\"event\":\"lease-renewed\",\"node\":\"n1\"}\n",
                StandardOpenOption.APPEND);

        assertThat(run("history")).as(err.toString()).isZero();

        assertThat(out.toString().lines()).hasSize(1 + 1 + entries + 1);
        assertThat(out.toString().lines().toList()).last().asString().isEqualTo("history: 1 damaged line skipped"
                + " (first at line " + (entries + 1) + "); 1 line of an event this hactl does not know skipped (first at"
                + " line " + (entries + 2) + "): a newer hactl wrote it, read it with that version in " + log
                + "; damaged lines are left in the file as they are: see the first with sed -n " + (entries + 1) + "p "
                + log);
    }

    @Test
    @DisplayName("The transition log must survive damage: report still renders, and says lines were skipped")
    void theTransitionLogMustSurviveDamage_reportStillRenders() {
        assertThat(run("report", "--from", "2025-03-14")).as(err.toString()).isZero();

        assertThat(out.toString()).contains("From the transition log: " + entries + " lines");
        assertThat(err.toString()).contains("1 damaged line skipped");
    }
}
