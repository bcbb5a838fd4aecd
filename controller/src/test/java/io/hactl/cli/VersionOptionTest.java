package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.build.BuildInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code hactl --version}: what runs, from the build's facts (BuildInfo), on stdout, exit 0. */
class VersionOptionTest {

    @Test
    void hactlVersion_printsVersionCommitBuildTimeAndJava() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("--version")).isZero();
        assertThat(out.toString().lines()).containsExactlyElementsOf(BuildInfo.current().lines());
        assertThat(out.toString()).startsWith("hactl ").contains("commit: ", "built: ", "java: ");
    }
}
