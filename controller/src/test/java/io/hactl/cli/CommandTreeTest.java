package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command tree hactl builds for one run (issue 20): only the built-in command the arguments name, not the
 * ~35 of the whole tree (picocli reads each command's annotations as it is added: the whole tree was ~0.3 s of
 * every command's start on 2 shared cores); the whole tree when no built-in command is named (--help, help, an
 * unknown word and its "did you mean", the lab's extra command, the completion's __complete).
 */
class CommandTreeTest {

    private static Set<String> built(String... args) {
        return Main.commandLine(args).getSubcommands().keySet();
    }

    @Test
    void aNamedBuiltInCommand_isTheOnlyCommandBuilt() {
        assertThat(built("check", "--json")).contains("check").doesNotContain("status", "conf", "db-backup");
        assertThat(built("--config", "x.yml", "status")).contains("status").doesNotContain("check");
        assertThat(built("--config=x.yml", "conf", "check")).contains("conf").doesNotContain("check");
        assertThat(built("-c", "x.yml", "db-master-set", "--node", "n2")).contains("db-master-set")
                .doesNotContain("check");
    }

    @Test
    void noBuiltInCommandNamed_buildsTheWholeTree() {
        Set<String> whole = Main.commandLine().getSubcommands().keySet();
        for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("--version"), List.of("help", "check"),
                List.of("chekc"), List.of("lab", "up"), List.of(CompleteCommand.NAME, "nodes"), List.of("--", "check"))) {
            assertThat(built(args.toArray(String[]::new))).as(args.toString()).isEqualTo(whole);
        }
    }

    @Test
    void everyBuiltInName_isTheNameItsCommandDeclares_andTheWholeTreeHasThemAll() {
        Set<String> whole = Main.commandLine().getSubcommands().keySet();
        assertThat(Main.BUILT_IN).hasSizeGreaterThan(30);
        Main.BUILT_IN.forEach((name, make) -> {
            assertThat(new CommandLine(make.get()).getCommandName()).isEqualTo(name);
            assertThat(whole).contains(name);
        });
        assertThat(whole).containsAll(Main.BUILT_IN.keySet());
    }

    @Test
    void aCommandRunAlone_answersAsInTheWholeTree_helpAndBadUsage() {
        for (String[] args : List.of(new String[] {"check", "--help"}, new String[] {"check", "--no-such-option"},
                new String[] {"status", "--nope"}, new String[] {"conf", "check", "--help"})) {
            StringWriter aloneOut = new StringWriter();
            StringWriter aloneErr = new StringWriter();
            StringWriter wholeOut = new StringWriter();
            StringWriter wholeErr = new StringWriter();
            CommandLine alone = Main.commandLine(args);
            alone.setOut(new PrintWriter(aloneOut, true));
            alone.setErr(new PrintWriter(aloneErr, true));
            CommandLine whole = Main.commandLine();
            whole.setOut(new PrintWriter(wholeOut, true));
            whole.setErr(new PrintWriter(wholeErr, true));
            assertThat(alone.execute(args)).as(String.join(" ", args)).isEqualTo(whole.execute(args));
            assertThat(aloneOut.toString()).isEqualTo(wholeOut.toString());
            assertThat(aloneErr.toString()).isEqualTo(wholeErr.toString());
        }
    }
}
