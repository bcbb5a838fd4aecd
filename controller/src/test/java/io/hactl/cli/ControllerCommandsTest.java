package io.hactl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hactl.api.ApiClient;
import io.hactl.api.ApiFixtures;
import io.hactl.api.ControllerApi;
import io.hactl.api.OperatorTokens;
import io.hactl.config.ConfigFixture;
import io.hactl.control.ActionResult;
import io.hactl.state.ClusterState;
import io.hactl.state.Proposal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/** The CLI's controller commands against the API on a free loopback port, in front of a recording service. */
class ControllerCommandsTest {

    static ApiFixtures.RecordingService service;
    static ConfigurableApplicationContext ctx;
    static int port;

    @TempDir
    Path dir;

    ConfigFixture files;
    Path config;
    Path home;
    final Map<String, String> env = new HashMap<>();
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    /** The terminal hactl may ask for a token on (none by default); counts its questions. */
    TokenSource.Prompt console;
    final java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void startApi() {
        service = new ApiFixtures.RecordingService(null);
        ctx = ControllerApi.start(ApiFixtures.config(0, true, Path.of("/tmp/hactl-cli-test")), service);
        port = ControllerApi.port(ctx);
    }

    @AfterAll
    static void stopApi() {
        if (ctx != null) {
            ctx.close();
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        service.status = ApiFixtures.status(ClusterState.FAILOVER_PROPOSED, Instant.now(),
                List.of(ApiFixtures.failover("p-3f9a1c")));
        service.proposals = List.of(ApiFixtures.failover("p-3f9a1c"), ApiFixtures.failover("p-0a0a0a")
                .decided(Proposal.Status.REJECTED, "bob", Instant.parse("2025-05-01T09:00:00Z"), "planned work"));
        service.next = ActionResult.accepted("failover p-3f9a1c started: promote n2", "p-3f9a1c", "op-77");
        service.calls.clear();
        home = Files.createDirectories(dir.resolve("home"));
        files = new ConfigFixture(dir);
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "state_directory: " + dir.resolve("state") + "\n");
    }

    /** Runs hactl ARGS with the test's environment, home and no console, against the API on {@code apiPort}. */
    int hactlAt(int apiPort, String... args) {
        CommandLine cl = Main.commandLine();
        for (CommandLine sub : cl.getSubcommands().values()) {
            Object cmd = sub.getCommandSpec().userObject();
            for (Object mixin : sub.getMixins().values()) {
                if (mixin instanceof ApiOptions api) {
                    api.tokens = new TokenSource(env::get, home, () -> console);
                    api.clients = (c, timeout) -> new ApiClient("127.0.0.1", apiPort, ControllerCall.CONNECT, timeout);
                }
            }
            assertThat(cmd).isNotNull();
        }
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(ConfigFixture.withConfig(config, args));
    }

    int hactl(String... args) {
        return hactlAt(port, args);
    }

    @Test
    void ackWithTheTokenFromTheEnvironmentActsAsItsOperatorWithTheComment() {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        int exit = hactl("ack", "p-3f9a1c", "--comment", "n1 is dead");
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p-3f9a1c", "alice", "n1 is dead"));
        assertThat(out.toString()).contains("ack p-3f9a1c: ACCEPTED: failover p-3f9a1c started: promote n2")
                .contains("follow it: hactl history --operation op-77");
        assertThat(out.toString() + err).doesNotContain(ApiFixtures.ALICE_TOKEN);
    }

    @Test
    void aTokenFileOpenToOthersIsRefusedNamingTheChmod() throws IOException {
        Path token = files.file("alice.token", ApiFixtures.ALICE_TOKEN + "\n", "rw-r--r--");
        int exit = hactl("reject", "p-3f9a1c", "--token-file", token.toString());
        assertThat(exit).isEqualTo(3);
        assertThat(err.toString()).contains("is mode 0644").contains("chmod 600 " + token);
        assertThat(service.calls).isEmpty();
    }

