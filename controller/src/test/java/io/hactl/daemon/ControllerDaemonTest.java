package io.hactl.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hactl.api.ApiFixtures;
import io.hactl.config.ControllerConfig;
import io.hactl.config.HactlConfig;
import io.hactl.config.CoordinationSettings;
import java.time.Duration;
import org.apache.curator.test.TestingServer;
import io.hactl.log.TransitionEntry;
import io.hactl.log.TransitionEntry.Event;
import io.hactl.log.TransitionLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller daemon put together (issue 15: hactl controller parses, the daemon wires and runs). */
class ControllerDaemonTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();

    @Test
    @DisplayName("A started daemon says where its API and log are, serves the API, and stops web and loop once")
    void aStartedDaemonServesItsApiAndStopsOnce() throws Exception {
        HactlConfig cfg = ApiFixtures.config(0, true, dir);
        int port;
        try (ControllerDaemon d = ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC())) {
            d.start();
            port = d.port();
            assertThat(out.toString()).startsWith("hactl controller: cluster pair1, 2 nodes, probe interval 1000 ms,"
                    + " failover mode manual, API http://127.0.0.1:" + port + ", 0 alert channel(s), log "
                    + dir.resolve(TransitionLog.FILE_NAME));
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            }
            d.close();
        }
        assertThat(new TransitionLog(dir).read()).extracting(TransitionEntry::event)
                .contains(Event.CONTROLLER_START).filteredOn(Event.CONTROLLER_STOP::equals).hasSize(1);
        assertThat(listening(port)).as("the API is closed").isFalse();
    }

    @Test
    @DisplayName("A daemon whose API cannot listen refuses to start and says why")
    void aDaemonWhoseApiCannotListenRefusesToStart() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            HactlConfig cfg = ApiFixtures.config(taken.getLocalPort(), true, dir);
            assertThatThrownBy(() -> ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC()))
                    .isInstanceOf(ControllerDaemon.StartFailed.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort(), "the port is in use");
        }
    }

    @Test
    @DisplayName("With controller.coordination, the daemon joins the election: alone, it leads with epoch 1, says so in"
            + " status, and leaves the election when it stops")
    void withCoordinationTheDaemonJoinsTheElectionAndLeads() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            HactlConfig plain = ApiFixtures.config(0, true, dir);
            ControllerConfig c = plain.controller();
            HactlConfig cfg = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                    c.openReads(), c.remindInterval(), CoordinationSettings.of(zk.getConnectString(), "pair1", "w")));
            try (ControllerDaemon d = ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC())) {
                d.start();
                assertThat(out.toString()).contains("hactl controller: coordination on ZooKeeper "
                        + zk.getConnectString() + " as member w, tree /hactl/pair1");
                await().atMost(Duration.ofSeconds(30)).until(() -> d.loop().status().evidence().stream()
                        .anyMatch(l -> l.startsWith("coordination: leader with epoch 1")));
            }
        }
    }

    @Test
    @DisplayName("With controller.coordination, status names this member as leader with its epoch and the ZooKeeper"
            + " member's answer, and GET /api/leader answers 200")
    void withCoordinationStatusNamesTheLeaderAndTheMembers() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            HactlConfig plain = ApiFixtures.config(0, true, dir);
            ControllerConfig c = plain.controller();
            HactlConfig cfg = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                    c.openReads(), c.remindInterval(), CoordinationSettings.of(zk.getConnectString(), "pair1", "w")));
            try (ControllerDaemon d = ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC())) {
                d.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> d.loop().status().coordination().leads()
                        && !d.loop().status().coordination().members().isEmpty());
                io.hactl.control.CoordinationStatus s = d.loop().status().coordination();
                assertThat(s.member()).isEqualTo("w");
                assertThat(s.leader()).isEqualTo("w");
                assertThat(s.epoch()).isEqualTo(1);
                assertThat(s.members()).singleElement().satisfies(m -> assertThat(m.mode()).isEqualTo("standalone"));
                java.net.http.HttpResponse<String> leader = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + d.port()
                                + "/api/leader")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(leader.statusCode()).isEqualTo(200);
                assertThat(leader.body()).contains("\"member\":\"w\"", "\"epoch\":1");
            }
        }
    }

    @Test
    @DisplayName("With a ZooKeeper password other than the tree's, the daemon refuses to start naming the key and the file")
    void withAWrongZooKeeperPasswordTheDaemonRefusesToStart() throws Exception {
        try (TestingServer zk = new TestingServer(true)) {
            HactlConfig plain = ApiFixtures.config(0, true, dir);
            ControllerConfig c = plain.controller();
            java.nio.file.Path right = dir.resolve("right.password");
            java.nio.file.Path wrong = dir.resolve("wrong.password");
            java.nio.file.Files.writeString(right, "right-password\n");
            java.nio.file.Files.writeString(wrong, "wrong-password\n");
            CoordinationSettings s = CoordinationSettings.of(zk.getConnectString(), "pair1", "n1");
            HactlConfig first = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                    c.openReads(), c.remindInterval(), new CoordinationSettings(s.connect(), s.cluster(), "n1",
                    s.sessionTimeout(), s.connectionTimeout(), io.hactl.config.Secret.file(right))));
            HactlConfig second = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                    c.openReads(), c.remindInterval(), new CoordinationSettings(s.connect(), s.cluster(), "w",
                    s.sessionTimeout(), s.connectionTimeout(), io.hactl.config.Secret.file(wrong))));
            try (ControllerDaemon d = ControllerDaemon.assemble(first, new PrintWriter(out, true), Clock.systemUTC())) {
                d.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> d.loop().status().coordination().leads());
                try (ControllerDaemon w = ControllerDaemon.assemble(second, new PrintWriter(out, true),
                        Clock.systemUTC())) {
                    assertThatThrownBy(w::start).isInstanceOf(ControllerDaemon.StartFailed.class)
                            .hasMessageContaining("controller.coordination.password_file")
                            .hasMessageContaining(wrong.toString())
                            .hasMessageNotContaining("wrong-password");
                }
            }
        }
    }

    @Test
    @DisplayName("With controller.coordination but no member on a host that is no node, the daemon refuses to start"
            + " naming the key")
    void withCoordinationButNoMemberOnAHostThatIsNoNodeTheDaemonRefusesToStart() throws Exception {
        HactlConfig plain = ApiFixtures.config(0, true, dir);
        ControllerConfig c = plain.controller();
        HactlConfig cfg = plain.withController(new ControllerConfig(c.listenAddress(), c.port(), c.operators(),
                c.openReads(), c.remindInterval(), CoordinationSettings.of("h1:2181,h2:2181,h3:2181", "pair1", null)));
        assertThatThrownBy(() -> ControllerDaemon.assemble(cfg, new PrintWriter(out, true), Clock.systemUTC()))
                .isInstanceOf(ControllerDaemon.StartFailed.class)
                .hasMessageContaining("controller.coordination.member is not given");
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
