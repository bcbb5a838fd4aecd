package io.hactl.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import io.hactl.cli.Main;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LabCommandTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        assertThat(cl.execute(args)).as(out.toString()).isEqualTo(expectedExit);
        return out.toString();
    }

    @Test
    void everyLabCommandHasHelp() {
        assertThat(run(0, "lab", "--help")).contains("Usage: hactl lab", "up", "down", "status", "heal");
        assertThat(run(0, "lab", "up", "--help")).contains("Usage: hactl lab up", "torn down");
        assertThat(run(0, "lab", "down", "--help")).contains("Usage: hactl lab down", "kills its processes by PID");
        assertThat(run(0, "lab", "status", "--help")).contains("Usage: hactl lab status", "--json", "Exit 0");
        assertThat(run(0, "lab", "heal", "--help")).contains("Usage: hactl lab heal", "baseline");
        assertThat(run(0, "--help")).contains("lab");
    }

    @Test
    void labControllersStartsRemovesAndShowsTheThreeAndRefusesAnUnknownLeaderByName() {
        assertThat(run(0, "lab", "controllers", "--help")).contains("Usage: hactl lab controllers", "start", "remove",
                "status");
        assertThat(run(0, "lab", "controllers", "start", "--help")).contains("--leader", "n1, n2");
        assertThat(run(Main.USAGE, "lab", "controllers", "start", "--leader", "n3"))
                .contains("hactl lab controllers start: --leader n3: no lab namespace 'n3' (the lab has n1, n2 and the witness w)");
    }

    /**
     * The lab module's jar on the classpath (its META-INF/services): hactl finds {@code lab} as an
     * ExtraCommand, lists it in its help, and its commands get the product's bad-usage exit code.
     */
    @Test
    void theLabJoinsHactlFromItsJarWithTheProductsUsageExitCode() {
        assertThat(run(0, "--help")).containsPattern("\\n  lab +The two-node lab on this machine");
        for (String sub : new String[] {"", "up", "down", "status", "heal"}) {
            String command = ("lab " + sub).strip();
            String[] bad = (command + " --no-such-option").split(" ");
            assertThat(run(Main.USAGE, bad)).as(command)
                    .contains("Unknown option: '--no-such-option'", "hactl " + command + " --help");
            assertThat(run(0, (command + " --help").split(" "))).as(command).containsPattern("\\n\\s+64\\s+bad usage");
        }
    }
}