    @Test
    void aPrivateTokenFileWinsOverTheEnvironment() throws IOException {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        Path token = files.file("bob.token", ApiFixtures.BOB_TOKEN + "\n", "r--------");
        service.next = ActionResult.accepted("p-3f9a1c rejected: nothing changes", "p-3f9a1c", null);
        int exit = hactl("reject", "p-3f9a1c", "--token-file", token.toString(), "--comment", "planned");
        assertThat(exit).as(err.toString()).isZero();
        assertThat(service.calls).containsExactly(Arrays.asList("reject", "p-3f9a1c", "bob", "planned"));
    }

    @Test
    void theTokenInTheHomeDirectoryIsUsedAndMustBePrivateToo() throws IOException {
        Path dflt = files.file("home/.config/hactl/token", ApiFixtures.BOB_TOKEN + "\n", "rw-------");
        assertThat(hactl("unblock", "--reason", "n1 rebuilt")).as(err.toString()).isZero();
        assertThat(service.calls).containsExactly(Arrays.asList("unblock", "bob", "n1 rebuilt"));

        Files.setPosixFilePermissions(dflt, PosixFilePermissions.fromString("rw-rw----"));
        assertThat(hactl("unblock", "--reason", "again")).isEqualTo(3);
        assertThat(err.toString()).contains("chmod 600 " + dflt);
    }

    @Test
    void noTokenAndNoConsoleSaysWhereATokenComesFrom() {
        assertThat(hactl("ack", "p-3f9a1c")).isEqualTo(3);
        assertThat(err.toString()).contains("--token-file FILE").contains("$HACTL_TOKEN")
                .contains("~/.config/hactl/token").contains("hactl token new NAME --out FILE");
        assertThat(service.calls).isEmpty();
    }

    @Test
    void outcomesBecomeExitCodes() {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        service.next = ActionResult.refused("db-master-set a1b2c3d4 by bob is running: wait for it", "p-3f9a1c");
        assertThat(hactl("ack", "p-3f9a1c")).isEqualTo(2);
        assertThat(err.toString()).contains("REFUSED: db-master-set a1b2c3d4 by bob is running").contains("nothing was changed");

        service.next = ActionResult.notFound("p-999999");
        assertThat(hactl("ack", "p-999999")).isEqualTo(2);
        service.next = new ActionResult(ActionResult.Outcome.FAILED, "step promote failed", "p-3f9a1c", "op-9");
        assertThat(hactl("ack", "p-3f9a1c")).isEqualTo(1);

        env.put("HACTL_TOKEN", "a-token-nobody-has");
        assertThat(hactl("ack", "p-3f9a1c")).isEqualTo(3);
        assertThat(err.toString()).contains("TOKEN NOT ACCEPTED").contains("matches no operator")
                .doesNotContain("a-token-nobody-has");
    }

    @Test
    @DisplayName("Ack anywhere: a decision recorded for the leader exits 0 naming it; ID@VERSION is sent as it is;"
            + " without a leader exit 1, nothing changed")
    void aDecisionRecordedForTheLeaderExits0AndWithoutALeader1() {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        service.next = ActionResult.recorded("recorded on n2 for proposal p-3f9a1c version 2; the leader n1 (epoch 4)"
                + " runs it: follow it with hactl history --since 5m", "p-3f9a1c");
        assertThat(hactl("ack", "p-3f9a1c@2")).as(out + "\n" + err).isZero();
        assertThat(service.calls).containsExactly(Arrays.asList("ack", "p-3f9a1c@2", "alice", null));
        assertThat(out.toString()).contains("ack p-3f9a1c@2: RECORDED: recorded on n2 for proposal p-3f9a1c version 2;"
                + " the leader n1 (epoch 4) runs it");

        service.next = ActionResult.unavailable("not acknowledged: no controller leads now (an election is under way,"
                + " or ZooKeeper has no quorum); nothing recorded: try again in a few seconds", "p-3f9a1c");
        assertThat(hactl("reject", "p-3f9a1c")).isEqualTo(1);
        assertThat(err.toString()).contains("reject p-3f9a1c: UNAVAILABLE: not acknowledged: no controller leads now")
                .contains("nothing was changed");
        assertThat(hactl("ack", "p-3f9a1c@x")).as("a version is a number").isEqualTo(Main.USAGE);
    }

