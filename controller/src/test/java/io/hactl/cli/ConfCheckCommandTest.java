package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.config.ConfigFixture;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfCheckCommandTest {

    @TempDir
    Path dir;

    Path config;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void setUp() throws IOException {
        ConfigFixture files = new ConfigFixture(dir);
        config = files.write(files.compactYaml(ConfigFixture.BACKEND, ConfigFixture.TOMCAT));
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new ConfCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void validConfigExitsZeroWithASummary() {
        int exit = run("check", "--config", config.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).isEqualTo("config: " + config + " (--config)\n"
                + "conf check: " + config + " is valid (2 nodes, 2 services)\n");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void warningsAloneStillExitZero() throws IOException {
        Files.writeString(config, Files.readString(config) + "probe: {interval: 1s, tcp_timeout: 2s}\n");

        int exit = run("check", "-c", config.toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\n"
                + "warning: " + config + ":15: probe.tcp_timeout: 2s is longer")
                .endsWith("conf check: " + config + " is valid (2 nodes, 2 services), 1 warning\n");
    }

    @Test
    void errorsArePrintedOnePerLineAndExitOne() throws IOException {
        Files.writeString(config, Files.readString(config).replace("address: 198.51.100.12", "adress: 198.51.100.12")
                .replace("port: 8080", "port: 80800") + "probe: {interval: 1s, tcp_timeout: 2s}\n");

        int exit = run("check", "--config", config.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).containsExactly("config: " + config + " (--config)",
                "error: " + config + ":4: nodes[1].adress: unknown key 'adress' — did you mean 'address'? (keys"
                        + " allowed in nodes[1]: address, interface, name, ssh)",
                "error: " + config + ":4: nodes[1].address: missing: the node's own IPv4 address (not a VIP),"
                        + " e.g. address: 198.51.100.11",
                "error: " + config + ":14: services[1].port: 80800 is not a port: it must be 1-65535",
                "warning: " + config + ":15: probe.tcp_timeout: 2s is longer than probe.interval (1s): a probe"
                        + " cycle can overrun the next one; lower the timeout or raise the interval",
                "conf check: 3 errors, 1 warning in " + config);
    }

    @Test
    void missingFileExitsOneAndSaysHowToGetOne() {
        Path missing = dir.resolve("none.yml");

        int exit = run("check", "--config", missing.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString()).contains("error: " + missing + ": (file): no such file")
                .contains("hactl conf import env.conf > " + missing)
                .endsWith("conf check: 1 error in " + missing + "\n");
    }

    @Test
    void jsonReport() throws IOException {
        Files.writeString(config, Files.readString(config).replace("port: 8080", "port: 0"));

        int exit = run("check", "--config", config.toString(), "--json");

        assertThat(exit).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("file").asText()).isEqualTo(config.toString());
        assertThat(json.get("valid").asBoolean()).isFalse();
        assertThat(json.get("problems")).hasSize(1);
        JsonNode problem = json.get("problems").get(0);
        assertThat(problem.get("severity").asText()).isEqualTo("error");
        assertThat(problem.get("line").asInt()).isEqualTo(14);
        assertThat(problem.get("key").asText()).isEqualTo("services[1].port");
        assertThat(problem.get("message").asText()).isEqualTo("0 is not a port: it must be 1-65535");
    }

    @Test
    void jsonForAValidFile() throws IOException {
        assertThat(run("check", "--config", config.toString(), "--json")).isZero();

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("valid").asBoolean()).isTrue();
        assertThat(json.get("problems")).isEmpty();
    }

    @Test
    void confIsRegisteredInMainAndHasHelp() {
        CommandLine main = Main.commandLine();
        main.setOut(new PrintWriter(out));

        int exit = main.execute("conf", "check", "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: hactl conf check").contains("--config").contains("--json");
    }
}
