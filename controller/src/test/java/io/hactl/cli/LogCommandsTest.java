package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import io.hactl.log.IncidentLog;
import io.hactl.log.StateEntry;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** hactl history --since and hactl report, end to end over a real transition log file. */
class LogCommandsTest {

    @TempDir
    Path dir;

    Path config;
    Path state;
    StringWriter out;
    StringWriter err;

    @BeforeEach
    void setUp() throws IOException {
        state = dir.resolve("state");
        ConfigFixture files = new ConfigFixture(dir);
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + state + "\n");
        IncidentLog.write(state);
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
    void historySinceKeepsTheLinesFromThatTime() {
        assertThat(run("history", "--since", "2025-03-14 19:10")).isZero();
        List<String> lines = out.toString().lines().toList();
        // which config, the header, then the rejoin proposal and its rejection, resync, expiry
        assertThat(lines).hasSize(2 + 4);
        assertThat(lines.get(0)).isEqualTo("config: " + config + " (--config)");
        assertThat(lines.get(2)).startsWith("2025-03-14 19:10:00.000  PROPOSAL    p-5e6f7a rejoin n1");
        assertThat(lines.get(5)).startsWith("2025-03-14 19:27:00.000  EXPIRE      p-9c0d1e");

        assertThat(run("history", "--since", "2025-03-14T19:04:11Z", "--json")).isZero();
        assertThat(out.toString().lines()).hasSize(7).first().asString().contains("\"event\":\"operation-end\"");
    }

    @Test
    void historySinceATimeAgoAndABadValue() {
        new TransitionLog(state).append(StateEntry.of(Instant.now().minus(5, ChronoUnit.MINUTES), "pair1",
                TransitionEntry.Event.STATE, "STANDALONE", "ACTIVE_SYNCED", "n1 replicating again", null, "controller", null));
        assertThat(run("history", "--since", "1h")).isZero();
        assertThat(out.toString().lines()).hasSize(3).last().asString().contains("STANDALONE -> ACTIVE_SYNCED");

        assertThat(run("history", "--since", "2h ago")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("history: --since '2h ago' is not a time: write a time ago (30m, 2h, 2d)");
        assertThat(run("history", "--since", "2030-01-01")).isZero();
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\n"
                + "history: nothing recorded since 2030-01-01 00:00:00.000 UTC in ");
    }

    @Test
    void reportToStdoutAndToAFileThatIsNeverOverwrittenWithoutForce() throws IOException {
        assertThat(run("report", "--from", "2025-03-14 19:00", "--to", "2025-03-14T19:40:00Z")).isZero();
        assertThat(out.toString()).startsWith("# Incident report: pair1, 2025-03-14 19:00:00 to 2025-03-14 19:40:00 UTC")
                .contains("- **Proposals**: 3 made, 1 acknowledged, 1 rejected, 1 expired",
                        "| p-3f9a1c failover n2 | acknowledged | alice | 19:04:10.000 | 2m 05s | n1's disk is dead |");

        Path file = dir.resolve("incident.md");
        assertThat(run("report", "--from", "2025-03-14 19:00", "--to", "2025-03-14 19:40", "--out", file.toString()))
                .isZero();
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\nreport: wrote " + file);
        String first = Files.readString(file);
        assertThat(first).contains("- **Data loss**: n2 may lack 3 transactions");
        assertThat(dir).isDirectoryNotContaining("glob:**/.incident.md.partial-*");

        assertThat(run("report", "--from", "2025-03-14 19:04", "--to", "2025-03-14 19:05", "--out", file.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("REFUSED: " + file + " exists; nothing was written", "--force");
        assertThat(Files.readString(file)).isEqualTo(first);

        assertThat(run("report", "--from", "2025-03-14 19:04", "--to", "2025-03-14 19:05", "--out", file.toString(),
                "--force")).isZero();
        assertThat(Files.readString(file)).contains("to 2025-03-14 19:05:00 UTC", "0 made, 1 acknowledged");
    }

    /** Issue 12: {@code history --last -1} failed with an internal index error (exit 3, "fromIndex"). */
    @Test
    void historyLastMinusOneIsAClearErrorNamingTheFlag() {
        for (String n : List.of("-1", "0")) {
            assertThat(run("history", "--last", n)).as(n).isEqualTo(Main.USAGE);
            assertThat(err.toString()).as(n).startsWith("history: --last " + n + ": give how many of the last lines to"
                    + " print, 1 or more").doesNotContain("Index", "Exception");
            assertThat(out.toString()).isEmpty();
        }
        assertThat(run("history", "--last", "2")).isZero();
        assertThat(out.toString().lines()).hasSize(1 + 1 + 2);   // config, header, the 2 lines
    }

    @Test
    void reportChecksItsWindow() {
        assertThat(run("report", "--from", "2025-03-14 19:40", "--to", "2025-03-14 19:00")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--to (2025-03-14 19:00:00.000 UTC) is before --from");
        assertThat(run("report", "--from", "soon")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("report: --from 'soon' is not a time");
        assertThat(run("report")).isEqualTo(Main.USAGE);          // bad usage: a missing required option
        assertThat(err.toString()).contains("Missing required option: '--from=TIME'");
        assertThat(run("history", "--last", "many")).isEqualTo(Main.USAGE);
        assertThat(run("report", "--help")).isZero();
        assertThat(out.toString()).contains("--from=TIME", "--out=FILE", "--force", "Default: now");
        // --to defaults to now: the whole incident is in the window
        assertThat(run("report", "--from", "2025-03-14")).isZero();
        assertThat(out.toString()).contains("From the transition log: 26 lines", "(the last one until the end of the window)");
    }
}
