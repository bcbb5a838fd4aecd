package io.hactl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The completion script and the man pages, generated from hactl's command model (OperatorDocs). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorDocsTest {

    Path dir;

    String script;

    @BeforeAll
    void generate(@TempDir Path tmp) throws IOException {
        dir = tmp;
        OperatorDocs.write(dir, "9.9.9", "2026-12-06");
        script = Files.readString(dir.resolve("completion/hactl"));
    }

    /** The visible commands of the model, as "hactl-conf-check", found here without ManPage's help. */
    private static void pages(CommandLine c, String prefix, Set<String> into) {
        String name = prefix.isEmpty() ? "hactl" : prefix + "-" + c.getCommandName();
        into.add(name);
        c.getSubcommands().forEach((alias, sub) -> {
            if (alias.equals(sub.getCommandName()) && !sub.getCommandSpec().usageMessage().hidden()) {
                pages(sub, name, into);
            }
        });
    }

    private static List<String> topLevel(boolean hidden) {
        return Main.commandLine().getSubcommands().values().stream().distinct()
                .filter(c -> c.getCommandSpec().usageMessage().hidden() == hidden)
                .map(CommandLine::getCommandName).toList();
    }

    @Test
    void completionScript_namesEveryTopLevelCommandOfTheModel() {
        String commands = script.lines().filter(l -> l.contains("local commands=")).findFirst().orElseThrow();
        List<String> visible = topLevel(false);
        assertThat(visible).contains("check", "conf", "db-master-set", "controller", "status", "logs");
        assertThat(commands.replaceAll("[\"']", " ").split("[\\s=]+")).contains(visible.toArray(String[]::new));
    }

    @Test
    void completionScript_hasNoHiddenCommand_andNoLab() {
        String commands = script.lines().filter(l -> l.contains("local commands=")).findFirst().orElseThrow();
        assertThat(topLevel(true)).contains("warmup", "lab", "__complete");
        for (String hidden : topLevel(true)) {
            assertThat(commands.split("[\\s=\"']+")).as(hidden).doesNotContain(hidden);
        }
    }

    @Test
    void aManPageExists_forHactlAndEachSubcommand() throws IOException {
        Set<String> expected = new TreeSet<>();
        pages(Main.commandLine(), "", expected);
        assertThat(expected).contains("hactl", "hactl-conf-check", "hactl-backup-verify", "hactl-token-new");
        try (Stream<Path> files = Files.list(dir.resolve("man"))) {
            Set<String> written = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            assertThat(written).isEqualTo(expected.stream().map(n -> n + ".1")
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
    }

    @Test
    void aManPage_saysWhatHelpSays_inRoff() throws IOException {
        String page = read(dir.resolve("man/hactl-conf-check.1"));
        assertThat(page).contains(".TH \"HACTL-CONF-CHECK\" \"1\" \"2026-12-06\" \"hactl 9.9.9\"")
                .contains(".SH NAME\nhactl\\-conf\\-check \\- Check the config file")
                .contains(".SH SYNOPSIS", ".SH OPTIONS", "\\fB\\-\\-json\\fR", ".SH EXIT STATUS", "hactl\\-conf\\fR(1)");
        assertThat(read(dir.resolve("man/hactl.1"))).contains(".SH COMMANDS", "\\fBdb\\-master\\-set\\fR",
                "hactl\\-check\\fR(1)");
    }

    @Test
    void manPages_areReadByGroffWithoutWarnings_andHaveAWhatisEntry() throws Exception {
        for (String page : List.of("hactl.1", "hactl-conf-check.1", "hactl-db-master-set.1", "hactl-help.1")) {
            Process p = new ProcessBuilder("sh", "-c", "groff -man -Tutf8 -ww -z \"$1\" && lexgrog \"$1\" >/dev/null", "sh",
                    dir.resolve("man/" + page).toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(page).isEmpty();
            assertThat(p.exitValue()).as(page).isZero();
        }
    }

    @Test
    void completionScript_isSourcedNotRun_noHashbang() {
        assertThat(script).doesNotStartWith("#!").contains("complete -F _hactl_complete -o default hactl");
    }

    @Test
    void completion_offersTheConfigsNodes_afterNode() throws Exception {
        assertThat(complete("hactl", "start", "--node", "")).containsExactly("n1", "n2");
        assertThat(complete("hactl", "ssh", "trust", "")).containsExactly("n1", "n2");
    }

    @Test
    void completion_offersTheConfigsServices_forStartStopAndLogs() throws Exception {
        assertThat(complete("hactl", "start", "")).containsExactly("backend", "tomcat");
        assertThat(complete("hactl", "--config", "/x.yml", "stop", "backend", "t")).containsExactly("tomcat");
        assertThat(complete("hactl", "logs", "")).containsExactly("backend", "tomcat", "mysql");
    }

    @Test
    void completion_givesTheRestToPicocli_commandsFromTheModel() throws Exception {
        assertThat(complete("hactl", "db-master-")).containsExactly("db-master-set", "db-master-unset");
        assertThat(complete("hactl", "conf", "")).contains("check", "import");
    }

    /** COMPREPLY for the words, with a stand-in hactl first on PATH that answers __complete. */
    private List<String> complete(String... words) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path hactl = bin.resolve("hactl");
        Files.writeString(hactl, """
                #!/bin/sh
                for a in "$@"; do last="$a"; done
                case "$last" in nodes) printf 'n1\\nn2\\n' ;; services) printf 'backend\\ntomcat\\n' ;; esac
                """);
        Files.setPosixFilePermissions(hactl, PosixFilePermissions.fromString("rwx------"));
        List<String> quoted = new ArrayList<>();
        for (String w : words) {
            quoted.add("'" + w + "'");
        }
        String bash = "source \"$1\"; COMP_WORDS=(" + String.join(" ", quoted) + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _hactl_complete hactl; printf '%s\\n' \"${COMPREPLY[@]}\"";
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", bash, "bash", dir.resolve("completion/hactl").toString());
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        // stderr apart: outside a real completion picocli's compopt says "not currently executing completion function"
        Process p = pb.redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(l -> !l.isBlank()).toList();
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p);
    }
}
