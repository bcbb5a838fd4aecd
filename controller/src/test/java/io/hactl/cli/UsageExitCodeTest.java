package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** One exit code for bad usage, whatever the command: {@link Main#USAGE} (64, EX_USAGE). */
class UsageExitCodeTest {

    /** Every command of the tree, as the words that name it (hactl itself is the empty list). */
    private static List<List<String>> commands(CommandLine cl, List<String> path, List<List<String>> into) {
        into.add(path);
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) {             // aliases once
                List<String> p = new ArrayList<>(path);
                p.add(name);
                commands(sub, p, into);
            }
        });
        return into;
    }

    /**
     * Every command and subcommand given an unknown option exits 64 and says so on stderr, nothing
     * on stdout. Not {@code hactl help}: picocli's help command is a request for help, whatever
     * follows it (it prints the help and exits 0). Not {@code hactl lab} without the lab module: it
     * exits 64 whatever follows, saying where the lab runs from (ExtraCommandTest).
     */
    @Test
    void exitCodesForBadUsageAreOneCodeForEveryCommand() {
        List<List<String>> all = commands(Main.commandLine(), List.of(), new ArrayList<>());
        assertThat(all).hasSizeGreaterThan(30);
        SoftAssertions soft = new SoftAssertions();
        for (List<String> path : all) {
            if (path.equals(List.of("help")) || path.equals(List.of(LabAbsentCommand.NAME))) {
                continue;
            }
            List<String> args = new ArrayList<>(path);
            args.add("--no-such-option");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args.toArray(String[]::new));
            soft.assertThat(exit).as("hactl " + String.join(" ", args) + ": " + err).isEqualTo(64);
            soft.assertThat(err.toString()).as("hactl " + String.join(" ", args))
                    .containsAnyOf("Unknown option: '--no-such-option'", "Missing required")   // picocli says the first
                    .contains(String.join(" ", path) + " --help");
            soft.assertThat(out.toString()).as("nothing on stdout: hactl " + String.join(" ", args)).isEmpty();
        }
        soft.assertAll();
    }

    @Test
    void everyCommandsHelpListsTheUsageCode() {
        SoftAssertions soft = new SoftAssertions();
        CommandLine root = Main.commandLine();
        for (List<String> path : commands(root, List.of(), new ArrayList<>())) {
            CommandLine cl = root;
            for (String word : path) {
                cl = cl.getSubcommands().get(word);
            }
            soft.assertThat(cl.getUsageMessage()).as("hactl " + String.join(" ", path) + " --help")
                    .contains("Exit codes:").containsPattern("\\n\\s+64\\s+bad usage");
        }
        soft.assertAll();
    }
}
