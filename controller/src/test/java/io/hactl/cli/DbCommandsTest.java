package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The database commands' help and usage errors (no lab needed). */
class DbCommandsTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        assertThat(cl.execute(args)).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void forceSyncHelp_pointsToTheRebuildWhileClientsWrite() {
        assertThat(run(0, "db-master-set", "--help").replaceAll("\\s+", " ")).contains("Right only while no client"
                + " writes; with clients writing, rebuild the other node instead: hactl db-replica-init (a physical copy"
                + " with mariadb-backup");
    }

    @Test
    void everyDbCommandHasHelpWithItsExitCodes() {
        assertThat(run(0, "db-master-set", "--help")).contains("Usage: hactl db-master-set", "--node", "--dry-run",
                "--reason", "--force-sync", "--force", "--timeout", "STANDALONE", "Exit codes:", "2    refused");
        assertThat(run(0, "db-master-unset", "--help")).contains("Usage: hactl db-master-unset", "NOT change the master/replica configuration",
                "--dry-run", "Exit codes:");
        assertThat(run(0, "db-sync-check", "--help")).contains("Usage: hactl db-sync-check", "--tables", "--json",
                "CHECKSUM TABLE", "1    different");
        assertThat(run(0, "--help")).contains("db-master-set", "db-master-unset", "db-sync-check");
    }

    @Test
    void usageErrorsExitTheUsageCodeAndABadConfigThree(@TempDir Path dir) throws Exception {
        assertThat(run(Main.USAGE, "db-master-set", "--no-such-option")).contains("Unknown option");
        assertThat(run(Main.USAGE, "db-sync-check", "extra")).contains("Unmatched argument");
        assertThat(run(Main.USAGE, "db-master-set", "--timeout", "soon")).contains("db-master-set: --timeout");
        Path missing = dir.resolve("missing.yml");
        assertThat(run(3, "db-master-set", "--node", "n2", "--config", missing.toString())).contains("db-master-set: cannot use");
        assertThat(Files.exists(missing)).isFalse();
    }
}