    @Test
    void switchoverSendsTheNodeAndReasonAndChecksTheNodeName() {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        assertThat(hactl("switchover", "--node", "n2", "--reason", "kernel update on n1")).isZero();
        assertThat(service.calls).containsExactly(Arrays.asList("switchover", "n2", "alice", "kernel update on n1"));
        assertThat(hactl("switchover", "--node", "n9")).isEqualTo(3);
        assertThat(err.toString()).contains("no node 'n9'").contains("[n1, n2]");
        assertThat(hactl("unblock")).as("--reason is required").isEqualTo(Main.USAGE);
    }

    @Test
    void anActionWithNoControllerSaysSoAndFails() throws IOException {
        env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
        int free = freePort();
        assertThat(hactlAt(free, "ack", "p-3f9a1c")).isEqualTo(1);
        assertThat(err.toString()).contains("controller not running at 127.0.0.1:" + free).contains("nothing was done");
    }

    @Test
    void statusPrintsTheControllersViewWithHowToDecide() {
        int exit = hactl("status");
        assertThat(exit).as("FAILOVER_PROPOSED is critical").isEqualTo(2);
        String o = out.toString();
        assertThat(o).contains("hactl status: cluster pair1, controller at 127.0.0.1:" + port + ", mode MANUAL")
                .contains("1234 cycles")
                .containsPattern("State: +FAILOVER_PROPOSED since 2025-05-01 10:00:03 UTC")
                .contains("master n1 down for 3 cycles and n2 confirms: a failover is proposed")
                .containsPattern("Evidence: +n1 SQL: connection refused since 10:00:01.120")
                .containsPattern("Nodes: +n1  DOWN\n +n2  REPLICA_BROKEN")
                .containsPattern("Replica lag: +7 s")
                .containsPattern("Application: +ACTIVE: application active on n1")
                .containsPattern("Proposals: +1 pending")
                .contains("p-3f9a1c: FAILOVER of n2: promote n2 to master; fence n1")
                .containsPattern("risk: +n2 is 0 transactions behind")
                .contains("to confirm: hactl ack p-3f9a1c  /  to refuse: hactl reject p-3f9a1c");
    }

    @Test
    void statusShowsTheFailoverBlockWithHowToLiftIt() {
        var s = ApiFixtures.status(ClusterState.STANDALONE, Instant.now(), List.of());
        service.status = new io.hactl.control.ControllerStatus(s.cluster(), s.state(), s.since(), s.sentence(),
                s.evidence(), s.dbCode(), s.appState(), s.appSentence(), s.nodes(), s.proposals(),
                "failover to n2 at 10:05: no new failover is proposed until 11:05", "resync p-1 by alice since 10:20",
                s.lastCycleAt(), s.lastCycleMillis(), s.cycles(), null, s.mode(), s.source());
        assertThat(hactl("status")).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("Failover block: +failover to n2 at 10:05: no new failover is proposed until 11:05")
                .contains("to lift it once the pair is sound: hactl unblock --reason TEXT")
                .containsPattern("Operation: +resync p-1 by alice since 10:20")
                .containsPattern("Replica lag: +-")
                .containsPattern("Proposals: +none pending");
    }

    @Test
    void statusJsonIsTheControllersStatus() throws Exception {
        assertThat(hactl("status", "--json")).isEqualTo(2);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertThat(j.get("state").asText()).isEqualTo("FAILOVER_PROPOSED");
        assertThat(j.get("source").asText()).isEqualTo("controller");
        assertThat(j.get("since").asText()).isEqualTo("2025-05-01T10:00:03Z");
        assertThat(j.get("config").asText()).as("every --json names the config read").isEqualTo(config.toString());
    }

