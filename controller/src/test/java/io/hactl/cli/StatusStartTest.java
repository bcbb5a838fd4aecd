package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.hactl.api.ApiClient;
import io.hactl.api.ApiFixtures;
import io.hactl.config.ConfigFixture;
import io.hactl.state.ClusterState;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a {@code hactl status} answered by a running controller costs at start (issue 20, ≤ 0.2 s): in a fresh JVM, as
 * the launcher runs it, it reads only the controller's address from the config, so neither Spring's Binder (the whole
 * config's binding) nor a logging framework is loaded, and no other command's class; with the controller's report
 * ({@link QuickStatus}) neither picocli's model nor Jackson either. The controller here is a stand-in serving a recorded
 * status.
 */
class StatusStartTest {

    @TempDir
    Path dir;

    @Test
    void statusAnsweredByAControllerLoadsNeitherSpringsBinderNorLogbackNorOtherCommands() throws Exception {
        // a controller without the report (an older one: 404): the whole command line, from the JSON
        String loaded = classesOfAStatus(false);
        assertThat(loaded).contains("io.hactl.cli.StatusCommand ")
                .doesNotContain("org.springframework.boot.context.properties.bind.Binder ")
                .doesNotContain("ch.qos.logback.")
                .as("no other command's class").doesNotContain("io.hactl.cli.DbBackupCommand ", "io.hactl.cli.CheckCommand ");
    }

    @Test
    void theQuickStatusStartsNeitherPicocliNorJacksonNorSnakeYamlsConstructor() throws Exception {
        String loaded = classesOfAStatus(true);
        assertThat(loaded).contains("io.hactl.cli.QuickStatus ")
                .doesNotContain("io.hactl.cli.StatusCommand ", "picocli.CommandLine$Model$CommandSpec ",
                        "com.fasterxml.jackson.databind.ObjectMapper ", "org.yaml.snakeyaml.constructor.",
                        "org.springframework.boot.context.properties.bind.Binder ", "ch.qos.logback.");
    }

    /** The classes a fresh JVM loaded for {@code hactl status} against a stand-in controller, with its report or not. */
    private String classesOfAStatus(boolean report) throws Exception {
        var recorded = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of());
        byte[] status = ApiClient.mapper().writeValueAsBytes(recorded);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/status", exchange -> {
            boolean text = exchange.getRequestURI().getPath().equals("/api/status/text");
            byte[] body = !text ? status : report ? io.hactl.api.ControllerRenderer.status(recorded, "127.0.0.1:"
                    + server.getAddress().getPort(), Instant.now()).getBytes(StandardCharsets.UTF_8) : new byte[0];
            exchange.getResponseHeaders().add("Content-Type", text ? "text/plain" : "application/json");
            if (text && report) {
                exchange.getResponseHeaders().add(io.hactl.api.ApiController.EXIT_CODE_HEADER, "0");
            }
            exchange.sendResponseHeaders(text && !report ? 404 : 200, body.length == 0 ? -1 : body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        try {
            ConfigFixture files = new ConfigFixture(dir);
            Path config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "controller: {listen: 127.0.0.1:"
                    + server.getAddress().getPort() + "}\n");
            Path classes = dir.resolve("classes-" + report + ".log");
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-Xlog:class+load=info:file=" + classes, "-cp", System.getProperty("java.class.path"),
                    "io.hactl.cli.Main", "status", "--config", config.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).startsWith("config: " + config + " (--config)\n")
                    .contains("hactl status: cluster pair1, controller at 127.0.0.1:" + server.getAddress().getPort());
            return Files.readString(classes);
        } finally {
            server.stop(0);
        }
    }
}
