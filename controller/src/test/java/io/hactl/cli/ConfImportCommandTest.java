package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfImportCommandTest {

    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ConfCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void yamlGoesToStdoutAndWhatWasNotMappedToStderr() throws IOException {
        Path envConf = Files.writeString(dir.resolve("env.conf"), """
                NODE1_IP=198.51.100.11
                NODE2_IP=198.51.100.12
                MYSQL_VIRTUAL_IP=198.51.100.89
                POLOPOLY_VIRTUAL_IP=198.51.100.88
                DATABASE_NAME=agi
                DATABASE_USER=agi
                DATABASE_PASSWORD=very-secret-pw
                TOMCAT_DIR=/polopoly/software/tomcat
                JBOSS_OPTS="-Xmx1g"
                """);

        int exit = run("import", envConf.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("db: 198.51.100.89/24").contains("- name: tomcat")
                .contains("password_file: /etc/hactl/db.password").doesNotContain("very-secret-pw")
                .doesNotContain("not mapped");
        assertThat(err.toString()).contains("not mapped: JBOSS_OPTS (line 9) — ")
                .contains("todo: put the password of database user agi (DATABASE_PASSWORD in env.conf, line 7)")
                .doesNotContain("very-secret-pw");
    }

    @Test
    void envConfUnterminatedQuoteIsSaidWithItsLineAndTheRestIsImported() throws IOException {
        Path envConf = Files.writeString(dir.resolve("env.conf"), """
                NODE1_IP=198.51.100.11
                DATABASE_NAME='agi
                NODE2_IP=198.51.100.12
                """);

        assertThat(run("import", envConf.toString())).isZero();

        assertThat(err.toString()).contains("not mapped: DATABASE_NAME (line 2) — its ' quote is never closed");
        assertThat(out.toString()).contains("address: 198.51.100.12   # NODE2_IP, line 3");   // read on after it
    }

    @Test
    void aMissingFileExitsTwoNamingIt() {
        Path missing = dir.resolve("env.conf");

        int exit = run("import", missing.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out.toString()).isEmpty();
        assertThat(err.toString()).contains(missing + ": no such file");
    }

    @Test
    void aDirectoryExitsTwo() {
        assertThat(run("import", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains(dir + " is a directory");
    }

    @Test
    void importHasHelp() {
        assertThat(run("import", "--help")).isZero();
        assertThat(out.toString()).contains("Usage: conf import").contains("ENV_CONF");
    }
}