    @Test
    void statusWithNoControllerSaysSoFirstThenRunsAOneShotCheck() throws IOException {
        int free = freePort();
        int exit = hactlAt(free, "status");
        assertThat(out.toString()).as(err.toString())
                .startsWith("config: " + config + " (--config)\n"
                        + "controller not running at 127.0.0.1:" + free + ": one-shot check\n")
                .contains("hactl check: cluster pair1");
        assertThat(exit).isBetween(0, 2);
    }

    @Test
    void statusAnswersFromTheControllerReadingOnlyItsAddressFromTheConfig() throws IOException {
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT).replace("198.51.100.12", "198.51.100.300")
                + "state_directory: " + dir.resolve("state") + "\n");
        assertThat(hactl("status")).as(err.toString()).isEqualTo(2);
        assertThat(out.toString()).startsWith("config: " + config + " (--config)\n")
                .contains("hactl status: cluster pair1, controller at 127.0.0.1:" + port);
    }

    @Test
    void statusWithNoControllerAndAConfigWithProblemsRefusesWithEveryProblem() throws IOException {
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT).replace("198.51.100.12", "198.51.100.300")
                + "state_directory: " + dir.resolve("state") + "\n");
        assertThat(hactlAt(freePort(), "status")).isEqualTo(3);
        assertThat(err.toString()).contains("nodes[1].address").contains("status: cannot use " + config);
        assertThat(out.toString()).doesNotContain("one-shot check");
    }

    @Test
    void aWrongControllerListenIsRefusedBeforeAnythingIsAsked() throws IOException {
        config = files.write(files.compactYaml(ConfigFixture.TOMCAT) + "controller: {listen: localhost:8642}\n");
        assertThat(hactl("status")).isEqualTo(3);
        assertThat(err.toString()).contains("controller.listen").contains("status: cannot use " + config);
        assertThat(out.toString()).doesNotContain("hactl status:");
    }

    @Test
    void proposalsListsAllThenHowToDecideEachPendingOne() {
        assertThat(hactl("proposals")).isZero();
        String o = out.toString();
        assertThat(o).containsPattern("ID +KIND +NODE +RISK +CREATED \\(UTC\\) +EXPIRES \\(UTC\\) +STATUS +ACTION")
                .containsPattern("p-3f9a1c +FAILOVER +n2 +n2 is 0 transactions behind +2025-05-01 10:00:03 +2025-05-01 10:15:03"
                        + " +PENDING +promote n2 to master; fence n1")
                .containsPattern("p-0a0a0a +FAILOVER .* REJECTED by bob ")
                .containsPattern("evidence: +n1 SQL: connection refused since 10:00:01.120\n +n2 IO thread: Connecting")
                .contains("to confirm: hactl ack p-3f9a1c  /  to refuse: hactl reject p-3f9a1c")
                .doesNotContain("hactl ack p-0a0a0a");
    }

    @Test
    @DisplayName("open reads are wider than loopback: hactl proposals sends the token, or asks for it, when reads are closed")
    void openReadsAreWiderThanLoopbackProposalsSendsTheTokenOrAsksForIt() {
        ConfigurableApplicationContext closed = ControllerApi.start(ApiFixtures.config(0,
                io.hactl.config.ControllerConfig.DEFAULT_OPEN_READS, Path.of("/tmp/hactl-cli-test")), service);
        try {
            int closedPort = ControllerApi.port(closed);
            env.put("HACTL_TOKEN", ApiFixtures.ALICE_TOKEN);
            assertThat(hactlAt(closedPort, "proposals")).as(err.toString()).isZero();
            assertThat(out.toString()).contains("p-3f9a1c");
            env.clear();

            out.getBuffer().setLength(0);
            assertThat(hactlAt(closedPort, "proposals")).isEqualTo(3);
            assertThat(err.toString()).contains("proposals: the controller at 127.0.0.1:" + closedPort
                    + " needs an operator's token for GET /api/proposals").contains("--token-file FILE");
            assertThat(out.toString()).doesNotContain("p-3f9a1c");

            console = prompt -> {
                asked.incrementAndGet();
                return ApiFixtures.BOB_TOKEN.toCharArray();
            };
            err.getBuffer().setLength(0);
            assertThat(hactlAt(closedPort, "proposals")).as(err.toString()).isZero();
            assertThat(asked).hasValue(1);
            assertThat(out.toString()).contains("p-3f9a1c");
            assertThat(out.toString() + err).doesNotContain(ApiFixtures.BOB_TOKEN);

            // status is open: no question asked
            service.status = ApiFixtures.status(ClusterState.ACTIVE_SYNCED, Instant.now(), List.of());
            assertThat(hactlAt(closedPort, "status")).as(err.toString()).isZero();
            assertThat(asked).hasValue(1);
        } finally {
            closed.close();
        }
    }

    @Test
    void tokenNewWritesAPrivateFileAndPrintsItsHashOnly() throws IOException {
        Path tokenFile = dir.resolve("carol.token");
        assertThat(hactl("token", "new", "carol", "--out", tokenFile.toString())).as(err.toString()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
        String token = Files.readString(tokenFile).strip();
        assertThat(token).matches("[A-Za-z0-9_-]{43}");
        String hash = OperatorTokens.sha256Hex(token);
        assertThat(out.toString()).contains("    - name: carol\n      token_sha256: " + hash + "\n")
                .doesNotContain(token);

        out.getBuffer().setLength(0);
        assertThat(hactl("token", "new", "carol", "--out", tokenFile.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("exists: refusing to overwrite");
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(token);

        assertThat(hactl("token", "new", "bad name", "--out", dir.resolve("x").toString())).isEqualTo(Main.USAGE);
        assertThat(Files.exists(dir.resolve("x"))).isFalse();
    }

    /**
     * Issue 12: {@code token new 'bob@x'} wrote a token whose name the config then rejected. Now
     * token new takes exactly the names controller.operators takes: the lines it prints pass
     * hactl conf check, and a name the config would refuse is bad usage, with no file written.
     */
    @Test
    void tokenNewBobAtXIsRefusedAsTheConfigWouldRefuseIt() throws IOException {
        ConfigFixture other = new ConfigFixture(Files.createDirectories(dir.resolve("conf")));
        String base = other.compactYaml(ConfigFixture.TOMCAT) + "controller:\n  operators:\n";
        for (String name : List.of("bob@x", "alice", "a.b-c_d", "x".repeat(70), "_x", "bob x")) {
            Path tokenFile = dir.resolve("t-" + Math.abs(name.hashCode()));
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int exit = hactl("token", "new", name, "--out", tokenFile.toString());
            boolean configTakesIt = io.hactl.config.ConfigLoader.report(other.write(base
                    + "    - name: \"" + name + "\"\n      token_sha256: " + "ab".repeat(32) + "\n")).errors().isEmpty();
            if (configTakesIt) {
                assertThat(exit).as(name + ": " + err).isZero();
                String lines = out.toString().lines().filter(l -> l.startsWith("    - name: ") || l.startsWith("      token_sha256: "))
                        .map(l -> l + "\n").reduce("", String::concat);
                assertThat(io.hactl.config.ConfigLoader.report(other.write(base + lines)).errors()).as(name).isEmpty();
            } else {
                assertThat(exit).as(name).isEqualTo(Main.USAGE);
                assertThat(err.toString()).as(name).contains("is not an operator name", "--out was not written");
                assertThat(Files.exists(tokenFile)).as(name).isFalse();
            }
        }
    }

    @Test
    void aTokenMadeByTokenNewIsAcceptedByAControllerConfiguredWithItsHash() throws Exception {
        Path tokenFile = dir.resolve("dave.token");
        assertThat(hactl("token", "new", "dave", "--out", tokenFile.toString(), "--json")).isZero();
        JsonNode made = new ObjectMapper().readTree(out.toString());
        String hash = made.get("token_sha256").asText();
        assertThat(new OperatorTokens(List.of(new io.hactl.config.ControllerConfig.Operator("dave", hash)))
                .operatorFor(Files.readString(tokenFile).strip())).hasValue("dave");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
