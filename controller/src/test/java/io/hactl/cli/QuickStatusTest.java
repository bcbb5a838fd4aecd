package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hactl.api.ApiClient;
import io.hactl.api.ApiFixtures;
import io.hactl.api.ControllerApi;
import io.hactl.config.ConfigFixture;
import io.hactl.config.ConfigLocator;
import io.hactl.state.ClusterState;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code hactl status} answered before picocli starts ({@link QuickStatus}): against the API on a free loopback port
 * (open reads, and closed ones), it prints what the whole command line prints and exits as it does; everything it
 * does not answer is left to the command line with nothing printed.
 */
class QuickStatusTest {

    static ApiFixtures.RecordingService service;
    static ConfigurableApplicationContext open;
    static ConfigurableApplicationContext closed;

    @TempDir
    Path dir;

    ConfigFixture files;
    Path config;
    Path home;
    final Map<String, String> env = new HashMap<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeAll
    static void startApi() {
        service = new ApiFixtures.RecordingService(null);
        open = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-cli-test")), service);
        closed = ControllerApi.start(ApiFixtures.config(0, false, Path.of("/tmp/hactl-cli-test")), service);
    }

    @AfterAll
    static void stopApi() {
        for (ConfigurableApplicationContext c : new ConfigurableApplicationContext[] {open, closed}) {
            if (c != null) {
                c.close();
            }
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        service.status = ApiFixtures.status(ClusterState.FAILOVER_PROPOSED, Instant.parse("2025-05-01T10:00:03Z"),
                List.of(ApiFixtures.failover("p-3f9a1c")));
        home = Files.createDirectories(dir.resolve("home"));
        files = new ConfigFixture(dir);
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + dir.resolve("state") + "\n");
    }

    OptionalInt quick(int port, String... args) {
        QuickStatus q = new QuickStatus(new ConfigLocator(env, dir.resolve("no-system.yml"), dir.resolve("no-lab.yml")),
                new TokenSource(env::get, home, () -> null),
                c -> new ApiClient("127.0.0.1", port, ControllerCall.CONNECT, ControllerCall.READ));
        return q.answer(args, new PrintWriter(out), new PrintWriter(err));
    }

    /** The whole command line's status, against the same API. */
    int full(int port, StringWriter fullOut, String... args) {
        picocli.CommandLine cl = Main.commandLine(args);
        for (picocli.CommandLine sub : cl.getSubcommands().values()) {
            for (Object mixin : sub.getMixins().values()) {
                if (mixin instanceof ApiOptions api) {
                    api.tokens = new TokenSource(env::get, home, () -> null);
                    api.clients = (c, timeout) -> new ApiClient("127.0.0.1", port, ControllerCall.CONNECT, timeout);
                }
            }
        }
        cl.setOut(new PrintWriter(fullOut));
        cl.setErr(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void printsWhatTheWholeCommandLinePrintsAndExitsAsItDoes() {
        int port = ControllerApi.port(open);
        OptionalInt code = quick(port, "status", "--config", config.toString());
        StringWriter fullOut = new StringWriter();
        int fullCode = full(port, fullOut, "status", "--config", config.toString());
        assertThat(code).as(err.toString()).hasValue(2).hasValue(fullCode);
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\nhactl status: cluster pair1, controller at"
                + " 127.0.0.1:" + port).contains("to confirm: hactl ack p-3f9a1c");
        assertThat(ago(out.toString())).isEqualTo(ago(fullOut.toString()));
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theConfigMayComeBeforeTheWordOrFromTheEnvironment() {
        int port = ControllerApi.port(open);
        assertThat(quick(port, "--config=" + config, "status")).hasValue(2);
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\n");
        out.getBuffer().setLength(0);
        env.put("HACTL_CONFIG", config.toString());
        assertThat(quick(port, "status")).hasValue(2);
        assertThat(out.toString()).startsWith("config: " + config + " (from $HACTL_CONFIG)\n");
    }

    @Test
    void anythingElseIsLeftToTheCommandLineWithNothingPrinted() {
        int port = ControllerApi.port(open);
        String c = config.toString();
        for (String[] args : List.of(new String[] {"status", "--json", "--config", c}, new String[] {"status", "--help"},
                new String[] {"status", "--token-file", c, "--config", c}, new String[] {"check", "--config", c},
                new String[] {"status", "--config"}, new String[] {"status", "-c", c, "--config", c},
                new String[] {"status", "status", "--config", c}, new String[] {"proposals", "--config", c},
                new String[] {"status"})) {    // no config: none named, none in the environment or the default place
            assertThat(quick(port, args)).as(String.join(" ", args)).isEmpty();
        }
        assertThat(out.toString() + err).isEmpty();
    }

    @Test
    void aControllerThatWantsATokenIsLeftToTheCommandLine_whichAsksForOne() {
        assertThat(quick(ControllerApi.port(closed), "status", "--config", config.toString())).isEmpty();
        assertThat(out.toString() + err).isEmpty();
    }

    @Test
    void aConfigWithProblemsIsLeftToTheCommandLine_whichNamesThem() throws IOException {
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "controller: {listen: localhost:8642}\n");
        assertThat(quick(ControllerApi.port(open), "status", "--config", config.toString())).isEmpty();
        assertThat(out.toString() + err).isEmpty();
    }

    @Test
    void noControllerAnswering_saysSoThenRunsTheOneShotCheck_asTheCommandLineDoes() throws IOException {
        int free;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = s.getLocalPort();
        }
        OptionalInt code = quick(free, "status", "--config", config.toString());
        assertThat(code).isPresent();
        assertThat(code.getAsInt()).isBetween(0, 2);
        assertThat(out.toString()).as(err.toString()).startsWith("config: " + config + " (--config)\n"
                + "controller not running at 127.0.0.1:" + free + ": one-shot check\n").contains("hactl check: cluster pair1");
    }

    /** The report without its "(3.2 s ago)" parts, which differ between two answers. */
    private static String ago(String report) {
        return report.replaceAll("\\([^()]* ago[^()]*\\)", "(ago)");
    }
}
