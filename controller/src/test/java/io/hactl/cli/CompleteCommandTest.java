package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.config.ConfigFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code hactl __complete nodes|services}: the names the bash completion offers after --node and for start, stop
 * and logs, read from the config at completion time (the generated script calls it; docs/decisions.md).
 */
class CompleteCommandTest {

    @TempDir
    Path dir;

    private String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args)).as(err.toString()).isEqualTo(expectedExit);
        return new String[] {out.toString(), err.toString()};
    }

    /**
     * A valid config with nodes n1, n2 and the backend and tomcat services, its key, known_hosts and password files
     * in this test's directory (the repository's conf/hactl.yml points at the lab's, which exist only while a lab
     * is up: this test ran green beside a lab and failed without one).
     */
    private Path exampleConfig() throws IOException {
        ConfigFixture files = new ConfigFixture(Files.createDirectories(dir.resolve("files")));
        return files.write(files.compactYaml(ConfigFixture.BACKEND, ConfigFixture.TOMCAT));
    }

    @Test
    void completeNodes_printsTheConfigsNodeNames_oneALine() throws IOException {
        String[] r = run(0, "--config", exampleConfig().toString(), "__complete", "nodes");
        assertThat(r[0].lines()).containsExactly("n1", "n2");
    }

    @Test
    void completeServices_printsTheConfigsServiceNames_andNothingElse() throws IOException {
        String[] r = run(0, "__complete", "--config", exampleConfig().toString(), "services");
        assertThat(r[0].lines()).isNotEmpty().doesNotContain("n1").allMatch(s -> s.matches("[A-Za-z0-9._-]+"));
        assertThat(r[0]).doesNotContain("config:");
    }

    @Test
    void noUsableConfig_printsNoNames_saysWhyOnStderr_exit3() throws Exception {
        Path bad = Files.writeString(dir.resolve("hactl.yml"), "nodes: [\n");
        String[] r = run(3, "--config", bad.toString(), "__complete", "nodes");
        assertThat(r[0]).isEmpty();
        assertThat(r[1]).contains(bad.toString()).contains("hactl conf check");
    }

    @Test
    void isHidden_notInHactlsHelp() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.execute("--help");
        assertThat(out.toString()).doesNotContain("__complete");
    }
}
