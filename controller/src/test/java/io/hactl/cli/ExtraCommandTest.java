package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Top-level commands from outside the product ({@link ExtraCommand}, found with ServiceLoader): the lab
 * module's {@code hactl lab} is one. The product's own jar has none, so here {@code hactl lab} is the
 * repository-only placeholder.
 */
class ExtraCommandTest {

    record Run(int exit, String out, String err) {
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Command(name = "lab", mixinStandardHelpOptions = true, description = "A stand-in for the lab module's command.")
    static final class FakeLab implements Callable<Integer> {
        @Override
        public Integer call() {
            return 0;
        }
    }

    @Test
    void anExtraCommandOnTheClasspathJoinsHactlAndItsHelp() {
        ExtraCommand fake = FakeLab::new;
        assertThat(run(Main.commandLine(List.of(fake)), "lab").exit()).isZero();
        Run help = run(Main.commandLine(List.of(fake)), "--help");
        assertThat(help.out()).contains("  lab ", "A stand-in for the lab module's command.");
        Run bad = run(Main.commandLine(List.of(fake)), "lab", "--no-such-option");
        assertThat(bad.exit()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("Unknown option: '--no-such-option'", "hactl lab --help");
        assertThat(run(Main.commandLine(List.of(fake)), "lab", "--help").out()).containsPattern("\\n\\s+64\\s+bad usage");
    }

    @Test
    void withoutTheLabModuleHactlLabSaysTheLabRunsFromTheRepository() {
        for (List<String> args : List.of(List.of("lab"), List.of("lab", "up"), List.of("lab", "--help"),
                List.of("lab", "status", "--json"))) {
            Run r = run(Main.commandLine(), args.toArray(String[]::new));
            assertThat(r.exit()).as("hactl " + args).isEqualTo(Main.USAGE);
            assertThat(r.out()).as("hactl " + args).isEmpty();
            assertThat(r.err()).as("hactl " + args).startsWith("hactl lab: the lab is a development tool")
                    .contains("runs from hactl's repository", "not part of this installation", "bin/hactl lab",
                            "docs/lab.md");
        }
        assertThat(run(Main.commandLine(), "--help").out()).doesNotContain("  lab ");
    }
}
